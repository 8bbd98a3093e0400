//! The parser on the seed and on the other layouts of the family, table-driven.

mod common;

use common::{outline, SEED};
use report_reader::report::{decode, parse, BlockKind, FrontKind, HeadingKind, ParseError};

/// One layout: its text and what a reader must see.
struct Case {
    name: &'static str,
    text: &'static str,
    title: Option<&'static str>,
    front: &'static [(FrontKind, &'static str)],
    outline: &'static str,
    paragraphs: usize,
    salutations: usize,
    /// Substrings that must be set aside as chrome (and so be absent from the body).
    chrome: &'static [&'static str],
}

const FIXTURES: &[Case] = &[
    Case {
        name: "seed: Jiyuan 2022, lead sentences, half-width punctuation, portal chrome",
        text: SEED,
        title: Some("(河南省)济源市2022年政府工作报告"),
        front: &[],
        outline: "五年来,我们攻坚克难、革故鼎新。
五年来,我们统筹全域、一体推进。
五年来,我们倾力民生、普惠共建。
五年来,我们改进作风、务实担当。
五年来,我们深化全民国防教育,积极推进军民融合发展,退役军人服务保障不断强化。
历尽天华成此景,人间万事出艰辛。
惟其笃行,弥足珍贵;惟其磨砺,始得玉成。
安不忘危,兴不忘忧。",
        paragraphs: 8,
        salutations: 3,
        chrome: &["导航菜单", "本文仅代表作者观点", "本文地址", "留言与评论", "验证码"],
    },
    Case {
        name: "national: CRLF, no blank lines, 一、 lines, （一） and 1. lead sentences, appendix",
        text: include_str!("fixtures/national-crlf.txt"),
        title: Some("政府工作报告"),
        front: &[
            (FrontKind::Subtitle, "——2023年1月12日在星湖市第十五届人民代表大会第二次会议上"),
            (FrontKind::Speaker, "星湖市市长\u{3000}李明"),
        ],
        outline: "一、2022年工作回顾
  （一）坚持项目为王，经济发展稳中有进。
  （二）坚持创新驱动，动能转换步伐加快。
  （三）坚持生态优先，环境质量持续改善。
二、2023年工作安排
  （一）着力扩大有效需求。
    1.扩大有效投资。
    2.促进消费回暖。
  （二）着力推进乡村振兴。
三、加强政府自身建设
附：名词解释",
        paragraphs: 13,
        salutations: 2,
        chrome: &[
            "首页 > 政务公开",
            "【字体：大 中 小】",
            "发布时间",
            "上一篇",
            "下一篇",
            "责任编辑",
            "分享到",
            "版权所有",
            "备案号",
        ],
    },
    Case {
        name: "county: BOM, blank lines, 第一部分 > 一、 > (一) > (1), half-width brackets, related links",
        text: include_str!("fixtures/county-parts.txt"),
        title: Some("2021年云岭县人民政府工作报告"),
        front: &[
            (FrontKind::Subtitle, "(2021年2月3日在云岭县第十七届人民代表大会第五次会议上)"),
            (FrontKind::Speaker, "县长 赵红"),
        ],
        outline: "第一部分 \"十三五\"时期发展成就
  一、综合实力显著增强
  二、民生福祉持续改善
    (一)教育事业
    (二)医疗卫生
      (1)县级医院能力提升。
      (2)基层医疗服务。
第二部分 \"十四五\"时期目标任务",
        paragraphs: 6,
        salutations: 2,
        chrome: &[
            "网站首页 | 新闻中心",
            "当前位置",
            "责任编辑",
            "相关文章",
            "2020年云岭县人民政府工作报告",
            "统计公报",
            "Copyright",
        ],
    },
    Case {
        name: "district: full-width digits, unnumbered heading lines, 1、 numbering, a target list",
        text: include_str!("fixtures/district-plain.txt"),
        title: Some("青川区２０２２年政府工作报告"),
        front: &[(FrontKind::Date, "二〇二二年一月六日")],
        outline: "２０２１年工作回顾
２０２２年主要目标
重点工作
  １、聚焦产业升级。
  ２、聚焦民生保障。",
        paragraphs: 7,
        salutations: 1,
        chrome: &["青川区人民政府门户网站", "您现在的位置", "打印本页"],
    },
    Case {
        name: "state council on a national portal: site name, breadcrumb with >>, metadata and tools after the front matter",
        text: include_str!("fixtures/state-council-gov.txt"),
        title: Some("政府工作报告"),
        front: &[(FrontKind::Subtitle, "——2023年3月5日在第十四届全国人民代表大会第一次会议上"), (FrontKind::Speaker, "国务院总理\u{3000}李克强")],
        outline: "一、过去一年和五年工作回顾
  （一）着力稳定宏观经济大盘，保持经济运行在合理区间。
  （二）坚持实施创新驱动发展战略，推动产业结构优化升级。
二、对今年政府工作的建议
  （一）着力扩大国内需求。
  （二）加快建设现代化产业体系。",
        paragraphs: 9,
        salutations: 2,
        chrome: &["中国政府网", "首页 >> 国务院", "发布时间", "字号", "责任编辑", "扫一扫"],
    },
];

#[test]
fn fixtures_parse_as_a_reader_expects() {
    for case in FIXTURES {
        let doc = parse(case.text).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(doc.title.as_deref(), case.title, "{}: title", case.name);
        let front: Vec<(FrontKind, &str)> = doc.front.iter().map(|f| (f.kind, f.text.as_str())).collect();
        assert_eq!(front, case.front, "{}: front matter", case.name);
        assert_eq!(outline(&doc), case.outline, "{}: outline", case.name);
        let (p, s, _) = doc.counts();
        assert_eq!((p, s), (case.paragraphs, case.salutations), "{}: paragraphs and salutations", case.name);
        let body = doc.body_text();
        for chrome in case.chrome {
            assert!(!body.contains(chrome), "{}: chrome {chrome:?} left in the body", case.name);
            assert!(
                doc.removed.iter().any(|r| r.text.contains(chrome)),
                "{}: chrome {chrome:?} not kept in `removed`",
                case.name
            );
        }
    }
}

/// Nothing of the source is lost: every non-blank line is in the title, the front matter, the
/// body (whole, or split into a heading and its paragraph) or the removed list.
#[test]
fn every_line_is_accounted_for() {
    for case in FIXTURES {
        let doc = parse(case.text).expect("parses");
        let mut kept: Vec<String> = doc.title.iter().cloned().collect();
        kept.extend(doc.front.iter().map(|f| f.text.clone()));
        let mut by_line: Vec<(usize, String)> = Vec::new();
        for b in &doc.blocks {
            match by_line.last_mut() {
                Some((l, t)) if *l == b.line => t.push_str(&b.text),
                _ => by_line.push((b.line, b.text.clone())),
            }
        }
        kept.extend(by_line.into_iter().map(|(_, t)| t));
        kept.extend(doc.removed.iter().map(|r| r.text.clone()));
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let source: Vec<String> =
            case.text.trim_start_matches('\u{FEFF}').lines().map(squash).filter(|l| !l.is_empty()).collect();
        let kept: Vec<String> = kept.iter().map(|s| squash(s)).collect();
        let mut sorted_source = source.clone();
        let mut sorted_kept = kept.clone();
        sorted_source.sort();
        sorted_kept.sort();
        assert_eq!(sorted_kept, sorted_source, "{}", case.name);
    }
}

#[test]
fn sections_nest_and_cover_their_blocks() {
    for case in FIXTURES {
        let doc = parse(case.text).expect("parses");
        for (i, s) in doc.sections.iter().enumerate() {
            assert_eq!(
                doc.blocks[s.heading].kind,
                BlockKind::Heading(i),
                "{}: heading of {}",
                case.name,
                s.id
            );
            assert!(s.end > s.heading && s.end <= doc.blocks.len(), "{}: range of {}", case.name, s.id);
            if let Some(p) = s.parent {
                let parent = &doc.sections[p];
                assert!(
                    parent.heading < s.heading && s.end <= parent.end,
                    "{}: {} outside its parent",
                    case.name,
                    s.id
                );
                assert_eq!(parent.depth + 1, s.depth, "{}: depth of {}", case.name, s.id);
            } else {
                assert_eq!(s.depth, 1);
            }
        }
    }
}

/// Salutations are never folded away with the section before them.
#[test]
fn salutations_stay_outside_the_section_before_them() {
    let doc = parse(SEED).expect("parses");
    for (i, b) in doc.blocks.iter().enumerate() {
        if b.kind == BlockKind::Salutation {
            assert!(
                doc.sections.iter().all(|s| !(s.heading < i && i < s.end)),
                "salutation at {i} is inside a section"
            );
        }
    }
}

/// Small layouts, one per heading family or trap: text → outline (`depth:label` lines).
#[test]
fn heading_families() {
    let cases: &[(&str, &str)] = &[
        ("工作报告\n一、回顾\n正文一段，有内容。\n二、计划\n正文二段，有内容。", "1:一、回顾|1:二、计划"),
        ("工作报告\n（一）稳增长\n正文，很长的正文内容。\n（二）促改革\n正文，很长的正文内容。", "1:（一）稳增长|1:（二）促改革"),
        ("工作报告\n(一)稳增长。全年增长6%，好于预期。\n(二)促改革。改革持续深化，成效明显。", "1:(一)稳增长。|1:(二)促改革。"),
        ("工作报告\n一、回顾\n1、工业。工业增长7%，较快。\n2、农业。农业稳定，粮食丰收。", "1:一、回顾|2:1、工业。|2:2、农业。"),
        ("工作报告\n一、回顾\n（1）工业。工业增长7%，较快。\n（2）农业。农业稳定，粮食丰收。", "1:一、回顾|2:（1）工业。|2:（2）农业。"),
        ("工作报告\n第一章 总则\n一、目的\n为了规范，制定本报告。\n第二章 分则\n一、范围\n适用于全市，全面执行。", "1:第一章 总则|2:一、目的|1:第二章 分则|2:一、范围"),
        ("工作报告\n一、回顾\n一、二季度经济增长较快，三、四线城市房价平稳。", "1:一、回顾"),
        ("工作报告\n一、回顾\n1.4万人实现就业，比上年增长，成效明显。\n3.5%的增速高于全省，位居前列。", "1:一、回顾"),
        ("工作报告\n一、目标\n1.生产总值增长6%；\n2.财政收入增长5%；\n3.失业率低于5.5%。", "1:一、目标"),
        ("工作报告\n一、回顾\n正文，有内容。\n附：名词解释\n1.两学一做：学党章党规、学系列讲话，做合格党员。\n2.放管服：简政放权、放管结合、优化服务。", "1:一、回顾|1:附：名词解释"),
        ("工作报告\n十一、加强自身建设\n正文，有内容。\n十二、其他\n正文，有内容。", "1:十一、加强自身建设|1:十二、其他"),
        ("工作报告\n　　一、　回顾\n　　正文，有内容。", "1:一、回顾"),
        // A heading broken after its number by the scraper is joined again.
        ("工作报告\n一、\n过去一年工作回顾\n正文，有内容。\n（一）\n经济运行\n正文，有内容。", "1:一、过去一年工作回顾|2:（一）经济运行"),
    ];
    for (text, want) in cases {
        let doc = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let got = doc
            .sections
            .iter()
            .map(|s| format!("{}:{}", s.depth, s.label(100)))
            .collect::<Vec<_>>()
            .join("|");
        assert_eq!(got, *want, "{text}");
    }
}

#[test]
fn salutation_variants() {
    for s in [
        "各位代表！",
        "各位代表!",
        "各位代表：",
        "各位代表、各位委员：",
        "各位代表，各位委员，同志们：",
        "同志们！",
        "各位代表:",
    ] {
        let doc = parse(&format!("工作报告\n{s}\n现在，我代表市人民政府，向大会报告工作。")).expect("parses");
        assert_eq!(doc.blocks[0].kind, BlockKind::Salutation, "{s}");
    }
}

#[test]
fn unnumbered_reports_use_short_lead_sentences_only() {
    // The first sentence is long: no section; a short one with a long rest: a section.
    let text = "工作报告\n现在，我代表市人民政府，向大会报告政府工作，请予审议，并请政协委员和其他列席人员提出意见。\n过去一年极不平凡。面对复杂严峻的形势，我们坚持稳中求进工作总基调，经济社会发展取得新成效。";
    let doc = parse(text).expect("parses");
    assert_eq!(doc.sections.len(), 1);
    assert_eq!(doc.sections[0].kind, HeadingKind::Lead);
    assert_eq!(doc.sections[0].title, "过去一年极不平凡。");
}

#[test]
fn ids_keep_chinese_and_are_unique() {
    for case in FIXTURES {
        let doc = parse(case.text).expect("parses");
        let mut ids: Vec<&str> = doc.sections.iter().map(|s| s.id.as_str()).collect();
        for id in &ids {
            assert!(!id.is_empty() && !id.contains(char::is_whitespace), "{}: id {id:?}", case.name);
        }
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "{}: duplicate ids", case.name);
    }
    let doc = parse(include_str!("fixtures/national-crlf.txt")).expect("parses");
    let ids: Vec<&str> = doc.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids[..3],
        ["1-2022年工作回顾", "1-1-坚持项目为王经济发展稳中有进", "1-2-坚持创新驱动动能转换步伐加快"]
    );
    // Two sections with the same title still get distinct ids (the numbering path differs).
    let doc = parse("工作报告\n一、回顾\n正文，有内容。\n二、回顾\n正文，有内容。").expect("parses");
    assert_eq!(doc.sections.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["1-回顾", "2-回顾"]);
}

#[test]
fn bad_input_is_a_typed_error() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "empty"),
        (b"   \n\r\n\t  ", "empty"),
        ("\u{3000}\u{3000}\n".as_bytes(), "empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01", "binary"),
        (b"\xd5\xfe\xb8\xae\xb9\xa4\xd7\xf7\xb1\xa8\xb8\xe6", "not-utf8"), // 政府工作报告 in GBK
        (b"\xff\xfe\x3f\x65", "utf16"),
        (b"<!DOCTYPE html><html><head><title>404</title></head><body>Not Found</body></html>", "html-page"),
        ("导航菜单\n首页 > 政务公开\n版权所有 © 2022\n".as_bytes(), "only-chrome"),
        ("text\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}".as_bytes(), "binary"),
    ];
    for (bytes, code) in cases {
        let got = decode(bytes).and_then(|t| parse(&t));
        match got {
            Err(e) => {
                assert_eq!(e.code(), *code, "{bytes:?}");
                assert!(!e.to_string().is_empty());
            }
            Ok(doc) => panic!("{bytes:?}: parsed as {doc:?}"),
        }
    }
    assert_eq!(parse("导航菜单\n首页"), Err(ParseError::OnlyChrome { removed_lines: 2 }));
}

/// A report is binary when more than 1 in 100 of its chars are control chars (C0 other than
/// line breaks, tabs and form feeds, DEL, C1) or U+FFFD; each kind is counted exactly.
#[test]
fn control_characters_are_counted_by_kind() {
    let body = "政府工作报告\n各位代表！现在，我代表市人民政府向大会报告工作，请予审议。\n".repeat(4);
    let chars = body.chars().count();
    for (kind, c) in [
        ("C0", '\u{1}'),
        ("DEL", '\u{7F}'),
        ("C1 (0xC2 0x80)", '\u{80}'),
        ("C1 (0xC2 0x9F)", '\u{9F}'),
        ("replacement", '\u{FFFD}'),
    ] {
        // Few enough: a report with a stray one still parses.
        let one = format!("{body}{c}");
        assert!(parse(&one).is_ok(), "{kind}: one in {chars}");
        // Over 1 in 100: binary, with the count of what was found.
        let n = chars / 100 + 2;
        let many = format!("{body}{}", c.to_string().repeat(n));
        assert_eq!(parse(&many), Err(ParseError::Binary { control_chars: n }), "{kind}");
    }
    // A single NUL is enough: no text file has one.
    assert_eq!(parse(&format!("{body}\0")), Err(ParseError::Binary { control_chars: 1 }));
    assert_eq!(parse(&format!("\0{body}\u{1}")), Err(ParseError::Binary { control_chars: 2 }));
    // Line breaks, tabs, form feeds, and neighbours of the counted kinds are never counted.
    let allowed = format!("{body}{}", "\t\r\n\u{0C}\u{A0}\u{A1}\u{7E}\u{FFFC}\u{FFFE}".repeat(chars));
    assert!(parse(&allowed).is_ok());
}

#[test]
fn bom_crlf_and_blank_lines_make_no_difference() {
    let plain = parse(SEED).expect("parses");
    let variants = [
        format!("\u{FEFF}{SEED}"),
        SEED.replace('\n', "\r\n"),
        SEED.replace('\n', "\r"),
        SEED.replace("\n\n", "\n"),
        SEED.replace("\n  ", "\n\u{3000}\u{3000}"),
    ];
    for v in &variants {
        let doc = parse(v).expect("parses");
        assert_eq!(outline(&doc), outline(&plain));
        assert_eq!(doc.body_text(), plain.body_text());
        assert_eq!(doc.title, plain.title);
    }
}

/// Ids for every heading family: numbering path plus a slug that keeps Chinese, never empty,
/// unique even when titles repeat or have no letters at all.
#[test]
fn ids_for_every_family() {
    let cases: &[(&str, &[&str])] = &[
        ("工作报告\n第一部分 总体要求\n正文，有内容。", &["1-总体要求"]),
        ("工作报告\n一、回顾\n正文，有内容。", &["1-回顾"]),
        ("工作报告\n（一）稳增长\n正文，有内容。", &["1-稳增长"]),
        ("工作报告\n(一)稳增长。正文，有内容。", &["1-稳增长"]),
        ("工作报告\n一、甲\n1.工业。正文，有内容。\n2、农业。正文，有内容。", &["1-甲", "1-1-工业", "1-2-农业"]),
        ("工作报告\n一、甲\n（1）工业。正文，有内容。", &["1-甲", "1-1-工业"]),
        ("工作报告\n总体安排\n正文，有内容。", &["1-总体安排"]),
        ("工作报告\n附：名词解释\n两学一做：学党章党规。", &["1-附名词解释"]),
        ("工作报告\n附\n两学一做：学党章党规。", &["1-附"]),
        ("工作报告\n一、\n过去一年工作回顾\n正文，有内容。\n二、：；\n正文，有内容。", &["1-过去一年工作回顾", "2"]),
        ("工作报告\n一、回顾\n正文，有内容。\n二、回顾\n正文，有内容。", &["1-回顾", "2-回顾"]),
        ("工作报告\n一、Open Data 开放数据\n正文，有内容。", &["1-open-data-开放数据"]),
        ("工作报告\n五年来,我们攻坚克难。国家产城融合示范区挂牌成立,大部制机构改革圆满完成,体制改革取得历史性突破。", &["1-五年来我们攻坚克难"]),
    ];
    for (text, want) in cases {
        let doc = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let ids: Vec<&str> = doc.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, *want, "{text}");
    }
}

/// Hostile shapes that must still read (or fail with a specific error), never panic.
#[test]
fn hostile_shapes() {
    // 10 MB: a specific error, not a frozen page.
    let big = "各位代表，推进乡村振兴。".repeat(10 * 1024 * 1024 / 36 + 1);
    assert_eq!(parse(&big).map(|_| ()).map_err(|e| e.code()), Err("too-large"));
    assert_eq!(decode(big.as_bytes()).map(|_| ()).map_err(|e| e.code()), Err("too-large"));
    // One enormous line (2 MB, no line break): one paragraph, whole.
    let line = "推进乡村振兴，深化放管服改革。".repeat(2 * 1024 * 1024 / 45);
    let doc = parse(&line).expect("parses");
    let body: String = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(body == line, "the enormous line did not survive whole ({} of {} bytes)", body.len(), line.len());
    // Numbering that skips and nests ten deep: every heading kept, depth by family order.
    let deep = "工作报告\n总体安排\n第一部分 总\n一、甲\n（一）乙\n1.丙。正文，有内容。\n（1）丁。正文，有内容。\n三、跳号\n正文，有内容。\n（五）又跳\n正文，有内容。";
    let doc = parse(deep).expect("parses");
    let depths: Vec<usize> = doc.sections.iter().map(|s| s.depth).collect();
    assert_eq!(depths, [1, 2, 3, 4, 5, 6, 3, 4]);
    // Only site chrome.
    assert_eq!(
        parse("导航菜单\n首页 > 政务公开\n版权所有").map(|_| ()).map_err(|e| e.code()),
        Err("only-chrome")
    );
}
