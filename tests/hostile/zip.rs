//! Zip archives (Common Cartridge packages and OneRoster CSV sets): bombs by ratio, by size and
//! by entry count (honest and forged), nested archives, zip slip names, symbolic links,
//! duplicate entry names, a manifest over the XML size limit. All refused from the central
//! directory, before anything is decompressed, unless noted.

use std::io::{Cursor, Write};

use common_cartridge::package::{Limits as CcLimits, PackageError, ZipPackage};
use common_cartridge::{ReadOptions, validate_zip};
use oneroster::csv::{SourceError, ZipSource, validate_set};
use zip::write::SimpleFileOptions;

use crate::{MIB, bounded};

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">
<metadata><schema>IMS Common Cartridge</schema><schemaversion>1.1.0</schemaversion></metadata>
<organizations/><resources/></manifest>"#;

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)
}

fn build(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(*name, deflated()).expect("start");
        w.write_all(bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// Replaces every occurrence of `from` by `to` (same length) in the archive's bytes: local
/// headers and central directory alike. Used to forge names the writer refuses.
fn rename(mut zip: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let (f, t) = (from.as_bytes(), to.as_bytes());
    let mut i = 0;
    while i + f.len() <= zip.len() {
        if &zip[i..i + f.len()] == f {
            zip[i..i + f.len()].copy_from_slice(t);
            i += f.len();
        } else {
            i += 1;
        }
    }
    zip
}

fn cc_open(zip: Vec<u8>, limits: CcLimits) -> Result<(), PackageError> {
    ZipPackage::open(Cursor::new(zip), &limits, false).map(drop)
}

fn or_validate(zip: Vec<u8>, limits: oneroster::Limits) -> Result<lti_core::Report, SourceError> {
    let mut src = ZipSource::new(Cursor::new(zip), limits)?;
    Ok(validate_set(&mut src, &limits).report)
}

/// 64 MiB of zeros deflate to ~64 KiB (ratio ~1000): refused from the central directory by
/// Common Cartridge (default ratio limit 200 above 1 MiB), and stopped while streaming by
/// OneRoster once the entry outgrows its ratio limit — in memory far below the entry's size.
#[test]
fn a_high_ratio_zip_bomb_is_refused() {
    let zeros = vec![0u8; 64 * MIB];
    let bomb = build(&[
        ("imsmanifest.xml", MANIFEST.as_bytes()),
        ("manifest.csv", crate::csv::MANIFEST.as_bytes()),
        ("bomb.bin", &zeros),
        ("users.csv", &zeros),
    ]);
    drop(zeros);
    assert!(bomb.len() < MIB, "{}", bomb.len());
    let b = bomb.clone();
    let e = bounded("cc-bomb", 2 * MIB, move || cc_open(b, CcLimits::default())).expect_err("bomb");
    assert!(matches!(e, PackageError::CompressionRatio { .. }), "{e:?}");
    let b = bomb.clone();
    let v = bounded("cc-bomb-validate", 2 * MIB, move || {
        validate_zip(Cursor::new(b), &ReadOptions::default())
    });
    assert!(
        v.report.has_code("cc.package.compression-ratio"),
        "{:?}",
        v.report
    );

    let mut limits = oneroster::Limits::default();
    limits.max_zip_ratio = 100;
    let r = bounded("oneroster-bomb", 4 * MIB, move || or_validate(bomb, limits));
    match r {
        Err(e) => assert_eq!(e.code(), "oneroster.zip.limit", "{e:?}"),
        Ok(report) => assert!(report.has_code("oneroster.zip.limit"), "{report:?}"),
    }
}

/// An entry whose declared size is small but which inflates to more is stopped at its declared
/// size (the forged-size bomb).
#[test]
fn an_entry_larger_than_it_declares_is_stopped() {
    let body = vec![b'a'; 4 * MIB];
    let zip = build(&[("imsmanifest.xml", MANIFEST.as_bytes()), ("big.txt", &body)]);
    // Forge big.txt's uncompressed size (local header offset 22, central directory offset 24)
    // to 100 bytes.
    let mut forged = zip;
    let name = b"big.txt";
    let mut i = 0;
    while i + 4 <= forged.len() {
        let sig = &forged[i..i + 4];
        let (size_at, name_at) = if sig == b"PK\x03\x04" {
            (i + 22, i + 30)
        } else if sig == b"PK\x01\x02" {
            (i + 24, i + 46)
        } else {
            i += 1;
            continue;
        };
        if forged.get(name_at..name_at + name.len()) == Some(&name[..]) {
            forged[size_at..size_at + 4].copy_from_slice(&100u32.to_le_bytes());
        }
        i += 4;
    }
    let got = bounded("cc-forged-size", 2 * MIB, move || {
        let mut z = ZipPackage::open(Cursor::new(forged), &CcLimits::default(), false)?;
        let mut r = z.open_entry("big.txt")?;
        let mut sink = Vec::new();
        std::io::copy(&mut r, &mut sink).map_err(|e| PackageError::EntryUnreadable {
            entry: "big.txt".into(),
            detail: e.to_string(),
        })?;
        Ok::<usize, PackageError>(sink.len())
    });
    match got {
        Ok(n) => assert!(n <= 100, "read {n} bytes past the declared 100"),
        Err(e) => assert!(
            matches!(&e, PackageError::EntryUnreadable { entry, .. } if entry == "big.txt"),
            "{e:?}"
        ),
    }
}

/// Too many entries: refused. A forged end-of-central-directory record that claims 65,535
/// entries in a 100-byte file is refused before any entry is parsed.
#[test]
fn too_many_entries_are_refused() {
    let names: Vec<String> = (0..1_001).map(|i| format!("f{i}.csv")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let zip = build(&files);
    let mut limits = CcLimits::default();
    limits.max_entries = 1_000;
    let z = zip.clone();
    let e = bounded("cc-many", 2 * MIB, move || cc_open(z, limits)).expect_err("too many");
    assert!(
        matches!(
            e,
            PackageError::TooManyEntries {
                count: 1_001,
                max: 1_000
            }
        ),
        "{e:?}"
    );
    let e = bounded("oneroster-many", 2 * MIB, move || {
        or_validate(zip, oneroster::Limits::default()).map(drop)
    })
    .expect_err("too many");
    assert_eq!(e.code(), "oneroster.zip.limit");

    let mut eocd = vec![0u8; 22];
    eocd[..4].copy_from_slice(b"PK\x05\x06");
    eocd[8..10].copy_from_slice(&u16::MAX.to_le_bytes());
    eocd[10..12].copy_from_slice(&u16::MAX.to_le_bytes());
    eocd[12..16].copy_from_slice(&(u32::MAX / 2).to_le_bytes());
    let mut forged = vec![0u8; 78];
    forged.extend(eocd);
    let f = forged.clone();
    let mut small = CcLimits::default();
    small.max_entries = 1_000;
    assert!(bounded("cc-forged-eocd", MIB, move || cc_open(f, small)).is_err());
    assert!(
        bounded("oneroster-forged-eocd", MIB, move || or_validate(
            forged,
            oneroster::Limits::default()
        )
        .map(drop))
        .is_err()
    );
}

/// A zip inside the zip is never opened: a cartridge whose manifest is only inside an inner
/// archive has no manifest.
#[test]
fn nested_archives_are_not_opened() {
    let inner = build(&[("imsmanifest.xml", MANIFEST.as_bytes())]);
    let outer = build(&[("inner.zip", &inner), ("course.imscc", &inner)]);
    let v = bounded("cc-nested", 2 * MIB, move || {
        validate_zip(Cursor::new(outer), &ReadOptions::default())
    });
    assert!(v.cartridge.is_none());
    assert!(
        v.report.has_code("cc.package.manifest-missing"),
        "{:?}",
        v.report
    );

    let inner = build(&[("manifest.csv", crate::csv::MANIFEST.as_bytes())]);
    let outer = build(&[("set.zip", &inner)]);
    let r = or_validate(outer, oneroster::Limits::default()).expect("opens");
    assert!(r.has_errors(), "{r:?}");
}

/// Zip slip: absolute paths, `..` segments (with either separator), drive letters.
#[test]
fn zip_slip_names_are_refused() {
    for evil in [
        "../../../../tmp/evil.xml",
        "/etc/passwd.xml",
        "a/../../b.xml",
        "..\\..\\evil.xml",
        "C:/evil.xml",
        "C:\\evil.xml",
    ] {
        let zip = build(&[("imsmanifest.xml", MANIFEST.as_bytes()), (evil, b"<x/>")]);
        let z = zip.clone();
        let e = cc_open(z, CcLimits::default()).expect_err(evil);
        assert!(
            matches!(
                e,
                PackageError::AbsolutePath { .. } | PackageError::ParentPath { .. }
            ),
            "{evil}: {e:?}"
        );
        let v = validate_zip(Cursor::new(zip), &ReadOptions::default());
        assert!(v.report.has_errors() && v.cartridge.is_none(), "{evil}");

        let users = crate::csv::users_file();
        let zip = build(&[
            ("manifest.csv", crate::csv::MANIFEST.as_bytes()),
            ("users.csv", users.as_bytes()),
            (evil, b"x"),
        ]);
        // OneRoster reads only the set's files, by name, at the root: the entry is never
        // read (nor written anywhere: the library does no I/O), and reported with its name.
        let r = or_validate(zip, oneroster::Limits::default()).expect("opens");
        let flagged = r.iter().any(|p| match &p.location {
            lti_core::Location::Zip { entry, .. } => entry == evil,
            lti_core::Location::Csv { file, .. } => file == evil,
            _ => false,
        });
        assert!(flagged && !r.has_errors(), "{evil}: {r:?}");
    }
}

/// Symbolic-link entries are refused (their target is never followed).
#[test]
fn symlink_entries_are_refused() {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("imsmanifest.xml", deflated()).expect("start");
    w.write_all(MANIFEST.as_bytes()).expect("write");
    w.add_symlink("link.xml", "/etc/passwd", SimpleFileOptions::default())
        .expect("symlink");
    let zip = w.finish().expect("finish").into_inner();
    let e = cc_open(zip, CcLimits::default()).expect_err("symlink");
    assert!(matches!(e, PackageError::Symlink { .. }), "{e:?}");

    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("manifest.csv", deflated()).expect("start");
    w.write_all(crate::csv::MANIFEST.as_bytes()).expect("write");
    w.add_symlink("users.csv", "/etc/passwd", SimpleFileOptions::default())
        .expect("symlink");
    let zip = w.finish().expect("finish").into_inner();
    let r = or_validate(zip, oneroster::Limits::default()).expect("opens");
    let refused = r
        .with_code("oneroster.zip.invalid")
        .any(|p| p.message.contains("symbolic link"));
    assert!(refused, "{r:?}");
    assert!(
        !r.has_code("oneroster.csv.header.unknown-column"),
        "the link was read: {r:?}"
    );
}

/// Two entries with the same name: an error naming the entry (which one "wins" is never silently
/// chosen).
#[test]
fn duplicate_entry_names_are_reported() {
    let zip = build(&[
        ("imsmanifest.xml", MANIFEST.as_bytes()),
        ("imsmanifest.xmX", MANIFEST.as_bytes()),
    ]);
    let zip = rename(zip, "imsmanifest.xmX", "imsmanifest.xml");
    let v = validate_zip(Cursor::new(zip), &ReadOptions::default());
    assert!(
        v.report.has_code("cc.package.duplicate-entry"),
        "{:?}",
        v.report
    );

    let zip = build(&[
        ("manifest.csv", crate::csv::MANIFEST.as_bytes()),
        ("users.csv", crate::csv::users_file().as_bytes()),
        ("users.csX", crate::csv::users_file().as_bytes()),
    ]);
    let zip = rename(zip, "users.csX", "users.csv");
    let e = or_validate(zip, oneroster::Limits::default()).expect_err("refused");
    assert_eq!(e.code(), "oneroster.zip.invalid", "{e:?}");
}

/// A manifest over the XML size limit is refused without reading it into memory.
#[test]
fn a_manifest_over_the_size_limit_is_refused() {
    let padding = format!("<!-- {} -->", "p".repeat(2 * MIB));
    let manifest = MANIFEST.replace("<organizations/>", &format!("{padding}<organizations/>"));
    // Stored, not deflated: the limit hit must be the size, not the compression ratio.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("imsmanifest.xml", stored).expect("start");
    w.write_all(manifest.as_bytes()).expect("write");
    let zip = w.finish().expect("finish").into_inner();
    let mut opts = ReadOptions::default();
    opts.limits.max_xml_bytes = MIB as u64;
    let v = bounded("cc-big-manifest", 2 * MIB, move || {
        validate_zip(Cursor::new(zip), &opts)
    });
    assert!(v.cartridge.is_none());
    assert!(v.report.has_errors(), "{:?}", v.report);
    assert!(
        v.report.has_code("cc.package.entry-too-large"),
        "{:?}",
        v.report
    );
    let located = v.report.with_code("cc.package.entry-too-large").any(|p| {
        matches!(&p.location, lti_core::Location::Zip { entry, .. } if entry == "imsmanifest.xml")
    });
    assert!(located, "{:?}", v.report);
}

/// Bytes that are not a zip, and an empty input.
#[test]
fn not_a_zip() {
    for input in [&b""[..], b"PK", b"PK\x03\x04garbage", b"<manifest/>"] {
        let v = validate_zip(Cursor::new(input.to_vec()), &ReadOptions::default());
        assert!(v.report.has_code("cc.package.not-a-zip"), "{:?}", v.report);
        assert!(ZipSource::new(Cursor::new(input.to_vec()), oneroster::Limits::default()).is_err());
    }
}
