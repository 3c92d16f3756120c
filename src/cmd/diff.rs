//! `agentdeck diff A B`: the same side-by-side view as the TUI, printed, or with
//! `--unified` a unified diff of the two files that `patch` applies. Exit 0 when the same
//! (printing nothing, as diff does), 1 when they differ, 2 on error.

use super::{Outcome, read_whole, resolve_all, style};
use crate::catalog::Agent;
use crate::cli::DiffArgs;
use crate::env::Env;
use crate::text::diff::patch::{self, PatchLine};
use crate::text::diff::{DiffStyles, RenderOpts, compare, render, to_ansi};
use crate::text::sanitize::{clean, clean_line, expand_tabs};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use std::io::Write;

pub fn cli(env: &Env, args: &DiffArgs) -> Outcome {
    // One load for both names: its notices are printed once.
    let [super::Picked { agent: a, source: sa }, super::Picked { agent: b, source: sb }] =
        <[super::Picked; 2]>::try_from(resolve_all(env, &[&args.a, &args.b], &args.paths)?)
            .map_err(|_| super::Fail::Said("two agents to compare".into()))?;
    let color = style::color(args.color);
    let mut out = std::io::stdout().lock();
    if args.unified {
        let (old, new) = (read_whole(&sa)?, read_whole(&sb)?);
        if old == new {
            return Ok(0);
        }
        let labels = [&a, &b].map(|x| x.path.to_string_lossy().into_owned());
        let (la, lb) = (patch::label("a", &labels[0]), patch::label("b", &labels[1]));
        if super::stdout_is_tty() || color {
            out.write_all(shown_patch(&old, &new, &la, &lb, color).as_bytes())?;
        } else {
            // For patch and for pagers: the files' bytes exactly, the one other deliberate
            // exception to sanitising (with `show --raw`), and only for pipes.
            out.write_all(&patch::unified_bytes(&old, &new, &clean_line(&la), &clean_line(&lb)))?;
        }
        return Ok(1);
    }
    let width = args.width.unwrap_or_else(|| style::width(120).max(40));
    let (text, differ) = run(&a, &b, width, false, color);
    if differ {
        out.write_all(text.as_bytes())?;
    }
    Ok(if differ { 1 } else { 0 })
}

/// The unified diff for a terminal (or `--color always`): file text cleaned of controls,
/// and coloured like `git diff` when `color`.
fn shown_patch(old: &[u8], new: &[u8], la: &str, lb: &str, color: bool) -> String {
    let st = |fg: Color| Style::new().fg(fg);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let text = |t: &[u8]| expand_tabs(&clean(&String::from_utf8_lossy(t)), 8).into_owned();
    let mut lines = vec![
        Line::from(Span::styled(format!("--- {}", clean_line(la)), bold)),
        Line::from(Span::styled(format!("+++ {}", clean_line(lb)), bold)),
    ];
    for l in patch::unified_lines(old, new) {
        let (s, t) = match l {
            PatchLine::Hunk(h) => (st(Color::Cyan), h),
            PatchLine::Context(t) => (Style::new(), format!(" {}", text(t))),
            PatchLine::Removed(t) => (st(Color::Red), format!("-{}", text(t))),
            PatchLine::Added(t) => (st(Color::Green), format!("+{}", text(t))),
            PatchLine::NoNewline => (Style::new().add_modifier(Modifier::DIM), "\\ No newline at end of file".into()),
        };
        lines.push(Line::from(Span::styled(t, s)));
    }
    to_ansi(&lines, color)
}

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
