//! The documents shown for one agent — the preview, and each reader tab — built as wrapped,
//! styled lines with their headings (for jumping between them and the outline). Built by
//! `App::update` into a cache, never while drawing. Every piece of file text is sanitised
//! here before it becomes a span. The Source tab is built in [`super::source`].

use crate::catalog::{Agent, Kind, Role, Scope, Severity, Verdict};
use crate::text::markdown::{self, Document, Heading};
use crate::text::sanitize::{clean, clean_line};
use crate::theme::Theme;
use crate::tui::action::Tab;
use crate::tui::app::Doc;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Another file with the same name, as the Details tab lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Other {
    pub path: std::path::PathBuf,
    pub scope: Scope,
    /// `wins`, `shadowed`, `disabled`, `skipped by Claude Code`.
    pub state: &'static str,
}

/// What the similarity index can say yet.
#[derive(Debug, Clone, PartialEq)]
pub enum Similar {
    /// Not asked for yet.
    NotStarted,
    /// Being built.
    Building,
    /// The most similar agents by text, `(name, score)`, best first.
    Ready(Vec<(String, f32)>),
}

/// What to build a document from.
pub struct DocInput<'a> {
    pub agent: &'a Agent,
    /// The other files with the same name.
    pub others: &'a [Other],
    /// The file's text for the Source tab, once read.
    pub source: Option<&'a Result<String, String>>,
    pub doc: Doc,
    pub similar: Similar,
    /// The scores are MinHash estimates (shown with `≈`), not exact.
    pub estimated: bool,
}

/// A document being built: its lines, and the headings among them.
#[derive(Default)]
pub struct Lines(pub Document);

impl Lines {
    pub fn push(&mut self, line: Line<'static>) {
        self.0.lines.push(line);
    }

    pub fn extend(&mut self, lines: impl IntoIterator<Item = Line<'static>>) {
        self.0.lines.extend(lines);
    }

    /// The next line pushed is a heading.
    pub fn heading(&mut self, level: u8, title: impl Into<String>) {
        let line = self.0.lines.len();
        self.0.headings.push(Heading { line, level, title: title.into() });
    }
}

/// Build the document `input.doc` at `width` columns.
pub fn build(input: &DocInput, width: u16, theme: &Theme) -> Document {
    let width = usize::from(width.max(10));
    let agent = input.agent;
    let mut out = Lines::default();
    match input.doc {
        Doc::Preview => {
            header(agent, width, theme, &mut out);
            persona(agent, width, theme, false, &mut out);
            if !agent.examples.is_empty() {
                section(&format!("examples ({})", agent.examples.len()), width, theme, &mut out);
                examples(agent, width, theme, &mut out);
            }
        }
        Doc::Tab(Tab::Persona) => {
            header(agent, width, theme, &mut out);
            persona(agent, width, theme, true, &mut out);
        }
        Doc::Tab(Tab::Examples) => examples(agent, width, theme, &mut out),
        Doc::Tab(Tab::Details) => details(input, width, theme, &mut out),
        Doc::Tab(Tab::Source) => super::source::build(input, width, theme, &mut out),
        Doc::Tab(Tab::Files) => files(agent, width, theme, &mut out),
    }
    out.0
}

/// A skill's other files, one a line (the reader picks the top one), cut to the width.
fn files(agent: &Agent, width: usize, theme: &Theme, out: &mut Lines) {
    let files = agent.files.as_deref().unwrap_or_default();
    if files.is_empty() {
        out.push(Line::styled("(no other files in the skill's folder)", theme.dim));
    }
    for f in files {
        let mut used = 0;
        let shown: String = clean_line(f)
            .chars()
            .take_while(|c| {
                used += c.width().unwrap_or(0);
                used <= width.max(1)
            })
            .collect();
        out.push(Line::styled(shown, theme.text));
    }
    if agent.diagnostics.iter().any(|d| d.code == "many-files") {
        out.push(Line::styled("… more files in the folder are not listed", theme.dim));
    }
}

/// What only a skill, a command or an output style has, for the header: its kind, the
/// arguments its body takes, its files.
fn kind_fields(agent: &Agent, width: usize, theme: &Theme, out: &mut Lines) {
    if agent.kind == Kind::Agent {
        return;
    }
    field("kind:", agent.kind.noun(), theme.text, width, theme, out);
    let hint = agent.extra.get("argument-hint").map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let used = agent.placeholders.as_deref().unwrap_or_default();
    if hint.is_some() || !used.is_empty() {
        let mut text = used.join(", ");
        if let Some(h) = hint {
            text = if text.is_empty() { h } else { format!("{text}  (hint: {h})") };
        }
        field("arguments:", &text, theme.text, width, theme, out);
    }
    if let Some(files) = &agent.files {
        let text = if files.is_empty() {
            "none besides SKILL.md".to_string()
        } else {
            format!("{} (tab 5): {}", files.len(), tools_summary(Some(files), width.saturating_sub(20)))
        };
        field("files:", &text, theme.text, width, theme, out);
    }
}

/// Word-wrap one paragraph of plain text to `width` columns; long words are cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let current = lines.last_mut().expect("never empty");
        let needed = current.width() + usize::from(!current.is_empty()) + word.width();
        if needed <= width {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            lines.push(String::new());
        }
        for c in word.chars() {
            let current = lines.last_mut().expect("never empty");
            if current.width() + c.width().unwrap_or(0) > width {
                lines.push(String::new());
            }
            lines.last_mut().expect("never empty").push(c);
        }
    }
    lines
}

/// `label` then `value`, wrapped under itself with a hanging indent.
fn field(label: &str, value: &str, style: Style, width: usize, theme: &Theme, out: &mut Lines) {
    let indent = label.width() + 1;
    let mut first = true;
    for para in clean(value).split('\n') {
        for chunk in wrap(para, width.saturating_sub(indent)) {
            let lead = if first { format!("{label} ") } else { " ".repeat(indent) };
            let lead = Span::styled(lead, if first { theme.label } else { theme.text });
            out.push(Line::from(vec![lead, Span::styled(chunk, style)]));
            first = false;
        }
    }
}

fn paragraph(text: &str, style: Style, width: usize, out: &mut Lines) {
    for para in clean(text).split('\n') {
        out.extend(wrap(para, width).into_iter().map(|l| Line::styled(l, style)));
    }
}

fn section(title: &str, width: usize, theme: &Theme, out: &mut Lines) {
    out.push(Line::default());
    out.heading(1, title);
    let rule = "─".repeat(width.saturating_sub(title.width() + 5));
    out.push(Line::styled(format!("── {title} {rule}"), theme.dim));
}

/// Tools as a compact list: `tools (73): Glob, Grep, LS, … +63`, `all tools`, `none`.
pub fn tools_summary(tools: Option<&[String]>, width: usize) -> String {
    let Some(tools) = tools else {
        return "all tools".into();
    };
    if tools.is_empty() {
        return "none".into();
    }
    let mut shown = String::new();
    for (i, tool) in tools.iter().enumerate() {
        let tool = clean_line(tool);
        let rest = tools.len() - i;
        let tail = if rest > 1 { format!(", … +{}", rest - 1).width() } else { 0 };
        if i > 0 && shown.width() + tool.width() + 2 + tail > width {
            return format!("{shown}, … +{rest}");
        }
        if i > 0 {
            shown.push_str(", ");
        }
        shown.push_str(&tool);
    }
    shown
}

pub fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Loads => "loads",
        Verdict::LoadsAfterRetry => "loads after retry",
        Verdict::Skips => "skips",
    }
}

pub fn severity_mark(s: Severity, theme: &Theme) -> Span<'static> {
    match s {
        Severity::Error => Span::styled("✗ ", theme.error),
        Severity::Warning => Span::styled("! ", theme.warning),
        Severity::Info => Span::styled("· ", theme.dim),
    }
}

fn header(agent: &Agent, width: usize, theme: &Theme, out: &mut Lines) {
    out.heading(1, clean_line(&agent.name));
    out.push(Line::styled(clean_line(&agent.name).into_owned(), theme.heading));
    paragraph(agent.summary(), theme.text, width, out);
    out.push(Line::default());
    kind_fields(agent, width, theme, out);
    let tools = agent.tools.as_deref();
    let what = if matches!(agent.kind, Kind::Skill | Kind::Command) { "allowed tools" } else { "tools" };
    let label = match tools {
        Some(t) if !t.is_empty() => format!("{what} ({}):", t.len()),
        _ => format!("{what}:"),
    };
    let summary = if agent.kind == Kind::Agent && tools.is_some_and(<[String]>::is_empty) {
        "all tools (`tools` is written empty, which Claude Code reads as all)".to_string()
    } else {
        tools_summary(tools, width.saturating_sub(label.width() + 1))
    };
    field(&label, &summary, theme.text, width, theme, out);
    let color = agent.color.as_deref().map(|c| clean_line(c).into_owned());
    out.push(Line::from(vec![
        Span::styled("model: ", theme.label),
        Span::raw(agent.model.as_deref().map_or("inherit".into(), |m| clean_line(m).into_owned())),
        Span::styled("   color: ", theme.label),
        Span::styled("● ", theme.swatch(color.as_deref())),
        Span::raw(color.unwrap_or_else(|| "none".into())),
    ]));
    field("path:", &agent.path.display().to_string(), theme.dim, width, theme, out);
    let verdict_style = if agent.is_broken() { theme.error } else { theme.text };
    out.push(Line::from(vec![
        Span::styled("scope: ", theme.label),
        Span::raw(scope_label(agent)),
        Span::styled("   claude code: ", theme.label),
        Span::styled(verdict_label(agent.claude_code), verdict_style),
    ]));
    let status: Vec<&str> = agent.tracking.status.words().collect();
    if let Some(o) = &agent.tracking.origin {
        let state = if status.is_empty() { String::new() } else { format!(" ({})", status.join(", ")) };
        let text = format!("{} {}{state}", o.collection, o.path);
        field("from:", &text, if status.is_empty() { theme.text } else { theme.warning }, width, theme, out);
    } else if !status.is_empty() {
        field("status:", &status.join(", "), theme.text, width, theme, out);
    }
    if let Some(by) = &agent.disabled_by {
        let tool = agent.kind.deny_tool().unwrap_or("Agent");
        let article = if tool == "Agent" { "an" } else { "a" };
        let text = format!("disabled: {article} {tool}({}) rule in {} denies it", agent.name, by.display());
        field("!", &text, theme.warning, width, theme, out);
    }
    diagnostics(agent, width, theme, out);
}

fn diagnostics(agent: &Agent, width: usize, theme: &Theme, out: &mut Lines) {
    for d in &agent.diagnostics {
        let at = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        let text = format!("{} {}: {}{at}", d.severity.label(), d.code, d.message);
        for (i, chunk) in wrap(&clean_line(&text), width.saturating_sub(2)).into_iter().enumerate() {
            let lead = if i == 0 { severity_mark(d.severity, theme) } else { Span::raw("  ") };
            out.push(Line::from(vec![lead, Span::raw(chunk)]));
        }
    }
}

/// The persona, rendered; `highlight` colours its code blocks (the reader does, the preview,
/// which changes with every move in the list, does not).
fn persona(agent: &Agent, width: usize, theme: &Theme, highlight: bool, out: &mut Lines) {
    section("persona", width, theme, out);
    let body = clean(&agent.body);
    if body.trim().is_empty() {
        out.push(Line::styled("(no prompt)", theme.dim));
        return;
    }
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    let doc = markdown::render_doc(body.trim(), width, &theme.markdown().with_highlight(highlight));
    let at = out.0.lines.len();
    out.0.headings.extend(doc.headings.into_iter().map(|h| Heading { line: h.line + at, ..h }));
    out.extend(doc.lines);
}

fn examples(agent: &Agent, width: usize, theme: &Theme, out: &mut Lines) {
    if agent.examples.is_empty() {
        out.push(Line::styled("(no examples in the description)", theme.dim));
    }
    let total = agent.examples.len();
    for (i, ex) in agent.examples.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        let title = format!("Example {}/{total}", i + 1);
        let context: String = clean_line(ex.context.trim()).chars().take(60).collect();
        out.heading(1, if context.is_empty() { title.clone() } else { format!("{title}: {context}") });
        out.push(Line::styled(title, theme.heading));
        if !ex.context.trim().is_empty() {
            field("Context:", ex.context.trim(), theme.text, width, theme, out);
        }
        let fallback = [(Role::User, ex.user.clone()), (Role::Assistant, ex.assistant.clone())];
        let turns = if ex.turns.is_empty() { &fallback[..] } else { &ex.turns[..] };
        for (role, text) in turns.iter().filter(|(_, t)| !t.trim().is_empty()) {
            let who = match role {
                Role::User => "user ›",
                Role::Assistant => "assistant ›",
            };
            field(who, text.trim(), theme.text, width, theme, out);
        }
        if !ex.commentary.trim().is_empty() {
            paragraph(ex.commentary.trim(), theme.dim, width, out);
        }
    }
}

fn details(input: &DocInput, width: usize, theme: &Theme, out: &mut Lines) {
    let a = input.agent;
    let list = |t: &Option<Vec<String>>| match t {
        None => "(absent)".to_string(),
        Some(v) => format!("[{}] {}", v.len(), v.join(", ")),
    };
    out.heading(1, "frontmatter");
    out.push(Line::styled("frontmatter", theme.heading));
    let name_note = match (a.name_from_file, a.kind) {
        (false, _) => "",
        (true, Kind::Skill) => " (from the folder name)",
        (true, Kind::Command) => " (from the path)",
        (true, _) => " (from the file name)",
    };
    field("name:", &format!("{}{name_note}", a.name), theme.text, width, theme, out);
    field("description:", &a.description, theme.text, width, theme, out);
    let (tools_key, disallowed_key) = a.kind.tool_keys();
    field(&format!("{tools_key}:"), &list(&a.tools), theme.text, width, theme, out);
    field(&format!("{disallowed_key}:"), &list(&a.disallowed_tools), theme.text, width, theme, out);
    field("model:", a.model.as_deref().unwrap_or("(absent)"), theme.text, width, theme, out);
    field("color:", a.color.as_deref().unwrap_or("(absent)"), theme.text, width, theme, out);
    for (key, value) in &a.extra {
        let value = serde_json::to_string(value).unwrap_or_default();
        field(&format!("{}:", clean_line(key)), &value, theme.text, width, theme, out);
    }
    section("reading", width, theme, out);
    field("claude code:", verdict_label(a.claude_code), theme.text, width, theme, out);
    field("parsed by:", &format!("{:?}", a.parse_step).to_lowercase(), theme.text, width, theme, out);
    field("body starts at line:", &a.body_line.to_string(), theme.text, width, theme, out);
    field("path:", &a.path.display().to_string(), theme.text, width, theme, out);
    field("scope:", &scope_label(a), theme.text, width, theme, out);
    if a.kind != Kind::Agent {
        field("kind:", a.kind.noun(), theme.text, width, theme, out);
    }
    origin(a, width, theme, out);
    section(&format!("diagnostics ({})", a.diagnostics.len()), width, theme, out);
    diagnostics(a, width, theme, out);
    similar(input, width, theme, out);
    shadowing(input, width, theme, out);
}

/// The scope, and for a collection's agent which collection: `collection (demo)`.
fn scope_label(a: &Agent) -> String {
    match &a.tracking.collection {
        Some(c) => format!("collection ({})", clean_line(c)),
        None => a.scope.label().to_string(),
    }
}

/// Where an installed agent came from and how it stands against upstream, or that a
/// collection's agent is installed somewhere.
fn origin(a: &Agent, width: usize, theme: &Theme, out: &mut Lines) {
    let t = &a.tracking;
    if t.origin.is_none() && t.collection.is_none() {
        return;
    }
    section("origin", width, theme, out);
    if let Some(o) = &t.origin {
        field("collection:", &o.collection, theme.text, width, theme, out);
        field("source:", &o.source, theme.text, width, theme, out);
        field("commit:", o.commit.as_deref().unwrap_or("(none: a folder outside git)"), theme.text, width, theme, out);
        field("path inside:", &o.path, theme.text, width, theme, out);
        field("sha256:", &o.sha256, theme.dim, width, theme, out);
        if !o.recorded {
            out.push(Line::styled("no record: recognised by bytes identical to the collection's file", theme.dim));
        }
    }
    let status = t.status;
    let mut words = Vec::new();
    if status.outdated {
        words.push("outdated: upstream changed since it was installed (actions: upgrade)");
    }
    if status.modified {
        words.push("modified: changed here since it was installed");
    }
    if status.installed {
        words.push("installed: a copy is installed");
    }
    if t.origin.is_some() && words.is_empty() {
        words.push("as installed, and upstream has not changed it since");
    }
    for w in words {
        field("status:", w, if status.outdated { theme.warning } else { theme.text }, width, theme, out);
    }
}

fn similar(input: &DocInput, width: usize, theme: &Theme, out: &mut Lines) {
    section("similar", width, theme, out);
    match &input.similar {
        Similar::NotStarted => out.push(Line::styled("not compared with the catalog yet", theme.dim)),
        Similar::Building => out.push(Line::styled("the similarity index is being built…", theme.dim)),
        Similar::Ready(list) if list.is_empty() => {
            out.push(Line::styled("no similar agents", theme.dim));
        }
        Similar::Ready(list) => {
            let approx = if input.estimated { "≈" } else { "" };
            let text: Vec<String> = list
                .iter()
                .map(|(name, score)| format!("{} {approx}{:.0}%", clean_line(name), score * 100.0))
                .collect();
            field("Similar:", &text.join(", "), theme.text, width, theme, out);
            out.push(Line::styled("c compares with the most similar", theme.dim));
        }
    }
}

fn shadowing(input: &DocInput, width: usize, theme: &Theme, out: &mut Lines) {
    let a = input.agent;
    section("shadowing", width, theme, out);
    match (&a.shadowed_by, a.is_broken()) {
        (Some(p), _) => field("shadowed by:", &p.display().to_string(), theme.warning, width, theme, out),
        (None, true) => {
            out.push(Line::styled("Claude Code skips this file, so it takes no part in name clashes", theme.dim))
        }
        (None, false) => out.push(Line::styled("not shadowed", theme.dim)),
    }
    if let Some(by) = &a.disabled_by {
        field("disabled by:", &by.display().to_string(), theme.warning, width, theme, out);
    }
    if !input.others.is_empty() {
        out.push(Line::styled(format!("other files named {}:", clean_line(&a.name)), theme.label));
    }
    for other in input.others {
        let text = format!("{} [{}, {}]", other.path.display(), other.scope.label(), other.state);
        field(" ", &text, theme.text, width, theme, out);
    }
}
