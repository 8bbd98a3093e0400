//! Text helpers shared by the chrome rules and the parser: width folding and sentence ends.
//!
//! Scraped reports mix full-width and half-width forms (`（一）` and `(一)`, `！` and `!`,
//! `１＋８` and `1+8`). Rules compare *folded* text, but the document keeps the original
//! characters, so the reader sees exactly what was published.

/// Folds one character: full-width ASCII variants (U+FF01–U+FF5E) to ASCII and the ideographic
/// space to a space. Every other character is returned unchanged, so folding is one-to-one and
/// char positions in folded text are char positions in the original.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

/// Folds a whole string with [`fold_char`].
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Lower-cases one character without the standard library's Unicode case tables (about 25 KB
/// of the .wasm): ASCII, Latin-1, Greek, Cyrillic, Roman numerals and circled letters, the
/// scripts a Chinese report's headings and portal chrome actually use. Anything else (and the
/// rare letters whose lower case is several characters) is returned unchanged.
pub fn lower_char(c: char) -> char {
    let offset = match c {
        'A'..='Z' | '\u{C0}'..='\u{DE}' | '\u{391}'..='\u{3AB}' | '\u{410}'..='\u{42F}'
            if c != '\u{D7}' && c != '\u{3A2}' =>
        {
            0x20
        }
        '\u{400}'..='\u{40F}' => 0x50,
        '\u{2160}'..='\u{216F}' => 0x10,
        '\u{24B6}'..='\u{24CF}' => 0x1A,
        _ => return c,
    };
    char::from_u32(c as u32 + offset).unwrap_or(c)
}

/// Whether `c` is white space for trimming purposes (includes U+3000 and NBSP, which
/// `char::is_whitespace` also covers, and the zero-width characters portals leave behind).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Trims [`is_space`] characters from both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Whether `s` has at most `n` chars, without counting past `n + 1` (paragraphs are long, and
/// most length checks are about short lines).
pub fn at_most(s: &str, n: usize) -> bool {
    // A char takes 1 to 4 bytes in UTF-8: the byte length alone settles most cases.
    s.len() <= n || (s.len() <= 4 * n && s.chars().nth(n).is_none())
}

/// Whether `c` (folded) ends a sentence: 。！？ and their half-width forms.
pub fn is_sentence_end(c: char) -> bool {
    matches!(fold_char(c), '。' | '!' | '?' | '｡')
}

/// Whether `c` (folded) is any punctuation that a heading on its own line would not contain
/// in the middle of a sentence: sentence ends, commas, semicolons and colons.
pub fn is_clause_punct(c: char) -> bool {
    is_sentence_end(c) || matches!(fold_char(c), ',' | ';' | ':' | '、' | '，')
}

/// Whether `c` is a Chinese numeral digit as used in heading numbers (一 … 十, 百, 零, 〇, 两).
pub fn is_han_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零' | '〇')
}

/// Number of characters (Unicode scalar values) in `s`: what a reader counts, unlike `len()`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Byte offset of the char at index `n` in `s` (or `s.len()` past the end).
pub fn byte_at(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// The index (in chars) of the first sentence end in `s`, if any. Closing quotes and brackets
/// right after the end mark belong to the sentence, so the returned index points at the last of
/// them.
pub fn first_sentence_end(s: &str) -> Option<usize> {
    // Decoded only as far as the sentence goes: most paragraphs are many sentences long.
    let mut chars = s.chars();
    let mut i = chars.position(is_sentence_end)?;
    i += chars.take_while(|&c| matches!(fold_char(c), '”' | '’' | '」' | '』' | ')' | '》' | '"')).count();
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_is_one_to_one() {
        let cases = [
            ("（一）", "(一)"),
            ("１＋８", "1+8"),
            ("各位代表！", "各位代表!"),
            ("\u{3000}\u{3000}五年来", "  五年来"),
            ("附：名词解释", "附:名词解释"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
            assert_eq!(char_len(input), char_len(&fold(input)));
        }
    }

    #[test]
    fn lower_char_agrees_with_unicode_where_it_folds() {
        let ranges =
            ['\0'..='\u{2FF}', '\u{370}'..='\u{52F}', '\u{2150}'..='\u{218F}', '\u{24B6}'..='\u{24E9}'];
        for c in ranges.into_iter().flatten() {
            let mut std = c.to_lowercase();
            if let (Some(l), None) = (std.next(), std.next()) {
                let ours = lower_char(c);
                assert!(ours == l || ours == c, "{c:?}: {ours:?} vs {l:?}");
                if c.is_ascii()
                    || ('\u{C0}'..='\u{DE}').contains(&c)
                    || ('\u{391}'..='\u{3A9}').contains(&c)
                    || ('\u{400}'..='\u{42F}').contains(&c)
                {
                    assert_eq!(ours, l, "{c:?}");
                }
            }
        }
        assert_eq!(lower_char('Ⅲ'), 'ⅲ');
        assert_eq!(lower_char('中'), '中');
    }

    #[test]
    fn sentence_end_includes_closing_quote() {
        assert_eq!(first_sentence_end("他说：“好。”然后"), Some(6));
        assert_eq!(first_sentence_end("安不忘危,兴不忘忧。我们"), Some(9));
        assert_eq!(first_sentence_end("没有句号"), None);
        assert_eq!(first_sentence_end("（“好。”)」后"), Some(6));
        assert_eq!(first_sentence_end("他说：“好。”"), Some(6));
    }

    #[test]
    fn trim_handles_ideographic_and_zero_width_space() {
        assert_eq!(trim("\u{3000}\u{200B} 正文\t\u{3000}"), "正文");
    }
}
