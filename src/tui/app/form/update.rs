//! How the form changes: opening it (blank, from an agent, on an agent), its keys, its live
//! verdict, and saving through the same confirmation and write path as every other change.

use super::super::picker::PickerKind;
use super::super::textarea::Move;
use super::super::{App, Dialog, Pending, Screen};
use super::{Form, FormTarget, Row, Tools, Values};
use crate::catalog::plans::Target;
use crate::text::sanitize::clean_line;
use crate::tui::action::{FormAction, Manage, PickAction, TextAction};

impl App {
    /// Open the form for a new agent: from the template, or from the selected agent's fields.
    pub(in crate::tui::app) fn new_agent(&mut self, from_selected: bool) {
        self.dialog = None;
        let values = if from_selected {
            let Some(agent) = self.current_id().and_then(|id| self.store.read_full(id)) else {
                return self.notify("no agent selected to start from".into(), true);
            };
            // A new agent, whatever it starts from: a skill's or a command's own keys stay
            // behind, its tools and model come along.
            let mut v = Values::of(&agent).into_agent();
            v.name = format!("{}-copy", agent.name.split(':').next_back().unwrap_or(&agent.name));
            v.description_as_read = None;
            v
        } else {
            Values::template()
        };
        let scope = match self.install_scope {
            crate::config::InstallScope::User => Target::User,
            crate::config::InstallScope::Project => Target::Project,
        };
        let form = Form::new(FormTarget::New { scope }, values, self.mcp_choices());
        self.open_form(form);
    }

    /// Open the form on the current agent's fields.
    pub(in crate::tui::app) fn edit_fields(&mut self) {
        self.dialog = None;
        let Some(id) = self.current_id() else {
            return self.notify("no agent selected".into(), true);
        };
        let Some(entry) = self.store.get(id) else { return };
        let path = match entry.source.writable() {
            Ok(p) => p.to_path_buf(),
            Err(why) => return self.notify(why.0, true),
        };
        let Some(agent) = self.store.read_full(id) else { return };
        if agent.parse_step != crate::catalog::ParseStep::Strict {
            let fix = self
                .keymap
                .key_for(crate::tui::keymap::KeyMode::Menu, &crate::tui::action::Action::Manage(Manage::Fix));
            let text = format!(
                "strict YAML does not read this file's frontmatter, so its fields cannot be edited one by one; fix it first (actions menu, {})",
                fix.unwrap_or_else(|| "f".into())
            );
            return self.notify(text, true);
        }
        let values = Values::of(&agent);
        let form =
            Form::new(FormTarget::Edit { id, path, original: Box::new(values.clone()) }, values, self.mcp_choices());
        self.open_form(form);
    }

    pub(in crate::tui::app) fn open_form(&mut self, mut form: Form) {
        self.refresh_form(&mut form);
        if let Some(r) = self.reader() {
            form.reader_find = r.find.clone();
        }
        self.screen = Screen::Form(Box::new(form));
    }

    /// The MCP servers to offer in the tools picker: those configured for this project and
    /// user, and those whose tools loaded agents name, each with the tools seen.
    fn mcp_choices(&self) -> Vec<(String, Vec<String>)> {
        let root = self.places.project_root();
        let mut servers: std::collections::BTreeMap<String, Vec<String>> =
            crate::catalog::tools::configured_mcp_servers(&root, self.places.home.as_deref())
                .into_keys()
                .map(|s| (s, Vec::new()))
                .collect();
        for (_, e) in self.store.iter() {
            for t in e.tools.iter().flatten() {
                let Some(rest) = t.strip_prefix("mcp__") else { continue };
                let server = rest.split("__").next().unwrap_or(rest).to_string();
                let seen = servers.entry(server).or_default();
                if !t.ends_with('*') && !seen.contains(t) && seen.len() < 50 {
                    seen.push(t.clone());
                }
            }
        }
        servers.into_iter().collect()
    }

    /// Work out the form's file, verdict and name problems again.
    fn refresh_form(&self, form: &mut Form) {
        let dir = match &form.target {
            FormTarget::New { scope } => scope.dir(&self.places).ok(),
            FormTarget::Edit { path, .. } => path.parent().map(std::path::Path::to_path_buf),
        };
        let store = &self.store;
        let taken = |name: &str| {
            let Some(dir) = &dir else { return false };
            dir.join(format!("{name}.md")).exists()
                || store.named(name).iter().any(|&id| store.get(id).is_some_and(|e| e.path().starts_with(dir)))
        };
        form.refresh(&self.places, taken);
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.screen {
            Screen::Form(f) => Some(f),
            _ => None,
        }
    }

    pub(in crate::tui::app) fn form_action(&mut self, a: FormAction) {
        let Some(form) = self.form_mut() else { return };
        if a != FormAction::Close {
            form.leaving = false;
        }
        let rows = form.rows().len();
        match a {
            FormAction::Next => form.focus = (form.focus + 1).min(rows - 1),
            FormAction::Prev => form.focus = form.focus.saturating_sub(1),
            FormAction::Activate => {
                let row = form.row();
                if let Some(p) = form.picker_for(row) {
                    form.picker = Some(p);
                } else if let Some(e) = form.editor_for(row) {
                    form.edit = Some(e);
                }
            }
            FormAction::Unset => form.unset(),
            FormAction::MoveUp => form.move_example(false),
            FormAction::MoveDown => form.move_example(true),
            FormAction::Preview => form.preview = !form.preview,
            FormAction::Save => return self.save_form(),
            FormAction::Close => {
                if form.dirty() && !form.leaving {
                    form.leaving = true;
                    return self.notify("unsaved changes: Esc again discards them, C-s saves".into(), true);
                }
                return self.close_form();
            }
        }
        self.after_form_change();
    }

    pub(in crate::tui::app) fn close_form(&mut self) {
        let back = match &mut self.screen {
            Screen::Form(f) => match &f.target {
                FormTarget::Edit { id, .. } if self.store.get(*id).is_some() => {
                    let mut reader = super::super::ReaderScreen::new(*id, crate::tui::action::Tab::Persona);
                    reader.find = std::mem::take(&mut f.reader_find);
                    Some(reader)
                }
                _ => None,
            },
            _ => None,
        };
        self.screen = match back {
            Some(r) => Screen::Reader(r),
            None => Screen::List,
        };
    }

    pub(in crate::tui::app) fn text_action(&mut self, a: TextAction) {
        let Some(form) = self.form_mut() else { return };
        let Some(edit) = form.edit.as_mut() else { return };
        match a {
            TextAction::Left => edit.go(Move::Left),
            TextAction::Right => edit.go(Move::Right),
            TextAction::Up => edit.go(Move::Up),
            TextAction::Down => edit.go(Move::Down),
            TextAction::Home => edit.go(Move::Home),
            TextAction::End => edit.go(Move::End),
            TextAction::Backspace => edit.backspace(),
            TextAction::Delete => edit.delete(),
            TextAction::KillToEnd => edit.kill_to_end(),
            TextAction::KillToStart => edit.kill_to_start(),
            TextAction::Clear => edit.clear(),
            TextAction::Newline if edit.multiline => edit.newline(),
            TextAction::Newline | TextAction::Done => {
                let text = edit.text();
                form.edit = None;
                form.take_edit(text);
                self.after_form_change();
            }
            TextAction::Cancel => form.edit = None,
        }
    }

    /// A character typed into the field being edited.
    pub(in crate::tui::app) fn text_insert(&mut self, c: char) {
        if let Some(edit) = self.form_mut().and_then(|f| f.edit.as_mut()) {
            edit.insert(c);
        }
    }

    pub(in crate::tui::app) fn pick_action(&mut self, a: PickAction) {
        let Some(form) = self.form_mut() else { return };
        let Some(p) = form.picker.as_mut() else { return };
        match a {
            PickAction::Up => p.step(false, 1),
            PickAction::Down => p.step(true, 1),
            PickAction::Toggle => p.toggle(),
            PickAction::All => p.choose_all(),
            PickAction::None => p.choose_none(),
            PickAction::Cancel => form.picker = None,
            PickAction::Done => {
                let Some(mut p) = form.picker.take() else { return };
                // One value: Enter takes the one under the cursor.
                if !p.multi() {
                    p.toggle();
                }
                let chosen = p.chosen();
                let v = &mut form.values;
                match p.kind {
                    PickerKind::Scope => {
                        if let FormTarget::New { scope } = &mut form.target {
                            *scope = if chosen.first().map(String::as_str) == Some("user") {
                                Target::User
                            } else {
                                Target::Project
                            };
                        }
                    }
                    PickerKind::Color => v.set_key("color", chosen.first().cloned()),
                    PickerKind::Key(i) => {
                        let key = v.keys[i].0;
                        v.set_key(key, chosen.first().cloned());
                    }
                    PickerKind::Tools { disallowed: false } => {
                        v.tools = if p.all { Tools::All } else { Tools::Some(chosen) };
                    }
                    PickerKind::Tools { disallowed: true } => {
                        v.disallowed = if p.all || chosen.is_empty() { None } else { Some(chosen) };
                    }
                }
                self.after_form_change();
            }
        }
    }

    fn after_form_change(&mut self) {
        if let Screen::Form(mut f) = std::mem::replace(&mut self.screen, Screen::List) {
            self.refresh_form(&mut f);
            self.screen = Screen::Form(f);
        }
    }

    /// Save: the plan through the one confirmation every write takes.
    fn save_form(&mut self) {
        let Some(form) = (match &self.screen {
            Screen::Form(f) => Some(f),
            _ => None,
        }) else {
            return;
        };
        if form.verdict.0 == crate::catalog::Verdict::Skips {
            let why = form.verdict.1.iter().find(|d| d.severity == crate::catalog::Severity::Error);
            let why =
                why.map_or_else(|| "Claude Code would skip it".to_string(), |d| clean_line(&d.message).into_owned());
            return self.notify(format!("not saved: {why}"), true);
        }
        match form.plan(&self.store, &self.places) {
            Ok(plan) => {
                let diff = plan.diff().lines().map(|l| clean_line(l).into_owned()).collect();
                self.dialog = Some(Dialog::Confirm { pending: Pending { what: Manage::Menu, plan, diff }, scroll: 0 });
                if let Some(f) = self.form_mut() {
                    f.saving = true;
                }
            }
            Err(e) => self.notify(format!("not saved: {}", clean_line(e.message())), true),
        }
    }

    /// The form's row under focus, for the view.
    pub fn form_row(&self) -> Option<Row> {
        match &self.screen {
            Screen::Form(f) => Some(f.row()),
            _ => None,
        }
    }
}
