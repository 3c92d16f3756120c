//! The Source tab's document: the file as it is on disk, sanitised, with line numbers, the
//! frontmatter highlighted as YAML and the body as Markdown, a sign in the gutter on the lines
//! diagnostics point at, and `↪` where a long line goes on. Its Markdown headings are the
//! document's headings, for jumping and the outline.

use super::detail::{DocInput, Lines};
use crate::catalog::Severity;
use crate::text::highlight::Highlighter;
use crate::text::markdown::{CONTINUED, MdStyles, split_pieces};
use crate::text::sanitize::{clean, clean_line, expand_tabs};
use crate::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Columns before the text: a diagnostic sign, the line number, a space.
const GUTTER: usize = 6;

/// Build the Source tab into `out`.
pub fn build(input: &DocInput, width: usize, theme: &Theme, out: &mut Lines) {
    let text = match input.source {
        None => return out.push(Line::styled("reading…", theme.dim)),
        Some(Err(e)) => {
            return out.push(Line::styled(format!("cannot read the file: {}", clean_line(e)), theme.error));
        }
        Some(Ok(t)) => t,
    };
    let agent = input.agent;
    let styles = theme.markdown();
    // Lines before the body are the frontmatter (with its fences).
    let body_start = agent.body_line.saturating_sub(1);
    let mut yaml = (body_start > 0).then(|| Highlighter::new("yaml")).flatten();
    let mut body = Highlighter::new("markdown");
    let mut fenced = false;
    let avail = width.saturating_sub(GUTTER).max(1);
    for (n, line) in clean(text).split('\n').enumerate() {
        let expanded = expand_tabs(line.trim_end_matches('\r'), 4).into_owned();
        let in_body = n >= body_start;
        let highlighter = if in_body { body.as_mut() } else { yaml.as_mut() };
        let pieces = classify(&expanded, highlighter, &styles);
        if in_body {
            heading(&expanded, &mut fenced, out);
        }
        let sign = sign(input, n + 1, theme);
        for (i, chunk) in split_pieces(pieces, avail).into_iter().enumerate() {
            let gutter = if i == 0 {
                vec![sign.clone(), Span::styled(format!("{:>4} ", n + 1), theme.dim)]
            } else {
                vec![Span::raw(" ".repeat(GUTTER - 2)), Span::styled(CONTINUED, theme.dim)]
            };
            let spans = gutter.into_iter().chain(chunk.into_iter().map(|(t, s)| Span::styled(t, s)));
            out.push(Line::from(spans.collect::<Vec<_>>()));
        }
    }
}

/// One line as styled pieces: highlighted when there is a grammar for it.
fn classify(line: &str, highlighter: Option<&mut Highlighter>, styles: &MdStyles) -> Vec<(String, Style)> {
    match highlighter {
        Some(h) => {
            h.line(line).into_iter().map(|(range, class)| (line[range].to_string(), styles.class(class))).collect()
        }
        None => vec![(line.to_string(), Style::new())],
    }
}

/// The gutter sign of a file line (1-based): the worst diagnostic pointing at it, if any.
fn sign(input: &DocInput, line: usize, theme: &Theme) -> Span<'static> {
    let worst = input.agent.diagnostics.iter().filter(|d| d.line == Some(line)).map(|d| d.severity).max();
    match worst {
        Some(Severity::Error) => Span::styled("✗", theme.error),
        Some(Severity::Warning) => Span::styled("!", theme.warning),
        Some(Severity::Info) => Span::styled("·", theme.dim),
        None => Span::raw(" "),
    }
}

/// A Markdown heading line of the body (`## Title`, outside code fences) is a heading of the
/// document, at the line about to be pushed.
fn heading(line: &str, fenced: &mut bool, out: &mut Lines) {
    let trimmed = line.trim_start();
    if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
        *fenced = !*fenced;
        return;
    }
    let hashes = trimmed.chars().take_while(|c| *c == '#').count();
    let title = trimmed[hashes..].trim();
    let after = trimmed[hashes..].chars().next();
    if !*fenced && (1..=6).contains(&hashes) && matches!(after, Some(' ')) && !title.is_empty() {
        out.heading(hashes as u8, title.trim_end_matches('#').trim());
    }
}
