//! One Aho-Corasick automaton over every term and alias, leftmost-longest, so that
//! 产城融合示范区 wins over 产城融合, built once per glossary and run over each block's text.
//!
//! Width folding: every pattern is added in its half-width form and, when it has ASCII
//! characters, in its full-width form too (ASCII case ignored), so `1+8` matches `１＋８` and
//! the other way round. The text itself is never copied or rewritten, so hits are byte ranges
//! of the original text and matching runs at the automaton's full speed. (A term written with
//! half- and full-width characters mixed in one word is not found; reports do not do that.)

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{BuildError, Input, MatchKind};

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
    let folded: String = term.trim().chars().map(key_char).collect();
    folded
        .trim_matches(|c| matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」' | '『' | '』'))
        .to_owned()
}

/// One character as keys have it: width folded, ASCII lower case ([`Pairs`] relies on keys
/// and texts folding alike).
fn key_char(c: char) -> char {
    fold_char(c).to_ascii_lowercase()
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
/// the DFA builds in a millisecond or two and matches faster, so there it is the one used. The
/// noncontiguous NFA both are made from is the fallback when a huge glossary exceeds their
/// limits.
#[derive(Debug, Clone)]
enum Engine {
    #[cfg(not(target_arch = "wasm32"))]
    Dfa(aho_corasick::dfa::DFA),
    Contiguous(contiguous::NFA),
    Noncontiguous(noncontiguous::NFA),
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
    /// A noncontiguous NFA: the quickest to build, the slowest to match (see
    /// [`Matcher::for_texts`]).
    Noncontiguous,
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

/// The single characters and adjacent pairs of some texts, folded as keys are (width, ASCII
/// case): a key can only occur in the texts if every one of its characters and pairs does.
///
/// On a short report, building the automaton costs more than matching, and most entries of a
/// large glossary do not occur in it at all; [`Matcher::for_texts`] leaves those out.
///
/// A set of bits, one hashed bit per character or pair (a Bloom filter with one hash), about
/// 16 bits per item: building it is one pass with no sorting, and a false positive only lets
/// an entry into the automaton that then never matches.
pub struct Pairs {
    bits: Vec<u64>,
    /// Bits in the set minus one (a power of two minus one).
    mask: u64,
}

impl Pairs {
    /// The pairs of `texts`.
    pub fn of<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> Pairs {
        // Every char is an item and so is every pair after the first char of a text.
        let items: usize = texts.clone().map(|t| 2 * t.chars().count()).sum();
        let len = (items * 16).next_power_of_two().max(1 << 12);
        let mut set = Pairs { bits: vec![0; len / 64], mask: len as u64 - 1 };
        for text in texts {
            let mut prev = None;
            for c in text.chars().map(key_char) {
                set.insert(pair(c, None));
                if let Some(p) = prev {
                    set.insert(pair(p, Some(c)));
                }
                prev = Some(c);
            }
        }
        set
    }

    /// The bit of `x`: Fibonacci hashing, so that nearby code points spread over the set.
    fn bit(&self, x: u64) -> (usize, u64) {
        let h = (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) & self.mask;
        ((h >> 6) as usize, 1 << (h & 63))
    }

    fn insert(&mut self, x: u64) {
        let (word, bit) = self.bit(x);
        if let Some(w) = self.bits.get_mut(word) {
            *w |= bit;
        }
    }

    fn has(&self, x: u64) -> bool {
        let (word, bit) = self.bit(x);
        self.bits.get(word).is_some_and(|w| w & bit != 0)
    }

    /// Whether `key` (a folded key, see [`key`]) may occur in the texts.
    pub fn may_contain(&self, key: &str) -> bool {
        let mut prev = None;
        key.chars().all(|c| {
            let ok = self.has(pair(c, None)) && prev.is_none_or(|p| self.has(pair(p, Some(c))));
            prev = Some(c);
            ok
        })
    }
}

/// A character, or a pair of characters, as one number (a char fits in 21 bits).
fn pair(a: char, b: Option<char>) -> u64 {
    (u64::from(a as u32) << 32) | b.map_or(0x00FF_FFFF, |b| u64::from(b as u32))
}

/// The glossary's automaton.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: Option<Engine>,
    /// Entry index of each pattern.
    entry_of: Vec<usize>,
}

impl Matcher {
    /// Builds the automaton for `glossary`.
    ///
    /// # Errors
    /// The automaton's own [`BuildError`] (only for pathological pattern sets, beyond the size
    /// limits of aho-corasick).
    pub fn new(glossary: &Glossary) -> Result<Matcher, BuildError> {
        Matcher::build(glossary, DEFAULT_ENGINE, None)
    }

    /// [`Matcher::new`] with the automaton of your choice (tests compare them).
    ///
    /// # Errors
    /// As [`Matcher::new`].
    pub fn with_engine(glossary: &Glossary, engine: EngineKind) -> Result<Matcher, BuildError> {
        Matcher::build(glossary, engine, None)
    }

    /// [`Matcher::new`] for matching `pairs`' texts only: entries that cannot occur there are
    /// left out of the automaton (they would never match).
    ///
    /// # Errors
    /// As [`Matcher::new`].
    pub fn for_texts(glossary: &Glossary, pairs: &Pairs) -> Result<Matcher, BuildError> {
        // Texts short enough to filter entries for are matched in well under a millisecond by
        // any automaton, so the one quickest to build (the others are built from it).
        Matcher::build(glossary, EngineKind::Noncontiguous, Some(pairs))
    }

    fn build(glossary: &Glossary, engine: EngineKind, pairs: Option<&Pairs>) -> Result<Matcher, BuildError> {
        let mut candidates: Vec<String> = Vec::new();
        let mut candidate_entry = Vec::new();
        for (i, e) in glossary.entries.iter().enumerate() {
            let keys = std::iter::once(&e.term).chain(&e.aliases).map(|t| key(t));
            for k in keys.filter(|k| pairs.is_none_or(|p| p.may_contain(k))) {
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
            return Ok(Matcher { ac: None, entry_of });
        }
        let noncontiguous = || {
            noncontiguous::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .map(Engine::Noncontiguous)
        };
        let ac = match engine {
            #[cfg(not(target_arch = "wasm32"))]
            EngineKind::Dfa => aho_corasick::dfa::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .map(Engine::Dfa),
            EngineKind::Contiguous => contiguous::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .map(Engine::Contiguous),
            EngineKind::Noncontiguous => noncontiguous(),
        }
        .or_else(|_| noncontiguous())?;
        Ok(Matcher { ac: Some(ac), entry_of })
    }

    /// Number of patterns (terms and aliases).
    pub fn patterns(&self) -> usize {
        self.entry_of.len()
    }

    /// Which automaton was built (`DFA` natively, `ContiguousNFA` in the browser, or
    /// `NoncontiguousNFA` for a glossary too large for those).
    pub fn kind(&self) -> &'static str {
        match self.ac {
            None => "none",
            #[cfg(not(target_arch = "wasm32"))]
            Some(Engine::Dfa(_)) => "DFA",
            Some(Engine::Contiguous(_)) => "ContiguousNFA",
            Some(Engine::Noncontiguous(_)) => "NoncontiguousNFA",
        }
    }

    /// Every non-overlapping occurrence in `text`, left to right, longest first.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        match &self.ac {
            None => Vec::new(),
            #[cfg(not(target_arch = "wasm32"))]
            Some(Engine::Dfa(a)) => find_all(a, text, &self.entry_of),
            Some(Engine::Contiguous(a)) => find_all(a, text, &self.entry_of),
            Some(Engine::Noncontiguous(a)) => find_all(a, text, &self.entry_of),
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
            let m = Matcher::new(&glossary(terms)).expect("builds");
            let got: Vec<(&str, usize)> =
                m.find(text).iter().map(|h| (&text[h.start..h.end], h.entry)).collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn hits_never_split_a_character() {
        let m = Matcher::new(&glossary(&[("１＋８", &[]), ("a", &[])])).expect("builds");
        let text = "ａ１＋８都市圈Ａ1+8";
        for h in m.find(text) {
            assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
        }
        assert_eq!(m.find(text).len(), 4);
    }
}
