//! Markdown -> styled, wrapped lines.
//!
//! Agent bodies are Markdown written for a model, and reading them with `##`, `**` and pipes
//! left in is tiring. This renders them the way `glow` does: markers become styles, lists get
//! bullets, code is indented, tables get box borders, and everything is wrapped to the pane.
//!
//! The output is plain data (`Line<'static>`), so the TUI can cache it per width and scroll it
//! cheaply, and tests can compare text. Every line is at most `width` display columns: wrapping
//! does the work and [`Renderer::emit`] clips as a last guard, so odd input or tiny panes can
//! never spill over or panic. All text is passed through [`clean`] even though callers are
//! expected to sanitise first.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::sanitize::{clean, clean_line, expand_tabs};

/// The styles the renderer uses; the TUI's theme builds one (plain under NO_COLOR).
#[derive(Debug, Clone, PartialEq)]
pub struct MdStyles {
    pub text: Style,
    /// Headings H2-H6.
    pub heading: Style,
    /// H1 headings.
    pub heading1: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub strikethrough: Style,
    /// Inline code spans.
    pub code: Style,
    /// Fenced and indented code blocks.
    pub code_block: Style,
    pub link: Style,
    /// Secondary text: link URLs, code block languages, image placeholders.
    pub meta: Style,
    pub quote: Style,
    pub rule: Style,
    pub list_marker: Style,
    pub table_border: Style,
    pub table_header: Style,
}

impl Default for MdStyles {
    /// Coloured defaults: cyan bold headings, yellow inline code, green code blocks, blue links.
    fn default() -> Self {
        let accent = Color::Cyan;
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        Self {
            text: Style::new(),
            heading: bold.fg(accent),
            heading1: bold.fg(accent).add_modifier(Modifier::UNDERLINED),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: bold,
            strikethrough: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code: Style::new().fg(Color::Yellow),
            code_block: Style::new().fg(Color::Green),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            meta: dim,
            quote: Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
            rule: dim,
            list_marker: Style::new().fg(accent),
            table_border: dim,
            table_header: bold,
        }
    }
}

impl MdStyles {
    /// Modifiers only, no colours: for NO_COLOR.
    pub fn plain() -> MdStyles {
        let m = |m: Modifier| Style::new().add_modifier(m);
        MdStyles {
            text: Style::new(),
            heading: m(Modifier::BOLD),
            heading1: m(Modifier::BOLD | Modifier::UNDERLINED),
            emphasis: m(Modifier::ITALIC),
            strong: m(Modifier::BOLD),
            strikethrough: m(Modifier::CROSSED_OUT),
            code: m(Modifier::BOLD),
            code_block: Style::new(),
            link: m(Modifier::UNDERLINED),
            meta: m(Modifier::DIM),
            quote: m(Modifier::DIM | Modifier::ITALIC),
            rule: m(Modifier::DIM),
            list_marker: m(Modifier::BOLD),
            table_border: m(Modifier::DIM),
            table_header: m(Modifier::BOLD),
        }
    }
}

/// Render `md` into lines no wider than `width` columns. Width 0 gives no lines.
pub fn render(md: &str, width: u16, styles: &MdStyles) -> Vec<Line<'static>> {
    if width == 0 {
        return Vec::new();
    }
    let md = clean(md);
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut r = Renderer { st: styles.clone(), width: usize::from(width), ..Renderer::default() };
    for event in Parser::new_ext(&md, opts) {
        r.event(event);
    }
    r.flush_inline();
    r.out
}

const BULLETS: [&str; 3] = ["•", "◦", "▪"];
const CODE_TAB: usize = 4;

/// A run of text in one style.
type Piece = (String, Style);

/// Inline content collected until its block ends and can be wrapped.
enum Frag {
    Text(String, Style),
    Break,
}

/// Blocks that prefix every line inside them.
enum Container {
    Quote,
    /// `used` once the marker has been printed; later lines get spaces of the same width.
    Item {
        marker: String,
        used: bool,
    },
}

#[derive(Default)]
struct Table {
    aligns: Vec<Alignment>,
    rows: Vec<Vec<Vec<Frag>>>,
    row: Vec<Vec<Frag>>,
    header_rows: usize,
}

#[derive(Default)]
struct Renderer {
    st: MdStyles,
    width: usize,
    out: Vec<Line<'static>>,
    /// Inline style stack, patched over `st.text`.
    stack: Vec<Style>,
    containers: Vec<Container>,
    /// One entry per open list: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    inline: Vec<Frag>,
    /// Open links: destination and where their text starts in `inline`.
    links: Vec<(String, usize)>,
    /// Open code block: info (language) and text.
    code: Option<(String, String)>,
    html: Option<String>,
    table: Option<Table>,
    pending_blank: bool,
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

fn str_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn push_piece(line: &mut Vec<Piece>, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    match line.last_mut() {
        Some((t, s)) if *s == style => t.push_str(text),
        _ => line.push((text.to_string(), style)),
    }
}

/// Cut `pieces` to at most `width` columns.
fn clip(pieces: Vec<Piece>, width: usize) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut used = 0;
    for (text, style) in pieces {
        let w = str_width(&text);
        if used + w <= width {
            used += w;
            out.push((text, style));
            continue;
        }
        let mut cut = String::new();
        for c in text.chars() {
            let cw = char_width(c);
            if used + cw > width {
                break;
            }
            used += cw;
            cut.push(c);
        }
        push_piece(&mut out, &cut, style);
        break;
    }
    out
}

/// Words, collapsed spaces and hard breaks: what wrapping works on.
enum Atom {
    Word(Vec<Piece>, usize),
    Space(Style),
    Break,
}

fn atoms(frags: &[Frag]) -> Vec<Atom> {
    fn end_word(out: &mut Vec<Atom>, word: &mut Vec<Piece>, w: &mut usize) {
        if !word.is_empty() {
            out.push(Atom::Word(std::mem::take(word), *w));
            *w = 0;
        }
    }
    let (mut out, mut word, mut w) = (Vec::new(), Vec::new(), 0);
    for frag in frags {
        match frag {
            Frag::Break => {
                end_word(&mut out, &mut word, &mut w);
                out.push(Atom::Break);
            }
            Frag::Text(text, style) => {
                for c in text.chars() {
                    if matches!(c, ' ' | '\t' | '\n') {
                        end_word(&mut out, &mut word, &mut w);
                        if !matches!(out.last(), Some(Atom::Space(_))) {
                            out.push(Atom::Space(*style));
                        }
                    } else {
                        push_piece(&mut word, c.encode_utf8(&mut [0; 4]), *style);
                        w += char_width(c);
                    }
                }
            }
        }
    }
    end_word(&mut out, &mut word, &mut w);
    out
}

/// Greedy word wrap to `avail` columns; words longer than a line are broken hard.
fn wrap(frags: &[Frag], avail: usize) -> Vec<Vec<Piece>> {
    let avail = avail.max(1);
    let mut lines = Vec::new();
    let mut cur: Vec<Piece> = Vec::new();
    let mut cw = 0;
    let mut space = None;
    for atom in atoms(frags) {
        match atom {
            Atom::Space(s) => {
                if !cur.is_empty() {
                    space = Some(s);
                }
            }
            Atom::Break => {
                lines.push(std::mem::take(&mut cur));
                (cw, space) = (0, None);
            }
            Atom::Word(pieces, w) => {
                let sp = usize::from(space.is_some());
                if !cur.is_empty() && cw + sp + w > avail {
                    lines.push(std::mem::take(&mut cur));
                    cw = 0;
                } else if let Some(s) = space {
                    push_piece(&mut cur, " ", s);
                    cw += 1;
                }
                space = None;
                if cw + w <= avail {
                    pieces.iter().for_each(|(t, s)| push_piece(&mut cur, t, *s));
                    cw += w;
                    continue;
                }
                for (text, style) in &pieces {
                    for c in text.chars() {
                        let x = char_width(c);
                        if !cur.is_empty() && cw + x > avail {
                            lines.push(std::mem::take(&mut cur));
                            cw = 0;
                        }
                        push_piece(&mut cur, c.encode_utf8(&mut [0; 4]), *style);
                        cw += x;
                    }
                }
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Split one line of code into chunks of at most `avail` columns (at least one chunk).
fn hard_wrap(line: &str, avail: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut cw = 0;
    for c in line.chars() {
        let x = char_width(c);
        if cw > 0 && cw + x > avail {
            out.push(String::new());
            cw = 0;
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
        cw += x;
    }
    out
}

/// Natural (unwrapped) width and longest word of a table cell.
fn cell_widths(frags: &[Frag]) -> (usize, usize) {
    let (mut line, mut natural, mut word) = (0, 0, 0);
    for atom in atoms(frags) {
        match atom {
            Atom::Word(_, w) => {
                line += w;
                word = word.max(w);
            }
            Atom::Space(_) => line += 1,
            Atom::Break => line = 0,
        }
        natural = natural.max(line);
    }
    (natural, word)
}

/// Shrink `widths` proportionally to their size so they sum to at most `budget` (each >= 1).
fn shrink(widths: &mut [usize], budget: usize) {
    let total: usize = widths.iter().sum();
    if total <= budget {
        return;
    }
    for w in widths.iter_mut() {
        *w = (*w * budget / total).max(1);
    }
    while widths.iter().sum::<usize>() > budget {
        match widths.iter_mut().filter(|w| **w > 1).max_by_key(|w| **w) {
            Some(w) => *w -= 1,
            None => break,
        }
    }
}

/// Column widths for a table: natural widths when they fit; otherwise every column gets its
/// longest word (so words are not split) and the rest of `budget` is shared in proportion to
/// how much more each column would like. If even the words do not fit, they are shrunk.
fn column_widths(natural: &[usize], words: &[usize], budget: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= budget {
        return natural.to_vec();
    }
    let mut widths = words.to_vec();
    let base: usize = widths.iter().sum();
    if base >= budget {
        shrink(&mut widths, budget);
        return widths;
    }
    let extra = budget - base;
    let want: Vec<usize> = natural.iter().zip(words).map(|(n, w)| n - w).collect();
    let total_want: usize = want.iter().sum();
    for (w, more) in widths.iter_mut().zip(&want) {
        *w += more * extra / total_want.max(1);
    }
    // Rounding leftovers go to the columns still furthest from their natural width.
    while widths.iter().sum::<usize>() < budget {
        let Some(i) = (0..widths.len()).filter(|&i| widths[i] < natural[i]).max_by_key(|&i| natural[i] - widths[i])
        else {
            break;
        };
        widths[i] += 1;
    }
    widths
}

impl Renderer {
    fn style(&self) -> Style {
        self.stack.iter().fold(self.st.text, |acc, s| acc.patch(*s))
    }

    fn prefix_width(&self) -> usize {
        self.containers
            .iter()
            .map(|c| match c {
                Container::Quote => 2,
                Container::Item { marker, .. } => str_width(marker),
            })
            .sum()
    }

    /// Columns left for content after the container prefixes.
    fn avail(&self) -> usize {
        self.width.saturating_sub(self.prefix_width()).max(1)
    }

    /// The prefix for the next line; prints (and uses up) pending list markers.
    fn take_prefix(&mut self) -> Vec<Piece> {
        let mut out = Vec::new();
        for c in &mut self.containers {
            match c {
                Container::Quote => push_piece(&mut out, "│ ", self.st.quote),
                Container::Item { marker, used } if !*used => {
                    push_piece(&mut out, marker, self.st.list_marker);
                    *used = true;
                }
                Container::Item { marker, .. } => {
                    push_piece(&mut out, &" ".repeat(str_width(marker)), Style::new());
                }
            }
        }
        out
    }

    fn emit(&mut self, pieces: Vec<Piece>) {
        let mut line = self.take_prefix();
        pieces.into_iter().for_each(|(t, s)| push_piece(&mut line, &t, s));
        let spans: Vec<Span<'static>> = clip(line, self.width).into_iter().map(|(t, s)| Span::styled(t, s)).collect();
        self.out.push(Line::from(spans));
    }

    /// A blank line between blocks: quote bars stay, list indentation does not.
    fn emit_blank(&mut self) {
        let prefix: String = self
            .containers
            .iter()
            .map(|c| match c {
                Container::Quote => "│ ".to_string(),
                Container::Item { marker, .. } => " ".repeat(str_width(marker)),
            })
            .collect();
        let prefix = prefix.trim_end();
        let line = if prefix.is_empty() {
            Line::default()
        } else {
            let pieces = clip(vec![(prefix.to_string(), self.st.quote)], self.width);
            Line::from(pieces.into_iter().map(|(t, s)| Span::styled(t, s)).collect::<Vec<_>>())
        };
        self.out.push(line);
    }

    fn flush_inline(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let frags = std::mem::take(&mut self.inline);
        for line in wrap(&frags, self.avail()) {
            self.emit(line);
        }
    }

    fn start_block(&mut self) {
        self.flush_inline();
        if self.pending_blank && !self.out.is_empty() {
            self.emit_blank();
        }
        self.pending_blank = false;
    }

    fn end_block(&mut self) {
        self.flush_inline();
        self.pending_blank = true;
    }

    fn push_text(&mut self, s: &str) {
        let s = clean(s);
        if let Some((_, code)) = &mut self.code {
            code.push_str(&s);
        } else if let Some(html) = &mut self.html {
            html.push_str(&s);
        } else {
            let style = self.style();
            self.inline.push(Frag::Text(s.into_owned(), style));
        }
    }

    fn push_styled(&mut self, s: &str, style: Style) {
        self.inline.push(Frag::Text(clean(s).into_owned(), style));
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(s) | Event::Html(s) | Event::InlineHtml(s) => self.push_text(&s),
            Event::InlineMath(s) | Event::DisplayMath(s) => self.push_text(&s),
            Event::Code(s) => {
                let style = self.style().patch(self.st.code);
                self.push_styled(&s, style);
            }
            Event::FootnoteReference(s) => self.push_text(&format!("[^{s}]")),
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.inline.push(Frag::Break),
            Event::Rule => {
                self.start_block();
                let rule = "─".repeat(self.avail());
                self.emit(vec![(rule, self.st.rule)]);
                self.pending_blank = true;
            }
            Event::TaskListMarker(done) => self.task_marker(done),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.start_block(),
            Tag::Heading { level, .. } => {
                self.start_block();
                let st = if level == HeadingLevel::H1 { self.st.heading1 } else { self.st.heading };
                self.stack.push(st);
            }
            Tag::BlockQuote(_) => {
                self.start_block();
                self.containers.push(Container::Quote);
                self.stack.push(self.st.quote);
            }
            Tag::CodeBlock(kind) => {
                self.start_block();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => {
                        clean_line(&info).split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::HtmlBlock => {
                self.start_block();
                self.html = Some(String::new());
            }
            Tag::List(start) => {
                self.start_block();
                self.lists.push(start);
            }
            Tag::Item => {
                self.start_block();
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n = n.saturating_add(1);
                        m
                    }
                    _ => format!("{} ", BULLETS[depth % BULLETS.len()]),
                };
                self.containers.push(Container::Item { marker, used: false });
            }
            Tag::Table(aligns) => {
                self.start_block();
                self.table = Some(Table { aligns, ..Table::default() });
            }
            Tag::TableHead => self.stack.push(self.st.table_header),
            Tag::TableCell => self.inline.clear(),
            Tag::Emphasis => self.stack.push(self.st.emphasis),
            Tag::Strong => self.stack.push(self.st.strong),
            Tag::Strikethrough => self.stack.push(self.st.strikethrough),
            Tag::Superscript | Tag::Subscript => self.stack.push(Style::new()),
            Tag::Link { dest_url, .. } => {
                self.stack.push(self.st.link);
                self.links.push((clean_line(&dest_url).into_owned(), self.inline.len()));
            }
            Tag::Image { .. } => {
                self.push_styled("[image: ", self.st.meta);
                self.stack.push(self.st.meta);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_block(),
            TagEnd::Heading(_) | TagEnd::BlockQuote(_) => {
                self.end_block();
                self.stack.pop();
                if matches!(tag, TagEnd::BlockQuote(_)) {
                    self.containers.pop();
                }
            }
            TagEnd::CodeBlock => {
                if let Some((info, text)) = self.code.take() {
                    self.render_code(&info, &text);
                }
                self.pending_blank = true;
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    self.render_html(&html);
                }
                self.pending_blank = true;
            }
            TagEnd::List(_) => {
                self.flush_inline();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.pending_blank = true;
                }
            }
            TagEnd::Item => {
                self.flush_inline();
                if matches!(self.containers.last(), Some(Container::Item { used: false, .. })) {
                    self.emit(Vec::new());
                }
                self.containers.pop();
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                    if tag == TagEnd::TableHead {
                        t.header_rows = t.rows.len();
                        self.stack.pop();
                    }
                }
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Some(t) = &mut self.table {
                    t.row.push(cell);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.render_table(t);
                }
                self.pending_blank = true;
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                self.stack.pop();
            }
            TagEnd::Link => {
                self.stack.pop();
                if let Some((url, at)) = self.links.pop() {
                    let text: String = self.inline[at.min(self.inline.len())..]
                        .iter()
                        .filter_map(|f| match f {
                            Frag::Text(t, _) => Some(t.as_str()),
                            Frag::Break => None,
                        })
                        .collect();
                    let text = text.trim();
                    let same = url == text || url.strip_prefix("mailto:") == Some(text);
                    if !url.is_empty() && !same {
                        self.push_text(" ");
                        self.push_styled(&format!("({url})"), self.st.meta);
                    }
                }
            }
            TagEnd::Image => {
                self.stack.pop();
                self.push_styled("]", self.st.meta);
            }
            _ => {}
        }
    }

    fn task_marker(&mut self, done: bool) {
        let bulleted = matches!(self.lists.last(), Some(None));
        if let Some(Container::Item { marker, used: false }) = self.containers.last_mut() {
            let box_ = if done { "☑ " } else { "☐ " };
            if bulleted {
                *marker = box_.to_string();
            } else {
                marker.push_str(box_);
            }
        }
    }

    fn render_code(&mut self, info: &str, text: &str) {
        let inner = self.avail().saturating_sub(2).max(1);
        let code_style = self.style().patch(self.st.code_block);
        if !info.is_empty() {
            self.emit(vec![("  ".into(), Style::new()), (info.to_string(), self.st.meta)]);
        }
        let text = expand_tabs(text, CODE_TAB);
        let body = text.strip_suffix('\n').unwrap_or(&text);
        for line in body.split('\n') {
            for chunk in hard_wrap(line, inner) {
                self.emit(vec![("  ".into(), Style::new()), (chunk, code_style)]);
            }
        }
    }

    /// HTML is shown as text, one source line at a time, keeping its indentation.
    fn render_html(&mut self, html: &str) {
        let style = self.style();
        let html = expand_tabs(html, CODE_TAB);
        for line in html.lines() {
            if line.trim().is_empty() {
                self.emit_blank();
                continue;
            }
            let avail = self.avail();
            let indent = (line.len() - line.trim_start().len()).min(avail / 2);
            let frags = [Frag::Text(line.trim().to_string(), style)];
            for pieces in wrap(&frags, avail - indent) {
                let mut l = vec![(" ".repeat(indent), Style::new())];
                l.extend(pieces);
                self.emit(l);
            }
        }
    }

    fn render_table(&mut self, t: Table) {
        let ncols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let border = self.st.table_border;
        let (mut natural, mut words) = (vec![1; ncols], vec![1; ncols]);
        for row in &t.rows {
            for (c, cell) in row.iter().enumerate() {
                let (n, w) = cell_widths(cell);
                natural[c] = natural[c].max(n);
                words[c] = words[c].max(w);
            }
        }
        let budget = self.avail().saturating_sub(3 * (ncols - 1));
        let widths = column_widths(&natural, &words, budget);
        for (i, row) in t.rows.iter().enumerate() {
            let cells: Vec<Vec<Vec<Piece>>> =
                (0..ncols).map(|c| row.get(c).map(|f| wrap(f, widths[c])).unwrap_or_default()).collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            for l in 0..height {
                let mut line = Vec::new();
                for (c, cell) in cells.iter().enumerate() {
                    if c > 0 {
                        push_piece(&mut line, " │ ", border);
                    }
                    let content = cell.get(l).cloned().unwrap_or_default();
                    let w: usize = content.iter().map(|(t, _)| str_width(t)).sum();
                    let pad = widths[c].saturating_sub(w);
                    let (left, right) = match t.aligns.get(c) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    let right = if c + 1 == ncols { 0 } else { right };
                    push_piece(&mut line, &" ".repeat(left), Style::new());
                    content.into_iter().for_each(|(t, s)| push_piece(&mut line, &t, s));
                    push_piece(&mut line, &" ".repeat(right), Style::new());
                }
                if let Some((text, _)) = line.last_mut() {
                    text.truncate(text.trim_end().len());
                }
                self.emit(line);
            }
            if i + 1 == t.header_rows {
                let sep: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                self.emit(vec![(sep.join("─┼─"), border)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lines_text(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    fn text(md: &str, width: u16) -> Vec<String> {
        lines_text(&render(md, width, &MdStyles::default()))
    }

    fn joined(md: &str, width: u16) -> String {
        text(md, width).join("\n")
    }

    #[track_caller]
    fn check(md: &str, width: u16, expected: &str) {
        assert_eq!(joined(md, width), expected, "rendering {md:?} at {width}");
    }

    /// The style of the first span whose text contains `needle`.
    fn style_of(md: &str, needle: &str) -> Style {
        let lines = render(md, 80, &MdStyles::default());
        let mut spans = lines.iter().flat_map(|l| l.spans.iter());
        spans.find(|s| s.content.contains(needle)).expect("needle present").style
    }

    #[test]
    fn headings_lose_markers_and_get_blank_lines() {
        check("# Title\nintro\n## Section\n### Sub", 40, "Title\n\nintro\n\nSection\n\nSub");
        let st = MdStyles::default();
        assert_eq!(style_of("# Title", "Title"), st.heading1);
        assert_eq!(style_of("## Section", "Section"), st.heading);
        assert!(!joined("## Heading **bold**", 40).contains("##"));
    }

    #[test]
    fn paragraphs_wrap_and_break() {
        let md = "one two three four five six seven\n\nsoft\nbreak  \nhard";
        check(md, 15, "one two three\nfour five six\nseven\n\nsoft break\nhard");
        check(&"x".repeat(25), 10, "xxxxxxxxxx\nxxxxxxxxxx\nxxxxx");
    }

    #[test]
    fn inline_styles_nest_without_markers() {
        let md = "a **bold *both* b** `code` ~~gone~~";
        check(md, 80, "a bold both b code gone");
        let st = MdStyles::default();
        assert_eq!(style_of(md, "bold"), st.strong);
        assert_eq!(style_of(md, "both"), st.strong.patch(st.emphasis));
        assert_eq!(style_of(md, "code"), st.code);
        assert_eq!(style_of(md, "gone"), st.strikethrough);
    }

    #[test]
    fn nested_lists() {
        let md = "- one\n- two\n  - inner a\n  - inner b\n    - deep\n- three\n\n3. c\n4. d\n\nafter";
        let out = "• one\n• two\n  ◦ inner a\n  ◦ inner b\n    ▪ deep\n• three\n\n3. c\n4. d\n\nafter";
        check(md, 40, out);
    }

    #[test]
    fn list_continuations_indent_under_text() {
        let md = "- alpha beta gamma delta epsilon\n10. ten eleven twelve";
        check(md, 14, "• alpha beta\n  gamma delta\n  epsilon\n\n10. ten eleven\n    twelve");
    }

    #[test]
    fn loose_list_and_tasks() {
        check("- a\n\n- b", 20, "• a\n\n• b");
        check("- [ ] todo\n- [x] done\n1. [x] num", 20, "☐ todo\n☑ done\n\n1. ☑ num");
    }

    #[test]
    fn code_blocks_keep_lines() {
        let md = "```rust\nfn main() {\n\tlet x = 1;\n}\n```\n\n    indented\n    code";
        check(md, 40, "  rust\n  fn main() {\n      let x = 1;\n  }\n\n  indented\n  code");
        check("```\nabcdefghijkl\n```", 10, "  abcdefgh\n  ijkl");
        assert_eq!(style_of("```\nxyz\n```", "xyz"), MdStyles::default().code_block);
    }

    #[test]
    fn quotes_prefix_bars() {
        let md = "> one two three four\n>\n> > nested\n\nout";
        check(md, 16, "│ one two three\n│ four\n│\n│ │ nested\n\nout");
    }

    #[test]
    fn tables_get_box_borders() {
        let md = "| Name | Role |\n|------|-----:|\n| Alice | dev |\n| Bob | reviewer |";
        check(md, 40, "Name  │     Role\n──────┼─────────\nAlice │      dev\nBob   │ reviewer");
        assert_eq!(style_of(md, "Name"), MdStyles::default().table_header);
        let wide = "| a | b |\n|---|---|\n| one two three four five six | seven eight nine |";
        let out = "a             │ b\n──────────────┼─────────\none two three │ seven\nfour five six │ eight\n              │ nine";
        check(wide, 24, out);
    }

    #[test]
    fn links_and_images() {
        check("see [docs](https://x.io/d) now", 80, "see docs (https://x.io/d) now");
        check("<https://x.io>", 80, "https://x.io");
        check("![a cat](cat.png)", 80, "[image: a cat]");
        assert_eq!(style_of("[docs](u)", "docs"), MdStyles::default().link);
    }

    #[test]
    fn rule_and_html() {
        check("a\n\n---\n\nb", 12, "a\n\n────────────\n\nb");
        let md = "<example>\nuser: hi\n  assistant: hello\n</example>";
        check(md, 40, "<example>\nuser: hi\n  assistant: hello\n</example>");
        check("a <b>bold</b> c", 40, "a <b>bold</b> c");
    }

    #[test]
    fn controls_never_reach_output() {
        let out = joined("# T\x1b]0;x\x07\n\nhi\x1b[2J `\x1b[6n` \u{202e}z", 40);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(!out.contains('\u{202e}'));
    }

    #[test]
    fn tiny_widths_do_not_panic() {
        let md = "# Heading\n\n> - [ ] 中文 **x**\n\n| a | b | c |\n|-|-|-|\n| 1 | 2 | 3 |\n\n```\ncode\n```";
        assert!(render(md, 0, &MdStyles::default()).is_empty());
        for w in 1..12 {
            for l in text(md, w) {
                assert!(str_width(&l) <= usize::from(w), "{l:?} at {w}");
            }
        }
    }

    #[test]
    fn plain_styles_have_no_colour() {
        let st = MdStyles::plain();
        let all = [
            st.text,
            st.heading,
            st.heading1,
            st.emphasis,
            st.strong,
            st.strikethrough,
            st.code,
            st.code_block,
            st.link,
            st.meta,
            st.quote,
            st.rule,
            st.list_marker,
            st.table_border,
            st.table_header,
        ];
        assert!(all.iter().all(|s| s.fg.is_none() && s.bg.is_none()));
    }

    const PERSONA: &str = "# Code Reviewer

You are a **senior code reviewer**. You focus on *correctness*, security and \
`maintainability`, and you never approve code you have not read.

## Responsibilities

1. Read the whole diff before commenting
2. Flag bugs with a suggested fix
   - include the file and line
   - explain the *why*, not just the what
3. Keep feedback kind and specific

## Checklist

- [x] Tests pass
- [ ] No secrets committed

> Be direct. Praise what is good, and explain what is not, with an example of the better \
version when you can.

```bash
cargo test --all-features
cargo clippy -- -D warnings
```

| Severity | Meaning | Action |
|----------|---------|--------|
| high | breaks behaviour or security | must fix before merge |
| low | style or naming | optional nit |

See [the style guide](https://example.com/style) for details.

---

<example>
Context: the user opened a pull request.
user: \"Can you review my PR?\"
assistant: \"I'll use the code-reviewer agent.\"
</example>
";

    #[test]
    fn persona_snapshots() {
        insta::assert_snapshot!("persona_60", joined(PERSONA, 60));
        insta::assert_snapshot!("persona_32", joined(PERSONA, 32));
        let plain = lines_text(&render(PERSONA, 60, &MdStyles::plain())).join("\n");
        assert_eq!(plain, joined(PERSONA, 60));
    }

    fn markdownish() -> impl Strategy<Value = String> {
        // Fragments separated by '¦'; random concatenations stress every construct.
        let parts = "# ¦## ¦**¦*¦_¦`¦```\n¦```py\n¦> ¦- ¦  - ¦1. ¦- [ ] ¦- [x] ¦\
                     | a | b |\n|---|---|\n¦| x | yy |\n¦\n¦\n\n¦word ¦other ¦\
                     superlongwordthatneverendsreallyever ¦[link](http://e.com/x) ¦\
                     ![alt](i.png)¦---\n¦<example>\n¦</example>\n¦中文字符 ¦😀¦\t¦    ¦\
                     ~~¦\x1b]52;c;¦\u{202e}¦\r\n¦a\u{301}¦<br>¦  \n";
        let parts: Vec<&'static str> = parts.split('¦').collect();
        prop::collection::vec(prop::sample::select(parts), 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn lines_fit_width(md in markdownish(), width in 10u16..120) {
            for line in render(&md, width, &MdStyles::default()) {
                let w: usize = line.spans.iter().map(|s| str_width(&s.content)).sum();
                prop_assert!(w <= usize::from(width), "{:?} wider than {}", line, width);
                for span in &line.spans {
                    prop_assert!(!span.content.chars().any(char::is_control), "{:?}", span);
                }
            }
        }

        #[test]
        fn any_text_any_width_no_panic(md in any::<String>(), width in 0u16..40) {
            let lines = render(&md, width, &MdStyles::plain());
            for line in lines {
                prop_assert!(line.width() <= usize::from(width));
            }
        }
    }
}
