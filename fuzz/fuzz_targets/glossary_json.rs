//! Host glossary JSON → entries, issues, merged glossary, matcher, matching; and the module's own
//! JSON reader (`glossary::json`) against serde_json.
#![no_main]

use libfuzzer_sys::fuzz_target;
use report_reader::glossary::matcher::{EngineKind, Matcher};
use report_reader::glossary::{json, parse_json, validate_all, Glossary, Mode, Origin, RawEntry};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The reader never panics, and reads an array of objects as serde_json does. (serde_json
    // also takes an array as a struct, and refuses repeated keys: those texts are left out.)
    let ours = json::entries(text);
    if let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(text) {
        if items.iter().all(serde_json::Value::is_object) {
            if let Ok(want) = serde_json::from_str::<Vec<RawEntry>>(text) {
                assert_eq!(ours, Ok(want.into_iter().map(Some).collect()), "{text}");
            }
        }
    }
    let Ok(raw) = parse_json(text) else { return };
    let (entries, issues) = validate_all(raw, Origin::Host);
    for i in &issues {
        assert!(!i.reason.is_empty());
    }
    let g = Glossary::build(Glossary::default_entries(), vec![], entries, Mode::Merge);
    // The scan finds what the automaton finds, in a text of the glossary's own terms.
    let m = Matcher::new(&g);
    let oracle = Matcher::with_engine(&g, EngineKind::Dfa);
    let mut text = String::from("推进乡村振兴，深化放管服改革，融入郑州１＋８都市圈。");
    for e in g.entries.iter().rev().take(40) {
        text.push_str(&e.term);
        text.push('，');
    }
    let hits = m.find(&text);
    assert_eq!(hits, oracle.find(&text));
    for h in hits {
        assert!(h.start < h.end && text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
    }
});
