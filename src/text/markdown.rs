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
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::highlight::Class;
use super::sanitize::{clean, clean_line, expand_tabs};

mod code;

pub use code::{CONTINUED, split_pieces};

/// The styles the renderer uses; the TUI's theme builds one (plain under NO_COLOR).
#[derive(Debug, Clone, PartialEq)]
pub struct MdStyles {
    pub text: Style,
    /// H1 headings (drawn as a block: the title with a space of the style on each side).
    pub heading1: Style,
    /// H2 headings.
    pub heading: Style,
    /// H3 headings.
    pub heading3: Style,
    /// H4, H5 and H6 headings.
    pub heading4: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub strikethrough: Style,
    /// Inline code spans.
    pub code: Style,
    /// Fenced and indented code blocks.
    pub code_block: Style,
    pub link: Style,
    /// Secondary text: link URLs, code block languages, image placeholders, the `↪` that
    /// marks a wrapped code line.
    pub meta: Style,
    pub quote: Style,
    pub rule: Style,
    pub list_marker: Style,
    pub table_border: Style,
    pub table_header: Style,
    /// Classes of highlighted code.
    pub syntax: SyntaxStyles,
    /// Highlight fenced code blocks whose language is known (loads the grammars on first use).
    pub highlight: bool,
}

/// The styles of highlighted code, by [`Class`]; Markdown classes use the [`MdStyles`] ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyntaxStyles {
    pub comment: Style,
    pub string: Style,
    pub number: Style,
    pub keyword: Style,
    pub function: Style,
    pub type_: Style,
}

impl Default for MdStyles {
    /// Coloured defaults (for callers without a theme): cyan headings, yellow inline code,
    /// green code blocks, blue links.
    fn default() -> Self {
        let accent = Color::Cyan;
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        Self {
            text: Style::new(),
            heading1: bold.fg(accent).add_modifier(Modifier::REVERSED),
            heading: bold.fg(accent).add_modifier(Modifier::UNDERLINED),
            heading3: bold.fg(accent),
            heading4: bold.add_modifier(Modifier::ITALIC),
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
            syntax: SyntaxStyles {
                comment: dim.add_modifier(Modifier::ITALIC),
                string: Style::new().fg(Color::Green),
                number: Style::new().fg(Color::Magenta),
                keyword: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
                function: Style::new().fg(Color::Blue),
                type_: Style::new().fg(Color::Yellow),
            },
            highlight: false,
        }
    }
}

impl MdStyles {
    /// Modifiers only, no colours: for NO_COLOR.
    pub fn plain() -> MdStyles {
        let m = |m: Modifier| Style::new().add_modifier(m);
        MdStyles {
            text: Style::new(),
            heading1: m(Modifier::BOLD | Modifier::REVERSED),
            heading: m(Modifier::BOLD | Modifier::UNDERLINED),
            heading3: m(Modifier::BOLD),
            heading4: m(Modifier::BOLD | Modifier::ITALIC),
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
            syntax: SyntaxStyles {
                comment: m(Modifier::DIM | Modifier::ITALIC),
                keyword: m(Modifier::BOLD),
                ..SyntaxStyles::default()
            },
            highlight: false,
        }
    }

    /// The same styles, highlighting code blocks (or not).
    pub fn with_highlight(self, highlight: bool) -> MdStyles {
        MdStyles { highlight, ..self }
    }

    /// The style of a heading level (1-6).
    pub fn heading_style(&self, level: u8) -> Style {
        match level {
            1 => self.heading1,
            2 => self.heading,
            3 => self.heading3,
            _ => self.heading4,
        }
    }

    /// The style of a class of highlighted text.
    pub fn class(&self, class: Class) -> Style {
        let s = &self.syntax;
        match class {
            Class::Plain => Style::new(),
            Class::Comment => s.comment,
            Class::String => s.string,
            Class::Number => s.number,
            Class::Keyword => s.keyword,
            Class::Function => s.function,
            Class::Type => s.type_,
            Class::Heading => self.heading3,
            Class::Bold => self.strong,
            Class::Italic => self.emphasis,
            Class::Code => self.code,
            Class::Link => self.link,
            Class::Quote => self.quote,
            Class::ListMarker => self.list_marker,
            Class::Punctuation => self.meta,
        }
    }
}

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

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_block(),
            TagEnd::Heading(_) => {
                self.end_heading();
                self.pending_blank = true;
                self.stack.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.end_block();
                self.stack.pop();
                self.containers.pop();
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
mod tests;
