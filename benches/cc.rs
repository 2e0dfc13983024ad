//! Common Cartridge: open + validate a large generated cartridge against the floor of reading
//! its zip central directory and parsing its manifest alone, and peak memory for two content
//! sizes with the same manifest.
//!
//! Run with `cargo bench --bench cc`. The cartridge (10,000 resources, 500 MB of content) is
//! generated at bench time into a temporary file, never committed. `CC_BENCH_MB` overrides the
//! content size (in MB) for quick runs.

use std::collections::BTreeMap;
use std::fs::File;
use std::hint::black_box;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::time::Duration;

#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::CpuTime;

use common_cartridge::descriptor::basic_lti_link::Vendor;
use common_cartridge::descriptor::{BasicLtiLink, Descriptor, DiscussionTopic, WebLink};
use common_cartridge::manifest::{CartridgeManifest, CartridgeResource, ReadOptions};
use common_cartridge::qti::{self, Questestinterop};
use common_cartridge::resource_type::ResourceKind;
use common_cartridge::validate::validate_zip;
use common_cartridge::version::{CartridgeVersion, CcVersion};
use common_cartridge::write::{Compression, FileSource, WriteOptions, write_cartridge};
use criterion::Criterion;
use lti_core::content_packaging::Item;

// ---------------------------------------------------------------------------------------------
// Peak memory: each measurement runs in a fresh child process (this binary, with
// CC_BENCH_CHILD=validate|floor|idle) that reports its peak resident set size (Linux VmHWM).
// ---------------------------------------------------------------------------------------------

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn child_peak_mib(what: &str, file: &Path) -> Option<f64> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .env("CC_BENCH_CHILD", what)
        .env("CC_BENCH_FILE", file)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let kib: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("peak_kib="))?
        .trim()
        .parse()
        .ok()?;
    Some(kib as f64 / 1024.0)
}

// ---------------------------------------------------------------------------------------------
// The generated cartridge
// ---------------------------------------------------------------------------------------------

const RESOURCES: usize = 10_000;

/// How many descriptor resources (web links, topics, LTI links, assessments with five questions
/// each) among the 10,000; the rest are web content with files. Default 100 (a content-heavy
/// course); `CC_BENCH_DESCRIPTORS` sets another number (split 40/30/20/10 %).
fn descriptor_mix() -> [usize; 4] {
    let n: usize = std::env::var("CC_BENCH_DESCRIPTORS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100)
        .min(RESOURCES);
    [
        n * 4 / 10,
        n * 3 / 10,
        n * 2 / 10,
        n - n * 4 / 10 - n * 3 / 10 - n * 2 / 10,
    ]
}

/// Content files produced on the fly (pseudo-random bytes, so nothing is held in memory).
struct Generated {
    sizes: BTreeMap<String, u64>,
}

impl FileSource for Generated {
    fn paths(&self) -> Vec<String> {
        self.sizes.keys().cloned().collect()
    }
    fn size(&self, path: &str) -> Option<u64> {
        self.sizes.get(path).copied()
    }
    fn copy_to(&mut self, path: &str, out: &mut dyn Write) -> io::Result<u64> {
        let size = self.sizes.get(path).copied().unwrap_or(0);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ size;
        let mut buf = vec![0u8; 64 * 1024];
        let mut left = size;
        while left > 0 {
            for chunk in buf.chunks_mut(8) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let b = x.to_le_bytes();
                chunk.copy_from_slice(&b[..chunk.len()]);
            }
            let n = left.min(buf.len() as u64) as usize;
            out.write_all(&buf[..n])?;
            left -= n as u64;
        }
        Ok(size)
    }
}

fn quiz(i: usize) -> Questestinterop {
    let xml = format!(
        r#"<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"><assessment ident="A{i}" title="Quiz {i}"><section ident="S{i}">{}</section></assessment></questestinterop>"#,
        (0..5)
            .map(|q| format!(
                r#"<item ident="q{i}_{q}" title="Q{q}"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.multiple_choice.v0p1</fieldentry></qtimetadatafield></qtimetadata></itemmetadata><presentation><material><mattext texttype="text/html">&lt;p&gt;Question {q}&lt;/p&gt;</mattext></material><response_lid ident="R" rcardinality="Single"><render_choice><response_label ident="a"><material><mattext>A</mattext></material></response_label><response_label ident="b"><material><mattext>B</mattext></material></response_label><response_label ident="c"><material><mattext>C</mattext></material></response_label></render_choice></response_lid></presentation><resprocessing><outcomes><decvar varname="SCORE" vartype="Decimal"/></outcomes><respcondition><conditionvar><varequal respident="R">a</varequal></conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing></item>"#
            ))
            .collect::<String>()
    );
    Questestinterop::parse(xml.as_bytes(), &ReadOptions::default())
        .expect("quiz")
        .0
}

fn generate(path: &Path, content_bytes: u64) {
    let v = CcVersion::V1_3;
    let mut m = CartridgeManifest::new(CartridgeVersion::CC_1_3, "M_bench");
    m.set_title("Benchmark course", Some("en"));
    let mut ds = BTreeMap::new();
    let mut items = Vec::new();
    let mut sizes = BTreeMap::new();
    let [web_links, topics, lti_links, quizzes] = descriptor_mix();
    let web = RESOURCES - web_links - topics - lti_links - quizzes;
    let per_file = content_bytes / web as u64;
    for i in 0..RESOURCES {
        let id = format!("R{i:05}");
        let (mut r, d) = if i < web_links {
            let mut r = CartridgeResource::new(&id, ResourceKind::WebLink, v);
            r.add_file(format!("links/{id}.xml"));
            (
                r,
                Some(Descriptor::WebLink(WebLink::new(
                    format!("Link {i}"),
                    format!("https://example.org/{i}"),
                ))),
            )
        } else if i < web_links + topics {
            let mut r = CartridgeResource::new(&id, ResourceKind::DiscussionTopic, v);
            r.add_file(format!("topics/{id}.xml"));
            (
                r,
                Some(Descriptor::DiscussionTopic(DiscussionTopic::new(
                    format!("Topic {i}"),
                    "<p>Discuss.</p>",
                ))),
            )
        } else if i < web_links + topics + lti_links {
            let mut r = CartridgeResource::new(&id, ResourceKind::BasicLtiLink, v);
            r.add_file(format!("lti/{id}.xml"));
            let mut l = BasicLtiLink::new(format!("Tool {i}"), "https://tool.example/launch");
            let mut vendor = Vendor::default();
            vendor.code = "example".into();
            vendor.name = "Example".into();
            l.vendor = Some(vendor);
            (r, Some(Descriptor::BasicLtiLink(l)))
        } else if i < web_links + topics + lti_links + quizzes {
            let mut r = CartridgeResource::new(&id, ResourceKind::Assessment, v);
            r.add_file(format!("quizzes/{id}.xml"));
            (r, Some(Descriptor::Qti(Box::new(quiz(i)))))
        } else {
            let mut r = CartridgeResource::new(&id, ResourceKind::WebContent, v);
            let f = format!("content/{}/{id}.bin", i % 100);
            r.href = Some(f.clone());
            r.add_file(&f);
            sizes.insert(f, per_file);
            (r, None)
        };
        if let Some(d) = d {
            ds.insert(id.clone(), d);
        }
        r.identifier.clone_from(&id);
        m.resources.push(r);
        let mut it = Item::default();
        it.identifier = format!("I{i:05}");
        it.identifierref = Some(id);
        it.title = Some(format!("Item {i}"));
        items.push(it);
    }
    m.set_organization("O", "I_root", items);
    let mut opts = WriteOptions::default();
    opts.compression = Compression::Store;
    let out = BufWriter::new(File::create(path).expect("create"));
    let mut w = write_cartridge(out, &m, &ds, &mut Generated { sizes }, &opts).expect("write");
    w.flush().expect("flush");
}

/// The floor: read the zip central directory and parse the manifest (generic CP parse), nothing
/// else.
fn floor(path: &Path) -> usize {
    let f = BufReader::new(File::open(path).expect("open"));
    let mut z = zip::ZipArchive::new(f).expect("zip");
    let mut bytes = Vec::new();
    z.by_name("imsmanifest.xml")
        .expect("manifest")
        .read_to_end(&mut bytes)
        .expect("read");
    let (m, _) =
        lti_core::content_packaging::parse_manifest(&bytes, &lti_core::xml::Limits::default())
            .expect("parse");
    m.resources.resources.len() + z.len()
}

fn open_and_validate(path: &Path) -> usize {
    let f = BufReader::new(File::open(path).expect("open"));
    let v = validate_zip(f, &ReadOptions::default());
    assert!(v.report.is_empty(), "{:?}", v.report.problems.first());
    v.cartridge.map_or(0, |c| c.descriptors.len())
}

fn main() {
    if let Some(what) = std::env::var_os("CC_BENCH_CHILD") {
        let file = std::path::PathBuf::from(std::env::var_os("CC_BENCH_FILE").unwrap_or_default());
        match what.to_str() {
            Some("validate") => {
                black_box(open_and_validate(&file));
            }
            Some("floor") => {
                black_box(floor(&file));
            }
            _ => {}
        }
        println!("peak_kib={}", vm_hwm_kib().unwrap_or(0));
        return;
    }
    let mb: u64 = std::env::var("CC_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let dir = tempfile::tempdir().expect("tempdir");
    let small = dir.path().join("small.imscc");
    // CC_BENCH_FILE: reuse (or create once) a generated cartridge, for profiling runs.
    let big = match std::env::var_os("CC_BENCH_FILE") {
        Some(f) => std::path::PathBuf::from(f),
        None => dir.path().join("big.imscc"),
    };
    if !big.exists() {
        generate(&big, mb * 1_000_000);
    }
    if std::env::var_os("CC_BENCH_FILE").is_none() {
        generate(&small, 5_000_000);
    }
    let size = std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0);
    println!(
        "cc bench: generated {RESOURCES} resources ({} descriptors), {} MB of content, archive {} MB",
        descriptor_mix().iter().sum::<usize>(),
        mb,
        size / 1_000_000
    );
    // Peak memory of open + validate for 5 MB and for the full content, same manifest, each in
    // a fresh process; "idle" is the process baseline.
    let show = |p: Option<f64>| p.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.1} MiB"));
    println!(
        "cc bench: peak RSS (fresh process each): idle {}; open+validate {} with 5 MB of content, {} with {mb} MB; floor (central directory + manifest parse) {}",
        show(child_peak_mib("idle", &small)),
        show(child_peak_mib("validate", &small)),
        show(child_peak_mib("validate", &big)),
        show(child_peak_mib("floor", &big)),
    );
    // The ratio itself, measured in alternating pairs (floor then validate, validate then floor,
    // …): slow drifts of a shared machine hit both sides of a pair alike, so the median of the
    // per-pair ratios is steadier than a ratio of two separately sampled medians.
    let pairs: usize = std::env::var("CC_BENCH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    if pairs > 0 {
        let mut ratios = Vec::with_capacity(pairs);
        for i in 0..pairs {
            let time = |f: &dyn Fn() -> usize| {
                let t = std::time::Instant::now();
                black_box(f());
                t.elapsed().as_secs_f64()
            };
            let (f, v) = if i % 2 == 0 {
                let f = time(&|| floor(&big));
                (f, time(&|| open_and_validate(&big)))
            } else {
                let v = time(&|| open_and_validate(&big));
                (time(&|| floor(&big)), v)
            };
            ratios.push(v / f);
        }
        ratios.sort_by(f64::total_cmp);
        let q = |p: f64| ratios[((ratios.len() - 1) as f64 * p).round() as usize];
        println!(
            "cc bench: open+validate / floor, {pairs} alternating pairs (wall clock): median {:.3}×, quartiles {:.3}× – {:.3}×",
            q(0.5),
            q(0.25),
            q(0.75)
        );
    }
    let mut c = Criterion::default()
        .sample_size(20)
        .measurement_time(Duration::from_secs(10))
        .configure_from_args();
    let mut g = c.benchmark_group("cc");
    g.bench_function("floor_central_directory_and_manifest", |b| {
        b.iter(|| floor(black_box(&big)));
    });
    g.bench_function("open_and_validate", |b| {
        b.iter(|| open_and_validate(black_box(&big)));
    });
    g.finish();
    // The same two, timed by the benchmarking thread's CPU time (steadier on a shared machine:
    // other processes' load does not count).
    let mut cpu = Criterion::default()
        .with_measurement(CpuTime)
        .sample_size(20)
        .measurement_time(Duration::from_secs(10))
        .configure_from_args();
    let mut g = cpu.benchmark_group("cc_cpu");
    g.bench_function("floor_central_directory_and_manifest", |b| {
        b.iter(|| floor(black_box(&big)));
    });
    g.bench_function("open_and_validate", |b| {
        b.iter(|| open_and_validate(black_box(&big)));
    });
    g.finish();
    cpu.final_summary();
    // A quick check that the QTI module is linked in (the assessments are validated above).
    let _ = qti::QuestionProfile::ALL.len();
    c.final_summary();
}
