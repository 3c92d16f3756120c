//! Merging in the compare screen, like vimdiff's `do`/`dp`: the change at the top of the view
//! (a frontmatter field, the tool set, a usage example, a run of body lines) is taken from one
//! side into the other, which becomes a working copy; the comparison is made again at once so
//! the result shows live. Saving writes the changed sides through the one write path (one undo
//! step); "save as new" opens the form on the working copy.

use super::form::{Form, FormTarget, Values};
use super::{App, Dialog, Pending, Screen};
use crate::catalog::examples::{example_markup, intro_of};
use crate::catalog::parse::rewrite::FieldEdit;
use crate::catalog::plans::{PlanError, Target, create, upgrade};
use crate::catalog::{Agent, AgentId};
use crate::text::diff::{AgentDiff, ChangeAt, RowKind, compare};
use crate::text::sanitize::clean_line;
use crate::tui::action::Manage;
use serde_yaml::Value;
use std::sync::Arc;

/// Take `at` from `from` into `into`, as `diff` (of `into` against `from`, or the other way
/// when `into_is_left` is false) describes it.
pub fn take(into: &mut Agent, from: &Agent, at: &ChangeAt, diff: &AgentDiff, into_is_left: bool) {
    match at {
        ChangeAt::Field(key) => match key.as_str() {
            "name" => into.name = from.name.clone(),
            "description" => {
                into.description = from.description.clone();
                into.examples = crate::catalog::examples::extract(&into.description);
            }
            "model" => into.model = from.model.clone(),
            "color" => into.color = from.color.clone(),
            "disallowedTools" => into.disallowed_tools = from.disallowed_tools.clone(),
            other => match from.extra.get(other) {
                Some(v) => {
                    into.extra.insert(other.to_string(), v.clone());
                }
                None => {
                    into.extra.remove(other);
                }
            },
        },
        ChangeAt::Tools => into.tools = from.tools.clone(),
        ChangeAt::Example(i) => {
            let mut mine = crate::catalog::examples::extract(&into.description);
            let theirs = crate::catalog::examples::extract(&from.description);
            match (theirs.get(*i), *i < mine.len()) {
                (Some(e), true) => mine[*i] = e.clone(),
                (Some(e), false) => mine.push(e.clone()),
                (None, true) => {
                    mine.remove(*i);
                }
                (None, false) => {}
            }
            let mut d = intro_of(&into.description).to_string();
            for e in &mine {
                d.push_str("\n\n");
                d.push_str(&example_markup(e));
            }
            into.description = d;
            into.examples = mine;
        }
        ChangeAt::Body(rows) => {
            let mut lines: Vec<String> = Vec::new();
            for (i, row) in diff.body.iter().enumerate() {
                let (mine, theirs) = if into_is_left { (&row.left, &row.right) } else { (&row.right, &row.left) };
                let side = if rows.contains(&i) && row.kind != RowKind::Equal { theirs } else { mine };
                if let Some(s) = side {
                    lines.push(s.text());
                }
            }
            let mut body = lines.join("\n");
            if into.body.ends_with('\n') || from.body.ends_with('\n') {
                body.push('\n');
            }
            into.body = body;
        }
    }
}

/// The field edits that turn `old` into `new` (both read from the same file).
pub fn edits_between(old: &Agent, new: &Agent) -> Vec<FieldEdit> {
    let text = |s: &str| Value::String(s.to_string());
    let mut edits = Vec::new();
    if old.name != new.name {
        edits.push(FieldEdit::Set("name".into(), text(&new.name)));
    }
    if old.description != new.description {
        edits.push(FieldEdit::Set("description".into(), text(&new.description)));
    }
    let list = |k: &str, v: &Option<Vec<String>>| match v {
        Some(l) => FieldEdit::Set(k.into(), text(&l.join(", "))),
        None => FieldEdit::Unset(k.into()),
    };
    if old.tools != new.tools {
        edits.push(list("tools", &new.tools));
    }
    if old.disallowed_tools != new.disallowed_tools {
        edits.push(list("disallowedTools", &new.disallowed_tools));
    }
    for (k, o, n) in [("model", &old.model, &new.model), ("color", &old.color, &new.color)] {
        if o != n {
            edits.push(n.as_ref().map_or_else(|| FieldEdit::Unset(k.into()), |v| FieldEdit::Set(k.into(), text(v))));
        }
    }
    for (k, v) in &new.extra {
        if old.extra.get(k) != Some(v)
            && let Ok(y) = serde_yaml::to_value(v)
        {
            edits.push(FieldEdit::Set(k.clone(), y));
        }
    }
    for k in old.extra.keys().filter(|k| !new.extra.contains_key(*k)) {
        edits.push(FieldEdit::Unset(k.clone()));
    }
    if old.body != new.body {
        edits.push(FieldEdit::Body(new.body.clone()));
    }
    edits
}

impl App {
    /// Take the change at the top of the view from the other side: into the left
    /// (`into_left`) or into the right.
    pub(super) fn take_change(&mut self, into_left: bool) {
        let Screen::Compare(d) = &mut self.screen else { return };
        let Some(target) = d.current_change().and_then(|at| d.rendered.change_targets.get(at).cloned()) else {
            return self.notify("the two sides are the same: nothing to take".into(), false);
        };
        // What the screen shows on the left is `b` when the sides are swapped.
        let into_a = into_left != d.swap;
        let (into, from) = if into_a { (&d.a, &d.b) } else { (&d.b, &d.a) };
        let mut merged = (**into).clone();
        take(&mut merged, from, &target, &d.diff, into_a);
        d.leaving = false;
        let (id, first) = if into_a {
            d.taken.0 += 1;
            (d.left, d.taken.0 == 1)
        } else {
            d.taken.1 += 1;
            (d.right, d.taken.1 == 1)
        };
        // Whether the side can be saved at all is said now, not after the merging is done.
        let refused = first.then(|| self.save_refusal(id, &merged)).flatten();
        let Screen::Compare(d) = &mut self.screen else { return };
        if into_a {
            d.a = Arc::new(merged);
        } else {
            d.b = Arc::new(merged);
        }
        d.diff = compare(&d.a, &d.b);
        let what = match &target {
            ChangeAt::Field(k) => format!("the {k} field"),
            ChangeAt::Tools => "the tool set".into(),
            ChangeAt::Example(i) => format!("example {}", i + 1),
            ChangeAt::Body(r) => crate::text::plural::count(r.len(), "body line"),
        };
        let side = if into_left { "left" } else { "right" };
        self.notify(format!("took {what} into the {side} side; S saves, A saves as a new agent"), false);
        if let Some(why) = refused {
            let message = format!(
                "Took {what} into the {side} side, but saving that side will be refused: {why}\n\nFix the file first (a, then f), or save the left side as a new agent (A)."
            );
            self.dialog = Some(Dialog::Warning { message, scroll: 0 });
        }
        self.render_diff();
    }

    /// Why saving `merged` over the file of `id` would be refused, if it would.
    fn save_refusal(&self, id: AgentId, merged: &Agent) -> Option<String> {
        let original = self.store.read_full(id)?;
        let mut edits = edits_between(&original, merged);
        if edits.is_empty() {
            // Taking a change may leave the side as it was; the file must still take an edit.
            edits.push(FieldEdit::Body(original.body.clone()));
        }
        create::set(&self.store, id, &edits, &self.places.guard()).err().map(|e| clean_line(e.message()).into_owned())
    }

    /// A warning for the confirmation when `merged` takes a name another agent of its kind
    /// holds in the same scope: Claude Code would then load only one of them.
    fn name_clash(&self, id: AgentId, original: &Agent, merged: &Agent) -> Option<String> {
        if original.name == merged.name {
            return None;
        }
        let me = self.store.get(id)?;
        let other = self.store.named(&merged.name).into_iter().find_map(|o| {
            let e = self.store.get(o)?;
            (o != id && e.scope == me.scope && e.kind == me.kind).then_some(e)
        })?;
        Some(format!(
            "renames '{}' to '{}', a name {} already uses in the {} scope: Claude Code would load only one of them",
            clean_line(&original.name),
            clean_line(&merged.name),
            clean_line(&other.path().display().to_string()),
            me.scope.label()
        ))
    }

    /// Save the sides changed by taking (one plan, one undo step).
    pub(super) fn save_merge(&mut self) {
        let Screen::Compare(d) = &self.screen else { return };
        let sides: Vec<(AgentId, Arc<Agent>)> = [(d.taken.0, d.left, &d.a), (d.taken.1, d.right, &d.b)]
            .into_iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(_, id, a)| (id, Arc::clone(a)))
            .collect();
        if sides.is_empty() {
            return self.notify("nothing taken yet: < and > take the change at the top from one side".into(), true);
        }
        let guard = self.places.guard();
        let mut plan = crate::catalog::change::Plan::new("merge", String::new());
        let mut names = Vec::new();
        let mut warnings = Vec::new();
        for (id, merged) in sides {
            let Some(original) = self.store.read_full(id) else { continue };
            match create::set(&self.store, id, &edits_between(&original, &merged), &guard) {
                Ok(p) => {
                    names.push(clean_line(&original.name).into_owned());
                    warnings.extend(self.name_clash(id, &original, &merged));
                    plan.extend(p);
                }
                Err(e) => return self.refuse_merge(e),
            }
        }
        // Merged by hand with its upstream file: the origin record takes upstream's version too.
        let (left, right) = (d.left, d.right);
        let merged =
            [(left, right), (right, left)].into_iter().find_map(|(i, u)| upgrade::merged_record(&self.store, i, u));
        if let Some(record) = merged {
            match self.store.tracker().records.op(&[(record.0, Some(record.1))]) {
                Ok(Some(op)) => plan.ops.push(op),
                Ok(None) => {}
                Err(e) => return self.refuse_merge(PlanError::Refused(e)),
            }
        }
        plan.title = format!("merge into {}", names.join(" and "));
        plan.notes.extend(warnings);
        let diff = plan.diff().lines().map(|l| clean_line(l).into_owned()).collect();
        self.dialog = Some(Dialog::Confirm { pending: Pending { what: Manage::Menu, plan, diff }, scroll: 0 });
    }

    /// A save that cannot be made, with the whole reason (a dialog: never cut).
    fn refuse_merge(&mut self, e: PlanError) {
        let message = format!("not saved: {}", clean_line(e.message()));
        self.dialog =
            Some(Dialog::Refused { what: Manage::Menu, targets: Vec::new(), message, clash: false, scroll: 0 });
    }

    /// Open the form on the left side's working copy, to save it as a new agent.
    pub(super) fn save_merge_as_new(&mut self) {
        let Screen::Compare(d) = &self.screen else { return };
        let left = if d.swap { &d.b } else { &d.a };
        let mut values = Values::of(left);
        values.name = format!("{}-merged", left.name.split(':').next_back().unwrap_or(&left.name));
        values.description_as_read = None;
        let scope = match self.install_scope {
            crate::config::InstallScope::User => Target::User,
            crate::config::InstallScope::Project => Target::Project,
        };
        let form = Form::new(FormTarget::New { scope }, values, Vec::new());
        self.open_form(form);
    }
}
