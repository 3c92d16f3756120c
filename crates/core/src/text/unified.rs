//! Plain unified diffs of two texts, as `diff -u` and `patch` know them.

use similar::TextDiff;
use std::time::Duration;

/// How long a line or word diff may take before it settles for a coarser answer.
pub const DIFF_TIMEOUT: Duration = Duration::from_millis(300);

/// A unified diff of two files' texts, as `diff -u` and `patch` know it: `---`/`+++` headers
/// naming them (`/dev/null` for a file that does not exist) and `@@` hunks with three lines of
/// context. Empty when the texts are equal.
pub fn file_unified(old: Option<&str>, new: Option<&str>, old_name: &str, new_name: &str) -> String {
    let (a, b) = (old.unwrap_or(""), new.unwrap_or(""));
    if a == b && old.is_some() == new.is_some() {
        return String::new();
    }
    let d = TextDiff::configure().timeout(DIFF_TIMEOUT).diff_lines(a, b);
    let an = if old.is_some() { old_name } else { "/dev/null" };
    let bn = if new.is_some() { new_name } else { "/dev/null" };
    let mut out = d.unified_diff().context_radius(3).missing_newline_hint(true).header(an, bn).to_string();
    if out.is_empty() {
        // An empty file created or removed: headers alone say it.
        out = format!("--- {an}\n+++ {bn}\n");
    }
    out
}
