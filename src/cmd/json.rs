//! JSON output that is safe on a terminal: serde_json escapes C0 controls but leaves DEL,
//! C1 controls, bidirectional overrides and zero-width characters (U+200B, U+200D, U+2060,
//! U+FEFF) raw, so those are escaped here as `\uXXXX`: the data is kept, the bytes that
//! would confuse a terminal's idea of widths are not written.

use serde::Serialize;

/// Serialise pretty-printed, with every character that could drive a terminal escaped. A
/// failure is an error for the caller (exit 2), never a document that looks like output.
pub fn to_safe_json<T: Serialize>(value: &T) -> serde_json::Result<String> {
    Ok(escape_unsafe(&serde_json::to_string_pretty(value)?))
}

/// Escape DEL, C1 and bidi controls and zero-width characters. Outside JSON strings these never occur, so escaping
/// them keeps the document valid and equal in meaning.
pub fn escape_unsafe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let u = c as u32;
        let zero_width = matches!(u, 0x200b | 0x200d | 0x2060 | 0xfeff);
        if u == 0x7f
            || (0x80..=0x9f).contains(&u)
            || (0x202a..=0x202e).contains(&u)
            || (0x2066..=0x2069).contains(&u)
            || zero_width
        {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push(c);
        }
    }
    out
}
