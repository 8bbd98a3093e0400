//! Every term and alias found leftmost-longest, so that 产城融合示范区 wins over 产城融合: one
//! Aho-Corasick automaton built once per glossary and run over each block's text, or for a
//! short report a scan by first character, which finds the same and costs nothing to build.
//!
//! Width folding: every pattern is added in its half-width form and, when it has ASCII
//! characters, in its full-width form too (ASCII case ignored), so `1+8` matches `１＋８` and
//! the other way round. The text itself is never copied or rewritten, so hits are byte ranges
//! of the original text and matching runs at the automaton's full speed. (A term written with
//! half- and full-width characters mixed in one word is not found; reports do not do that.)

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Input, MatchKind};

use super::Glossary;
use crate::report::text::fold_char;

/// One occurrence of a glossary entry in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the first byte, in the original text.
    pub start: usize,
    /// Byte offset one past the last byte, in the original text.
    pub end: usize,
    /// Index of the entry in [`Glossary::entries`].
    pub entry: usize,
}

/// The folded comparison key of a term: folded width, ASCII lower case, surrounding quotation
/// marks dropped (“两仓” and 两仓 are the same term).
pub fn key(term: &str) -> String {
    let folded: String = term.trim().chars().map(|c| fold_char(c).to_ascii_lowercase()).collect();
    folded
        .trim_matches(|c| matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」' | '『' | '』'))
        .to_owned()
}

/// The full-width form of a folded key (ASCII `!`–`~` → U+FF01–U+FF5E), if it differs.
fn widen(key: &str) -> Option<String> {
    key.is_ascii_graphic_any().then(|| {
        key.chars()
            .map(
                |c| if ('!'..='~').contains(&c) { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c },
            )
            .collect()
    })
}

trait AnyAscii {
    fn is_ascii_graphic_any(&self) -> bool;
}

impl AnyAscii for str {
    fn is_ascii_graphic_any(&self) -> bool {
        self.chars().any(|c| c.is_ascii_graphic())
    }
}

/// The automaton itself, used directly rather than through `AhoCorasick`, whose run-time
/// choice of three automata, overlapping searches and `Debug` impls cost the .wasm about 30 KB.
///
/// In the browser, a contiguous NFA: it builds and matches a 1 MB report with 300 terms in
/// less time than a DFA takes to build alone (the DFA's table is states × byte classes, Chinese
/// text has many byte classes, and filling it is slow in wasm; see `npm run bench`). Natively
/// the DFA builds in a millisecond or two and matches faster, so there it is the one used. For
/// short texts, and when a huge glossary exceeds an automaton's limits, no automaton but a
/// [`Scan`].
#[derive(Debug, Clone)]
enum Engine {
    #[cfg(not(target_arch = "wasm32"))]
    Dfa(Box<aho_corasick::dfa::DFA>),
    // Automata boxed: one per widget, and the scan is a tenth of their size.
    Contiguous(Box<contiguous::NFA>),
    Scan(Scan),
}

/// The automaton [`Matcher::new`] builds (see [`Engine`]).
#[cfg(target_arch = "wasm32")]
const DEFAULT_ENGINE: EngineKind = EngineKind::Contiguous;
#[cfg(not(target_arch = "wasm32"))]
const DEFAULT_ENGINE: EngineKind = EngineKind::Dfa;

/// Which automaton [`Matcher::with_engine`] builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    /// A DFA (native builds only; see [`Matcher::new`]).
    #[cfg(not(target_arch = "wasm32"))]
    Dfa,
    /// A contiguous NFA.
    Contiguous,
    /// No automaton: patterns by first character, tried longest first at each character of
    /// the text (see [`Matcher::for_short_texts`]).
    Scan,
}

/// Every non-overlapping match of `a` in `text`, as hits.
fn find_all<A: Automaton>(a: &A, text: &str, entry_of: &[usize]) -> Vec<Hit> {
    // Errors are impossible for an unanchored search with no match limits; none means no hits.
    a.try_find_iter(Input::new(text))
        .map(|it| {
            it.map(|m| Hit { start: m.start(), end: m.end(), entry: entry_of[m.pattern().as_usize()] })
                .collect()
        })
        .unwrap_or_default()
}

/// Patterns by first character, for short texts: at each character of the text, the longest
/// pattern that starts there wins and the search goes on after it, which is exactly what a
/// leftmost-longest automaton finds. Building it is one sort, where an automaton of a 300-term
/// glossary takes milliseconds to build in wasm; matching costs a binary search per character,
/// which only long texts notice.
#[derive(Debug, Clone)]
struct Scan {
    patterns: Vec<String>,
    /// Pattern indices by first character (ASCII lower case), longer first, then in order.
    order: Vec<usize>,
    /// Each first character and its range of `order`, sorted by character.
    firsts: Vec<(char, usize, usize)>,
}

impl Scan {
    fn new(patterns: Vec<String>) -> Scan {
        let first = |p: usize| patterns[p].chars().next().map_or('\0', |c| c.to_ascii_lowercase());
        // Stable: equally long patterns keep their order, as in the automaton (the earlier wins).
        let order = crate::order::sorted_by_key((0..patterns.len()).collect(), |&p| {
            (first(p) as usize, usize::MAX - patterns[p].len())
        });
        let mut firsts: Vec<(char, usize, usize)> = Vec::new();
        for (k, &p) in order.iter().enumerate() {
            match firsts.last_mut() {
                Some(last) if last.0 == first(p) => last.2 = k + 1,
                _ => firsts.push((first(p), k, k + 1)),
            }
        }
        Scan { patterns, order, firsts }
    }

    /// Like [`find_all`].
    fn find(&self, text: &str, entry_of: &[usize]) -> Vec<Hit> {
        let patterns = &self.patterns;
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        let mut at = 0;
        while let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) {
            let lower = c.to_ascii_lowercase();
            let group = self.firsts.binary_search_by_key(&lower, |f| f.0).ok().map(|g| self.firsts[g]);
            // ASCII case is ignored as the automata ignore it; other bytes must be equal, so
            // a match is whole characters of the text.
            let hit = group.and_then(|(_, from, to)| {
                self.order[from..to].iter().find(|&&p| {
                    let p = patterns[p].as_bytes();
                    bytes.get(at..at + p.len()).is_some_and(|t| t.eq_ignore_ascii_case(p))
                })
            });
            match hit {
                Some(&p) => {
                    hits.push(Hit { start: at, end: at + patterns[p].len(), entry: entry_of[p] });
                    at += patterns[p].len();
                }
                None => at += c.len_utf8(),
            }
        }
        hits
    }
}

/// The glossary's automaton.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: Option<Engine>,
    /// Entry index of each pattern.
    entry_of: Vec<usize>,
}

impl Matcher {
    /// Builds the automaton for `glossary` (a [`Scan`] if the glossary is beyond the
    /// automaton's size limits, which only pathological pattern sets are).
    pub fn new(glossary: &Glossary) -> Matcher {
        Matcher::build(glossary, DEFAULT_ENGINE)
    }

    /// [`Matcher::new`] with the engine of your choice (tests compare them).
    pub fn with_engine(glossary: &Glossary, engine: EngineKind) -> Matcher {
        Matcher::build(glossary, engine)
    }

    /// [`Matcher::new`] for short texts (a report of some pages): no automaton, but patterns
    /// by first character, tried at each character of the text (it finds exactly what the
    /// automata find). Quick to build, slower to match than an automaton: for a 1 MB report,
    /// [`Matcher::new`].
    pub fn for_short_texts(glossary: &Glossary) -> Matcher {
        Matcher::build(glossary, EngineKind::Scan)
    }

    fn build(glossary: &Glossary, engine: EngineKind) -> Matcher {
        let mut candidates: Vec<String> = Vec::new();
        let mut candidate_entry = Vec::new();
        for (i, e) in glossary.entries.iter().enumerate() {
            for k in std::iter::once(&e.term).chain(&e.aliases).map(|t| key(t)) {
                // Full-width letters are not covered by ASCII case folding: add both cases.
                let wide = [widen(&k), widen(&k.to_ascii_uppercase())];
                // An empty pattern would match everywhere; a repeated one is already taken by
                // an earlier entry (dropped below).
                for p in std::iter::once(k).chain(wide.into_iter().flatten()).filter(|p| !p.is_empty()) {
                    candidates.push(p);
                    candidate_entry.push(i);
                }
            }
        }
        let first = crate::order::first_indices(&candidates);
        let (mut patterns, mut entry_of) = (Vec::new(), Vec::new());
        for (k, (p, i)) in candidates.into_iter().zip(candidate_entry).enumerate() {
            if first[k] == k {
                patterns.push(p);
                entry_of.push(i);
            }
        }
        if patterns.is_empty() {
            return Matcher { ac: None, entry_of };
        }
        let automaton = match engine {
            #[cfg(not(target_arch = "wasm32"))]
            EngineKind::Dfa => aho_corasick::dfa::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .map(|a| Engine::Dfa(Box::new(a)))
                .ok(),
            EngineKind::Contiguous => contiguous::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                // Without `perf-literal` (the .wasm) no prefilter is ever built for these
                // case-insensitive patterns; unasked, the builder would still collect them all.
                .prefilter(!cfg!(target_arch = "wasm32"))
                .build(&patterns)
                .map(|a| Engine::Contiguous(Box::new(a)))
                .ok(),
            EngineKind::Scan => None,
        };
        let engine = automaton.unwrap_or_else(|| Engine::Scan(Scan::new(patterns)));
        Matcher { ac: Some(engine), entry_of }
    }

    /// Number of patterns (terms and aliases).
    pub fn patterns(&self) -> usize {
        self.entry_of.len()
    }

    /// Which engine was built: `DFA` natively, `ContiguousNFA` in the browser, `scan` (no
    /// automaton) for [`Matcher::for_short_texts`] or a glossary too large for an automaton.
    pub fn kind(&self) -> &'static str {
        match self.ac {
            None => "none",
            #[cfg(not(target_arch = "wasm32"))]
            Some(Engine::Dfa(_)) => "DFA",
            Some(Engine::Contiguous(_)) => "ContiguousNFA",
            Some(Engine::Scan(_)) => "scan",
        }
    }

    /// Every non-overlapping occurrence in `text`, left to right, longest first.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        match &self.ac {
            None => Vec::new(),
            #[cfg(not(target_arch = "wasm32"))]
            Some(Engine::Dfa(a)) => find_all(a.as_ref(), text, &self.entry_of),
            Some(Engine::Contiguous(a)) => find_all(a.as_ref(), text, &self.entry_of),
            Some(Engine::Scan(s)) => s.find(text, &self.entry_of),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Origin};

    fn glossary(terms: &[(&str, &[&str])]) -> Glossary {
        Glossary {
            entries: terms
                .iter()
                .map(|(t, a)| Entry {
                    term: (*t).into(),
                    aliases: a.iter().map(|s| (*s).into()).collect(),
                    definition: "d".into(),
                    category: None,
                    source: None,
                    en: None,
                    note: None,
                    origin: Origin::Default,
                })
                .collect(),
        }
    }

    /// (terms, text, expected hits as (matched text, entry)).
    #[test]
    fn matching_table() {
        type Case<'a> = (&'a [(&'a str, &'a [&'a str])], &'a str, &'a [(&'a str, usize)]);
        let cases: &[Case] = &[
            (
                &[("产城融合", &[]), ("产城融合示范区", &[])],
                "国家产城融合示范区挂牌",
                &[("产城融合示范区", 1)],
            ),
            (
                &[("产城融合示范区", &[]), ("产城融合", &[])],
                "推进产城融合，建设产城融合示范区",
                &[("产城融合", 1), ("产城融合示范区", 0)],
            ),
            (
                &[("郑州“1+8”都市圈", &["郑州1+8都市圈"])],
                "融入郑州“１＋８”都市圈",
                &[("郑州“１＋８”都市圈", 0)],
            ),
            (
                &[("郑州“1+8”都市圈", &["郑州1+8都市圈"])],
                "融入郑州1+8都市圈和郑州１＋８都市圈",
                &[("郑州1+8都市圈", 0), ("郑州１＋８都市圈", 0)],
            ),
            (
                &[("中欧班列", &["中欧(济俄)国际班列"])],
                "中欧（济俄）国际班列成功开行",
                &[("中欧（济俄）国际班列", 0)],
            ),
            (&[("两仓", &[])], "“两仓”封关运营", &[("两仓", 0)]),
            (&[("“两仓”", &[])], "两仓封关运营", &[("两仓", 0)]),
            (&[("PPP", &[])], "推广ppp模式和ＰＰＰ模式", &[("ppp", 0), ("ＰＰＰ", 0)]),
            (&[("双减", &[]), ("减", &[])], "落实双减", &[("双减", 0)]),
            (&[("河长制", &[])], "全面推行河长制、林长制", &[("河长制", 0)]),
            (&[], "任何文本", &[]),
            (&[("甲", &[])], "", &[]),
        ];
        for (terms, text, want) in cases {
            let m = Matcher::new(&glossary(terms));
            let got: Vec<(&str, usize)> =
                m.find(text).iter().map(|h| (&text[h.start..h.end], h.entry)).collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn hits_never_split_a_character() {
        let m = Matcher::new(&glossary(&[("１＋８", &[]), ("a", &[])]));
        let text = "ａ１＋８都市圈Ａ1+8";
        for h in m.find(text) {
            assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
        }
        assert_eq!(m.find(text).len(), 4);
    }
}
