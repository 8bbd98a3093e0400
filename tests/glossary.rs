//! The glossary: the shipped data, validation, layers, matching and density, table-driven.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{assert_balanced, text_of, SEED};
use report_reader::glossary::harvest::harvest;
use report_reader::glossary::marks::{annotate, Density};
use report_reader::glossary::matcher::{key, Matcher};
use report_reader::glossary::{
    parse_json, validate_all, Glossary, GlossaryError, Mode, Origin, DEFAULT_JSON,
};
use report_reader::render::{render_with, GlossaryView, RenderOptions};
use report_reader::report::{parse, Document};

const CATEGORIES: &[&str] = &[
    "党建",
    "改革",
    "经济",
    "科技",
    "开放",
    "城建",
    "生态",
    "民生",
    "农业农村",
    "法治",
    "社会治理",
    "文化",
    "统计",
];

#[test]
fn default_glossary_is_valid_and_large_enough() {
    let raw = parse_json(DEFAULT_JSON).expect("data/glossary.zh.json is a JSON array");
    let n = raw.len();
    let (entries, issues) = validate_all(raw, Origin::Default);
    assert!(issues.is_empty(), "issues in the default glossary: {issues:#?}");
    assert_eq!(entries.len(), n);
    // build.rs compiles the same file into static data, which is what the widget uses.
    assert_eq!(Glossary::default_entries(), entries, "compiled-in entries differ from the JSON");
    assert!(n >= 80, "only {n} entries");
    let mut keys = std::collections::HashSet::new();
    for e in &entries {
        let cat = e.category.as_deref().unwrap_or_default();
        assert!(CATEGORIES.contains(&cat), "{}: category {cat:?}", e.term);
        assert!(e.en.is_some(), "{}: no English gloss", e.term);
        let sentences = e.definition.matches(['。', '！', '？']).count();
        assert!((1..=3).contains(&sentences), "{}: {sentences} sentences", e.term);
        assert!(e.definition.chars().count() <= 160, "{}: definition too long", e.term);
        for k in std::iter::once(&e.term).chain(&e.aliases) {
            assert!(keys.insert(key(k)), "{k} appears twice");
        }
    }
}

/// Every term of the seed that a reader from outside Henan would stumble on is explained.
/// The loader's warm-up text: every ideograph of the default glossary once, nothing else.
#[test]
fn default_ideographs_are_the_glossarys_characters_once_each() {
    let chars = report_reader::glossary::default_ideographs();
    let ideograph = |c: &char| ('\u{4E00}'..='\u{9FFF}').contains(c);
    let mut expected: Vec<char> = Vec::new();
    for c in report_reader::glossary::DEFAULT_JSON.chars().filter(ideograph) {
        if !expected.contains(&c) {
            expected.push(c);
        }
    }
    assert_eq!(chars.chars().collect::<Vec<_>>(), expected, "first appearance order, once each");
    assert!(chars.chars().all(|c| ideograph(&c)));
    // Enough of a report's characters to have read most of the font's tables.
    assert!(expected.len() > 500, "{}", expected.len());
    for c in "乡村振兴产城融合示范区两学一做一岗双责".chars() {
        assert!(chars.contains(c), "{c}");
    }
}

#[test]
fn default_glossary_covers_the_seed() {
    let doc = parse(SEED).expect("parses");
    let g = Glossary::build(Glossary::default_entries(), vec![], vec![], Mode::Merge);
    let m = Matcher::new(&g);
    let notes = annotate(&doc, &m, g.entries.len(), Density::All);
    let found: Vec<&str> = notes.order.iter().map(|&e| g.entries[e].term.as_str()).collect();
    for term in [
        "产城融合示范区",
        "两学一做",
        "一岗双责",
        "乡村振兴",
        "中央八项规定",
        "三大保卫战",
        "劣五类水体",
        "两仓",
        "中欧班列",
        "三农",
        "扫黑除恶",
        "新三板",
        "郑州“1+8”都市圈",
        "保障性安居工程",
        "棚户区改造",
        "七五普法",
        "建档立卡贫困人口",
        "规模性返贫",
        "山水林田湖草沙",
        "城乡低保并轨",
        "党史学习教育",
    ] {
        assert!(found.contains(&term), "{term} not found in the seed; found {found:?}");
    }
    assert!(found.len() >= 30, "only {} terms found in the seed", found.len());
}

fn entry(term: &str, aliases: &[&str], definition: &str) -> serde_json::Value {
    serde_json::json!({ "term": term, "aliases": aliases, "definition": definition })
}

fn host(json: &str) -> (Vec<report_reader::glossary::Entry>, Vec<report_reader::glossary::EntryIssue>) {
    validate_all(parse_json(json).expect("json"), Origin::Host)
}

/// Each invalid entry is reported with its index and reason; the valid ones still work.
#[test]
fn host_glossary_validation_messages() {
    let json = r#"[
        {"term": "甲", "definition": "好的词条。"},
        {"term": 123, "definition": "类型错误。"},
        {"definition": "没有词语。"},
        {"term": "乙"},
        "不是对象",
        {"term": "甲", "definition": "重复。"},
        {"term": "丙", "definition": "来源不是网址。", "source": "javascript:alert(1)"},
        {"term": "丁", "definition": "别名类型错误。", "aliases": "戊"},
        {"term": "己", "definition": "有效。", "aliases": ["庚", ""], "category": "经济", "source": "https://example.org/x"}
    ]"#;
    let (entries, issues) = host(json);
    let terms: Vec<&str> = entries.iter().map(|e| e.term.as_str()).collect();
    assert_eq!(terms, ["甲", "丙", "己"]);
    let got: Vec<(usize, bool, &str)> =
        issues.iter().map(|i| (i.index, i.skipped, i.reason.as_str())).collect();
    assert_eq!(got[0].0, 1);
    assert!(got[0].2.contains("invalid type"), "{}", got[0].2);
    assert_eq!(got[1], (2, true, "`term` is missing or empty"));
    assert_eq!(got[2], (3, true, "`definition` is missing or empty"));
    assert_eq!(got[3], (4, true, "entry is not an object"));
    assert_eq!(got[4], (5, true, "duplicate of entry 0; ignored"));
    assert_eq!(got[5], (6, false, "`source` is not an http(s) URL; it is not linked"));
    assert_eq!((got[6].0, got[6].1), (7, true));
    assert_eq!(got[7], (8, false, "alias 1 is empty or too long; ignored"));
    assert_eq!(entries[1].source, None);
    assert_eq!(entries[2].source.as_deref(), Some("https://example.org/x"));
}

#[test]
fn malformed_glossaries_are_errors() {
    assert!(matches!(parse_json("{not json"), Err(GlossaryError::NotJson { .. })));
    assert_eq!(parse_json(r#"{"term": "甲"}"#), Err(GlossaryError::NotArray));
    assert_eq!(parse_json("[]").map(|v| v.len()), Ok(0));
    let big: Vec<serde_json::Value> = (0..10_000).map(|i| entry(&format!("词{i}"), &[], "释义。")).collect();
    let (entries, issues) = host(&serde_json::to_string(&big).expect("json"));
    assert_eq!(entries.len(), report_reader::glossary::MAX_ENTRIES);
    assert_eq!(issues.len(), 1);
}

fn doc_and_glossary(text: &str, terms: &[(&str, &[&str])]) -> (Document, Glossary) {
    let doc = parse(text).expect("parses");
    let json = serde_json::to_string(&terms.iter().map(|(t, a)| entry(t, a, "释义。")).collect::<Vec<_>>())
        .expect("json");
    let (entries, _) = host(&json);
    (doc, Glossary::build(vec![], vec![], entries, Mode::Merge))
}

/// (report, terms, density, marked occurrences as text per block, total count per term).
#[test]
fn density_and_edges() {
    type Case<'a> = (&'a str, &'a [(&'a str, &'a [&'a str])], Density, &'a [&'a str], &'a [usize]);
    let report = "工作报告\n一、推进乡村振兴\n乡村振兴是大事。乡村振兴要抓好。\n乡村振兴继续推进。\n二、深化改革\n深化放管服改革，推进乡村振兴。";
    let cases: &[Case] = &[
        // First per section: once in 一 (not in its heading), once in 二.
        (
            report,
            &[("乡村振兴", &[]), ("放管服", &[])],
            Density::First,
            &["乡村振兴", "放管服", "乡村振兴"],
            &[4, 1],
        ),
        (
            report,
            &[("乡村振兴", &[]), ("放管服", &[])],
            Density::All,
            &["乡村振兴", "乡村振兴", "乡村振兴", "放管服", "乡村振兴"],
            &[4, 1],
        ),
        (report, &[("乡村振兴", &[])], Density::None, &[], &[4]),
        // Never across paragraphs: 乡村 ends one line, 振兴 starts the next.
        ("工作报告\n我们推进乡村\n振兴工作。", &[("乡村振兴", &[])], Density::All, &[], &[0]),
        // Longest wins; overlapping shorter terms are not marked inside it.
        (
            "工作报告\n建设产城融合示范区，推动产城融合。",
            &[("产城融合", &[]), ("产城融合示范区", &[])],
            Density::All,
            &["产城融合示范区", "产城融合"],
            &[1, 1],
        ),
        // Width folding and aliases.
        (
            "工作报告\n融入郑州“１＋８”都市圈和郑州1+8都市圈。",
            &[("郑州“1+8”都市圈", &["郑州1+8都市圈"])],
            Density::All,
            &["郑州“１＋８”都市圈", "郑州1+8都市圈"],
            &[2],
        ),
    ];
    for (text, terms, density, marked, counts) in cases {
        let (doc, g) = doc_and_glossary(text, terms);
        let m = Matcher::new(&g);
        let notes = annotate(&doc, &m, g.entries.len(), *density);
        let got: Vec<&str> = doc
            .blocks
            .iter()
            .zip(&notes.blocks)
            .flat_map(|(b, occ)| {
                occ.iter().filter(|o| o.marked).map(move |o| &b.text[o.hit.start..o.hit.end])
            })
            .collect();
        assert_eq!(got, *marked, "{text} {density:?}");
        assert_eq!(notes.counts, *counts, "{text}");
        // Marks never overlap and never split a character.
        for (b, occ) in doc.blocks.iter().zip(&notes.blocks) {
            for w in occ.windows(2) {
                assert!(w[0].hit.end <= w[1].hit.start);
            }
            for o in occ {
                assert!(b.text.is_char_boundary(o.hit.start) && b.text.is_char_boundary(o.hit.end));
            }
        }
    }
}

/// Layers: default < the report's appendix < host; `replace` drops the default only.
#[test]
fn layers_merge_and_replace() {
    let text = "工作报告\n一、回顾\n落实两学一做，坚持一岗双责，推进放管服。\n附：名词解释\n1.一岗双责：报告自己的释义。";
    let doc = parse(text).expect("parses");
    let report = harvest(&doc);
    assert_eq!(report.len(), 1);
    let (host_entries, _) = host(r#"[{"term": "放管服", "definition": "主办网站的释义。"}]"#);
    let default = Glossary::default_entries();
    let g = Glossary::build(default.clone(), report.clone(), host_entries.clone(), Mode::Merge);
    let def = |g: &Glossary, t: &str| {
        g.entries.iter().find(|e| e.term == t).map(|e| (e.definition.clone(), e.origin))
    };
    assert_eq!(def(&g, "一岗双责").map(|d| d.1), Some(Origin::Report));
    assert_eq!(def(&g, "放管服"), Some(("主办网站的释义。".into(), Origin::Host)));
    assert_eq!(def(&g, "两学一做").map(|d| d.1), Some(Origin::Default));
    assert_eq!(g.entries.iter().filter(|e| e.term == "放管服").count(), 1, "the default entry is shadowed");
    let r = Glossary::build(default, report, host_entries, Mode::Replace);
    assert_eq!(def(&r, "两学一做"), None);
    assert!(def(&r, "一岗双责").is_some() && def(&r, "放管服").is_some());
}

/// Marks go into the rendered HTML: buttons for marked terms, spans for the others, nothing in
/// headings or the outline; every character of the body still there.
#[test]
fn marks_render_into_the_html() {
    let doc = parse(SEED).expect("parses");
    let g = Glossary::build(Glossary::default_entries(), harvest(&doc), vec![], Mode::Merge);
    let m = Matcher::new(&g);
    let notes = annotate(&doc, &m, g.entries.len(), Density::First);
    let view = GlossaryView { glossary: &g, notes: &notes, issues: &[], failure: None };
    let html = render_with(&doc, &RenderOptions { id_prefix: "g-".into(), ..Default::default() }, Some(view));
    assert_balanced(&html);
    assert_eq!(html.matches("part=\"term\"").count(), notes.marked());
    assert!(html.contains(">两学一做</span>"));
    let outline = text_of(&html, "part=\"outline\"");
    assert!(!outline.contains("<button"));
    for s in &doc.sections {
        let heading = &html[html.find(&format!("id=\"g-{}-h\"", s.id)).expect("heading")..];
        let heading = &heading[..heading.find("</h").expect("closes")];
        assert!(
            !heading.contains("class=\"term\"") && !heading.contains("class=\"occ\""),
            "mark in heading {}",
            s.id
        );
    }
    let body: String = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(text_of(&html, "part=\"article\""), body);
    // The term index lists each term found, with its count.
    let index = text_of(&html, "part=\"term-index\"");
    assert!(index.contains("两学一做"));
    assert_eq!(html.matches("data-term=\"").count(), notes.order.len());
}

#[test]
fn issues_render_as_a_visible_note() {
    let doc = parse(SEED).expect("parses");
    let (entries, issues) =
        host(r#"[{"term": "甲"}, {"term": "<img src=x onerror=alert(1)>", "definition": "x"}]"#);
    let g = Glossary::build(vec![], vec![], entries, Mode::Merge);
    let m = Matcher::new(&g);
    let notes = annotate(&doc, &m, g.entries.len(), Density::First);
    let view = GlossaryView {
        glossary: &g,
        notes: &notes,
        issues: &issues,
        failure: Some("the glossary is not valid JSON"),
    };
    let html = render_with(&doc, &RenderOptions::default(), Some(view));
    let note = text_of(&html, "part=\"glossary-note\"");
    assert!(
        note.contains("术语表有 1 处问题")
            && note.contains("第 1 条（甲）：`definition` is missing or empty"),
        "{note}"
    );
    assert!(note.contains("the glossary is not valid JSON"));
    assert!(!html.contains("<img"));
    assert_balanced(&html);
}

/// Both Aho-Corasick automata (the oracles of the scan's tests) find exactly the same
/// occurrences, and so does the scan.
#[test]
fn scan_and_both_automata_agree() {
    use report_reader::glossary::matcher::EngineKind;
    let g = Glossary::build(Glossary::default_entries(), vec![], vec![], Mode::Merge);
    let dfa = Matcher::with_engine(&g, EngineKind::Dfa);
    let nfa = Matcher::with_engine(&g, EngineKind::Contiguous);
    let scan = Matcher::new(&g);
    assert_eq!((dfa.kind(), nfa.kind(), scan.kind()), ("DFA", "ContiguousNFA", "scan"));
    let big = SEED.repeat(20);
    let texts = [
        SEED,
        include_str!("fixtures/national-crlf.txt"),
        big.as_str(),
        "１＋８ 1+8 “两学一做”产城融合示范区产城融合",
    ];
    for text in texts {
        let hits = dfa.find(text);
        assert!(!hits.is_empty());
        assert_eq!(nfa.find(text), hits);
        assert_eq!(scan.find(text), hits);
    }
}

/// The scan (the matcher in the browser) finds exactly what an automaton finds, with a
/// large glossary: nested terms, ASCII case, full width, aliases, one-character terms.
#[test]
fn scan_finds_what_the_automaton_finds() {
    use report_reader::glossary::Entry;
    let mut entries = Glossary::default_entries();
    for (i, t) in
        ["改革发展", "ＡＢＣ计划", "abc计划", "乡村振兴战略", "两学", "稳", "ABC"].iter().enumerate()
    {
        entries.push(Entry {
            term: (*t).to_owned(),
            aliases: vec![format!("别名{i}")],
            ..entries[0].clone()
        });
    }
    let g = Glossary::build(vec![], vec![], entries, Mode::Merge);
    let whole = Matcher::with_engine(&g, report_reader::glossary::matcher::EngineKind::Dfa);
    let scan = Matcher::new(&g);
    assert_eq!((scan.kind(), scan.patterns()), ("scan", whole.patterns()));
    let texts = [
        SEED,
        include_str!("fixtures/county-parts.txt"),
        include_str!("fixtures/national-crlf.txt"),
        "ABC计划与abc计划、ａｂｃ计划、Abc；乡村振兴战略“两学一做”稳中求进别名3",
    ];
    for text in texts {
        let doc = parse(text).expect("parses");
        let mut hits = 0;
        for b in &doc.blocks {
            assert_eq!(scan.find(&b.text), whole.find(&b.text), "{}", b.text);
            hits += whole.find(&b.text).len();
        }
        assert!(hits > 0, "the texts have terms");
    }
}

/// Thousands of terms that share their first characters (and nest: 中国1号 in 中国1号线):
/// the scan bisects the patterns that begin alike and finds what the automaton finds.
#[test]
fn terms_sharing_a_beginning_are_found_as_the_automaton_finds_them() {
    use report_reader::glossary::matcher::EngineKind;
    use report_reader::glossary::Entry;
    let base = Glossary::default_entries().remove(0);
    let mut entries: Vec<Entry> =
        (0..3000).map(|i| Entry { term: format!("中国{i}号"), aliases: vec![], ..base.clone() }).collect();
    for t in ["中国", "中国1号线", "中国12", "中国式现代化", "中"] {
        entries.push(Entry { term: t.to_owned(), aliases: vec![], ..base.clone() });
    }
    let g = Glossary::build(vec![], vec![], entries, Mode::Replace);
    let text = "中国1号线、中国12号、中国123号、中国1234号，中国式现代化；中国29999号与中国2999号。中华";
    let want = Matcher::with_engine(&g, EngineKind::Dfa).find(text);
    let got = Matcher::new(&g).find(text);
    let words: Vec<&str> = got.iter().map(|h| &text[h.start..h.end]).collect();
    assert_eq!(
        words,
        ["中国1号线", "中国12号", "中国123号", "中国1234号", "中国式现代化", "中国", "中国2999号", "中"]
    );
    assert_eq!(got, want);
}
