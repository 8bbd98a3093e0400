//! The report's own glossary: entries harvested from an appendix such as 附：名词解释 or 注释,
//! written as `1.两学一做：学党章党规……` or `【两仓】保税仓库和……`.

use super::entry::{validate, Entry, Origin, RawEntry};
use crate::report::text::{char_len, fold_char, is_han_numeral, trim};
use crate::report::{BlockKind, Document, HeadingKind};

/// Longest term accepted from an appendix line.
const MAX_HARVEST_TERM: usize = 30;

/// Entries from every appendix paragraph shaped like `term：definition`.
pub fn harvest(doc: &Document) -> Vec<Entry> {
    let mut out = Vec::new();
    for s in doc.sections.iter().filter(|s| s.kind == HeadingKind::Appendix) {
        for b in &doc.blocks[s.heading + 1..s.end] {
            if b.kind != BlockKind::Paragraph {
                continue;
            }
            if let Some((written, definition)) = split_entry(&b.text) {
                // “放管服”改革 is matched as written (quotes and all) and shown as 放管服改革.
                let term: String = written.chars().filter(|c| !is_quote(*c)).collect();
                let aliases = (term != written).then(|| vec![written]);
                let raw = RawEntry {
                    term: Some(term),
                    definition: Some(definition),
                    aliases,
                    ..Default::default()
                };
                if let (Some(e), _) = validate(raw, out.len(), Origin::Report) {
                    if !out.iter().any(|o: &Entry| o.term == e.term) {
                        out.push(e);
                    }
                }
            }
        }
    }
    out
}

fn is_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '「' | '」' | '‘' | '’')
}

/// Drops a leading entry number: `1.` `1、` `（1）` `(一)` `一、` `①`.
fn strip_number(s: &str) -> &str {
    let s = trim(s);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let f = |i: usize| chars.get(i).map(|&(_, c)| fold_char(c));
    let mut i = 0;
    if matches!(f(0), Some('(')) {
        let n = chars[1..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit() || is_han_numeral(fold_char(*c)))
            .count();
        if n > 0 && f(1 + n) == Some(')') {
            i = 2 + n;
        }
    } else if f(0).is_some_and(|c| ('①'..='⑳').contains(&c)) {
        i = 1;
    } else {
        let n =
            chars.iter().take_while(|(_, c)| fold_char(*c).is_ascii_digit() || is_han_numeral(*c)).count();
        if n > 0
            && n <= 3
            && matches!(f(n), Some('.' | '、'))
            && !f(n + 1).is_some_and(|c| c.is_ascii_digit())
        {
            i = n + 1;
        }
    }
    trim(chars.get(i).map_or("", |&(b, _)| &s[b..]))
}

/// Splits `term：definition` (also `:`, `——`, and `【term】definition`).
fn split_entry(line: &str) -> Option<(String, String)> {
    let s = strip_number(line);
    let (term, def) = if let Some(rest) = s.strip_prefix('【') {
        rest.split_once('】')?
    } else {
        let colon =
            s.char_indices().find(|&(_, c)| matches!(fold_char(c), ':')).map(|(i, c)| (i, c.len_utf8()));
        let dash = s.find("——").map(|i| (i, "——".len()));
        let (i, len) = match (colon, dash) {
            (Some(c), Some(d)) => {
                if c.0 < d.0 {
                    c
                } else {
                    d
                }
            }
            (c, d) => c.or(d)?,
        };
        (&s[..i], &s[i + len..])
    };
    let term = trim(term).to_owned();
    let def = trim(def).to_owned();
    let sentence = term.chars().any(|c| matches!(fold_char(c), '。' | ',' | '，' | ';' | '!' | '?'));
    (!term.is_empty() && char_len(&term) <= MAX_HARVEST_TERM && !sentence && char_len(&def) >= 2)
        .then_some((term, def))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::parse;

    #[test]
    fn entry_lines() {
        let cases = [
            (
                "1.两学一做：学党章党规、学系列讲话，做合格党员。",
                Some(("两学一做", "学党章党规、学系列讲话，做合格党员。")),
            ),
            ("2、“一岗双责”：领导干部负双重责任。", Some(("“一岗双责”", "领导干部负双重责任。"))),
            ("（3）两仓: 保税仓库和出口监管仓库。", Some(("两仓", "保税仓库和出口监管仓库。"))),
            ("【放管服】简政放权、放管结合、优化服务。", Some(("放管服", "简政放权、放管结合、优化服务。"))),
            ("①河长制——由各级党政负责人担任河长。", Some(("河长制", "由各级党政负责人担任河长。"))),
            ("这是一段普通的说明文字，没有冒号。", None),
            ("这是一个特别特别特别特别特别特别特别特别特别特别特别特别特别长的名字：说明。", None),
            ("全年增长6%，就业稳定：好于预期。", None),
        ];
        for (line, want) in cases {
            let got = split_entry(line);
            assert_eq!(got.as_ref().map(|(a, b)| (a.as_str(), b.as_str())), want, "{line}");
        }
    }

    #[test]
    fn harvests_only_appendix_paragraphs() {
        let doc = parse("工作报告\n一、回顾\n两学一做：正文里的冒号不算。\n附：名词解释\n1.两学一做：学党章党规、学系列讲话，做合格党员。\n2.一岗双责：领导干部对业务工作和党风廉政建设负双重责任。\n3.“放管服”改革：简政放权、放管结合、优化服务。")
            .expect("parses");
        let entries = harvest(&doc);
        let terms: Vec<&str> = entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["两学一做", "一岗双责", "放管服改革"]);
        assert_eq!(entries[2].aliases, ["“放管服”改革"]);
        assert!(harvest(&doc).iter().all(|e| e.origin == Origin::Report));
    }
}
