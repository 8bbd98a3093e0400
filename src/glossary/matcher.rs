//! Every term and alias found leftmost-longest, so that 产城融合示范区 wins over 产城融合: a
//! scan of the text with the patterns grouped by their first two characters, built once per
//! glossary and run over each block's text. It finds exactly what a leftmost-longest
//! Aho-Corasick automaton finds; natively such automata are built too ([`Matcher::with_engine`]),
//! for the tests to compare and the benchmarks to measure against, but none is in the .wasm.
//!
//! Width folding: every pattern is added in its half-width form and, when it has ASCII
//! characters, in its full-width form too (ASCII case ignored), so `1+8` matches `１＋８` and
//! the other way round. The text itself is never copied or rewritten, so hits are byte ranges
//! of the original text. (A term written with half- and full-width characters mixed in one
//! word is not found; reports do not do that.)

#[cfg(not(target_arch = "wasm32"))]
use aho_corasick::{automaton::Automaton, nfa::contiguous, Input, MatchKind};

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

/// How patterns are found. The scan in the browser: in wasm it builds in a fraction of a
/// millisecond and matches a 1 MB report with 300 terms in less time than the smallest
/// Aho-Corasick automaton (a contiguous NFA) takes to build alone, and leaving aho-corasick out
/// makes the .wasm 50 KB smaller. The automata, used directly rather than through
/// `AhoCorasick`, exist natively only.
#[derive(Debug, Clone)]
enum Engine {
    #[cfg(not(target_arch = "wasm32"))]
    Dfa(Box<aho_corasick::dfa::DFA>),
    #[cfg(not(target_arch = "wasm32"))]
    Contiguous(Box<contiguous::NFA>),
    Scan(Scan),
}

/// Which engine [`Matcher::with_engine`] builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    /// An Aho-Corasick DFA (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    Dfa,
    /// An Aho-Corasick contiguous NFA (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    Contiguous,
    /// No automaton: patterns grouped by their first two characters; at each character of
    /// the text, its group is bisected for the longest that fits (what [`Matcher::new`]
    /// builds).
    Scan,
}

/// Every non-overlapping match of `a` in `text`, as hits.
#[cfg(not(target_arch = "wasm32"))]
fn find_all<A: Automaton>(a: &A, text: &str, entry_of: &[usize]) -> Vec<Hit> {
    // Errors are impossible for an unanchored search with no match limits; none means no hits.
    a.try_find_iter(Input::new(text))
        .map(|it| {
            it.map(|m| Hit { start: m.start(), end: m.end(), entry: entry_of[m.pattern().as_usize()] })
                .collect()
        })
        .unwrap_or_default()
}

/// No automaton: patterns grouped by their first two characters in a small hash table. At
/// each character of the text, one bit test says whether any pattern starts with it (most
/// characters start none) and a second whether the character and the next begin one; only
/// then is their group searched, by bisection, for the longest pattern that the text goes on
/// with, then the one-character patterns. The longest pattern at the leftmost place wins and
/// the search goes on after it, which is exactly what a leftmost-longest automaton finds.
/// Building it is one sort, where an automaton of a 300-term glossary takes milliseconds to
/// build in wasm; a search costs a few comparisons however many patterns share a beginning
/// (5,000 terms all starting with 中国 included).
#[derive(Debug, Clone)]
struct Scan {
    patterns: Vec<String>,
    /// Pattern indices in byte order (ASCII case folded): each key's group is a run.
    order: Vec<u32>,
    /// Open addressing, linear probing: a key and its range of `order`, or [`EMPTY`].
    slots: Vec<(u64, u32, u32)>,
    /// `64 - log2(slots.len())`: the hash's top bits index the table.
    shift: u32,
    /// One bit per character (modulo 4096, ASCII lower case) that starts some pattern.
    starts: Bits,
    /// The same for one-character patterns (rare: most places need no second look-up).
    alone: Bits,
    /// One bit per key (its hash's top 16 bits) that some pattern has: a common character
    /// starts some pattern, but few of the characters after it make a pair that any pattern has.
    pairs: Bits,
}

/// A set of numbers modulo its size, a power of two (a false "yes" only costs a look-up).
#[derive(Debug, Clone)]
struct Bits(Box<[u64]>);

impl Bits {
    /// An empty set of `size` bits (a power of two, at least 64).
    fn new(size: usize) -> Bits {
        Bits(vec![0; size / 64].into_boxed_slice())
    }

    /// The word and bit of `x`.
    fn at(&self, x: usize) -> (usize, u64) {
        let i = x & (self.0.len() * 64 - 1);
        (i >> 6, 1 << (i & 63))
    }

    fn insert(&mut self, x: usize) {
        let (word, bit) = self.at(x);
        self.0[word] |= bit;
    }

    fn has(&self, x: usize) -> bool {
        let (word, bit) = self.at(x);
        self.0[word] & bit != 0
    }
}

/// Characters in [`Scan::starts`] and [`Scan::alone`] are taken modulo this.
const CHAR_BITS: usize = 4096;
/// Keys in [`Scan::pairs`] are taken by the top 16 bits of their hash.
const PAIR_BITS: usize = 1 << 16;

/// An unused slot: no key has it (characters end at U+10FFFF).
const EMPTY: u64 = u64::MAX;
/// The second "character" of a one-character pattern's key.
const ALONE: u32 = 0x11_0000;

/// A pattern's or a place's key: its first two characters, ASCII lower case.
fn pair(first: char, second: u32) -> u64 {
    (u64::from(first.to_ascii_lowercase() as u32) << 32) | u64::from(second)
}

fn lower(c: char) -> u32 {
    c.to_ascii_lowercase() as u32
}

/// Fibonacci hashing of a key; its top bits index the table and the pair set.
fn hash(key: u64) -> u64 {
    key.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Byte order with ASCII case folded (for UTF-8, the order of the characters).
fn folded_cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        // Folding only where the bytes differ: most of the time they are equal or not ASCII.
        if x != y && !x.eq_ignore_ascii_case(y) {
            return x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase());
        }
    }
    a.len().cmp(&b.len())
}

/// Length of the longest common beginning of `a` and `b`, ASCII case folded, in bytes.
fn common_len(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x.eq_ignore_ascii_case(y)).count()
}

impl Scan {
    fn new(patterns: Vec<String>) -> Scan {
        let key_of = |p: &str| {
            let mut chars = p.chars();
            let first = chars.next().unwrap_or('\0');
            pair(first, chars.next().map_or(ALONE, lower))
        };
        let keys: Vec<u64> = patterns.iter().map(|p| key_of(p)).collect();
        // Byte order is character order, so patterns with the same first two characters form
        // a run (a one-character pattern's run is its own: it sorts before the longer ones).
        // Patterns equal but for ASCII case (keys are lower case, so none yet) would sort the
        // earlier last, where the search finds it: the earlier wins, as in the automaton.
        let bytes = |p: usize| patterns[p].as_bytes();
        let le = |a: usize, b: usize| folded_cmp(bytes(a), bytes(b)).then(b.cmp(&a)).is_le();
        let order: Vec<u32> =
            crate::order::sorted_indices(patterns.len(), &le).into_iter().map(|p| p as u32).collect();
        let mut groups: Vec<(u64, u32, u32)> = Vec::new();
        let (mut starts, mut alone) = (Bits::new(CHAR_BITS), Bits::new(CHAR_BITS));
        for (k, &p) in order.iter().enumerate() {
            let key = keys[p as usize];
            starts.insert((key >> 32) as usize);
            if key as u32 == ALONE {
                alone.insert((key >> 32) as usize);
            }
            match groups.last_mut() {
                Some(last) if last.0 == key => last.2 = k as u32 + 1,
                _ => groups.push((key, k as u32, k as u32 + 1)),
            }
        }
        let bits = (groups.len() * 2).next_power_of_two().trailing_zeros().max(4);
        let shift = 64 - bits;
        let mut slots = vec![(EMPTY, 0, 0); 1 << bits];
        let mask = slots.len() - 1;
        let mut pairs = Bits::new(PAIR_BITS);
        for g in groups {
            let h = hash(g.0);
            pairs.insert((h >> 48) as usize);
            let mut i = (h >> shift) as usize;
            while slots[i].0 != EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = g;
        }
        Scan { patterns, order, slots, shift, starts, alone, pairs }
    }

    /// The patterns whose key is `key`, in byte order (empty if none).
    fn group(&self, key: u64) -> &[u32] {
        let h = hash(key);
        if !self.pairs.has((h >> 48) as usize) {
            return &[];
        }
        let mask = self.slots.len() - 1;
        let mut i = (h >> self.shift) as usize;
        loop {
            let (k, from, to) = self.slots[i];
            if k == key {
                return &self.order[from as usize..to as usize];
            }
            if k == EMPTY {
                return &[];
            }
            i = (i + 1) & mask;
        }
    }

    /// The longest of `group` (patterns in byte order) that `text` begins with.
    ///
    /// The last pattern not after `text` is the answer if `text` begins with it: any longer
    /// one would sort between the two. If not, the answer also begins the part they have in
    /// common, which is shorter than both, so the search goes on with that part among the
    /// patterns before. Each round shortens it, so a few rounds of bisection are all.
    fn longest(&self, group: &[u32], mut text: &[u8]) -> Option<u32> {
        let mut group = group;
        loop {
            let below =
                group.partition_point(|&p| folded_cmp(self.patterns[p as usize].as_bytes(), text).is_le());
            let (&p, before) = group[..below].split_last()?;
            let pattern = self.patterns[p as usize].as_bytes();
            let common = common_len(pattern, text);
            if common == pattern.len() {
                return Some(p);
            }
            (group, text) = (before, &text[..common]);
        }
    }

    /// Like [`find_all`].
    fn find(&self, text: &str, entry_of: &[usize]) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        let mut chars = text.char_indices();
        let mut here = chars.next();
        // Where the last hit ended: no hit starts inside another.
        let mut free = 0;
        while let Some((at, c)) = here {
            let next = chars.next();
            if at >= free && self.starts.has(lower(c) as usize) {
                // ASCII case is ignored as the automata ignore it; other bytes must be equal,
                // so a match is whole characters of the text.
                let rest = &bytes[at..];
                let longer = next.and_then(|(_, d)| self.longest(self.group(pair(c, lower(d))), rest));
                let alone = || {
                    self.alone.has(lower(c) as usize).then(|| self.longest(self.group(pair(c, ALONE)), rest))
                };
                if let Some(p) = longer.or_else(|| alone().flatten()) {
                    let end = at + self.patterns[p as usize].len();
                    hits.push(Hit { start: at, end, entry: entry_of[p as usize] });
                    free = end;
                }
            }
            here = next;
        }
        hits
    }
}

/// The glossary's patterns, ready to find in texts.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// What finds the patterns; `None` for a glossary without any.
    engine: Option<Engine>,
    /// Entry index of each pattern.
    entry_of: Vec<usize>,
}

impl Matcher {
    /// Builds the matcher for `glossary`: the scan, the same in the browser and natively.
    pub fn new(glossary: &Glossary) -> Matcher {
        Matcher::build(glossary, EngineKind::Scan)
    }

    /// [`Matcher::new`] with the engine of your choice (tests compare them, benchmarks measure
    /// them). An automaton that cannot be built (a glossary beyond its size limits, which only
    /// pathological pattern sets are) falls back to the scan.
    pub fn with_engine(glossary: &Glossary, engine: EngineKind) -> Matcher {
        Matcher::build(glossary, engine)
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
            return Matcher { engine: None, entry_of };
        }
        let automaton = match engine {
            #[cfg(not(target_arch = "wasm32"))]
            EngineKind::Dfa => aho_corasick::dfa::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .map(|a| Engine::Dfa(Box::new(a)))
                .ok(),
            #[cfg(not(target_arch = "wasm32"))]
            EngineKind::Contiguous => contiguous::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .map(|a| Engine::Contiguous(Box::new(a)))
                .ok(),
            EngineKind::Scan => None,
        };
        let engine = automaton.unwrap_or_else(|| Engine::Scan(Scan::new(patterns)));
        Matcher { engine: Some(engine), entry_of }
    }

    /// Number of patterns (terms and aliases).
    pub fn patterns(&self) -> usize {
        self.entry_of.len()
    }

    /// Which engine was built: `scan`, or natively `DFA` or `ContiguousNFA` if asked for
    /// ([`Matcher::with_engine`]); `none` for a glossary without patterns.
    pub fn kind(&self) -> &'static str {
        match self.engine {
            None => "none",
            #[cfg(not(target_arch = "wasm32"))]
            Some(Engine::Dfa(_)) => "DFA",
            #[cfg(not(target_arch = "wasm32"))]
            Some(Engine::Contiguous(_)) => "ContiguousNFA",
            Some(Engine::Scan(_)) => "scan",
        }
    }

    /// Every non-overlapping occurrence in `text`, left to right, longest first.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        match &self.engine {
            None => Vec::new(),
            #[cfg(not(target_arch = "wasm32"))]
            Some(Engine::Dfa(a)) => find_all(a.as_ref(), text, &self.entry_of),
            #[cfg(not(target_arch = "wasm32"))]
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
