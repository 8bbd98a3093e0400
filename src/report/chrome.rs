//! Site chrome: the portal's menus, breadcrumbs, page tools, metadata and footers that scraping
//! leaves around a report.
//!
//! A line is judged on its folded, space-free form (so `字体：大 中 小` and `字体:大中小` are the
//! same). Short lines are checked against the full rule table; long lines (real paragraphs are
//! long) only count as chrome when they talk about the *site* (`本站`, `转载`, `侵权`), which is
//! how portal disclaimers read. Rules that mark the end of an article (permalink, comments,
//! pager, related links, copyright) are [`Rule::terminal`]: the parser removes everything after
//! the first of them that follows the last real paragraph, because what follows a footer (lists
//! of other articles, captcha prompts) has no shape of its own.

use super::text::{char_len, fold, fold_char, is_space, lower_char};

/// Lines longer than this (in chars) are paragraphs unless they speak about the site itself.
const SHORT: usize = 60;

/// One chrome rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Why such a line is removed, in words shown to readers in the removed-content note.
    pub reason: &'static str,
    /// Whether the rule marks the end of the article (see the module docs).
    pub terminal: bool,
}

const NAV: Rule = Rule { reason: "navigation", terminal: false };
const TOOLS: Rule = Rule { reason: "page tools", terminal: false };
const META: Rule = Rule { reason: "article metadata", terminal: false };
const DISCLAIMER: Rule = Rule { reason: "disclaimer", terminal: true };
const PERMALINK: Rule = Rule { reason: "permalink", terminal: true };
const COMMENTS: Rule = Rule { reason: "comment form", terminal: true };
const PAGER: Rule = Rule { reason: "previous/next links", terminal: true };
const RELATED: Rule = Rule { reason: "related links", terminal: true };
const COPYRIGHT: Rule = Rule { reason: "site footer", terminal: true };
const EDITOR: Rule = Rule { reason: "editor credit", terminal: true };

/// Whole lines that are menu items or buttons.
const EXACT: &[(&str, Rule)] = &[
    ("导航菜单", NAV),
    ("导航", NAV),
    ("菜单", NAV),
    ("首页", NAV),
    ("网站首页", NAV),
    ("返回首页", NAV),
    ("返回顶部", TOOLS),
    ("回到顶部", TOOLS),
    ("打印", TOOLS),
    ("关闭", TOOLS),
    ("收藏", TOOLS),
    ("分享", TOOLS),
    ("搜索", NAV),
    ("登录", NAV),
    ("注册", NAV),
    ("评论", COMMENTS),
    ("提交", COMMENTS),
    ("发表", COMMENTS),
];

/// Line starts: breadcrumbs and article metadata.
const STARTS: &[(&str, Rule)] = &[
    ("首页>", NAV),
    ("首页»", NAV),
    ("首页/", NAV),
    ("首页→", NAV),
    ("首页-", NAV),
    ("当前位置", NAV),
    ("您现在的位置", NAV),
    ("您的位置", NAV),
    ("你的位置", NAV),
    ("你现在的位置", NAV),
    ("所在位置", NAV),
    ("位置:", NAV),
    ("发布时间", META),
    ("发布日期", META),
    ("发文日期", META),
    ("更新时间", META),
    ("时间:", META),
    ("日期:", META),
    ("来源:", META),
    ("信息来源", META),
    ("文章来源", META),
    ("稿源", META),
    ("作者:", META),
    ("编辑:", EDITOR),
    ("审核:", EDITOR),
    ("校对:", EDITOR),
    ("供稿:", META),
    ("浏览:", META),
    ("点击:", META),
    ("阅读:", META),
    ("标签:", META),
    ("关键词:", META),
    ("关键字:", META),
];

/// Substrings of short lines.
const CONTAINS: &[(&str, Rule)] = &[
    ("字体:", TOOLS),
    ("字号:", TOOLS),
    ("【字体", TOOLS),
    ("【字号", TOOLS),
    ("【打印", TOOLS),
    ("【关闭", TOOLS),
    ("【收藏", TOOLS),
    ("【纠错", TOOLS),
    ("打印本页", TOOLS),
    ("打印此页", TOOLS),
    ("关闭窗口", TOOLS),
    ("关闭本页", TOOLS),
    ("分享到", TOOLS),
    ("扫一扫", TOOLS),
    ("用手机看", TOOLS),
    ("浏览次数", META),
    ("阅读次数", META),
    ("点击数", META),
    ("点击量", META),
    ("访问量", META),
    ("阅读量", META),
    ("责任编辑", EDITOR),
    ("本文地址", PERMALINK),
    ("本文链接", PERMALINK),
    ("原文链接", PERMALINK),
    ("原文地址", PERMALINK),
    ("本页网址", PERMALINK),
    ("留言与评论", COMMENTS),
    ("发表评论", COMMENTS),
    ("网友评论", COMMENTS),
    ("我要评论", COMMENTS),
    ("我要留言", COMMENTS),
    ("条评论", COMMENTS),
    ("验证码", COMMENTS),
    ("上一篇", PAGER),
    ("下一篇", PAGER),
    ("上一条", PAGER),
    ("下一条", PAGER),
    ("相关阅读", RELATED),
    ("相关文章", RELATED),
    ("相关新闻", RELATED),
    ("相关链接", RELATED),
    ("推荐阅读", RELATED),
    ("热门文章", RELATED),
    ("热点文章", RELATED),
    ("延伸阅读", RELATED),
    ("猜你喜欢", RELATED),
    ("版权所有", COPYRIGHT),
    ("copyright", COPYRIGHT),
    ("©", COPYRIGHT),
    ("icp备", COPYRIGHT),
    ("icp证", COPYRIGHT),
    ("备案号", COPYRIGHT),
    ("备案编号", COPYRIGHT),
    ("公网安备", COPYRIGHT),
    ("网站标识码", COPYRIGHT),
    ("主办单位", COPYRIGHT),
    ("承办单位", COPYRIGHT),
    ("技术支持", COPYRIGHT),
    ("联系我们", COPYRIGHT),
    ("网站地图", COPYRIGHT),
    ("关于我们", COPYRIGHT),
    ("免责声明", DISCLAIMER),
    ("版权声明", DISCLAIMER),
    ("本站立场", DISCLAIMER),
    ("转载请注明", DISCLAIMER),
];

/// Words that make a *long* line a site notice rather than a paragraph of the report.
const SITE_WORDS: &[&str] = &["本站", "本网", "转载", "侵权", "版权", "免责"];

/// Classifies one line (as published). `None` means the line is not chrome.
pub fn classify(line: &str) -> Option<Rule> {
    // Most lines of a report are long paragraphs, and a long line is chrome only if it speaks
    // about the site: decided on the line itself, without building its key (parsing a 1 MB
    // report spent half its time on keys otherwise).
    if line.chars().map(fold_char).filter(|&c| !is_space(c)).nth(SHORT).is_some() {
        let (site, stance) = site_words_in_line(line);
        // A report paragraph may say 版权 once; a disclaimer names the site and its rules.
        return (site >= 2 || stance).then_some(DISCLAIMER);
    }
    let key: String = line.chars().map(fold_char).filter(|&c| !is_space(c)).map(lower_char).collect();
    short_rule(line, &key)
}

/// The rule a short line (at most [`SHORT`] chars of key) matches.
fn short_rule(line: &str, key: &str) -> Option<Rule> {
    if key.is_empty() {
        return None;
    }
    if let Some((_, r)) = EXACT.iter().find(|(p, _)| key == *p) {
        return Some(*r);
    }
    if let Some((_, r)) = STARTS.iter().find(|(p, _)| key.starts_with(p)) {
        return Some(*r);
    }
    if let Some((_, r)) = CONTAINS.iter().find(|(p, _)| has(key, p)) {
        return Some(*r);
    }
    if is_menu_bar(line) {
        return Some(NAV);
    }
    None
}

/// How many different [`SITE_WORDS`] a long line names, and whether it states the site's
/// stance (不代表本站, 本站立场), as its key would: they are Han, which folding and lower case
/// leave alone, so only spaces between their characters need skipping. Where one can start is
/// found on bytes (the three UTF-8 bytes of 本 转 侵 版 免 不), so most of a paragraph is never
/// decoded.
fn site_words_in_line(line: &str) -> (usize, bool) {
    let bytes = line.as_bytes();
    let mut seen = [false; SITE_WORDS.len()];
    let mut stance = false;
    let mut i = 0;
    while i + 2 < bytes.len() {
        let lead = bytes[i];
        // A three-byte char starts with 0xE0..=0xEF; anything else is stepped over byte by byte
        // (ASCII, two-byte chars and continuation bytes), four-byte chars as a whole.
        let step = match lead {
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        let at = i;
        i += step;
        if !matches!(
            (lead, bytes[at + 1], bytes[at + 2]),
            (0xE6, 0x9C, 0xAC) // 本
                | (0xE8, 0xBD, 0xAC) // 转
                | (0xE4, 0xBE, 0xB5) // 侵
                | (0xE7, 0x89, 0x88) // 版
                | (0xE5, 0x85, 0x8D) // 免
                | (0xE4, 0xB8, 0x8D) // 不
        ) {
            continue;
        }
        // The key from here: five chars are enough for the longest phrase.
        let mut next = ['\0'; 5];
        for (slot, c) in next.iter_mut().zip(line[at..].chars().map(fold_char).filter(|&c| !is_space(c))) {
            *slot = c;
        }
        let starts = |w: &str| w.chars().zip(next).filter(|(a, b)| a == b).count() == w.chars().count();
        for (k, w) in SITE_WORDS.iter().enumerate() {
            seen[k] |= starts(w);
        }
        stance |= starts("不代表本站") || starts("本站立场");
    }
    (seen.iter().filter(|&&s| s).count(), stance)
}

/// Whether `needle` occurs in `hay`, by plain comparison at each position: lines are short and
/// the rule table long, and `str::contains` sets up a two-way searcher for every call, which
/// costs more than the search itself here.
fn has(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    match needle.first() {
        None => true,
        Some(&first) => hay
            .iter()
            .enumerate()
            .take((hay.len() + 1).saturating_sub(needle.len()))
            .any(|(i, &b)| b == first && hay[i..].starts_with(needle)),
    }
}

/// A menu bar: four or more short items separated by spaces, `|` or `·`, with no sentence
/// punctuation (`首页 新闻中心 政务公开 办事服务 互动交流`).
fn is_menu_bar(line: &str) -> bool {
    let folded = fold(line);
    if folded.chars().any(|c| matches!(c, '。' | ',' | '，' | ';' | '!' | '?' | ':' | '、')) {
        return false;
    }
    let items: Vec<&str> = folded
        .split(|c: char| is_space(c) || matches!(c, '|' | '｜' | '·' | '•' | '/'))
        .filter(|s| !s.is_empty())
        .collect();
    let piped = folded.contains('|') || folded.contains('｜');
    (items.len() >= 4 || (piped && items.len() >= 2)) && items.iter().all(|s| char_len(s) <= 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line-level judgement of long lines is the key-level one, on lines made of the
    /// characters that matter: site words' characters, spaces of every kind (between them too),
    /// full-width forms, Han and ASCII, long and short.
    #[cfg(not(target_arch = "wasm32"))]
    mod same_as_the_key {
        use super::*;
        use proptest::prelude::*;

        /// [`classify`] before long lines were judged on the line itself: built the key always.
        fn reference(line: &str) -> Option<Rule> {
            // Most lines of a report are long paragraphs: measure the key before building it, and
            // build it for a long line only if the line holds the first character of a site word
            // (本站, 转载, 侵权, 版权, 免责, 本网). Parsing a 1 MB report spends its time here otherwise.
            let (mut len, mut spaced, mut site) = (0, false, false);
            for c in line.chars() {
                if is_space(fold_char(c)) {
                    spaced = true;
                } else {
                    len += 1;
                    site |= matches!(c, '本' | '转' | '侵' | '版' | '免');
                }
            }
            if len == 0 || (len > SHORT && !site) {
                return None;
            }
            // Folding and lower case map one char to one char, so `len` is the key's length.
            // The site words are Han, which neither changes: a long line without spaces is its own key.
            let key: std::borrow::Cow<str> = if len > SHORT && !spaced {
                std::borrow::Cow::Borrowed(line)
            } else {
                line.chars().map(fold_char).filter(|&c| !is_space(c)).map(lower_char).collect()
            };
            if len > SHORT {
                let (site, stance) = reference_site_words(&key);
                // A report paragraph may say 版权 once; a disclaimer names the site and its rules.
                return (site >= 2 || stance).then_some(DISCLAIMER);
            }
            if let Some((_, r)) = EXACT.iter().find(|(p, _)| key == *p) {
                return Some(*r);
            }
            if let Some((_, r)) = STARTS.iter().find(|(p, _)| key.starts_with(p)) {
                return Some(*r);
            }
            if let Some((_, r)) = CONTAINS.iter().find(|(p, _)| has(&key, p)) {
                return Some(*r);
            }
            if is_menu_bar(line) {
                return Some(NAV);
            }
            None
        }
        fn reference_site_words(key: &str) -> (usize, bool) {
            let mut seen = [false; SITE_WORDS.len()];
            let mut stance = false;
            for (i, c) in key.char_indices() {
                if matches!(c, '本' | '转' | '侵' | '版' | '免' | '不') {
                    let rest = &key[i..];
                    for (k, w) in SITE_WORDS.iter().enumerate() {
                        seen[k] |= rest.starts_with(w);
                    }
                    stance |= rest.starts_with("不代表本站") || rest.starts_with("本站立场");
                }
            }
            (seen.iter().filter(|&&s| s).count(), stance)
        }

        const ALPHABET: &[char] = &[
            '本', '站', '网', '转', '载', '侵', '权', '版', '免', '责', '不', '代', '表', '立', '场', '的',
            '年', '发', '展', ' ', '\u{3000}', '\u{a0}', '\t', '\u{200b}', 'a', 'Ｂ', '1', '：',
        ];

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]
            #[test]
            fn classify_matches_the_reference(picks in proptest::collection::vec(0..ALPHABET.len(), 0..160)) {
                let line: String = picks.iter().map(|&i| ALPHABET[i]).collect();
                prop_assert_eq!(classify(&line).map(|r| r.reason), reference(&line).map(|r| r.reason), "{:?}", line);
            }
        }

        #[test]
        fn long_disclaimers_with_spaces_inside_their_words() {
            let filler = "的".repeat(70);
            for line in [
                format!("{filler}本 站转\u{3000}载"),
                format!("{filler}不 代 表 本\u{a0}站 立场"),
                format!("本站{filler}版权"),
                format!("{filler}版权"),
                format!("{filler}不代表本"),
            ] {
                assert_eq!(classify(&line).map(|r| r.reason), reference(&line).map(|r| r.reason), "{line}");
            }
        }
    }

    #[test]
    fn chrome_lines() {
        let cases = [
            ("导航菜单", "navigation"),
            ("首页 > 政务公开 > 政府工作报告", "navigation"),
            ("当前位置：首页 - 规划计划", "navigation"),
            ("【字体：大 中 小】", "page tools"),
            ("【打印本页】 【关闭窗口】", "page tools"),
            ("发布时间：2022-01-10 来源：市政府办公室", "article metadata"),
            ("浏览次数：1024", "article metadata"),
            ("分享到：微信 微博 QQ", "page tools"),
            ("责任编辑：李四", "editor credit"),
            ("上一篇：2021年政府工作报告", "previous/next links"),
            ("本文地址:/baogao/huazhong/1323.html", "permalink"),
            ("留言与评论(共有 条评论)", "comment form"),
            ("验证码:", "comment form"),
            ("版权所有：济源市人民政府  豫ICP备05003425号", "site footer"),
            ("Copyright © 2022 All Rights Reserved", "site footer"),
            ("首页 新闻中心 政务公开 办事服务 互动交流", "navigation"),
            ("网站首页 | 政府信息公开", "navigation"),
            ("本文仅代表作者观点,不代表本站立场。 凡注明为博县网原创作品的,未经许可,不得转载;报告、公报、规划等总结类或文件类信息,本站展示并非全部都完整,建议您到相关地区政府官网浏览或下载完整版本;源于网络的作品,若对您造成了侵权,请联系本站。", "disclaimer"),
        ];
        for (line, reason) in cases {
            assert_eq!(classify(line).map(|r| r.reason), Some(reason), "{line}");
        }
    }

    #[test]
    fn report_lines_are_not_chrome() {
        let cases = [
            "(河南省)济源市2022年政府工作报告",
            "各位代表!",
            "一、2021年工作回顾",
            "（一）坚持创新驱动，加快产业转型",
            "——2022年1月5日在济源市第十三届人民代表大会第一次会议上",
            "市长 张三",
            "五年来,我们攻坚克难、革故鼎新。国家产城融合示范区挂牌成立,大部制机构改革圆满完成,体制改革取得历史性突破。先后承担国家级、省级改革试点30余项。",
            "加强知识产权保护，完善版权登记服务，推动版权产业发展，全市版权登记量增长30%以上，版权示范单位达到12家。",
            "附：名词解释",
            "2022年主要预期目标",
        ];
        for line in cases {
            assert!(classify(line).is_none(), "{line}");
        }
    }
}
