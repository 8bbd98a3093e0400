//! bytes → decode → parse → outline → glossary (default + harvested) → match → render, with the
//! invariants every input must keep.
#![no_main]

use libfuzzer_sys::fuzz_target;
use report_reader::glossary::harvest::harvest;
use report_reader::glossary::marks::{annotate, Density};
use report_reader::glossary::matcher::Matcher;
use report_reader::glossary::{Glossary, Mode};
use report_reader::render::{render_with, GlossaryView, RenderOptions};
use report_reader::report::{decode, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else { return };
    let Ok(doc) = parse(&text) else { return };
    let g = Glossary::build(Glossary::default_entries(), harvest(&doc), vec![], Mode::Merge);
    let m = Matcher::new(&g);
    let notes = annotate(&doc, &m, g.entries.len(), Density::First);
    for (b, occ) in doc.blocks.iter().zip(&notes.blocks) {
        for w in occ.windows(2) {
            assert!(w[0].hit.end <= w[1].hit.start);
        }
        for o in occ {
            assert!(b.text.is_char_boundary(o.hit.start) && b.text.is_char_boundary(o.hit.end));
        }
    }
    for s in &doc.sections {
        assert!(s.heading < s.end && s.end <= doc.blocks.len());
        assert!(!s.id.is_empty());
    }
    let view = GlossaryView { glossary: &g, notes: &notes, issues: &[], failure: None };
    let html = render_with(&doc, &RenderOptions::default(), Some(view));
    // Nothing from the input can open a tag: every '<' in the output belongs to our markup.
    for part in html.split('<').skip(1) {
        let name: String = part.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        assert!(!name.is_empty(), "unescaped '<' in the output");
    }
});
