//! Profiling helper: parses a file many times with the chosen reader; prints user-visible time.
fn floor(doc: &str) -> usize {
    let mut r = quick_xml::Reader::from_str(doc);
    let mut n = 0usize;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                n += e.name().as_ref().len();
                for a in e.attributes().flatten() {
                    n += a.value.len();
                }
            }
            Ok(quick_xml::events::Event::Text(t)) => n += t.len(),
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    n
}
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let mode = std::env::args().nth(2).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let bytes = std::fs::read(path).expect("read");
    let text = String::from_utf8(bytes.clone()).expect("utf8");
    let mut total = 0;
    for _ in 0..n {
        total += match mode.as_str() {
            "floor" => floor(&text),
            "rox" => roxmltree::Document::parse(&text)
                .map(|d| d.descendants().count())
                .unwrap_or(0),
            "reader" => {
                let mut r = lti_core::xml::Reader::new(&bytes, &lti_core::xml::Limits::default())
                    .expect("r");
                let mut k = 0;
                while !matches!(r.next().expect("ev"), lti_core::xml::Event::Eof) {
                    k += 1;
                }
                k
            }
            "checked" => qti::parse(&bytes, &qti::ReadOptions::default())
                .expect("parse")
                .1
                .problems
                .len(),
            _ => qti::parse(&bytes, &qti::ReadOptions::unchecked())
                .expect("parse")
                .1
                .problems
                .len(),
        };
    }
    println!("{total}");
}
