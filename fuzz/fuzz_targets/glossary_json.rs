//! Host glossary JSON → entries, issues, merged glossary, automaton, matching.
#![no_main]

use libfuzzer_sys::fuzz_target;
use report_reader::glossary::matcher::Matcher;
use report_reader::glossary::{parse_json, validate_all, Glossary, Mode, Origin};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(raw) = parse_json(text) else { return };
    let (entries, issues) = validate_all(raw, Origin::Host);
    for i in &issues {
        assert!(!i.reason.is_empty());
    }
    let g = Glossary::build(Glossary::default_entries(), vec![], entries, Mode::Merge);
    if let Ok(m) = Matcher::new(&g) {
        for h in m.find("推进乡村振兴，深化放管服改革，融入郑州１＋８都市圈。") {
            assert!(h.start < h.end);
        }
    }
});
