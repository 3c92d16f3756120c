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

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::sanitize::{clean, clean_line, expand_tabs};

mod code;
mod layout;
mod styles;
mod table;

use layout::{char_width, clip, push_piece, str_width, wrap};
pub use styles::{MdStyles, SyntaxStyles};

pub use code::{CONTINUED, split_pieces};

/// A heading of a rendered document: where it starts, its level (1 is the top) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub line: usize,
    pub level: u8,
    pub title: String,
}

/// Rendered lines and the headings among them (for jumping and an outline).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub lines: Vec<Line<'static>>,
    pub headings: Vec<Heading>,
}

/// Render `md` into lines no wider than `width` columns. Width 0 gives no lines.
pub fn render(md: &str, width: u16, styles: &MdStyles) -> Vec<Line<'static>> {
    render_doc(md, width, styles).lines
}

/// Render `md` as [`render`] does, keeping where its headings are.
pub fn render_doc(md: &str, width: u16, styles: &MdStyles) -> Document {
    if width == 0 {
        return Document::default();
    }
    let md = clean(md);
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut r = Renderer { st: styles.clone(), width: usize::from(width), ..Renderer::default() };
    for event in Parser::new_ext(&md, opts) {
        r.event(event);
    }
    r.flush_inline();
    Document { lines: r.out, headings: r.headings }
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
    /// The open heading's level.
    heading: Option<u8>,
    headings: Vec<Heading>,
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

    /// The end of a heading: its lines, and where it is. An H1 is a block of its style, a
    /// space wide on each side.
    fn end_heading(&mut self) {
        let Some(level) = self.heading.take() else {
            return self.flush_inline();
        };
        let frags = std::mem::take(&mut self.inline);
        let title: String = frags
            .iter()
            .filter_map(|f| match f {
                Frag::Text(t, _) => Some(t.as_str()),
                Frag::Break => None,
            })
            .collect();
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        self.headings.push(Heading { line: self.out.len(), level, title });
        if level != 1 {
            for line in wrap(&frags, self.avail()) {
                self.emit(line);
            }
            return;
        }
        let style = self.style();
        for line in wrap(&frags, self.avail().saturating_sub(2)) {
            let mut padded = vec![(" ".to_string(), style)];
            line.into_iter().for_each(|(t, s)| push_piece(&mut padded, &t, s));
            push_piece(&mut padded, " ", style);
            self.emit(padded);
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
                let level = level as u8;
                self.heading = Some(level);
                self.stack.push(self.st.heading_style(level));
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

    /// Ends the element `tag` closes: each kind of block in its own function below.
    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_block(),
            TagEnd::Heading(_) => self.end_heading_block(),
            TagEnd::BlockQuote(_) => self.end_quote(),
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::HtmlBlock => self.end_html(),
            TagEnd::List(_) => self.end_list(),
            TagEnd::Item => self.end_item(),
            TagEnd::TableHead | TagEnd::TableRow => self.end_row(tag == TagEnd::TableHead),
            TagEnd::TableCell => self.end_cell(),
            TagEnd::Table => self.end_table(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                self.stack.pop();
            }
            TagEnd::Link => self.end_link(),
            TagEnd::Image => {
                self.stack.pop();
                self.push_styled("]", self.st.meta);
            }
            _ => {}
        }
    }

    /// A heading ends: its lines, then a blank line before what follows.
    fn end_heading_block(&mut self) {
        self.end_heading();
        self.pending_blank = true;
        self.stack.pop();
    }

    /// A block quote ends: its last block, its style and its bar.
    fn end_quote(&mut self) {
        self.end_block();
        self.stack.pop();
        self.containers.pop();
    }

    /// A code block ends: it is rendered whole.
    fn end_code(&mut self) {
        if let Some((info, text)) = self.code.take() {
            self.render_code(&info, &text);
        }
        self.pending_blank = true;
    }

    /// An HTML block ends: it is shown as text.
    fn end_html(&mut self) {
        if let Some(html) = self.html.take() {
            self.render_html(&html);
        }
        self.pending_blank = true;
    }

    /// A list ends; after the outermost, a blank line.
    fn end_list(&mut self) {
        self.flush_inline();
        self.lists.pop();
        if self.lists.is_empty() {
            self.pending_blank = true;
        }
    }

    /// A list item ends; an empty one still shows its marker.
    fn end_item(&mut self) {
        self.flush_inline();
        if matches!(self.containers.last(), Some(Container::Item { used: false, .. })) {
            self.emit(Vec::new());
        }
        self.containers.pop();
    }

    /// A table row ends (`head`: the header row, whose style ends with it).
    fn end_row(&mut self, head: bool) {
        if let Some(t) = &mut self.table {
            let row = std::mem::take(&mut t.row);
            t.rows.push(row);
            if head {
                t.header_rows = t.rows.len();
                self.stack.pop();
            }
        }
    }

    /// A table cell ends: its text joins the row.
    fn end_cell(&mut self) {
        let cell = std::mem::take(&mut self.inline);
        if let Some(t) = &mut self.table {
            t.row.push(cell);
        }
    }

    /// A table ends: it is rendered whole.
    fn end_table(&mut self) {
        if let Some(t) = self.table.take() {
            self.render_table(t);
        }
        self.pending_blank = true;
    }

    /// A link ends: its address follows its text, unless the text is the address.
    fn end_link(&mut self) {
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
}

#[cfg(test)]
mod tests;
