//! `agentdeck diff A B`: the same side-by-side view as the TUI, printed. Kept as a thin
//! wrapper so the CLI and the TUI can never draw a comparison differently.

use crate::catalog::Agent;
use crate::text::diff::{DiffStyles, RenderOpts, compare, render, to_ansi};

/// The printed comparison and whether the two agents differ (for the exit status).
/// Without colour the plain styles are used, whose gutter markers keep the meaning.
pub fn run(a: &Agent, b: &Agent, width: u16, unified: bool, color: bool) -> (String, bool) {
    let diff = compare(a, b);
    let opts = RenderOpts { width, wrap: true, unified, ..RenderOpts::default() };
    let styles = if color { DiffStyles::default() } else { DiffStyles::plain() };
    let rendered = render(&diff, a, b, &opts, &styles);
    (to_ansi(&rendered.lines, color), !diff.is_identical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::diff::tests::agent;

    #[test]
    fn differ_flag_and_colour() {
        let a = agent("x", "one\ntwo\n");
        let mut b = a.clone();
        let (out, differ) = run(&a, &b, 80, false, false);
        assert!(!differ);
        assert!(out.contains("identical"));
        b.model = Some("opus".into());
        let (out, differ) = run(&a, &b, 80, false, false);
        assert!(differ);
        assert!(!out.contains('\x1b'));
        assert!(out.lines().any(|l| l.starts_with("+ model") && l.contains("opus")), "{out}");
        let (colored, _) = run(&a, &b, 80, true, true);
        assert!(colored.contains("\x1b["));
        assert!(out.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80));
    }
}
