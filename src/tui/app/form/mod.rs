//! The agent form's state: every documented field of a new or existing agent, edited one at a time,
//! with pickers for the tools (grouped, MCP servers included), the model, the colour and the
//! other enumerated keys, usage examples as structured parts, and a live verdict (would
//! Claude Code load the file as it stands, and if not why). Saving is a plan for the one write
//! path, confirmed with its diff: a new file that strict YAML reads back exactly, or an edit
//! that changes only the lines of the fields that changed. The values are in `values`; how
//! the app opens, changes and saves the form on an action is in `update`.

mod update;
mod values;

pub use values::*;

use super::picker::{Choice, Picker, PickerKind};
use super::textarea::TextArea;
use crate::catalog::change::Plan;
use crate::catalog::parse::rewrite::FieldEdit;
use crate::catalog::plans::{Env, PlanError, Target, check_new_name, create};
use crate::catalog::{Diagnostic, Example, Scope, Severity, Verdict};
use std::path::PathBuf;

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
    pub fn refresh(&mut self, places: &Env, taken: impl Fn(&str) -> bool) {
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
    pub fn plan(&self, store: &crate::catalog::Store, places: &Env) -> Result<Plan, PlanError> {
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
