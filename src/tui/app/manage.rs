//! Acting on what is shown: the actions menu, planning a change with the same planners the
//! CLI uses, a confirmation that shows what will happen (the target, the clash, the diff), and
//! the result. The write itself is an [`Effect`] for the event loop, which runs it through the
//! one write path; what it changed comes back through [`App::files_changed`], as any change on
//! disk does.

use super::{App, Effect, Screen};
use crate::catalog::AgentId;
use crate::catalog::change::{Applied, ChangeError, Guard, Plan};
use crate::catalog::plans::{self, Env, PlanError, Target, install, settings_edit, upgrade};
use crate::text::sanitize::clean_line;
use crate::tui::action::{Action, Manage};
use crate::tui::keymap::KeyMode;

/// A question on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// The actions menu for these agents.
    Menu { targets: Vec<AgentId> },
    /// A change waiting for yes or no.
    Confirm { pending: Pending, scroll: usize },
    /// A change that cannot be made as asked, with why (and, for a clash, the way out).
    Refused { what: Manage, targets: Vec<AgentId>, message: String, clash: bool, scroll: usize },
    /// Something to know before going on (a merge whose save will be refused), whole;
    /// Enter or Esc closes it.
    Warning { message: String, scroll: usize },
}

/// A planned change and its diff, as the confirmation shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub what: Manage,
    pub plan: Plan,
    /// The unified diff, cleaned for the screen, one line each.
    pub diff: Vec<String>,
}

impl App {
    /// The agents an action is about: in the compare screen the two compared; else the marked
    /// ones, else the one shown or selected.
    fn targets(&self) -> Vec<AgentId> {
        if let Some(d) = self.diff() {
            return if d.left == d.right { vec![d.left] } else { vec![d.left, d.right] };
        }
        if !self.marks.is_empty() && matches!(self.screen, Screen::List) {
            return self.marks.clone();
        }
        self.current_id().into_iter().collect()
    }

    pub(super) fn manage(&mut self, what: Manage) {
        let targets = match &self.dialog {
            Some(Dialog::Menu { targets }) | Some(Dialog::Refused { targets, .. }) => targets.clone(),
            _ => self.targets(),
        };
        if what == Manage::Menu {
            if targets.is_empty() && !matches!(self.screen, Screen::Compare(_)) {
                return self.notify("no agent selected".into(), true);
            }
            self.dialog = Some(Dialog::Menu { targets });
            return;
        }
        if what == Manage::CompareUpstream {
            return self.compare_upstream(&targets);
        }
        let planned = self.plan(what, &targets);
        self.dialog = Some(match planned {
            Ok(plan) if plan.is_empty() => {
                self.dialog = None;
                return self.notify(format!("nothing to do: {}", clean_line(&plan.title)), false);
            }
            Ok(plan) => {
                let diff = plan.diff().lines().map(|l| clean_line(l).into_owned()).collect();
                Dialog::Confirm { pending: Pending { what, plan, diff }, scroll: 0 }
            }
            Err(e) => {
                let clash = matches!(e, PlanError::Clash(_))
                    && matches!(what, Manage::InstallProject | Manage::InstallUser | Manage::Upgrade);
                Dialog::Refused { what, targets, message: e.message().to_string(), clash, scroll: 0 }
            }
        });
    }

    fn plan(&mut self, what: Manage, targets: &[AgentId]) -> Result<Plan, PlanError> {
        let places = self.places.clone();
        let guard = places.guard();
        match what {
            Manage::Menu | Manage::CompareUpstream => Err(PlanError::Refused("no action chosen".into())),
            Manage::InstallReplace if matches!(self.dialog, Some(Dialog::Refused { what: Manage::Upgrade, .. })) => {
                self.plan_upgrade(targets, true)
            }
            Manage::Upgrade => self.plan_upgrade(targets, false),
            Manage::InstallProject | Manage::InstallUser | Manage::InstallReplace => {
                self.plan_install(what, targets, &places)
            }
            Manage::Fix => self.plan_fix(targets, &guard),
            Manage::NameOnly => settings_edit::override_level(&self.store, targets, &places, "name-only"),
            Manage::HideFromModel => self.plan_hide_from_model(targets, &guard),
            Manage::ToggleDisabled => {
                let disabled: Vec<AgentId> =
                    targets.iter().copied().filter(|&id| self.store.disabled_by(id).is_some()).collect();
                if !disabled.is_empty() && disabled.len() == targets.len() {
                    let names: Vec<String> =
                        disabled.iter().filter_map(|&id| self.store.get(id)).map(|e| e.name.clone()).collect();
                    settings_edit::enable(&names, &places)
                } else {
                    settings_edit::disable(&self.store, targets, &places, settings_edit::ProjectFile::Local)
                }
            }
            Manage::Remove => plans::remove(&self.store, targets, &guard),
            Manage::KeepLeft | Manage::KeepRight => {
                let Some(d) = self.diff() else {
                    return Err(PlanError::Refused("keeping one side works in the compare screen".into()));
                };
                let other = if what == Manage::KeepLeft { d.right } else { d.left };
                let mut plan =
                    settings_edit::disable(&self.store, &[other], &places, settings_edit::ProjectFile::Local)?;
                let kept = if what == Manage::KeepLeft { d.left } else { d.right };
                plan.notes.push(format!("keeps {} as it is", self.store.get(kept).map_or("", |e| e.name.as_str())));
                Ok(plan)
            }
        }
    }

    /// Install `targets` into the project or for the user (replacing after a clash).
    fn plan_install(&self, what: Manage, targets: &[AgentId], places: &Env) -> Result<Plan, PlanError> {
        let (target, replace) = match (what, &self.dialog) {
            (Manage::InstallReplace, Some(Dialog::Refused { what: Manage::InstallUser, .. })) => (Target::User, true),
            (Manage::InstallReplace, Some(Dialog::Refused { clash: true, .. })) => (Target::Project, true),
            (Manage::InstallReplace, _) => return Err(PlanError::Refused("nothing to replace".into())),
            (Manage::InstallUser, _) => (Target::User, false),
            _ => (Target::Project, false),
        };
        let dir = target.dir(places)?;
        let around = install::Surroundings::look(&dir, places);
        let opts = install::Options { replace, ..install::Options::default() };
        install::plan(&self.store, targets, &target, &opts, places, &around)
    }

    /// Fix what keeps Claude Code from loading `targets` first try, noting what is left.
    fn plan_fix(&self, targets: &[AgentId], guard: &Guard) -> Result<Plan, PlanError> {
        let (sources, mut notes) = plans::fixable(&self.store, targets);
        let (plan, mut found) = plans::fix(&sources, guard);
        notes.append(&mut found);
        let problems: Vec<String> =
            notes.iter().filter_map(|n| n.problem.as_ref().map(|p| format!("{}: {p}", n.path.display()))).collect();
        if plan.ops.is_empty() {
            let text = if problems.is_empty() {
                "Claude Code already loads it first try: nothing to fix".to_string()
            } else {
                problems.join("; ")
            };
            return Err(PlanError::Refused(text));
        }
        let mut plan = plan;
        plan.notes.extend(problems.into_iter().map(|p| format!("left as it is: {p}")));
        for n in &notes {
            let file = n.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            plan.notes.extend(n.changes.iter().map(|c| format!("{file}: {c}")));
        }
        Ok(plan)
    }

    /// Keep one skill or command from the model (`disable-model-invocation`).
    fn plan_hide_from_model(&self, targets: &[AgentId], guard: &Guard) -> Result<Plan, PlanError> {
        let [id] = targets else {
            return Err(PlanError::Refused("keep one skill or command from the model at a time".into()));
        };
        let kind = self.store.get(*id).map(|e| e.kind);
        if !matches!(kind, Some(crate::catalog::Kind::Skill | crate::catalog::Kind::Command)) {
            return Err(PlanError::Refused(
                "disable-model-invocation is for skills and commands; turn an agent off instead".into(),
            ));
        }
        let edit = crate::catalog::parse::rewrite::FieldEdit::Set(
            "disable-model-invocation".into(),
            serde_yaml::Value::Bool(true),
        );
        crate::catalog::plans::create::set(&self.store, *id, &[edit], guard)
    }

    /// Upstream's version for `targets`; an agent changed here too is refused with the
    /// three-way picture (a clash: `R` takes upstream's, `c` compares).
    fn plan_upgrade(&self, targets: &[AgentId], replace: bool) -> Result<Plan, PlanError> {
        let guard = self.places.guard();
        let up = upgrade::plan(&self.store, targets, &upgrade::Options { replace }, &guard)?;
        if let Some(c) = up.conflicts.first() {
            return Err(PlanError::Clash(c.picture()));
        }
        if up.plan.ops.is_empty() && !up.current.is_empty() {
            let names: Vec<String> = up.current.iter().map(|&id| self.name_of(id)).collect();
            return Err(PlanError::Refused(format!("{} already at upstream's version", names.join(", "))));
        }
        Ok(up.plan)
    }

    /// Compare the installed agent with upstream's (its collection's file, when loaded).
    fn compare_upstream(&mut self, targets: &[AgentId]) {
        let Some(&id) = targets.first() else {
            return self.notify("no agent selected".into(), true);
        };
        let origin = self.store.tracking(id).and_then(|t| t.origin.clone());
        let upstream = origin
            .as_ref()
            .and_then(|o| self.store.tracker().upstream(o))
            .and_then(|(_, file)| self.store.id_of(&file));
        match upstream {
            Some(up) => {
                self.dialog = None;
                self.open_diff(id, up);
            }
            None => self.notify(
                "upstream's file is not loaded: its collection is shown when agentdeck runs without paths".into(),
                true,
            ),
        }
    }

    /// Yes: hand the pending change to the event loop.
    pub(super) fn confirm(&mut self) {
        match self.dialog.take() {
            Some(Dialog::Confirm { pending, .. }) => self.push_effect(Effect::Apply(Box::new(pending.plan))),
            Some(Dialog::Warning { .. }) => {}
            other => self.dialog = other,
        }
    }

    /// The change was made (or not): say what happened and how to undo it, and bring the
    /// store up to date with the files it touched.
    pub(super) fn applied(&mut self, result: Result<Applied, ChangeError>) {
        match result {
            Ok(a) => {
                self.files_changed(&a.paths);
                if matches!(&self.screen, Screen::Form(f) if f.saving) {
                    self.close_form();
                    // A new agent is selected in the list, where it now stands.
                    if let Some(id) = a.paths.first().and_then(|p| self.store.id_of(p)) {
                        self.select_id(Some(id));
                    }
                }
                let mut text = if a.title.starts_with("undid") {
                    clean_line(&a.title).into_owned()
                } else {
                    format!("done: {} · undo: {}", clean_line(&a.title), self.undo_keys())
                };
                // What opening the journal found (a step a crash interrupted, rolled back).
                for note in &a.notes {
                    tracing::warn!(%note, "journal");
                    text.push_str(&format!(" · journal: {}", clean_line(note)));
                }
                self.notify(text, false);
            }
            Err(e) => {
                if let Screen::Form(f) = &mut self.screen {
                    f.saving = false;
                }
                let text = self.change_failed(&e);
                self.notify(text, true)
            }
        }
    }

    /// What a change that was not made says, by why: a refusal (not ours to write) or a disk
    /// error, that nothing was written and why; a conflict (a file changed on disk since it
    /// was read) says so in its own words, and how to load what is there now.
    fn change_failed(&self, e: &ChangeError) -> String {
        match e {
            ChangeError::Refused(m) | ChangeError::Io(m) => format!("nothing was written: {}", clean_line(m)),
            ChangeError::Conflict(m) => match self.keymap.key_for(self.key_mode(), &Action::Reload) {
                Some(k) => format!("{} · {k} loads what is on disk now", clean_line(m)),
                None => clean_line(m).into_owned(),
            },
        }
    }

    /// How to undo from here: this view's undo key, or the actions menu's.
    fn undo_keys(&self) -> String {
        if let Some(k) = self.keymap.key_for(self.key_mode(), &Action::Undo) {
            return k;
        }
        let menu = self.keymap.key_for(self.key_mode(), &Action::Manage(Manage::Menu));
        let z = self.keymap.key_for(KeyMode::Menu, &Action::Undo);
        match (menu, z) {
            (Some(m), Some(z)) => format!("{m} {z}"),
            _ => "`agentdeck undo`".into(),
        }
    }

    /// Scroll the dialog's text.
    pub(super) fn scroll_dialog(&mut self, down: bool, n: usize) {
        let (len, scroll) = match &mut self.dialog {
            Some(Dialog::Confirm { pending, scroll }) => (pending.diff.len() + pending.plan.notes.len() + 2, scroll),
            Some(Dialog::Refused { message, scroll, .. }) | Some(Dialog::Warning { message, scroll }) => {
                (message.lines().count() + 4, scroll)
            }
            _ => return,
        };
        let max = len.saturating_sub(1);
        *scroll = if down { scroll.saturating_add(n).min(max) } else { scroll.saturating_sub(n) };
    }
}
