//! JSON output that is safe on a terminal: serde_json escapes C0 controls but leaves DEL,
//! C1 controls and bidirectional overrides raw, so those are escaped here as `\uXXXX`.

use serde::Serialize;

/// Serialise pretty-printed, with every character that could drive a terminal escaped. A
/// failure is an error for the caller (exit 2), never a document that looks like output.
pub fn to_safe_json<T: Serialize>(value: &T) -> serde_json::Result<String> {
    Ok(escape_unsafe(&serde_json::to_string_pretty(value)?))
}

/// Escape DEL, C1 and bidi controls. Outside JSON strings these never occur, so escaping
/// them keeps the document valid and equal in meaning.
pub fn escape_unsafe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let u = c as u32;
        if u == 0x7f || (0x80..=0x9f).contains(&u) || (0x202a..=0x202e).contains(&u) || (0x2066..=0x2069).contains(&u) {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push(c);
        }
    }
    out
}
