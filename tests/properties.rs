//! Property tests: arbitrary text never panics the pipeline; the body survives rendering
//! character for character; the HTML parses back (html5ever, through scraper) into the tree the
//! renderer meant; glossary marks never overlap or split a character; the scan short reports
//! use finds what the automaton finds; merging glossary layers keeps what the plain rule keeps;
//! a host glossary's JSON reads back as the entries it was written from.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use report_reader::glossary::marks::{annotate, Density};
use report_reader::glossary::matcher::{key, EngineKind, Matcher};
use report_reader::glossary::{json, Entry, Glossary, Mode, Origin, RawEntry};
use report_reader::render::{render_with, GlossaryView, RenderOptions};
use report_reader::report::{decode, parse, BlockKind};
use scraper::{Html, Selector};

/// Line starts that exercise every rule of the parser.
const STARTS: &[&str] = &[
    "",
    "一、",
    "十二、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "（3）",
    "第一部分 ",
    "第二章",
    "附：名词解释",
    "附件",
    "各位代表！",
    "同志们：",
    "首页 > ",
    "【字体：大 中 小】",
    "责任编辑：",
    "版权所有",
    "——",
    "五年来,",
    "2022年1月5日",
    "1.4万",
    "一、二季度",
];

fn line() -> impl Strategy<Value = String> {
    (prop::sample::select(STARTS), "[\\PC]{0,30}", "[一二三四五六七八九十，。！；：“”<>&\"' a-z0-9]{0,40}")
        .prop_map(|(start, a, b)| format!("{start}{a}{b}"))
}

fn report() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..40), prop::sample::select(&["\n", "\r\n", "\n\n", "\r"][..]))
        .prop_map(|(lines, sep)| lines.join(sep))
}

fn glossary(terms: Vec<String>) -> Glossary {
    Glossary {
        entries: terms.into_iter().filter(|t| !t.trim().is_empty()).map(|t| entry(t, vec![])).collect(),
    }
}

/// A host entry with a fixed definition.
fn entry(term: String, aliases: Vec<String>) -> Entry {
    Entry {
        term,
        aliases,
        definition: "释义。".into(),
        category: None,
        source: None,
        en: None,
        note: None,
        origin: Origin::Host,
    }
}

const VOCABULARY: &[&str] = &[
    "div", "header", "h1", "h2", "h3", "h4", "h5", "h6", "p", "nav", "ol", "li", "a", "article", "section",
    "span", "button", "details", "summary", "svg", "path", "dl", "dt", "dd", "strong",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = decode(&bytes).and_then(|t| parse(&t));
    }

    #[test]
    fn arbitrary_reports_render_whole_and_well_formed(text in report(), picks in prop::collection::vec((0usize..200, 1usize..6), 0..8)) {
        let Ok(doc) = parse(&text) else { return Ok(()) };
        // Glossary terms cut from the body itself, so that marks really happen.
        let body: Vec<char> = doc.body_text().chars().collect();
        let terms: Vec<String> = picks.iter().filter(|(at, _)| *at < body.len()).map(|&(at, n)| body[at..(at + n).min(body.len())].iter().collect()).collect();
        let g = glossary(terms);
        let m = Matcher::new(&g);
        let notes = annotate(&doc, &m, g.entries.len(), Density::All);
        for (b, occ) in doc.blocks.iter().zip(&notes.blocks) {
            for w in occ.windows(2) {
                prop_assert!(w[0].hit.end <= w[1].hit.start, "overlapping marks");
            }
            for o in occ {
                prop_assert!(b.text.is_char_boundary(o.hit.start) && b.text.is_char_boundary(o.hit.end), "mark splits a character");
            }
            if b.kind != BlockKind::Paragraph {
                prop_assert!(occ.is_empty(), "mark outside a paragraph");
            }
        }
        let view = GlossaryView { glossary: &g, notes: &notes, issues: &[], failure: None };
        let html = render_with(&doc, &RenderOptions { id_prefix: "p-".into(), ..Default::default() }, Some(view));

        let parsed = Html::parse_fragment(&html);
        let sel = |s: &str| Selector::parse(s).expect("selector");
        // Only the renderer's own elements.
        for el in parsed.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            let name = el.value().name();
            prop_assert!(name == "html" || VOCABULARY.contains(&name), "unexpected <{}>", name);
            prop_assert!(el.value().attrs().all(|(k, _)| !k.starts_with("on")), "event attribute");
        }
        // The tree the renderer meant: one section element per section, nested as the outline.
        let sections: Vec<_> = parsed.select(&sel("section[part~=section]")).collect();
        prop_assert_eq!(sections.len(), doc.sections.len());
        for (el, s) in sections.iter().zip(&doc.sections) {
            let depth = el.ancestors().filter_map(scraper::ElementRef::wrap).filter(|a| a.value().attr("part") == Some("section")).count();
            prop_assert_eq!(depth + 1, s.depth, "nesting of {}", s.id);
        }
        prop_assert_eq!(parsed.select(&sel("[part~=paragraph]")).count(), doc.counts().0);
        // Every character of the body, in order, nothing added.
        let article = parsed.select(&sel("[part~=article]")).next().expect("article");
        let text: String = article.text().collect();
        let want: String = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        prop_assert_eq!(text, want);
    }

    /// A small alphabet (CJK, ASCII in both cases, full width, punctuation) makes terms nest,
    /// overlap and share first characters, where the scan and an automaton could part ways;
    /// 唹 is 改 modulo 4096, so the scan's character sets answer a false "yes" for it.
    #[test]
    fn scan_and_automaton_find_the_same(
        terms in prop::collection::vec(("[改革发aAbＡｂ１1+“”]{1,4}", prop::collection::vec("[改革aＢ1]{1,3}", 0..2)), 0..12),
        text in "[改革发展唹aAbBＡａｂＢ１1+“” ，。]{0,60}",
    ) {
        let g = Glossary { entries: terms.into_iter().map(|(term, aliases)| entry(term, aliases)).collect() };
        let scan = Matcher::new(&g);
        prop_assert_eq!(scan.find(&text), Matcher::with_engine(&g, EngineKind::Dfa).find(&text));
    }

    /// Layers merge by the plain rule (an entry is left out when a later layer has one of its
    /// keys as a term or alias, in any width or with quotation marks), checked over a small
    /// alphabet where keys collide.
    #[test]
    fn layers_merge_by_the_plain_rule(
        layers in prop::collection::vec(
            prop::collection::vec(("[改革aA１1“]{1,3}", prop::collection::vec("[改革aＡ1]{1,2}", 0..2)), 0..8),
            3,
        ),
    ) {
        let layers: Vec<Vec<Entry>> =
            layers.into_iter().map(|l| l.into_iter().map(|(t, a)| entry(t, a)).collect()).collect();
        let keys = |e: &Entry| -> Vec<String> { std::iter::once(&e.term).chain(&e.aliases).map(|k| key(k)).collect() };
        let mut want = Vec::new();
        for (li, layer) in layers.iter().enumerate() {
            for e in layer {
                let later = layers[li + 1..].iter().flatten().flat_map(keys).collect::<Vec<_>>();
                if !keys(e).iter().any(|k| later.contains(k)) {
                    want.push(e.clone());
                }
            }
        }
        let [default, report, host] = <[Vec<Entry>; 3]>::try_from(layers).expect("three layers");
        prop_assert_eq!(Glossary::build(default, report, host, Mode::Merge).entries, want);
    }

    /// What a JSON writer makes of any entries (any text: quotes, backslashes, control
    /// characters, astral characters; fields absent, null or empty) reads back as those entries,
    /// whatever white space is around the structure.
    #[test]
    fn host_glossary_json_reads_back(
        entries in prop::collection::vec(
            (
                prop::option::of("\\PC{0,12}"),
                prop::option::of("[\"\\\\/\u{0}-\u{1f}\u{7f}a-z中文😀\u{fffd}]{0,12}"),
                prop::option::of(prop::collection::vec("\\PC{0,6}", 0..3)),
                prop::option::of("[a-z]{0,4}"),
            ),
            0..6,
        ),
        pretty in any::<bool>(),
    ) {
        let entries: Vec<RawEntry> = entries
            .into_iter()
            .map(|(term, definition, aliases, en)| RawEntry { term, definition, aliases, en, ..RawEntry::default() })
            .collect();
        let json = if pretty { serde_json::to_string_pretty(&entries) } else { serde_json::to_string(&entries) };
        let json = json.expect("entries serialize");
        let want: Vec<Option<RawEntry>> = entries.into_iter().map(Some).collect();
        prop_assert_eq!(json::entries(&json), Ok(want));
    }
}
