//! From text to [`Document`]: lines, chrome, title, front matter, blocks and headings.
//!
//! The parser works line by line (a scraped report has one paragraph per line, with or without
//! blank lines between), so CRLF, CR, blank lines and indentation with full-width spaces make
//! no difference. Headings are recognised by their numbering family (see [`HeadingKind`]); a
//! heading that opens a paragraph (`（一）坚持创新驱动。全年……`) is split into the heading and a
//! paragraph, so no text is lost. Reports with no numbered headings at all get their sections
//! from short lead sentences instead (`五年来,我们攻坚克难、革故鼎新。`).

use super::chrome::{self, Rule};
use super::error::ParseError;
use super::model::{Block, BlockKind, Document, FrontKind, FrontLine, HeadingKind, Removed};
use super::outline;
use super::text::{
    at_most, byte_at, char_len, first_sentence_end, fold, fold_char, is_han_numeral, is_space, lower_char,
    trim,
};

/// Longest heading (in chars, after the number) that is shown as a heading; a longer lead is
/// kept in its paragraph and the heading shows only the number.
const MAX_HEADING: usize = 60;
/// Longest lead sentence (chars, with its end mark) that makes a section in unnumbered reports.
const MAX_LEAD: usize = 28;
/// The same, for a paragraph whose opening clause repeats that of another lead (`五年来,…`).
const MAX_PARALLEL_LEAD: usize = 40;
/// Shortest rest of the paragraph (chars) after a lead sentence.
const MIN_LEAD_REST: usize = 30;

/// The largest report accepted, in bytes. A whole provincial report with appendices is well
/// under 1 MB; far beyond this the page would freeze while laying out, so the reader gets a
/// clear message instead.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// Decodes the bytes of a report: UTF-8 with or without a byte-order mark.
///
/// # Errors
/// [`ParseError::Utf16`] for a UTF-16 byte-order mark, [`ParseError::NotUtf8`] for anything
/// else that is not valid UTF-8 (GBK, binary files). Content checks happen in [`parse`].
pub fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    if bytes.len() > MAX_BYTES {
        return Err(ParseError::TooLarge { bytes: bytes.len(), max: MAX_BYTES });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ParseError::Utf16);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            // Binary data usually fails UTF-8 early; say "binary" when NULs show it plainly.
            if bytes.iter().take(4096).filter(|&&b| b == 0).count() > 0 {
                Err(ParseError::Binary { control_chars: bytes.iter().filter(|&&b| b < 9).count() })
            } else {
                Err(ParseError::NotUtf8 { offset: e.valid_up_to() })
            }
        }
    }
}

/// One non-empty source line.
#[derive(Debug, Clone)]
struct Line<'a> {
    /// 1-based line number.
    no: usize,
    /// Trimmed text as published.
    text: &'a str,
    /// Chrome rule that matched, if any.
    chrome: Option<Rule>,
}

/// Parses the text of a report.
///
/// # Errors
/// [`ParseError::Empty`], [`ParseError::Binary`], [`ParseError::HtmlPage`] or
/// [`ParseError::OnlyChrome`]; see each for what the input looked like.
pub fn parse(text: &str) -> Result<Document, ParseError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    check_content(text)?;

    // CRLF and lone CR (old Mac exports) become LF, so line numbers match what editors show.
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, trim(l)))
        .filter(|(_, l)| !l.is_empty())
        .map(|(no, text)| Line { no, text, chrome: chrome::classify(text) })
        .collect();

    let mut doc = Document::default();
    let title_at = find_title(&lines);
    let start = title_at.map_or(0, |t| t + 1);
    for l in &lines[..title_at.unwrap_or(0)] {
        doc.removed.push(Removed {
            line: l.no,
            text: l.text.to_owned(),
            reason: l.chrome.map_or("before the title", |r| r.reason),
        });
    }
    doc.title = title_at.map(|t| lines[t].text.to_owned());

    // The footer: from the first terminal chrome line after the last real paragraph.
    let last_prose = lines.iter().rposition(|l| l.chrome.is_none() && is_prose(l.text)).unwrap_or(0);
    let tail = lines
        .iter()
        .enumerate()
        .skip(start.max(last_prose + 1))
        .find(|(_, l)| l.chrome.is_some_and(|r| r.terminal))
        .map_or(lines.len(), |(i, _)| i);

    let mut body: Vec<&Line> = Vec::new();
    let mut in_front = title_at.is_some();
    for (i, l) in lines.iter().enumerate().skip(start) {
        if let Some(reason) = if i >= tail {
            Some(l.chrome.map_or("after the footer", |r| r.reason))
        } else {
            l.chrome.map(|r| r.reason)
        } {
            doc.removed.push(Removed { line: l.no, text: l.text.to_owned(), reason });
            continue;
        }
        if in_front {
            if let Some(kind) = front_kind(l.text, doc.front.len()) {
                doc.front.push(FrontLine { kind, text: l.text.to_owned() });
                continue;
            }
            in_front = false;
        }
        body.push(l);
    }

    let (blocks, heads) = blocks(&body);
    doc.blocks = blocks;
    if doc.blocks.is_empty() {
        return Err(if doc.removed.is_empty() && doc.title.is_none() {
            ParseError::Empty
        } else {
            ParseError::OnlyChrome { removed_lines: doc.removed.len() }
        });
    }
    outline::build(&mut doc, heads);
    Ok(doc)
}

/// What each byte may start, for [`check_content`]: 0 nothing; 1 a control char (C0 other than
/// line breaks, tabs and form feeds, or DEL); 2 a C1 control if the next byte is 0x80..=0x9F
/// (after 0xC2); 3 U+FFFD if the next two are 0xBF 0xBD (after 0xEF).
const CONTROL_START: [u8; 256] = {
    let mut kind = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        kind[b] = 1;
        b += 1;
    }
    kind[b'\n' as usize] = 0;
    kind[b'\r' as usize] = 0;
    kind[b'\t' as usize] = 0;
    kind[0x0C] = 0;
    kind[0x7F] = 1;
    kind[0xC2] = 2;
    kind[0xEF] = 3;
    kind
};

/// Rejects text that cannot be a report: empty, binary, or an HTML page.
fn check_content(text: &str) -> Result<(), ParseError> {
    if text.len() > MAX_BYTES {
        return Err(ParseError::TooLarge { bytes: text.len(), max: MAX_BYTES });
    }
    if text.chars().all(is_space) {
        return Err(ParseError::Empty);
    }
    // Control characters other than line breaks, tabs and form feeds (C0, DEL, C1) and
    // U+FFFD, counted on the UTF-8 bytes: this looks at every byte of a long report.
    let bytes = text.as_bytes();
    let mut control = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        // Almost every byte starts nothing to count: one table lookup decides.
        control += usize::from(match CONTROL_START[usize::from(b)] {
            0 => false,
            1 => true,
            2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
            _ => bytes.get(i + 1..i + 3) == Some(&[0xBF, 0xBD]),
        });
    }
    // Chars are the bytes that do not continue a UTF-8 sequence.
    let chars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    if text.contains('\0') || control * 100 > chars.max(1) {
        return Err(ParseError::Binary { control_chars: control });
    }
    let head: String = trim(text).chars().take(512).map(lower_char).collect();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<') && (head.contains("<head") || head.contains("<body")))
    {
        return Err(ParseError::HtmlPage);
    }
    Ok(())
}

/// A line that reads as running prose: long, with a sentence end.
fn is_prose(s: &str) -> bool {
    char_len(s) >= 40 && s.chars().any(super::text::is_sentence_end)
}

/// Index of the title line: the first non-chrome line that names a report (`…工作报告`),
/// else the first non-chrome line that is short and has no sentence punctuation.
fn find_title(lines: &[Line]) -> Option<usize> {
    let window = lines.len().min(40);
    let named = lines[..window].iter().position(|l| {
        let f = fold(l.text);
        l.chrome.is_none()
            && f.contains("报告")
            && char_len(&f) <= 60
            && !f.contains('。')
            && detect_heading(l.text).is_none()
    });
    named.or_else(|| {
        let i = lines.iter().position(|l| l.chrome.is_none())?;
        let t = lines[i].text;
        let short = char_len(t) <= 40 && !t.chars().any(super::text::is_clause_punct);
        (short && detect_heading(t).is_none() && !is_salutation(t)).then_some(i)
    })
}

/// What a line right after the title is, if it is front matter (`n` lines already taken).
fn front_kind(s: &str, n: usize) -> Option<FrontKind> {
    if n >= 4 || char_len(s) > 80 || s.contains('。') || is_salutation(s) || detect_heading(s).is_some() {
        return None;
    }
    let f = fold(s);
    let bare = f.trim_start_matches(['(', '（']).trim_end_matches([')', '）']);
    if f.starts_with('—')
        || f.starts_with("--")
        || f.starts_with('－')
        || f.starts_with('─')
        || ((f.contains("会议") || f.contains("大会")) && f.contains('在'))
    {
        return Some(FrontKind::Subtitle);
    }
    if is_date(bare) {
        return Some(FrontKind::Date);
    }
    const OFFICES: &[&str] = &[
        "市长",
        "省长",
        "县长",
        "区长",
        "州长",
        "旗长",
        "盟长",
        "主任",
        "总理",
        "书记",
        "主席",
        "镇长",
        "乡长",
        "人民政府",
    ];
    if char_len(&f) <= 30 && !f.contains(',') && OFFICES.iter().any(|o| f.contains(o)) {
        return Some(FrontKind::Speaker);
    }
    None
}

/// `2022年1月5日`, optionally with trailing words such as `发布`.
fn is_date(s: &str) -> bool {
    let s: String = s.chars().filter(|&c| !is_space(c)).collect();
    let mut parts = s.splitn(2, '年');
    let (Some(y), Some(rest)) = (parts.next(), parts.next()) else {
        return false;
    };
    let y_ok = char_len(y) == 4
        && y.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九')
        });
    y_ok && rest.contains('月') && rest.contains('日') && char_len(rest) <= 12
}

/// `各位代表！`, `各位代表、各位委员：`, `同志们：`.
pub(crate) fn is_salutation(s: &str) -> bool {
    // Salutations are short: 25 non-space chars are enough to decide, and cheap on paragraphs.
    let mut chars = s.chars().map(fold_char).filter(|&c| !is_space(c));
    // Every one starts with one of these (see `starts` below): most lines stop here.
    let Some(first) = chars.next().filter(|&c| matches!(c, '各' | '同' | '女' | '代' | '委')) else {
        return false;
    };
    let f: String = std::iter::once(first).chain(chars).take(25).collect();
    let n = char_len(&f);
    let starts = ["各位", "同志们", "女士们", "代表们", "委员们"].iter().any(|p| f.starts_with(p));
    starts && n <= 24 && (f.ends_with('!') || f.ends_with(':')) && !f.contains('。')
}

/// A recognised heading number at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HeadingMatch {
    pub kind: HeadingKind,
    /// Length of the number (with its separator and following spaces) in chars.
    pub number_len: usize,
}

/// Recognises the numbering families at the start of `s`.
pub(crate) fn detect_heading(s: &str) -> Option<HeadingMatch> {
    // Every family starts with one of a few characters (a number, 第, a parenthesis, or 附 名 注
    // for appendices): most lines are paragraphs and stop here.
    let lead = |c: char| {
        c == '第' || c == '(' || is_han_numeral(c) || c.is_ascii_digit() || matches!(c, '附' | '名' | '注')
    };
    // (A line starting with a space can only be an appendix heading, whose key skips spaces.)
    let lead_char = s.chars().map(fold_char).find(|&c| !is_space(c)).filter(|&c| lead(c))?;
    // Numbers sit at the start of the line: its first chars decide (paragraphs run to
    // hundreds of chars, and every line of the report comes through here several times, so
    // they go in a buffer on the stack rather than a new Vec).
    let mut buf = ['\0'; 64];
    let mut len = 0;
    for (slot, x) in buf.iter_mut().zip(s.chars()) {
        *slot = fold_char(x);
        len += 1;
    }
    let c = &buf[..len];
    let count = |from: usize, pred: fn(char) -> bool| c[from..].iter().take_while(|&&x| pred(x)).count();
    let is_digit = |x: char| x.is_ascii_digit();
    let after_spaces = |mut i: usize| {
        while i < c.len() && is_space(c[i]) {
            i += 1;
        }
        i
    };
    let m = |kind, end: usize| Some(HeadingMatch { kind, number_len: after_spaces(end) });
    let first = *c.first()?;

    // 附：名词解释 / 附件 / 附录 / 名词解释 / 注释: every one starts with 附, 名 or 注.
    // 21 chars are enough to know the key is longer than 20.
    let key: String = if matches!(lead_char, '附' | '名' | '注') {
        s.chars().map(fold_char).filter(|x| !is_space(*x)).take(21).collect()
    } else {
        String::new()
    };
    if !key.is_empty()
        && char_len(&key) <= 20
        && !key.contains('。')
        && (key.starts_with("附:")
            || key.starts_with("附件")
            || key.starts_with("附录")
            || key.starts_with("附表")
            || ["名词解释", "名词解释:", "注释", "注释:", "注解", "注解:", "附"].contains(&key.as_str()))
    {
        return Some(HeadingMatch { kind: HeadingKind::Appendix, number_len: 0 });
    }
    match first {
        '第' => {
            let n = count(1, is_han_numeral);
            let rest: String = c.get(1 + n..)?.iter().take(2).collect();
            if n > 0 && (rest.starts_with('章') || rest.starts_with('篇') || rest == "部分") {
                let end = 1 + n + char_len(if rest == "部分" { "部分" } else { "章" });
                // 第一部分 must be a heading, not "第一章节内容…": require a separator or short line.
                return m(HeadingKind::Part, end).filter(|_| {
                    char_len(s) <= end + 40 || matches!(c.get(end), Some(' ' | ':' | '、' | ','))
                });
            }
            None
        }
        '(' => {
            let han = count(1, is_han_numeral);
            let dig = count(1, is_digit);
            let (kind, n) = if han > 0 && han <= 3 {
                (HeadingKind::ParenHan, han)
            } else if dig > 0 && dig <= 2 {
                (HeadingKind::ParenArabic, dig)
            } else {
                return None;
            };
            (c.get(1 + n) == Some(&')')).then_some(())?;
            m(kind, 2 + n)
        }
        x if is_han_numeral(x) => {
            let n = count(0, is_han_numeral);
            let sep = *c.get(n)?;
            let next = c.get(n + 1).copied();
            // 一、二季度 / 三、四线城市 are enumerations, not headings.
            (n <= 3 && matches!(sep, '、' | '.') && !next.is_some_and(is_han_numeral))
                .then(|| m(HeadingKind::Han, n + 1))?
        }
        x if x.is_ascii_digit() => {
            let n = count(0, is_digit);
            let sep = *c.get(n)?;
            let next = c.get(n + 1).copied();
            // 1.4万个 / 3.5% are numbers, not headings.
            (n <= 2
                && matches!(sep, '.' | '、')
                && !next.is_some_and(|x| x.is_ascii_digit() || matches!(x, '%' | '‰')))
            .then(|| m(HeadingKind::Arabic, n + 1))?
        }
        _ => None,
    }
}

/// A heading split from its line: the heading text and what follows it in the same line.
struct Split<'a> {
    heading: &'a str,
    rest: Option<&'a str>,
}

/// Splits a numbered line into heading and paragraph (see [`MAX_HEADING`]).
fn split_numbered(s: &str, number_len: usize) -> Split<'_> {
    let after_at = byte_at(s, number_len);
    let after = &s[after_at..];
    let whole = char_len(after);
    let number_only = Split { heading: trim(&s[..after_at]), rest: Some(after) };
    match first_sentence_end(after) {
        Some(k) if k + 1 < whole => {
            let cut = after_at + byte_at(after, k + 1);
            if k < MAX_HEADING {
                Split { heading: &s[..cut], rest: Some(trim(&s[cut..])).filter(|r| !r.is_empty()) }
            } else {
                number_only
            }
        }
        _ if whole <= MAX_HEADING => Split { heading: s, rest: None },
        _ => number_only,
    }
}

/// A body line before headings are settled.
#[derive(Debug)]
enum Draft<'a> {
    Para(&'a str, usize),
    Salutation(&'a str, usize),
    Heading { kind: HeadingKind, number_len: usize, text: &'a str, line: usize },
}

/// Turns body lines into blocks, choosing headings; returns the blocks and their headings in
/// order (each heading block is a placeholder until [`outline::build`] numbers the sections).
fn blocks(body: &[&Line]) -> (Vec<Block>, Vec<Pending>) {
    let body = join_split_numbers(body);
    let mut drafts: Vec<Draft> = Vec::with_capacity(body.len());
    let mut in_appendix = false;
    for (i, (s, line)) in body.iter().enumerate() {
        let (s, line) = (s.as_ref(), *line);
        let h = detect_heading(s);
        if let Some(HeadingMatch { kind: HeadingKind::Appendix, number_len }) = h {
            in_appendix = true;
            drafts.push(Draft::Heading { kind: HeadingKind::Appendix, number_len, text: s, line });
        } else if in_appendix {
            // Inside an appendix numbered lines are entries (1.两学一做：……), not headings.
            drafts.push(Draft::Para(s, line));
        } else if is_salutation(s) {
            drafts.push(Draft::Salutation(s, line));
        } else if let Some(HeadingMatch { kind, number_len }) = h {
            drafts.push(Draft::Heading { kind, number_len, text: s, line });
        } else if is_plain_heading(s, body.get(i + 1).map(|(t, _)| t.as_ref())) {
            drafts.push(Draft::Heading { kind: HeadingKind::Plain, number_len: 0, text: s, line });
        } else {
            drafts.push(Draft::Para(s, line));
        }
    }
    demote_lists(&mut drafts);

    let numbered =
        drafts.iter().any(|d| matches!(d, Draft::Heading { kind, .. } if *kind != HeadingKind::Appendix));
    let leads = if numbered { Vec::new() } else { lead_sentences(&drafts) };

    let mut out = Vec::with_capacity(drafts.len() + leads.len());
    let mut heads = Vec::new();
    for (i, d) in drafts.into_iter().enumerate() {
        match d {
            Draft::Para(s, line) => match leads.get(i).copied().flatten() {
                Some(cut) => {
                    heads.push(Pending {
                        block: out.len(),
                        kind: HeadingKind::Lead,
                        number: None,
                        title: s[..cut].to_owned(),
                        lead: true,
                    });
                    out.push(Block { kind: BlockKind::Heading(usize::MAX), text: s[..cut].to_owned(), line });
                    out.push(Block { kind: BlockKind::Paragraph, text: trim(&s[cut..]).to_owned(), line });
                }
                None => out.push(Block { kind: BlockKind::Paragraph, text: s.to_owned(), line }),
            },
            Draft::Salutation(s, line) => {
                out.push(Block { kind: BlockKind::Salutation, text: s.to_owned(), line })
            }
            Draft::Heading { kind, number_len, text, line } => {
                let split = if matches!(kind, HeadingKind::Plain | HeadingKind::Appendix) {
                    Split { heading: text, rest: None }
                } else {
                    split_numbered(text, number_len)
                };
                let number_at = byte_at(text, number_len);
                let number = Some(trim(&text[..number_at]).to_owned()).filter(|n| !n.is_empty());
                let mut title = trim(&split.heading[number_at.min(split.heading.len())..]).to_owned();
                if title.is_empty() {
                    // Number-only heading: label the section with the opening clause.
                    title = split.rest.map(opening_clause).unwrap_or_default();
                }
                heads.push(Pending { block: out.len(), kind, number, title, lead: split.rest.is_some() });
                out.push(Block {
                    kind: BlockKind::Heading(usize::MAX),
                    text: split.heading.to_owned(),
                    line,
                });
                if let Some(rest) = split.rest {
                    out.push(Block { kind: BlockKind::Paragraph, text: rest.to_owned(), line });
                }
            }
        }
    }
    (out, heads)
}

/// A heading found by the parser, before the outline gives it a place in the tree.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    /// Index of the heading block.
    pub block: usize,
    /// Numbering family.
    pub kind: HeadingKind,
    /// Number as published.
    pub number: Option<String>,
    /// Title for the outline.
    pub title: String,
    /// Whether the heading opened a paragraph.
    pub lead: bool,
}

/// The first clause of a text (up to a comma or sentence end), at most 30 chars: a label for a
/// section whose heading is only a number.
fn opening_clause(s: &str) -> String {
    s.chars().take_while(|&c| !super::text::is_clause_punct(c)).take(30).collect()
}

/// Scrapers sometimes break a heading after its number (`一、` on one line, `过去一年工作回顾`
/// on the next): such a number-only line is joined with a short title line that follows.
fn join_split_numbers<'a>(body: &[&'a Line]) -> Vec<(std::borrow::Cow<'a, str>, usize)> {
    let mut out: Vec<(std::borrow::Cow<'a, str>, usize)> = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let (text, no) = (body[i].text, body[i].no);
        let number_only = detect_heading(text).is_some_and(|h| {
            !matches!(h.kind, HeadingKind::Appendix | HeadingKind::Plain) && h.number_len >= char_len(text)
        });
        let title = body.get(i + 1).map(|l| l.text).filter(|t| {
            at_most(t, 40)
                && detect_heading(t).is_none()
                && !is_salutation(t)
                && first_sentence_end(t).is_none_or(|k| k + 1 == char_len(t))
        });
        match title {
            Some(t) if number_only => {
                out.push((format!("{text}{t}").into(), no));
                i += 2;
            }
            _ => {
                out.push((text.into(), no));
                i += 1;
            }
        }
    }
    out
}

/// A short line on its own, without numbering or sentence punctuation, followed by a line that
/// has punctuation or a number: `2022年主要目标任务`. Signatures and dates at the end are
/// followed by nothing or by another bare line, so they stay paragraphs.
fn is_plain_heading(s: &str, next: Option<&str>) -> bool {
    if !at_most(s, 30) {
        return false;
    }
    let n = char_len(s);
    let has_cjk = s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    let bare = |t: &str| !t.chars().any(super::text::is_clause_punct);
    (2..=30).contains(&n)
        && has_cjk
        && bare(s)
        && !is_date(&fold(s))
        && next
            .is_some_and(|t| !bare(t) || detect_heading(t).is_some_and(|h| h.kind != HeadingKind::Appendix))
}

/// Numbered lines that are list items, not headings: a run of same-kind single-sentence lines
/// (`1.地区生产总值增长6.5%左右；` `2.……`), or any Arabic-numbered line ending in `；` or `，`.
fn demote_lists(drafts: &mut [Draft]) {
    let single = |d: &Draft| match d {
        Draft::Heading {
            kind: k @ (HeadingKind::Arabic | HeadingKind::ParenArabic),
            number_len,
            text,
            ..
        } => {
            let ends = text
                .chars()
                .next_back()
                .map(fold_char)
                .is_some_and(|c| matches!(c, ';' | ',' | '、' | '；' | '，'));
            let one = split_numbered(text, *number_len).rest.is_none();
            Some((*k, one, ends))
        }
        _ => None,
    };
    let info: Vec<_> = drafts.iter().map(single).collect();
    for i in 0..drafts.len() {
        let Some((k, one, ends)) = info[i] else {
            continue;
        };
        let same = |j: Option<usize>| {
            j.and_then(|j| info.get(j).copied().flatten()).is_some_and(|(k2, one2, _)| k2 == k && one2)
        };
        if ends || (one && (same(i.checked_sub(1)) || same(Some(i + 1)))) {
            if let Draft::Heading { text, line, .. } = drafts[i] {
                drafts[i] = Draft::Para(text, line);
            }
        }
    }
}

/// For reports without numbered headings: the byte position where each paragraph's lead
/// sentence ends, for the paragraphs that open with one.
fn lead_sentences(drafts: &[Draft]) -> Vec<Option<usize>> {
    // (sentence length in chars, opening clause, byte cut) per paragraph.
    let cand: Vec<Option<(usize, String, usize)>> = drafts
        .iter()
        .map(|d| {
            let Draft::Para(s, _) = d else { return None };
            let k = first_sentence_end(s)?;
            let rest = char_len(s) - (k + 1);
            let opening: String =
                s.chars().map(fold_char).take_while(|&c| c != ',' && c != '，').take(9).collect();
            (k + 1 >= 4 && rest >= MIN_LEAD_REST).then(|| (k + 1, opening, byte_at(s, k + 1)))
        })
        .collect();
    let base: Vec<&str> =
        cand.iter().flatten().filter(|(n, _, _)| *n <= MAX_LEAD).map(|(_, o, _)| o.as_str()).collect();
    cand.iter()
        .map(|c| {
            let (n, opening, cut) = c.as_ref()?;
            let parallel = char_len(opening) <= 8 && base.iter().filter(|o| *o == opening).count() >= 2;
            (*n <= MAX_LEAD || (parallel && *n <= MAX_PARALLEL_LEAD)).then_some(*cut)
        })
        .collect()
}
