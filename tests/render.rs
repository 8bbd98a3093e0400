//! The renderer: every character of the body reaches the HTML, escaped, in well-formed markup.

mod common;

use common::{assert_balanced, decode_entities, text_of, SEED};
use report_reader::i18n::Lang;
use report_reader::render::{render, render_error, RenderOptions};
use report_reader::report::parse;

const LAYOUTS: &[&str] = &[
    SEED,
    include_str!("fixtures/national-crlf.txt"),
    include_str!("fixtures/county-parts.txt"),
    include_str!("fixtures/district-plain.txt"),
    include_str!("fixtures/state-council-gov.txt"),
];

fn opts() -> RenderOptions {
    RenderOptions { id_prefix: "rr1-".into(), lang: Lang::Zh, ..Default::default() }
}

/// The article's text content is exactly the body: every character, in order, nothing added.
#[test]
fn every_character_of_the_body_is_in_the_article() {
    for text in LAYOUTS {
        let doc = parse(text).expect("parses");
        let html = render(&doc, &opts());
        let article = text_of(&html, "part=\"article\"");
        let body: String = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(article, body);
        assert_eq!(text_of(&html, "part=\"title\""), doc.title.clone().unwrap_or_default());
    }
}

#[test]
fn markup_is_balanced_and_sections_nest() {
    for text in LAYOUTS {
        let doc = parse(text).expect("parses");
        let html = render(&doc, &opts());
        assert_balanced(&html);
        assert_eq!(html.matches("<section ").count(), doc.sections.len());
        assert_eq!(html.matches("part=\"heading\"").count(), doc.sections.len());
        let (paragraphs, salutations, _) = doc.counts();
        assert_eq!(html.matches("part=\"paragraph\"").count(), paragraphs);
        assert_eq!(html.matches("part=\"salutation\"").count(), salutations);
        // The outline lists every section, with the widget's id prefix.
        for s in &doc.sections {
            assert!(html.contains(&format!("href=\"#rr1-{}\"", s.id)), "outline link to {}", s.id);
            assert!(html.contains(&format!("id=\"rr1-{}\"", s.id)), "section id {}", s.id);
        }
    }
}

#[test]
fn seed_renders_title_paragraphs_salutations_and_no_chrome() {
    let doc = parse(SEED).expect("parses");
    let html = render(&doc, &opts());
    let article = text_of(&html, "part=\"article\"");
    assert!(html.contains(
        "<h1 part=\"title\" class=\"title\" id=\"rr1-title\">(河南省)济源市2022年政府工作报告</h1>"
    ));
    assert_eq!(html.matches("<p class=\"salutation\" part=\"salutation\">各位代表!</p>").count(), 3);
    for chrome in ["导航菜单", "本文仅代表作者观点", "本文地址", "留言与评论", "验证码"]
    {
        assert!(!article.contains(chrome), "{chrome} in the article");
        // …but listed in the removed-content note.
        assert!(text_of(&html, "part=\"removed\"").contains(chrome), "{chrome} not in the removed note");
    }
    // Each of the eight source paragraphs reads whole: lead heading + rest, nothing between.
    for line in SEED.lines().map(str::trim).filter(|l| l.starts_with("五年来") || l.starts_with("安不忘危"))
    {
        assert!(article.contains(line), "paragraph not whole: {line}");
    }
}

#[test]
fn hostile_text_is_escaped() {
    let text = "<script>alert(1)</script>工作报告\n一、<img src=x onerror=alert(1)>\n正文\"引号\"与'单引号'，&amp;实体，<b>粗体</b>。\n附：<svg/onload=alert(1)>";
    let doc = parse(text).expect("parses");
    let html = render(&doc, &opts());
    assert_balanced(&html);
    for bad in ["<script", "<img", "<svg/", "<b>"] {
        assert!(!html.contains(bad), "{bad} unescaped");
    }
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert_eq!(decode_entities(&text_of(&html, "part=\"title\"")), "<script>alert(1)</script>工作报告");
    let body: String = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(text_of(&html, "part=\"article\""), body);
    let err = render_error("无法显示报告", "<img src=x onerror=alert(1)>");
    assert!(err.contains("role=\"alert\"") && !err.contains("<img"));
}

#[test]
fn interface_language_follows_lang() {
    let doc = parse(SEED).expect("parses");
    let zh = render(&doc, &opts());
    let en = render(&doc, &RenderOptions { id_prefix: "rr2-".into(), lang: Lang::En, ..Default::default() });
    assert!(zh.contains(">目录</h2>") && zh.contains("已从来源中移除的网站内容（5 行）"));
    assert!(
        en.contains(">Contents</h2>") && en.contains("Website content removed from the source (5 lines)")
    );
    // The report itself stays Chinese whatever the interface language.
    assert!(en.contains("<div class=\"rr\" lang=\"zh-CN\">"));
}

#[test]
fn deep_sections_cap_at_h6_with_aria_level() {
    let text = "工作报告\n总体安排\n第一部分 总\n一、甲\n（一）乙\n1.丙。丙的正文，有内容。\n（1）丁。丁的正文，有内容。\n附：名词解释\n正文";
    let doc = parse(text).expect("parses");
    let depths: Vec<usize> = doc.sections.iter().map(|s| s.depth).collect();
    assert_eq!(depths, [1, 2, 3, 4, 5, 6, 1]);
    let html = render(&doc, &opts());
    assert!(html.contains("<h6 part=\"heading\" class=\"heading lead\" id=\"rr1-1-1-1-1-1-丙-h\"><button"));
    assert!(html.contains(
        "<h6 part=\"heading\" class=\"heading lead\" id=\"rr1-1-1-1-1-1-1-丁-h\" aria-level=\"7\"><button"
    ));
    assert_balanced(&html);
}

#[test]
fn folding_markup_follows_the_options() {
    let doc = parse(include_str!("fixtures/national-crlf.txt")).expect("parses");
    let folded: Vec<bool> = doc.sections.iter().map(|s| s.depth > 1).collect();
    for until_found in [true, false] {
        let html = render(
            &doc,
            &RenderOptions {
                id_prefix: "x-".into(),
                folded: folded.clone(),
                until_found,
                ..Default::default()
            },
        );
        assert_balanced(&html);
        let hidden = if until_found { "hidden=\"until-found\"" } else { "hidden>" };
        let n_folded = doc.sections.iter().filter(|s| s.depth > 1 && s.end > s.heading + 1).count();
        assert_eq!(html.matches(hidden).count(), n_folded);
        assert_eq!(html.matches("part=\"toggle\" aria-expanded=\"false\"").count(), n_folded);
        // Every foldable section has exactly one toggle that controls its body.
        for s in doc.sections.iter().filter(|s| s.end > s.heading + 1) {
            assert_eq!(html.matches(&format!("aria-controls=\"x-{}-body\"", s.id)).count(), 1);
            assert_eq!(html.matches(&format!("id=\"x-{}-body\"", s.id)).count(), 1);
        }
        // Folding hides nothing from the text: the article still holds every character.
        let body: String = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(text_of(&html, "part=\"article\""), body);
    }
}

#[test]
fn sections_without_a_body_get_no_toggle() {
    let doc = parse("工作报告\n一、甲\n二、乙\n正文，有内容。").expect("parses");
    let html = render(&doc, &opts());
    assert_eq!(html.matches("part=\"toggle\"").count(), 1);
    assert!(html.contains("id=\"rr1-1-甲-h\" tabindex=\"-1\"><span class=\"no-toggle\">"));
}

/// The shell with its first chunk, plus every later chunk appended at the article's end, is
/// exactly the whole render: the widget inserts chunks that way. Each chunk is balanced and
/// starts outside every section, and the first holds at least a screen of text that shows.
#[test]
fn chunks_rebuild_the_whole_render() {
    use report_reader::render::{chunks, render_blocks, render_shell};
    use report_reader::state::{initial_folds, FoldRule};
    let fixtures = [
        SEED,
        include_str!("fixtures/national-crlf.txt"),
        include_str!("fixtures/county-parts.txt"),
        include_str!("fixtures/district-plain.txt"),
        include_str!("fixtures/state-council-gov.txt"),
    ];
    let big = SEED.repeat(40);
    for text in fixtures.iter().copied().chain([big.as_str()]) {
        let doc = parse(text).expect("parses");
        for rule in [FoldRule::None, FoldRule::All, FoldRule::Below(1)] {
            let folded = initial_folds(&doc, rule);
            let o = RenderOptions { folded: folded.clone(), ..opts() };
            for (first, rest) in [(0, 0), (1, 1), (2_000, 8_000), (6_000, 48_000), (usize::MAX, usize::MAX)] {
                let parts = chunks(&doc, &folded, first, rest);
                assert_eq!(parts.first().map(|r| r.start), Some(0));
                assert_eq!(parts.last().map(|r| r.end), Some(doc.blocks.len()));
                assert!(parts.windows(2).all(|w| w[0].end == w[1].start && w[0].start < w[0].end));
                let mut html = render_shell(&doc, &o, None, parts[0].end);
                let at = html.find("</article>").expect("article closes");
                let tail = html.split_off(at);
                for r in &parts[1..] {
                    let chunk = render_blocks(&doc, &o, None, r.clone());
                    assert_balanced(&chunk);
                    html.push_str(&chunk);
                }
                html.push_str(&tail);
                assert_eq!(html, render(&doc, &o), "{rule:?} {first}/{rest}");
                if first == 6_000 && parts.len() > 1 {
                    let shown: usize =
                        doc.blocks[parts[0].clone()].iter().map(|b| b.text.len().max(80)).sum();
                    assert!(shown >= 6_000 || rule != FoldRule::None, "{shown}");
                }
            }
        }
    }
}

/// The lean shell plus its late parts, put where the widget inserts them (the items at the end
/// of the term index's list, the tail before the live region), is the whole render; the shell
/// alone is balanced markup, and the late parts are what a first screen does not need.
#[test]
fn late_parts_complete_the_lean_shell() {
    use report_reader::glossary::marks::{annotate, Density};
    use report_reader::glossary::matcher::Matcher;
    use report_reader::glossary::{harvest::harvest, Glossary, Mode};
    use report_reader::render::{render_lean_shell, render_with, GlossaryView};
    let no_terms = "某县2023年政府工作报告\n一、工作回顾\n过去一年，各项工作平稳推进。\n";
    for text in LAYOUTS.iter().copied().chain([no_terms]) {
        let doc = parse(text).expect("parses");
        let glossary = Glossary::build(Glossary::default_entries(), harvest(&doc), vec![], Mode::Merge);
        let matcher = Matcher::new(&glossary);
        let notes = annotate(&doc, &matcher, glossary.entries.len(), Density::First);
        for gloss in
            [None, Some(GlossaryView { glossary: &glossary, notes: &notes, issues: &[], failure: None })]
        {
            let whole = match gloss {
                Some(g) => render_with(&doc, &opts(), Some(g)),
                None => render(&doc, &opts()),
            };
            let (shell, late) = render_lean_shell(&doc, &opts(), gloss, doc.blocks.len());
            assert_balanced(&shell);
            assert_balanced(&late.tail);
            assert_balanced(&late.index);
            assert!(!shell.contains("part=\"endnotes\"") && !shell.contains("class=\"defs\""));
            assert_eq!(late.index.is_empty(), gloss.is_none_or(|g| g.notes.order.is_empty()));
            assert_eq!(late.tail.is_empty(), doc.removed.is_empty() && gloss.is_none());
            let mut html = shell.clone();
            if !late.index.is_empty() {
                let at = html.find("<ol class=\"terms\">").expect("the index has a list")
                    + "<ol class=\"terms\">".len();
                html.insert_str(at, &late.index);
            }
            let at = html.rfind("<p class=\"announce\"").expect("live region");
            html.insert_str(at, &late.tail);
            assert_eq!(html, whole, "{}", doc.title.as_deref().unwrap_or(""));
        }
    }
}

/// The outline marks the current section's entry, and only that one.
#[test]
fn the_current_section_is_marked_in_the_outline() {
    let doc = parse(include_str!("fixtures/national-crlf.txt")).expect("parses");
    for current in [None, Some(0), Some(doc.sections.len() - 1)] {
        let html = render(&doc, &RenderOptions { current, ..opts() });
        assert_balanced(&html);
        assert_eq!(html.matches("aria-current=").count(), usize::from(current.is_some()));
        if let Some(i) = current {
            let id = &doc.sections[i].id;
            assert!(html.contains(&format!("data-section=\"{id}\" aria-current=\"location\">")), "{id}");
        }
    }
}

/// `near` marks exactly the bodies that start within the budget (their heading's row fits in
/// it), counting each block's text and one line beside it ([`NEAR_BLOCK_EXTRA`]), and not
/// counting what folded sections hide.
#[test]
fn near_marks_the_bodies_that_start_on_the_first_screen() {
    use report_reader::render::NEAR_BLOCK_EXTRA;
    // (budget in bytes, sections folded by index)
    let cases: &[(usize, &[usize])] =
        &[(0, &[]), (1_000, &[]), (3_000, &[]), (3_000, &[0]), (10_000, &[1]), (1 << 30, &[])];
    for text in LAYOUTS {
        let doc = parse(text).expect("parses");
        for &(near, folds) in cases {
            let mut folded = vec![false; doc.sections.len()];
            let count = folded.len();
            for &f in folds.iter().filter(|&&f| f < count) {
                folded[f] = doc.sections[f].has_body();
            }
            let html = render(&doc, &RenderOptions { near, folded: folded.clone(), ..opts() });
            let marked: Vec<&str> = html
                .split("<div class=\"section-body ")
                .skip(1)
                .filter_map(|rest| {
                    let (classes, rest) = rest.split_once("\" id=\"").expect("a body's id follows its class");
                    classes.split(' ').any(|c| c == "near").then(|| &rest[..rest.find('"').expect("id ends")])
                })
                .collect();
            // What shows before block `end`: every block outside the bodies of folded sections.
            let hidden = |b: usize| {
                doc.sections.iter().enumerate().any(|(s, sec)| folded[s] && sec.heading < b && b < sec.end)
            };
            let shown_until = |end: usize| -> usize {
                (0..end).filter(|&b| !hidden(b)).map(|b| doc.blocks[b].text.len() + NEAR_BLOCK_EXTRA).sum()
            };
            let expected: Vec<String> = doc
                .sections
                .iter()
                .filter(|sec| {
                    near > 0
                        && shown_until(sec.heading) + doc.blocks[sec.heading].text.len() + NEAR_BLOCK_EXTRA
                            < near
                })
                .map(|sec| format!("rr1-{}-body", sec.id))
                .collect();
            assert_eq!(marked, expected, "budget {near}, folded {folds:?}");
            if near == 0 {
                assert!(!html.contains(" near\""), "no near bodies without a budget");
            }
        }
    }
}

/// `near_entries` marks the outline's top-level entries (`.outline > ol > li`, the unit the
/// stylesheet skips) that start within that many entries, counting every entry before them at
/// any depth; `opening` puts class `opening` on the root, and only then.
#[test]
fn near_entries_mark_the_outlines_first_screen_and_opening_marks_the_root() {
    for text in LAYOUTS {
        let doc = parse(text).expect("parses");
        for near_entries in [0, 1, 3, 8, 1 << 20] {
            for opening in [false, true] {
                let html = render(&doc, &RenderOptions { near_entries, opening, ..opts() });
                let outline = &html[html.find("part=\"outline\"").expect("outline")..];
                let outline = &outline[..outline.find("</nav>").expect("outline ends")];
                let marked: Vec<&str> = outline
                    .split("<li class=\"near\"><a href=\"#rr1-")
                    .skip(1)
                    .map(|rest| &rest[..rest.find('"').expect("href ends")])
                    .collect();
                let expected: Vec<&str> = doc
                    .sections
                    .iter()
                    .enumerate()
                    .filter(|(i, sec)| sec.depth == 1 && *i < near_entries)
                    .map(|(_, sec)| sec.id.as_str())
                    .collect();
                assert_eq!(marked, expected, "near_entries {near_entries}");
                assert_eq!(outline.matches("<li").count(), doc.sections.len(), "one entry per section");
                let root = &html[..html.find('>').expect("root tag")];
                assert_eq!(root.contains("class=\"rr opening\""), opening, "{root}");
                assert_eq!(html.matches("opening").count(), usize::from(opening), "the class, once");
            }
        }
    }
}

/// Each section body's placeholder class is its text's height in units as it first shows
/// (`render::estimate`): what a folded subsection hides does not count, a subsection's body is
/// never taller than the body it is in, and the markup carries the nearest class.
#[test]
fn placeholder_classes_follow_the_text_that_shows() {
    use report_reader::render::estimate::{body_units, bucket, bucket_value};
    // One part, a paragraph of 15 characters, a subsection of one of 7: each paragraph its
    // characters, 2 of indent and 31 for its margin and last line (1.925 em at 30 characters of
    // 1.85 em a line); a heading 1.07 units a character and 41 (2.56 em).
    let doc = parse("一、总体要求\n今年工作的总体要求是稳中求进。\n（一）稳增长\n扩大有效投资。\n")
        .expect("parses");
    let (part, sub) = (0, 1);
    assert_eq!(doc.sections[sub].parent, Some(part));
    let open = vec![false; 2];
    assert_eq!(body_units(&doc, sub, &open), 7 + 33);
    assert_eq!(body_units(&doc, part, &open), (15 + 33) + (6 + 41) + (7 + 33));
    assert_eq!(
        body_units(&doc, part, &[false, true]),
        (15 + 33) + (6 + 41),
        "a folded subsection shows its heading"
    );

    for text in LAYOUTS {
        let doc = parse(text).expect("parses");
        let all_open = vec![false; doc.sections.len()];
        for folded in [all_open.clone(), doc.sections.iter().map(|s| s.depth == 2 && s.has_body()).collect()]
        {
            let html = render(&doc, &RenderOptions { folded: folded.clone(), ..opts() });
            for (s, sec) in doc.sections.iter().enumerate() {
                let units = body_units(&doc, s, &folded);
                let k = bucket(units);
                let id = format!("\" id=\"rr1-{}-body\"", sec.id);
                let at = html.find(&id).expect("every section has a body");
                let open_tag = "<div class=\"section-body ";
                let start = html[..at].rfind(open_tag).expect("the body's tag") + open_tag.len();
                assert_eq!(html[start..at].split(' ').next(), Some(format!("u{k}").as_str()), "{}", sec.id);
                assert!(
                    units == 0 || (bucket_value(k) as f64 / units as f64).ln().abs() < 0.08,
                    "{}: {units} as {}",
                    sec.id,
                    bucket_value(k)
                );
                if let Some(p) = sec.parent.filter(|_| !folded[s]) {
                    assert!(units <= body_units(&doc, p, &folded), "{} is in its parent's body", sec.id);
                }
                // A body's estimate is of its text when it shows: its own fold does not change it.
                let mut unfolded = folded.clone();
                unfolded[s] = false;
                assert_eq!(units, body_units(&doc, s, &unfolded), "{}", sec.id);
            }
        }
    }
}
