//! OneRoster CSV validation throughput against a raw `csv` `ByteRecord` loop over the same
//! files, in the same run.
//!
//! The set (OneRoster 1.2, bulk: 1,000,000 users, 5,000,000 enrollments, plus orgs, sessions,
//! courses, classes) is generated into a temporary directory when the bench starts and removed
//! at the end; nothing is committed. Scale with `OR_BENCH_USERS` (enrollments are 5 per user).
//!
//! Run with `cargo bench --bench oneroster`.
//!
//! For instruction counts (stable on a loaded machine), set `OR_BENCH_ONCE=1`: the set is
//! generated, then the raw loop and the validation each run once outside criterion, in the
//! functions `once_raw` and `once_validate`, and the bench exits (`OR_BENCH_ONCE=N` alternates
//! them N times and reports the fastest on-CPU time of each, and peak memory). Under valgrind:
//! `valgrind --tool=callgrind --toggle-collect='*once_raw*' BENCH_BINARY --bench` (and the same
//! with `*once_validate*`) count the instructions of each alone.

use std::fs::{self, File};
use std::hint::black_box;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use oneroster::Limits;
use oneroster::csv::{CsvSource, SourceError, validate_set};

struct DirSource(PathBuf);

impl CsvSource for DirSource {
    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(&self.0)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>, SourceError> {
        let f = File::open(self.0.join(name)).map_err(|e| SourceError::Io {
            name: name.to_owned(),
            message: e.to_string(),
        })?;
        Ok(Box::new(BufReader::with_capacity(read_buf(), f)))
    }
}

const FILES: [&str; 7] = [
    "manifest.csv",
    "orgs.csv",
    "academicSessions.csv",
    "courses.csv",
    "classes.csv",
    "users.csv",
    "enrollments.csv",
];

fn generate(dir: &Path, users: usize) -> std::io::Result<u64> {
    fs::create_dir_all(dir)?;
    let w = |name: &str| -> std::io::Result<BufWriter<File>> {
        Ok(BufWriter::with_capacity(
            1 << 20,
            File::create(dir.join(name))?,
        ))
    };
    let mut m = w("manifest.csv")?;
    write!(
        m,
        "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.2\r\n"
    )?;
    for f in [
        "academicSessions",
        "classes",
        "courses",
        "enrollments",
        "orgs",
        "users",
    ] {
        write!(m, "file.{f},bulk\r\n")?;
    }
    for f in [
        "categories",
        "classResources",
        "courseResources",
        "demographics",
        "lineItemLearningObjectiveIds",
        "lineItems",
        "lineItemScoreScales",
        "resources",
        "resultLearningObjectiveIds",
        "results",
        "resultScoreScales",
        "roles",
        "scoreScales",
        "userProfiles",
        "userResources",
    ] {
        write!(m, "file.{f},absent\r\n")?;
    }
    m.flush()?;
    let schools = 200;
    let classes = (users / 20).max(1);
    let mut o = w("orgs.csv")?;
    write!(
        o,
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"
    )?;
    write!(o, "d0,,,District,district,D0,\r\n")?;
    for s in 0..schools {
        write!(o, "s{s},,,School {s},school,S{s},d0\r\n")?;
    }
    o.flush()?;
    let mut a = w("academicSessions.csv")?;
    write!(
        a,
        "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\r\n"
    )?;
    write!(
        a,
        "y25,,,2024-2025,schoolYear,2024-08-26,2025-06-13,,2025\r\nt1,,,Fall,term,2024-08-26,2024-12-20,y25,2025\r\nt2,,,Spring,term,2025-01-06,2025-06-13,y25,2025\r\n"
    )?;
    a.flush()?;
    let mut c = w("courses.csv")?;
    write!(
        c,
        "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes\r\n"
    )?;
    for i in 0..100 {
        write!(
            c,
            "crs{i},,,y25,Course {i},C{i},\"09,10\",s{},Science,\r\n",
            i % schools
        )?;
    }
    c.flush()?;
    let mut k = w("classes.csv")?;
    write!(
        k,
        "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n"
    )?;
    for i in 0..classes {
        write!(
            k,
            "cls{i:07},,,Class {i},09,crs{},K{i},scheduled,Room {},s{},\"t1,t2\",Science,,1\r\n",
            i % 100,
            i % 40,
            i % schools
        )?;
    }
    k.flush()?;
    let mut u = w("users.csv")?;
    write!(
        u,
        "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\r\n"
    )?;
    for i in 0..users {
        write!(
            u,
            "usr-{i:08},,,true,user{i},{{SIS:{i}}},Given{i},Family{},,ID{i},user{i}@example.org,,,,10,,,,,,,s{},\r\n",
            i % 997,
            i % schools
        )?;
    }
    u.flush()?;
    let mut e = w("enrollments.csv")?;
    write!(
        e,
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n"
    )?;
    for i in 0..users * 5 {
        let user = i / 5;
        let class = (user * 7 + i % 5 * 13) % classes;
        write!(
            e,
            "enr-{i:09},,,cls{class:07},s{},usr-{user:08},student,false,2024-08-26,2025-06-13\r\n",
            class % schools
        )?;
    }
    e.flush()?;
    let mut total = 0;
    for f in FILES {
        total += fs::metadata(dir.join(f))?.len();
    }
    Ok(total)
}

#[inline(never)]
fn raw_loop(dir: &Path) -> u64 {
    let mut fields = 0u64;
    let mut rec = csv::ByteRecord::new();
    for f in FILES {
        let Ok(file) = File::open(dir.join(f)) else {
            continue;
        };
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(BufReader::with_capacity(read_buf(), file));
        while r.read_byte_record(&mut rec).unwrap_or(false) {
            fields += rec.len() as u64;
        }
    }
    fields
}

/// The raw loop once (a separate function so that callgrind can count it alone).
#[inline(never)]
fn once_raw(dir: &Path) -> u64 {
    raw_loop(dir)
}

/// The validation once (a separate function so that callgrind can count it alone).
#[inline(never)]
fn once_validate(dir: &Path) -> usize {
    validate_set(&mut DirSource(dir.to_path_buf()), &Limits::default())
        .report
        .len()
}

/// Time this thread has run on a CPU (Linux `schedstat`), in nanoseconds.
fn cpu_ns() -> Option<u64> {
    fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Peak resident memory of this process (Linux `VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let s = fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn bench(c: &mut Criterion) {
    let users: usize = std::env::var("OR_BENCH_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    // `OR_BENCH_KEEP=DIR`: generate the set into DIR once and keep it (for repeated
    // profiling runs); otherwise a temporary directory, removed at the end.
    let keep = std::env::var_os("OR_BENCH_KEEP").map(PathBuf::from);
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("oneroster-bench-{}", std::process::id()))
    });
    let existing = keep.is_some() && dir.join("enrollments.csv").exists();
    let generated = if existing {
        FILES
            .iter()
            .map(|f| fs::metadata(dir.join(f)).map(|m| m.len()))
            .sum()
    } else {
        generate(&dir, users)
    };
    let bytes = match generated {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot generate the bench set in {}: {e}", dir.display());
            return;
        }
    };
    eprintln!(
        "generated {} users, {} enrollments, {:.1} MiB in {}",
        users,
        users * 5,
        bytes as f64 / 1048576.0,
        dir.display()
    );
    if let Some(rounds) = std::env::var_os("OR_BENCH_ONCE") {
        // `rounds` alternations of the raw loop and the validation, outside criterion; the
        // fastest on-CPU time of each (less disturbed by other processes on a loaded machine
        // than wall time) and their ratio.
        let rounds: usize = rounds.to_str().and_then(|r| r.parse().ok()).unwrap_or(1);
        let (mut best_raw, mut best_val) = (u64::MAX, u64::MAX);
        let mut before = None;
        // `OR_BENCH_ONLY=raw` or `validate`: run only that one (for `perf stat`).
        let only = std::env::var("OR_BENCH_ONLY").unwrap_or_default();
        for round in 0..rounds.max(1) {
            let (t, c) = (std::time::Instant::now(), cpu_ns());
            let fields = if only == "validate" {
                0
            } else {
                once_raw(&dir)
            };
            let (raw, raw_cpu) = (t.elapsed(), cpu_ns().zip(c).map(|(b, a)| b - a));
            before = before.or_else(peak_rss_kib);
            let (t, c) = (std::time::Instant::now(), cpu_ns());
            let problems = if only == "raw" {
                0
            } else {
                once_validate(&dir)
            };
            let (val, val_cpu) = (t.elapsed(), cpu_ns().zip(c).map(|(b, a)| b - a));
            best_raw = best_raw.min(raw_cpu.unwrap_or(u64::MAX));
            best_val = best_val.min(val_cpu.unwrap_or(u64::MAX));
            eprintln!(
                "once {round}: raw loop {raw:.2?} wall, {:?} ms CPU ({fields} fields); validation {val:.2?} wall, {:?} ms CPU ({problems} problems)",
                raw_cpu.map(|n| n / 1_000_000),
                val_cpu.map(|n| n / 1_000_000),
            );
        }
        eprintln!(
            "once: fastest raw loop {} ms CPU, fastest validation {} ms CPU, ratio {:.2}; peak RSS before the first validation {before:?} KiB, at the end {:?} KiB",
            best_raw / 1_000_000,
            best_val / 1_000_000,
            best_val as f64 / best_raw as f64,
            peak_rss_kib()
        );
        if keep.is_none() {
            let _ = fs::remove_dir_all(&dir);
        }
        return;
    }
    let before = peak_rss_kib();
    // One validation outside criterion, to check the set is valid and measure peak memory.
    let r = validate_set(&mut DirSource(dir.clone()), &Limits::default());
    let after = peak_rss_kib();
    eprintln!(
        "validation: {} problems ({} errors); peak RSS before {:?} KiB, after {:?} KiB",
        r.report.len(),
        r.report.errors(),
        before,
        after
    );
    let mut g = c.benchmark_group("oneroster-csv");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("raw ByteRecord loop", |b| {
        b.iter(|| black_box(raw_loop(&dir)))
    });
    g.bench_function("validate_set", |b| {
        b.iter(|| {
            black_box(validate_set(
                &mut DirSource(dir.clone()),
                &Limits::default(),
            ))
        })
    });
    g.finish();
    if keep.is_none() {
        let _ = fs::remove_dir_all(&dir);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

fn read_buf() -> usize {
    std::env::var("OR_BENCH_BUF")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1 << 20)
}
