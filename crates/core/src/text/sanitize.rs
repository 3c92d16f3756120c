//! Untrusted text never drives the terminal.
//!
//! Agent definition files come from anywhere (cloned repositories, downloads, other tools).
//! A name or body containing `ESC ] 52 ; c ; ...` could write the user's clipboard, `ESC [ 2 J`
//! could wipe the screen, and a right-to-left override could make text read differently from
//! what it is. Everything that reaches the terminal goes through [`clean`] (or [`clean_line`]
//! for one-line fields) first.
//!
//! Dropping the ESC byte alone is enough: the rest of an escape sequence then shows as harmless
//! literal text (`]52;c;...`), which also tells the reader that something odd was there.
//!
//! [`clean`] is on the hot path (every rendered row), so it scans bytes and only allocates when
//! something actually has to go.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// True for a char [`clean`] removes: C0 controls other than tab and newline, DEL, C1 controls,
/// the bidirectional embeddings, overrides and isolates, the emoji presentation selector
/// U+FE0F (it turns `*` or `❤` two columns wide in some terminals and not in others, so a
/// line measured one way overflows when drawn the other), and the zero-width space, joiner,
/// word joiner and byte order mark (U+200B, U+200D, U+2060, U+FEFF), which terminals and
/// tmux draw with widths that disagree with ours (stale cells, a shifted border).
fn is_removed(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\x0B'..='\x1F' | '\x7F'..='\u{9F}'
        | '\u{200B}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FE0F}')
}

/// Byte index of the first char [`clean`] would remove, if any.
///
/// Works on UTF-8 bytes: the removed chars above ASCII encode as `C2 80..9F`, `E2 80 8B`,
/// `E2 80 8D`, `E2 80 AA..AE`, `E2 81 A0`, `E2 81 A6..A9`, `EF B8 8F` and `EF BB BF`, and
/// `C2`/`E2`/`EF` are always lead bytes in valid UTF-8.
fn first_removed(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let bad = match x {
            b'\t' | b'\n' => false,
            0x00..=0x1F | 0x7F => true,
            0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
            0xE2 => matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0x80), Some(0x8B | 0x8D | 0xAA..=0xAE)) | (Some(0x81), Some(0xA0 | 0xA6..=0xA9))
            ),
            0xEF => matches!((b.get(i + 1), b.get(i + 2)), (Some(0xB8), Some(0x8F)) | (Some(0xBB), Some(0xBF))),
            _ => false,
        };
        if bad {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Remove C0 controls except tab and newline, DEL, C1 controls, and bidirectional overrides
/// and isolates (U+202A-202E, U+2066-2069). Carriage returns are dropped.
///
/// Borrows when nothing needs removing. Of an escape sequence only the ESC goes; the rest is
/// left as visible text.
pub fn clean(s: &str) -> Cow<'_, str> {
    match first_removed(s) {
        None => Cow::Borrowed(s),
        Some(i) => {
            let mut out = String::with_capacity(s.len());
            out.push_str(&s[..i]);
            out.extend(s[i..].chars().filter(|c| !is_removed(*c)));
            Cow::Owned(out)
        }
    }
}

/// [`clean`], then newlines and tabs become spaces: for one-line fields (names, list rows).
pub fn clean_line(s: &str) -> Cow<'_, str> {
    let cleaned = clean(s);
    if !cleaned.contains(['\n', '\t']) {
        return cleaned;
    }
    Cow::Owned(cleaned.replace(['\n', '\t'], " "))
}

/// True when [`clean`] would remove nothing (tabs and newlines are allowed).
pub fn is_clean(s: &str) -> bool {
    first_removed(s).is_none()
}

/// Replace each tab by spaces up to the next multiple of `tab` display columns, counting
/// columns from the last newline. A `tab` of 0 is treated as 1. Borrows when there is no tab.
pub fn expand_tabs(s: &str, tab: usize) -> Cow<'_, str> {
    if !s.contains('\t') {
        return Cow::Borrowed(s);
    }
    let tab = tab.max(1);
    let mut out = String::with_capacity(s.len() + 16);
    let mut col = 0usize;
    for c in s.chars() {
        match c {
            '\t' => {
                let n = tab - col % tab;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' => {
                out.push('\n');
                col = 0;
            }
            _ => {
                out.push(c);
                col += c.width().unwrap_or(0);
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn gone(input: &str, expected: &str) {
        assert_eq!(clean(input), expected, "input {input:?}");
        assert!(is_clean(&clean(input)));
    }

    #[test]
    fn osc_sequences_lose_their_escape() {
        gone("a\x1b]52;c;aGVsbG8=\x07b", "a]52;c;aGVsbG8=b");
        gone("\x1b]0;pwned title\x07", "]0;pwned title");
        gone("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "]8;;http://evil\\link]8;;\\");
    }

    #[test]
    fn csi_sequences_lose_their_escape() {
        gone("x\x1b[2Jy", "x[2Jy");
        gone("\x1b[6n", "[6n");
        gone("a\u{9b}2Jb", "a2Jb");
    }

    #[test]
    fn emoji_presentation_selector_removed_so_widths_agree() {
        use unicode_width::UnicodeWidthStr;
        gone("*\u{fe0f} ok \u{2764}\u{fe0f}", "* ok \u{2764}");
        let c = clean("*\u{fe0f}!");
        assert_eq!(c.width(), c.chars().filter_map(|ch| ch.width()).sum::<usize>());
        assert_eq!(clean("\u{fe0e}x\u{efb8}"), "\u{fe0e}x\u{efb8}");
    }

    #[test]
    fn zero_width_characters_removed_so_widths_agree() {
        gone("a\u{200D}b\u{200B}c\u{FEFF}d\u{2060}e", "abcde");
        gone("\u{1F468}\u{200D}\u{1F469}", "\u{1F468}\u{1F469}");
        // The zero-width non-joiner shapes Persian and other scripts; it stays.
        assert_eq!(clean("\u{200C}x\u{200A}\u{200E}"), "\u{200C}x\u{200A}\u{200E}");
    }

    #[test]
    fn single_controls_removed() {
        gone("bell\x07", "bell");
        gone("del\x7f!", "del!");
        gone("nul\0", "nul");
        gone("line\r\nnext", "line\nnext");
        gone("back\x08space\x0b\x0c", "backspace");
        gone("c1\u{80}\u{85}\u{9f}", "c1");
    }

    #[test]
    fn bidi_controls_removed() {
        gone("abc\u{202E}fed", "abcfed");
        gone("\u{202A}\u{202B}\u{202C}\u{202D}x", "x");
        gone("\u{2066}\u{2067}\u{2068}\u{2069}y", "y");
        // Marks are harmless and kept.
        assert_eq!(clean("a\u{200E}b\u{200F}"), "a\u{200E}b\u{200F}");
    }

    #[test]
    fn tab_newline_and_unicode_kept_borrowed() {
        for s in ["tab\there\nnewline", "héllo wörld", "emoji 😀👍🏽", "中文 日本語 한국어", ""] {
            assert!(matches!(clean(s), Cow::Borrowed(_)), "{s:?}");
            assert!(is_clean(s));
        }
        // Neighbours of removed ranges survive.
        let near = "\u{A0}\u{2029}\u{202F}\u{2065}\u{206A}\u{7E}";
        assert_eq!(clean(near), near);
    }

    #[test]
    fn clean_line_flattens() {
        assert_eq!(clean_line("a\tb\nc\r"), "a b c");
        assert!(matches!(clean_line("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(expand_tabs("a\tb", 4), "a   b");
        assert_eq!(expand_tabs("\tx\nab\ty", 4), "    x\nab  y");
        assert_eq!(expand_tabs("中\tx", 4), "中  x");
        assert_eq!(expand_tabs("a\tb", 0), "a b");
        assert!(matches!(expand_tabs("none", 4), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn output_is_clean_and_idempotent(s in any::<String>()) {
            let once = clean(&s).into_owned();
            prop_assert!(!once.chars().any(is_removed));
            prop_assert!(is_clean(&once));
            prop_assert_eq!(clean(&once), once.as_str());
            prop_assert_eq!(is_clean(&s), !s.chars().any(is_removed));
            let line = clean_line(&s);
            prop_assert!(!line.chars().any(|c| is_removed(c) || c == '\n' || c == '\t'));
        }

        #[test]
        fn control_heavy_strings(s in "[\\x00-\\x20a\u{80}-\u{a0}\u{2028}-\u{206f}\u{7f}]{0,40}") {
            let out = clean(&s);
            prop_assert!(!out.chars().any(is_removed));
            prop_assert_eq!(is_clean(&s), !s.chars().any(is_removed));
        }
    }
}
