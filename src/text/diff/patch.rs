//! A unified diff of two files' bytes, as `diff -u` writes it: `---`/`+++` headers, `@@`
//! hunks with three lines of context, and `\ No newline at end of file` where a file ends
//! without one. Lines are compared as bytes, line ending included, so the output turns one
//! file into the other under `patch` whatever they hold (CRLF, invalid UTF-8, controls).
//! Making it safe for a terminal is the printer's job.

use similar::{Algorithm, DiffTag, capture_diff_slices_deadline, group_diff_ops};
use std::time::{Duration, Instant};

/// Long enough for any agent file; past it the diff is still correct, only less minimal.
const TIMEOUT: Duration = Duration::from_secs(2);
const CONTEXT: usize = 3;

/// One line of a unified diff, without its `\n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatchLine<'a> {
    /// `@@ -1,3 +1,4 @@`.
    Hunk(String),
    Context(&'a [u8]),
    Removed(&'a [u8]),
    Added(&'a [u8]),
    /// `\ No newline at end of file`.
    NoNewline,
}

/// The lines of `bytes`, each with its `\n` (the last may have none).
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

/// `start,len` of a hunk side; an empty side names the line before it, as diff does.
fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

/// The hunks of the unified diff of `old` and `new`, as lines with their kinds (no
/// `---`/`+++` headers); empty when the bytes are equal.
pub fn unified_lines<'a>(old: &'a [u8], new: &'a [u8]) -> Vec<PatchLine<'a>> {
    let (lo, ln) = (lines(old), lines(new));
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &lo, &ln, Some(Instant::now() + TIMEOUT));
    let mut out = Vec::new();
    let push = |out: &mut Vec<PatchLine<'a>>, kind: fn(&'a [u8]) -> PatchLine<'a>, line: &'a [u8]| match line
        .strip_suffix(b"\n")
    {
        Some(text) => out.push(kind(text)),
        None => {
            out.push(kind(line));
            out.push(PatchLine::NoNewline);
        }
    };
    for g in group_diff_ops(ops, CONTEXT) {
        let (Some(first), Some(last)) = (g.first(), g.last()) else { continue };
        let (o, n) = (first.old_range().start..last.old_range().end, first.new_range().start..last.new_range().end);
        out.push(PatchLine::Hunk(format!("@@ -{} +{} @@", range(o.start, o.len()), range(n.start, n.len()))));
        for op in &g {
            let (tag, or, nr) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => or.for_each(|i| push(&mut out, PatchLine::Context, lo[i])),
                DiffTag::Delete => or.for_each(|i| push(&mut out, PatchLine::Removed, lo[i])),
                DiffTag::Insert => nr.for_each(|i| push(&mut out, PatchLine::Added, ln[i])),
                DiffTag::Replace => {
                    or.for_each(|i| push(&mut out, PatchLine::Removed, lo[i]));
                    nr.for_each(|i| push(&mut out, PatchLine::Added, ln[i]));
                }
            }
        }
    }
    out
}

/// `--- a/...` for a path: git's `a/` and `b/` prefixes (`patch -p1` strips them), a leading
/// `/` dropped as git does.
pub fn label(prefix: &str, path: &str) -> String {
    format!("{prefix}/{}", path.trim_start_matches('/'))
}

/// The whole unified diff as bytes, headers first; empty when the files are equal.
pub fn unified_bytes(old: &[u8], new: &[u8], old_label: &str, new_label: &str) -> Vec<u8> {
    let body = unified_lines(old, new);
    if body.is_empty() {
        return Vec::new();
    }
    let mut out = format!("--- {old_label}\n+++ {new_label}\n").into_bytes();
    for line in &body {
        let (mark, text): (&[u8], &[u8]) = match line {
            PatchLine::Hunk(t) => (b"", t.as_bytes()),
            PatchLine::Context(t) => (b" ", t),
            PatchLine::Removed(t) => (b"-", t),
            PatchLine::Added(t) => (b"+", t),
            PatchLine::NoNewline => (b"", b"\\ No newline at end of file"),
        };
        out.extend_from_slice(mark);
        out.extend_from_slice(text);
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(a: &str, b: &str) -> String {
        String::from_utf8(unified_bytes(a.as_bytes(), b.as_bytes(), "a/x", "b/x")).unwrap()
    }

    #[test]
    fn equal_files_give_nothing() {
        assert_eq!(diff("one\ntwo\n", "one\ntwo\n"), "");
        assert_eq!(diff("", ""), "");
    }

    #[test]
    fn hunks_with_context_like_diff_u() {
        let a: String = (1..=10).map(|i| format!("{i}\n")).collect();
        let b = a.replace("5\n", "five\n");
        assert_eq!(diff(&a, &b), "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
        assert_eq!(diff("", "new\n"), "--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+new\n");
        assert_eq!(diff("old\n", ""), "--- a/x\n+++ b/x\n@@ -1 +0,0 @@\n-old\n");
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        assert_eq!(
            diff("a\nb", "a\nb\n"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
        );
    }

    #[test]
    fn bytes_are_kept_as_they_are() {
        let out = unified_bytes(b"x\r\n\xff\n", b"x\r\n\xfe\n", "a/x", "b/x");
        assert!(out.windows(3).any(|w| w == b"-\xff\n") && out.windows(3).any(|w| w == b"+\xfe\n"));
        assert!(out.windows(4).any(|w| w == b" x\r\n"), "CRLF context survives");
    }

    #[test]
    fn labels_follow_git() {
        assert_eq!(label("a", "/tmp/x.md"), "a/tmp/x.md");
        assert_eq!(label("b", "agents/x.md"), "b/agents/x.md");
    }
}
