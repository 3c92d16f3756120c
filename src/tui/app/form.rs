//! The agent form: every documented field of a new or existing agent, edited one at a time,
//! with pickers for the tools (grouped, MCP servers included), the model, the colour and the
//! other enumerated keys, usage examples as structured parts, and a live verdict (would
//! Claude Code load the file as it stands, and if not why). Saving is a plan for the one write
//! path, confirmed with its diff: a new file that strict YAML reads back exactly, or an edit
//! that changes only the lines of the fields that changed.

use super::picker::{Choice, Picker, PickerKind};
use super::textarea::TextArea;
use crate::catalog::change::Plan;
use crate::catalog::examples::{example_markup, intro_of};
use crate::catalog::parse::rewrite::FieldEdit;
use crate::catalog::plans::{Places, PlanError, Target, check_new_name, create};
use crate::catalog::{Agent, AgentId, Diagnostic, Example, Kind, Role, Scope, Severity, Verdict};
use serde_yaml::Value;
use std::path::PathBuf;

/// Which agent the form writes.
#[derive(Debug, Clone, PartialEq)]
pub enum FormTarget {
    /// A new file in the project's or the user's agent folder.
    New { scope: Target },
    /// An existing file, as it was read when the form opened.
    Edit { id: AgentId, path: PathBuf, original: Box<Values> },
}

/// How many tools an agent may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tools {
    /// The field is left out: every tool.
    All,
    /// These (an empty list: none at all).
    Some(Vec<String>),
}

/// Everything the form edits, as a person thinks of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    /// What the file is: its kind says which keys the form offers and what the tool lists
    /// are called (`allowed-tools` in a skill or a command).
    pub kind: Kind,
    pub name: String,
    /// The description without its usage examples.
    pub intro: String,
    pub examples: Vec<Example>,
    pub tools: Tools,
    /// `None`: no `disallowedTools` key.
    pub disallowed: Option<Vec<String>>,
    /// The documented keys with one text or number value, by key: `None` leaves the key out.
    pub keys: Vec<(&'static str, Option<String>)>,
    /// Every other frontmatter key, kept as it was.
    pub extra: Vec<(String, Value)>,
    pub body: String,
    /// The description exactly as read, to keep it byte for byte when neither the intro nor
    /// the examples change.
    pub description_as_read: Option<String>,
}

/// The documented keys the form offers besides name, description, tools and the body.
pub const KEYS: &[&str] = &[
    "model",
    "color",
    "permissionMode",
    "maxTurns",
    "skills",
    "memory",
    "effort",
    "isolation",
    "background",
    "initialPrompt",
];

/// Keys whose value is a number or a boolean in YAML.
const TYPED: &[&str] =
    &["maxTurns", "background", "disable-model-invocation", "user-invocable", "keep-coding-instructions"];

/// The keys the form offers for `kind` besides name, description, the tool lists and the
/// body: an agent's documented keys, or the other kind's (a skill's and a command's `model`
/// too).
pub fn keys_for(kind: Kind) -> Vec<&'static str> {
    if kind == Kind::Agent {
        return KEYS.to_vec();
    }
    let (tools, disallowed) = kind.tool_keys();
    let model = matches!(kind, Kind::Skill | Kind::Command).then_some("model");
    model.into_iter().chain(kind.known_keys().iter().copied().filter(|k| *k != tools && *k != disallowed)).collect()
}

/// One row of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Scope,
    Name,
    Description,
    Example(usize),
    AddExample,
    Tools,
    Disallowed,
    Key(usize),
    Body,
}

/// The form's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub target: FormTarget,
    pub values: Values,
    pub focus: usize,
    /// The field being typed into.
    pub edit: Option<TextArea>,
    pub picker: Option<Picker>,
    /// Show the file as it would be written (or its diff against the disk) beside the fields.
    pub preview: bool,
    /// The verdict and diagnostics of the file as it stands.
    pub verdict: (Verdict, Vec<Diagnostic>),
    /// The file text as it would be written, or why it cannot be.
    pub text: Result<String, String>,
    /// Esc was pressed once with unsaved changes.
    pub leaving: bool,
    /// The save is on its way through the write path.
    pub saving: bool,
    /// MCP tools to offer: `(server, tools seen)`.
    pub mcp: Vec<(String, Vec<String>)>,
    /// What the preview shows: the new file, or the diff of an edit against the disk.
    pub shown: Vec<String>,
    /// The search of the reader the form was opened from, given back to it when the form closes.
    pub reader_find: crate::tui::app::Find,
}

impl Values {
    /// A blank agent from the template.
    pub fn template() -> Values {
        Values {
            kind: Kind::Agent,
            name: String::new(),
            intro: "Use this agent when ... (say when Claude should delegate to it)".into(),
            examples: Vec::new(),
            tools: Tools::All,
            disallowed: None,
            keys: KEYS.iter().map(|k| (*k, None)).collect(),
            extra: Vec::new(),
            body: "You are ...\n\n## How you work\n\n- ...\n".into(),
            description_as_read: None,
        }
    }

    /// The values of an agent read from its file.
    pub fn of(agent: &Agent) -> Values {
        let examples = crate::catalog::examples::extract(&agent.description);
        let intro = intro_of(&agent.description).to_string();
        let text = |k: &str| agent.extra.get(k).map(json_text);
        let offered = keys_for(agent.kind);
        let (tools_key, disallowed_key) = agent.kind.tool_keys();
        let keys = offered
            .iter()
            .map(|&k| {
                let v = match k {
                    "model" => agent.model.clone(),
                    "color" => agent.color.clone(),
                    other => text(other),
                };
                (k, v)
            })
            .collect();
        let extra = agent
            .extra
            .iter()
            .filter(|(k, _)| !offered.contains(&k.as_str()) && k.as_str() != tools_key && k.as_str() != disallowed_key)
            .filter_map(|(k, v)| Some((k.clone(), serde_yaml::to_value(v).ok()?)))
            .collect();
        Values {
            kind: agent.kind,
            name: agent.name.clone(),
            intro,
            examples,
            tools: agent.tools.clone().map_or(Tools::All, Tools::Some),
            disallowed: agent.disallowed_tools.clone(),
            keys,
            extra,
            body: agent.body.clone(),
            description_as_read: Some(agent.description.clone()),
        }
    }

    /// The same values as an agent's: the agent's keys (those it shares with the other kind,
    /// such as `model`, keep their values), and the other kind's own keys left out.
    pub fn into_agent(self) -> Values {
        if self.kind == Kind::Agent {
            return self;
        }
        let keys = KEYS.iter().map(|&k| (k, self.key(k).map(str::to_string))).collect();
        Values { kind: Kind::Agent, keys, ..self }
    }

    pub fn key(&self, k: &str) -> Option<&str> {
        self.keys.iter().find(|(key, _)| *key == k).and_then(|(_, v)| v.as_deref())
    }

    pub fn set_key(&mut self, k: &str, v: Option<String>) {
        if let Some(slot) = self.keys.iter_mut().find(|(key, _)| *key == k) {
            slot.1 = v.filter(|s| !s.trim().is_empty());
        }
    }

    /// The description: the intro, then each example as `<example>` markup.
    pub fn description(&self) -> String {
        if let Some(read) = &self.description_as_read
            && intro_of(read) == self.intro
            && crate::catalog::examples::extract(read) == self.examples
        {
            return read.clone();
        }
        let mut d = self.intro.trim_end().to_string();
        for e in &self.examples {
            d.push_str("\n\n");
            d.push_str(&example_markup(e));
        }
        d
    }

    /// The frontmatter fields, in the order a new file gets them.
    pub fn fields(&self) -> Vec<(String, Value)> {
        let mut out = vec![
            ("name".to_string(), Value::String(self.name.clone())),
            ("description".to_string(), Value::String(self.description())),
        ];
        let (tools_key, disallowed_key) = self.kind.tool_keys();
        if let Tools::Some(list) = &self.tools {
            out.push((tools_key.into(), Value::String(list.join(", "))));
        }
        if let Some(list) = &self.disallowed {
            out.push((disallowed_key.into(), Value::String(list.join(", "))));
        }
        for (k, v) in &self.keys {
            if let Some(v) = v {
                out.push((k.to_string(), typed(k, v)));
            }
        }
        out.extend(self.extra.iter().cloned());
        out
    }
}

/// A key's value in YAML: numbers and booleans for the keys that hold them.
fn typed(key: &str, v: &str) -> Value {
    if TYPED.contains(&key) { create::value_for(key, v) } else { Value::String(v.to_string()) }
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// An example edited as text: `Context:`, `user:`, `assistant:` and `commentary:` lines.
pub fn example_as_text(e: &Example) -> String {
    let turns: Vec<(Role, String)> = if e.turns.is_empty() {
        vec![(Role::User, e.user.clone()), (Role::Assistant, e.assistant.clone())]
    } else {
        e.turns.clone()
    };
    let mut s = format!("Context: {}\n", e.context.trim());
    for (role, t) in turns {
        s.push_str(&format!("{}: {}\n", if role == Role::User { "user" } else { "assistant" }, t.trim()));
    }
    s.push_str(&format!("commentary: {}", e.commentary.trim()));
    s
}

/// An example's editor, its cursor on the first line with nothing after its label (a new
/// example: `Context:`), else at the end of the first: typing never lands in `commentary:`.
fn example_editor(text: &str) -> TextArea {
    let mut e = TextArea::new(text, true);
    let lines = e.lines().to_vec();
    let empty = lines.iter().position(|l| l.split_once(':').is_some_and(|(_, v)| v.trim().is_empty()));
    let row = empty.unwrap_or(0);
    e.place(row, lines[row].chars().count());
    e
}

/// The example a text in the shape of [`example_as_text`] describes.
pub fn example_from_text(text: &str) -> Example {
    let markup = format!(
        "<example>\n{}\n</example>",
        text.lines()
            .map(|l| match l.strip_prefix("commentary:") {
                Some(c) => format!("<commentary>\n{}\n</commentary>", c.trim()),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    );
    crate::catalog::examples::extract(&markup).into_iter().next().unwrap_or_default()
}

impl Form {
    /// A form over `values` for `target`.
    pub fn new(target: FormTarget, values: Values, mcp: Vec<(String, Vec<String>)>) -> Form {
        let mut f = Form {
            target,
            values,
            focus: 0,
            edit: None,
            picker: None,
            preview: false,
            verdict: (Verdict::Loads, Vec::new()),
            text: Err(String::new()),
            leaving: false,
            saving: false,
            mcp,
            shown: Vec::new(),
            reader_find: crate::tui::app::Find::default(),
        };
        // Editing starts at the name (the scope row above it only says where the file is).
        if matches!(f.target, FormTarget::Edit { .. }) {
            f.focus = 1;
        }
        f
    }

    /// The rows, in order.
    pub fn rows(&self) -> Vec<Row> {
        // The same rows for a new agent and an edit, so nothing shifts between the two: an
        // edit's scope row says where the file is (it cannot be changed there).
        let mut rows = vec![Row::Scope, Row::Name, Row::Description];
        rows.extend((0..self.values.examples.len()).map(Row::Example));
        rows.extend([Row::AddExample, Row::Tools, Row::Disallowed]);
        rows.extend((0..self.values.keys.len()).map(Row::Key));
        rows.push(Row::Body);
        rows
    }

    pub fn row(&self) -> Row {
        let rows = self.rows();
        rows[self.focus.min(rows.len() - 1)]
    }

    /// Whether anything differs from what the form started with.
    pub fn dirty(&self) -> bool {
        match &self.target {
            FormTarget::Edit { original, .. } => **original != self.values,
            FormTarget::New { .. } => self.values != Values::template(),
        }
    }

    /// The picker for the focused row, when it is one that picks.
    pub fn picker_for(&self, row: Row) -> Option<Picker> {
        let v = &self.values;
        match row {
            Row::Scope if matches!(self.target, FormTarget::Edit { .. }) => None,
            Row::Scope => {
                let now = match &self.target {
                    FormTarget::New { scope: Target::User } => "user",
                    _ => "project",
                };
                Some(Picker::single(
                    PickerKind::Scope,
                    vec![
                        Choice::plain("project", "the project's .claude/agents/ (shared with the repository)"),
                        Choice::plain("user", "your ~/.claude/agents/ (every project)"),
                    ],
                    Some(now),
                ))
            }
            Row::Tools | Row::Disallowed => {
                let chosen: Vec<String> = match (row, &v.tools, &v.disallowed) {
                    (Row::Tools, Tools::Some(l), _) => l.clone(),
                    (Row::Disallowed, _, Some(l)) => l.clone(),
                    _ => Vec::new(),
                };
                let all = row == Row::Tools && v.tools == Tools::All;
                Some(Picker::tools(row == Row::Disallowed, &chosen, all, &self.mcp))
            }
            Row::Key(i) => {
                let key = self.values.keys[i].0;
                let options: &[(&str, &str)] = match key {
                    "model" => &[
                        ("sonnet", "Claude Sonnet: balanced"),
                        ("opus", "Claude Opus: the most capable"),
                        ("haiku", "Claude Haiku: fast and cheap"),
                        ("fable", "fable"),
                        ("inherit", "the main conversation's model"),
                    ],
                    "color" => &[
                        ("red", ""),
                        ("blue", ""),
                        ("green", ""),
                        ("yellow", ""),
                        ("purple", ""),
                        ("orange", ""),
                        ("pink", ""),
                        ("cyan", ""),
                    ],
                    "permissionMode" => &[
                        ("default", "ask as usual"),
                        ("acceptEdits", "accept file edits"),
                        ("auto", ""),
                        ("dontAsk", ""),
                        ("bypassPermissions", "ask nothing"),
                        ("plan", "plan only"),
                        ("manual", ""),
                    ],
                    "memory" => &[("user", ""), ("project", ""), ("local", "")],
                    "effort" => &[("low", ""), ("medium", ""), ("high", ""), ("max", "")],
                    "isolation" => &[("worktree", "work in a git worktree of its own")],
                    "background" => &[("true", "run in the background"), ("false", "")],
                    _ => return None,
                };
                let choices = options.iter().map(|(n, d)| Choice::plain(n, d)).collect();
                let kind = if key == "color" { PickerKind::Color } else { PickerKind::Key(i) };
                Some(Picker::single(kind, choices, v.key(key)))
            }
            _ => None,
        }
    }

    /// The text editor for the focused row, when it is typed into.
    pub fn editor_for(&self, row: Row) -> Option<TextArea> {
        let v = &self.values;
        Some(match row {
            Row::Name => TextArea::new(&v.name, false),
            Row::Description => TextArea::new(&v.intro, true),
            Row::Example(i) => example_editor(&example_as_text(&v.examples[i])),
            Row::AddExample => example_editor(&example_as_text(&Example::default())),
            Row::Body => TextArea::new(&v.body, true),
            Row::Key(i) => {
                let key = self.values.keys[i].0;
                TextArea::new(v.key(key).unwrap_or(""), key == "initialPrompt")
            }
            _ => return None,
        })
    }

    /// Put the edited text into the focused row's field.
    pub fn take_edit(&mut self, text: String) {
        let row = self.row();
        let v = &mut self.values;
        match row {
            Row::Name => v.name = text.trim().to_string(),
            Row::Description => v.intro = text,
            Row::Example(i) => v.examples[i] = example_from_text(&text),
            Row::AddExample => {
                let e = example_from_text(&text);
                if e != Example::default() {
                    v.examples.push(e);
                }
            }
            Row::Body => v.body = text,
            Row::Key(i) => {
                let key = v.keys[i].0;
                v.set_key(key, Some(text));
            }
            _ => {}
        }
    }

    /// Leave the focused field out (or delete the focused example).
    pub fn unset(&mut self) {
        match self.row() {
            Row::Example(i) => {
                self.values.examples.remove(i);
            }
            Row::Tools => self.values.tools = Tools::All,
            Row::Disallowed => self.values.disallowed = None,
            Row::Key(i) => {
                let key = self.values.keys[i].0;
                self.values.set_key(key, None);
            }
            _ => {}
        }
    }

    /// Move the focused example up or down.
    pub fn move_example(&mut self, down: bool) {
        if let Row::Example(i) = self.row() {
            let j = if down { i + 1 } else { i.wrapping_sub(1) };
            if j < self.values.examples.len() {
                self.values.examples.swap(i, j);
                self.focus = if down { self.focus + 1 } else { self.focus - 1 };
            }
        }
    }

    /// The file as it would be written, its verdict and diagnostics, and the name's problems.
    pub fn refresh(&mut self, places: &Places, taken: impl Fn(&str) -> bool) {
        let v = &self.values;
        let mut diags = Vec::new();
        let name_ok = match check_new_name(&v.name) {
            Ok(()) => true,
            Err(e) => {
                diags.push(Diagnostic::new(Severity::Error, "invalid-name", e.message().to_string()));
                false
            }
        };
        let renamed = match &self.target {
            FormTarget::Edit { original, .. } => original.name != v.name,
            FormTarget::New { .. } => true,
        };
        if name_ok && renamed && taken(&v.name) {
            let msg = format!("the name '{}' is taken in that scope; saving would clash", v.name);
            diags.push(Diagnostic::new(Severity::Error, "name-taken", msg));
        }
        self.text = self.file_text();
        let (verdict, mut found) = match &self.text {
            Ok(t) => match crate::catalog::parse::parse_kind(
                t.as_bytes(),
                self.path().unwrap_or_else(|| PathBuf::from("new.md")),
                Scope::Path,
                v.kind,
                crate::catalog::parse::Detail::Full,
            ) {
                Ok(p) => (p.agent.claude_code, p.agent.diagnostics),
                Err(e) => (Verdict::Skips, vec![Diagnostic::new(Severity::Error, "not-an-agent", e.0)]),
            },
            Err(e) => (Verdict::Skips, vec![Diagnostic::new(Severity::Error, "cannot-write", e.clone())]),
        };
        diags.append(&mut found);
        self.verdict = (if name_ok { verdict } else { Verdict::Skips }, diags);
        let _ = places;
        let clean = |t: &str| t.lines().map(|l| crate::text::sanitize::clean_line(l).into_owned()).collect::<Vec<_>>();
        self.shown = match (&self.target, &self.text) {
            (_, Err(e)) => vec![format!("cannot write it: {e}")],
            (FormTarget::New { .. }, Ok(t)) => clean(t),
            (FormTarget::Edit { path, .. }, Ok(t)) => {
                let before = std::fs::read(path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
                let d = crate::text::diff::file_unified(Some(&before), Some(t), "on disk", "as it would be saved");
                if d.is_empty() { vec!["(no changes yet)".into()] } else { clean(&d) }
            }
        };
    }

    /// The file an edit writes; `None` for a new agent.
    fn path(&self) -> Option<PathBuf> {
        match &self.target {
            FormTarget::Edit { path, .. } => Some(path.clone()),
            FormTarget::New { .. } => None,
        }
    }

    /// The whole file as it would be written.
    fn file_text(&self) -> Result<String, String> {
        match &self.target {
            FormTarget::New { .. } => {
                crate::catalog::parse::rewrite::render_new(&self.values.fields(), &self.values.body)
            }
            FormTarget::Edit { path, .. } => {
                let before = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let after = crate::catalog::parse::rewrite::set(&before, path, &self.edits())?;
                Ok(String::from_utf8_lossy(&after).into_owned())
            }
        }
    }

    /// The field edits that turn the original into what the form holds.
    pub fn edits(&self) -> Vec<FieldEdit> {
        let FormTarget::Edit { original, .. } = &self.target else {
            return Vec::new();
        };
        let (old, new) = (original.fields(), self.values.fields());
        let mut edits = Vec::new();
        for (k, v) in &new {
            if old.iter().find(|(ok, _)| ok == k).map(|(_, ov)| ov) != Some(v) {
                edits.push(FieldEdit::Set(k.clone(), v.clone()));
            }
        }
        for (k, _) in &old {
            if !new.iter().any(|(nk, _)| nk == k) {
                edits.push(FieldEdit::Unset(k.clone()));
            }
        }
        if original.body != self.values.body {
            edits.push(FieldEdit::Body(self.values.body.clone()));
        }
        edits
    }

    /// The plan that saves the form.
    pub fn plan(&self, store: &crate::catalog::Store, places: &Places) -> Result<Plan, PlanError> {
        let guard = places.guard();
        match &self.target {
            FormTarget::New { scope } => {
                let dir = scope.dir(places)?;
                create::new_agent(&dir, &self.values.fields(), &self.values.body, &guard)
            }
            FormTarget::Edit { id, .. } => {
                let edits = self.edits();
                if edits.is_empty() {
                    return Err(PlanError::Refused("nothing changed".into()));
                }
                create::set(store, *id, &edits, &guard)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_round_trip_through_markup_and_text() {
        let e = Example {
            context: "The user wrote a parser.".into(),
            user: "Review it: now".into(),
            assistant: "I'll use the reviewer".into(),
            commentary: "Fresh code.".into(),
            turns: vec![(Role::User, "Review it: now".into()), (Role::Assistant, "I'll use the reviewer".into())],
        };
        let back = crate::catalog::examples::extract(&example_markup(&e));
        assert_eq!(back, vec![e.clone()]);
        assert_eq!(example_from_text(&example_as_text(&e)), e);
    }

    #[test]
    fn an_untouched_description_is_kept_as_read() {
        let mut a = Agent::new("x", PathBuf::from("x.md"), Scope::Path);
        a.description = "Does x.\\n\\n<example>\\nuser: hi\\nassistant: yo\\n</example>".replace("\\n", "\n");
        let v = Values::of(&a);
        assert_eq!(v.description(), a.description);
        let mut w = v.clone();
        w.intro = "Does y.".into();
        assert!(w.description().starts_with("Does y.\n\n<example>\n"));
        assert_eq!(crate::catalog::examples::extract(&w.description()), v.examples);
    }
}
