//! Untrusted text never drives the terminal. (stub: to be replaced)
use std::borrow::Cow;

/// Remove C0 controls except tab and newline, DEL, C1 controls, and bidirectional overrides
/// and isolates (U+202A-202E, U+2066-2069). Carriage returns are dropped.
pub fn clean(s: &str) -> Cow<'_, str> {
    Cow::Owned(
        s.chars()
            .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
            .collect(),
    )
}

/// [`clean`], then newlines and tabs become spaces: for one-line fields (names, list rows).
pub fn clean_line(s: &str) -> Cow<'_, str> {
    Cow::Owned(clean(s).replace(['\n', '\t'], " "))
}
