//! Helpers shared by the conformance tests.

use std::path::{Path, PathBuf};

use lti_core::xml::{Element, Limits, Node, parse_element};

/// The shared folder (`../shared`, or `IMS_SHARED_DIR`).
pub(crate) fn shared_dir() -> PathBuf {
    match std::env::var_os("IMS_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

/// The QTI corpus, or `None` (with a printed reason) when absent.
pub(crate) fn qti_corpus() -> Option<PathBuf> {
    let d = shared_dir().join("corpus/qti");
    if d.is_dir() {
        Some(d)
    } else {
        println!("skipping: {} not found", d.display());
        None
    }
}

/// Every file under `dir` with one of the extensions, sorted.
pub(crate) fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.contains(&x))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A tree for canonical comparison (the Canonical XML view): comments and processing
/// instructions dropped, CDATA sections merged into text, whitespace-only text in
/// element-only content dropped, and `xs:boolean` values `1`/`0` read as `true`/`false` (the
/// writer uses the canonical spellings).
pub(crate) fn canonical(xml: &[u8]) -> Option<Element> {
    let mut e = parse_element(xml, &Limits::default()).ok()?;
    clean(&mut e);
    Some(e)
}

fn clean(e: &mut Element) {
    let mut merged: Vec<Node> = Vec::new();
    for c in std::mem::take(&mut e.children) {
        let c = match c {
            Node::Comment(_) | Node::ProcessingInstruction { .. } => continue,
            Node::CData(t) => Node::Text(t),
            o => o,
        };
        if let (Some(Node::Text(prev)), Node::Text(t)) = (merged.last_mut(), &c) {
            prev.push_str(t);
            continue;
        }
        merged.push(c);
    }
    e.children = merged;
    for a in &mut e.attributes {
        match a.value.as_str() {
            "1" => a.value = "true".into(),
            "0" => a.value = "false".into(),
            _ => {}
        }
    }
    e.strip_insignificant_whitespace();
    for c in &mut e.children {
        if let Node::Element(x) = c {
            clean(x);
        }
    }
}

/// The first difference between two canonical trees, for messages.
pub(crate) fn first_difference(a: &Element, b: &Element, path: &str) -> Option<String> {
    let p = format!("{path}/{}", a.name.local);
    if a.name != b.name {
        return Some(format!("{p}: <{}> became <{}>", a.name.local, b.name.local));
    }
    if a.attributes.len() != b.attributes.len()
        || !a.attributes.iter().all(|x| b.attributes.contains(x))
    {
        let show = |e: &Element| {
            e.attributes
                .iter()
                .map(|x| format!("{}={:?}", x.name.local, x.value))
                .collect::<Vec<_>>()
                .join(" ")
        };
        return Some(format!(
            "{p}: attributes [{}] became [{}]",
            show(a),
            show(b)
        ));
    }
    if a.children.len() != b.children.len() {
        return Some(format!(
            "{p}: {} children became {}",
            a.children.len(),
            b.children.len()
        ));
    }
    for (x, y) in a.children.iter().zip(&b.children) {
        match (x, y) {
            (Node::Element(x), Node::Element(y)) => {
                if let Some(d) = first_difference(x, y, &p) {
                    return Some(d);
                }
            }
            (x, y) if x != y => return Some(format!("{p}: {x:?} became {y:?}")),
            _ => {}
        }
    }
    None
}
