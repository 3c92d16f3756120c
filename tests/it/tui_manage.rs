//! The browser's actions as a user takes them: the actions menu, a confirmation showing the
//! diff, the change made through the one write path (run here as the event loop's host
//! would, with a journal in a temporary state folder), the status line saying how to undo,
//! and the list following the change. Project and home are temporary folders.

use crate::harness::sandbox::Sandbox;
use agentdeck::catalog::change::{self, Guard};
use agentdeck::catalog::journal::Journal;
use agentdeck::catalog::load::{LoadRequest, load_entries};
use agentdeck::env::Env;
use agentdeck::theme::Theme;
use agentdeck::tui::action::Action;
use agentdeck::tui::app::{App, Dialog, Effect};
use agentdeck::tui::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};

/// A sandbox with the project's agent folder made, and the journal in its state folder.
pub(crate) struct World {
    pub(crate) _sb: Sandbox,
    pub(crate) home: PathBuf,
    pub(crate) proj: PathBuf,
    pub(crate) journal: Journal,
}

pub(crate) fn world() -> World {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.agents()).unwrap();
    let journal = Journal::at(sb.journal());
    World { home: sb.home.clone(), proj: sb.proj.clone(), journal, _sb: sb }
}

pub(crate) fn agent(name: &str, description: &str) -> String {
    format!("---\nname: {name}\ndescription: {description}\n---\nYou are {name}.\n")
}

/// The browser over the project's real locations, with its places pointed at the world.
pub(crate) fn browser(w: &World) -> App {
    let req = LoadRequest {
        paths: vec![],
        cwd: Some(w.proj.clone()),
        home: Some(w.home.clone()),
        collections: Some(Vec::new()),
        ..Default::default()
    };
    let mut app = App::with_catalog(Theme::new(true), Rect::new(0, 0, 110, 34), load_entries(&req).unwrap());
    app.places = Env::at(w.proj.clone(), Some(w.home.clone()));
    app
}

pub(crate) fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub(crate) fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| view::draw(app, f)).unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>().trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Carry out the effects as the event loop's host would, with the world's journal.
pub(crate) fn run_effects(app: &mut App, w: &World) {
    for e in app.take_effects() {
        match e {
            Effect::Apply(plan) => {
                let r = change::apply(&plan, &w.journal, &Guard::new(Some(&w.home), None));
                app.dispatch(Action::Applied(Box::new(r)));
            }
            Effect::Undo => {
                let r = change::undo(&w.journal, &Guard::new(Some(&w.home), None));
                app.dispatch(Action::Applied(Box::new(r)));
            }
            _ => {}
        }
    }
}

pub(crate) fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub(crate) fn names(app: &App) -> Vec<String> {
    app.list.hits.iter().filter_map(|h| app.store.get(h.index)).map(|e| e.name.clone()).collect()
}

/// The browser gets the write path's error itself: a file changed on disk between the plan
/// and the yes is said as such, with the key that loads what is there now, and nothing is
/// written; a refusal still says that nothing was written and why.
#[test]
fn a_conflict_is_worded_apart_from_a_refusal() {
    let w = world();
    let file = w.proj.join(".claude/agents/a.md");
    std::fs::write(&file, "---\nname: alpha\ndescription: Use when: colons\n---\nA.\n").unwrap();
    let mut app = browser(&w);
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('f'));
    // Someone else edits the file while the confirmation is open.
    std::fs::write(&file, "---\nname: alpha\ndescription: edited elsewhere\n---\nA.\n").unwrap();
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "---\nname: alpha\ndescription: edited elsewhere\n---\nA.\n");
    let text = app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(text.contains("changed on disk since agentdeck read it"), "{text}");
    assert!(text.contains("C-r loads what is on disk now"), "{text}");
    assert!(!text.contains("nothing was written: "), "a conflict is not worded as a refusal: {text}");
    let refused = agentdeck::catalog::change::ChangeError::Refused("will not write x.md: it is not ours".into());
    app.dispatch(Action::Applied(Box::new(Err(refused))));
    let text = app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert_eq!(text, "nothing was written: will not write x.md: it is not ours");
}

#[test]
fn fix_disable_remove_and_undo_from_the_menu() {
    let w = world();
    let dir = w.proj.join(".claude/agents");
    std::fs::write(dir.join("a.md"), "---\nname: alpha\ndescription: Use when: colons\n---\nA.\n").unwrap();
    std::fs::write(dir.join("b.md"), agent("beta", "Beta.")).unwrap();
    let mut app = browser(&w);
    assert_eq!(names(&app), ["alpha", "beta"]);
    // Fix alpha: the menu, then a confirmation with the diff; nothing is written before Enter.
    key(&mut app, KeyCode::F(2));
    assert!(matches!(app.dialog, Some(Dialog::Menu { .. })));
    assert!(screen(&app).contains("fix so that Claude Code loads it first try"));
    key(&mut app, KeyCode::Char('f'));
    let text = screen(&app);
    assert!(
        text.contains("-description: Use when: colons") && text.contains("+description: 'Use when: colons'"),
        "{text}"
    );
    assert!(app.take_effects().is_empty(), "nothing happens before yes");
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    assert_eq!(
        std::fs::read_to_string(dir.join("a.md")).unwrap(),
        "---\nname: alpha\ndescription: 'Use when: colons'\n---\nA.\n"
    );
    let status = screen(&app);
    assert!(status.contains("done: fix 1 file") && status.contains("undo: F2 z"), "{status}");
    assert!(app.store.get(0).unwrap().claude_code == agentdeck::catalog::Verdict::Loads, "the list follows the change");
    // Disable beta: a deny rule in the project's own settings; the row says so.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    let settings = std::fs::read_to_string(w.proj.join(".claude/settings.local.json")).unwrap();
    assert!(settings.contains("Agent(beta)"), "{settings}");
    assert!(screen(&app).lines().any(|l| l.contains("beta") && l.contains("disabled")), "{}", screen(&app));
    // Remove beta, then undo twice: the file and the settings come back.
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    assert!(!dir.join("b.md").exists());
    assert_eq!(names(&app), ["alpha"]);
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('z'));
    assert_eq!(app.dialog, None, "undo closes the menu");
    run_effects(&mut app, &w);
    assert_eq!(std::fs::read_to_string(dir.join("b.md")).unwrap(), agent("beta", "Beta."));
    assert!(names(&app).contains(&"beta".to_string()));
    assert!(screen(&app).contains("undid: remove beta"));
}

#[test]
fn install_from_a_folder_clashes_then_replaces() {
    let w = world();
    let coll = w.home.join("collection");
    std::fs::create_dir_all(&coll).unwrap();
    std::fs::write(coll.join("r.md"), agent("reviewer", "New reviewer.")).unwrap();
    std::fs::write(w.proj.join(".claude/agents/reviewer.md"), agent("reviewer", "Old reviewer.")).unwrap();
    let req = LoadRequest::paths(vec![coll.clone()]);
    let mut app = App::with_catalog(Theme::new(true), Rect::new(0, 0, 110, 34), load_entries(&req).unwrap());
    app.places = Env::at(w.proj.clone(), Some(w.home.clone()));
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('p'));
    let text = screen(&app);
    assert!(matches!(app.dialog, Some(Dialog::Refused { clash: true, .. })), "{text}");
    assert!(text.contains("already installed") && text.contains("R replaces it"), "{text}");
    key(&mut app, KeyCode::Char('R'));
    assert!(screen(&app).contains("+description: New reviewer."), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    assert_eq!(
        std::fs::read_to_string(w.proj.join(".claude/agents/reviewer.md")).unwrap(),
        agent("reviewer", "New reviewer.")
    );
    // Esc on a confirmation writes nothing.
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('u'));
    key(&mut app, KeyCode::Esc);
    assert!(app.take_effects().is_empty());
    assert!(!w.home.join(".claude/agents/reviewer.md").exists());
    let _ = Path::new("");
}

#[test]
fn a_query_problem_is_named_in_the_status_line() {
    let w = world();
    std::fs::write(w.proj.join(".claude/agents/a.md"), agent("alpha", "Alpha.")).unwrap();
    let mut app = browser(&w);
    for c in "is:foo".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let text = screen(&app);
    assert!(text.contains("unknown filter value 'foo' for is:"), "{text}");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    assert!(!screen(&app).contains("unknown filter value"));
}

#[test]
fn a_merge_takes_a_field_and_an_example_from_the_other_side() {
    let w = world();
    let dir = w.proj.join(".claude/agents");
    let a = "---\nname: lead\ndescription: Leads.\nmodel: opus\n---\nOne.\nTwo.\n";
    let b = "---\nname: lead-b\ndescription: |-\n  Leads better.\n\n  <example>\n  user: \"plan it\"\n  assistant: \"I will\"\n  </example>\ncolor: green\n---\nOne.\nThree.\n";
    std::fs::write(dir.join("a.md"), a).unwrap();
    std::fs::write(dir.join("b.md"), b).unwrap();
    let mut app = browser(&w);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'd');
    assert!(app.diff().is_some());
    // The changes, top to bottom: name, description, model, color, example 1, the body.
    use agentdeck::text::diff::ChangeAt;
    let current = |app: &App| {
        let d = app.diff().unwrap();
        d.current_change().map(|i| d.rendered.change_targets[i].clone())
    };
    let mut steps = 0;
    while current(&app) != Some(ChangeAt::Field("color".into())) {
        key(&mut app, KeyCode::Char('n'));
        steps += 1;
        assert!(steps < 20, "no color change");
    }
    key(&mut app, KeyCode::Char('<'));
    assert!(screen(&app).contains("1 taken into the left"), "{}", screen(&app));
    while !matches!(current(&app), Some(ChangeAt::Body(_))) {
        key(&mut app, KeyCode::Char('n'));
        steps += 1;
        assert!(steps < 40, "no body change");
    }
    key(&mut app, KeyCode::Char('<'));
    key(&mut app, KeyCode::Char('S'));
    assert!(screen(&app).contains("merge into lead"), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    let merged = std::fs::read_to_string(dir.join("a.md")).unwrap();
    assert_eq!(
        merged, "---\nname: lead\ndescription: Leads.\nmodel: opus\ncolor: green\n---\nOne.\nThree.\n",
        "{merged}"
    );
    assert_eq!(std::fs::read_to_string(dir.join("b.md")).unwrap(), b, "the other side is untouched");
    key(&mut app, KeyCode::Char('U'));
    run_effects(&mut app, &w);
    assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), a);
}

/// Step with n until the current change is `want`.
fn go_to_change(app: &mut App, want: &agentdeck::text::diff::ChangeAt) {
    for _ in 0..40 {
        let d = app.diff().unwrap();
        if d.current_change().map(|i| &d.rendered.change_targets[i]) == Some(want) {
            return;
        }
        key(app, KeyCode::Char('n'));
    }
    panic!("no change {want:?}");
}

/// Issue 21, item 5: in the compare screen the actions menu acts on the two files compared,
/// never on the list's selection (here a third agent, where Tab Tab left it).
#[test]
fn compare_actions_act_on_the_compared_files() {
    let w = world();
    let dir = w.proj.join(".claude/agents");
    for n in ["a", "b", "c"] {
        std::fs::write(dir.join(format!("{n}.md")), format!("---\nname: {n}\ndescription: Use when: {n}\n---\n{n}.\n"))
            .unwrap();
    }
    let mut app = browser(&w);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'd');
    assert!(app.diff().is_some());
    key(&mut app, KeyCode::Char('a'));
    let menu = screen(&app);
    assert!(menu.contains("for a, b:"), "{menu}");
    key(&mut app, KeyCode::Char('f'));
    let text = screen(&app);
    assert!(text.contains("a.md") && text.contains("b.md"), "{text}");
    assert!(!text.contains("c.md") && !text.contains("'Use when: c'"), "the selection is not a target: {text}");
}

/// Issue 21, item 6: Esc in compare with changes taken and not saved asks first; a second Esc
/// leaves.
#[test]
fn esc_in_compare_with_unsaved_merges_asks_first() {
    let w = world();
    let dir = w.proj.join(".claude/agents");
    std::fs::write(dir.join("a.md"), "---\nname: lead\ndescription: Leads.\nmodel: opus\n---\nOne.\n").unwrap();
    std::fs::write(dir.join("b.md"), "---\nname: lead-b\ndescription: Leads.\nmodel: haiku\n---\nOne.\n").unwrap();
    let mut app = browser(&w);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'd');
    key(&mut app, KeyCode::Esc);
    assert!(app.diff().is_none(), "nothing taken: Esc leaves at once");
    ctrl(&mut app, 'd');
    go_to_change(&mut app, &agentdeck::text::diff::ChangeAt::Field("model".into()));
    key(&mut app, KeyCode::Char('<'));
    key(&mut app, KeyCode::Esc);
    assert!(app.diff().is_some(), "Esc with an unsaved merge stays");
    let text = screen(&app);
    assert!(text.contains("1 change taken and not saved: Esc again throws it away, S saves it"), "{text}");
    // A dialog opened and closed in between: leaving is asked again.
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(app.diff().is_some(), "asked again after the menu");
    key(&mut app, KeyCode::Esc);
    assert!(app.diff().is_none(), "the second Esc leaves");
}

/// Issue 21, item 7: a merge into a file that loads only through Claude Code's retry says
/// when the merging starts that saving it will be refused, and the refusal at save is whole.
#[test]
fn a_merge_into_a_retry_only_file_warns_when_it_starts() {
    let w = world();
    let dir = w.proj.join(".claude/agents");
    let a = "---\nname: lead\ndescription: Use when: the backend needs a lead and the team needs a plan\nmodel: opus\n---\nOne.\n";
    std::fs::write(dir.join("a.md"), a).unwrap();
    std::fs::write(dir.join("b.md"), "---\nname: lead-b\ndescription: Leads.\nmodel: haiku\n---\nOne.\n").unwrap();
    let mut app = browser(&w);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'd');
    go_to_change(&mut app, &agentdeck::text::diff::ChangeAt::Field("model".into()));
    key(&mut app, KeyCode::Char('<'));
    assert!(matches!(app.dialog, Some(Dialog::Warning { .. })), "warned at the first take: {:?}", app.dialog);
    let text = screen(&app);
    assert!(text.contains("saving that side will be refused"), "{text}");
    assert!(text.contains("Fix the file first"), "the reason and the way out, whole: {text}");
    key(&mut app, KeyCode::Enter);
    assert!(app.dialog.is_none() && app.diff().is_some());
    key(&mut app, KeyCode::Char('S'));
    let Some(Dialog::Refused { message, .. }) = &app.dialog else { panic!("refused: {:?}", app.dialog) };
    let message = message.clone();
    let text = screen(&app).lines().map(|l| l.trim_matches(|c| c == ' ' || c == '│')).collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = message.split_whitespace().collect();
    assert!(text.contains(words[words.len() - 1]), "the reason's end is on screen: {message} / {text}");
    assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), a, "nothing written");
}

/// Issue 21, item 7: taking `name` onto a name another agent of the scope holds is warned of
/// in the confirmation.
#[test]
fn taking_a_used_name_is_warned_of_in_the_confirmation() {
    let w = world();
    let dir = w.proj.join(".claude/agents");
    std::fs::write(dir.join("a.md"), "---\nname: lead\ndescription: Leads.\n---\nOne.\n").unwrap();
    std::fs::write(dir.join("b.md"), "---\nname: lead-b\ndescription: Leads.\n---\nOne.\n").unwrap();
    let mut app = browser(&w);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'd');
    go_to_change(&mut app, &agentdeck::text::diff::ChangeAt::Field("name".into()));
    key(&mut app, KeyCode::Char('<'));
    key(&mut app, KeyCode::Char('S'));
    let text = screen(&app);
    assert!(text.contains("renames 'lead' to 'lead-b', a name"), "{text}");
    assert!(text.contains("Claude Code would load only one of them"), "{text}");
}

/// off saves; its fixes (a skill by name only, an agent off) go through the write path, and
/// the totals follow.
#[test]
fn the_budget_screen_shows_costs_and_its_fixes_are_journaled() {
    let w = world();
    let dir = w.proj.join(".claude/agents");
    std::fs::write(dir.join("big.md"), agent("big", &"A long description of the work. ".repeat(12))).unwrap();
    std::fs::write(dir.join("small.md"), agent("small", "Small.")).unwrap();
    let skill = w.proj.join(".claude/skills/notes/SKILL.md");
    std::fs::create_dir_all(skill.parent().unwrap()).unwrap();
    std::fs::write(&skill, format!("---\nname: notes\ndescription: {}\n---\nTake notes.\n", "Takes notes. ".repeat(6)))
        .unwrap();
    let mut app = browser(&w);
    let (agents_before, skills_before) = app.listed_chars;
    assert!(agents_before > 0 && skills_before > 0);
    key(&mut app, KeyCode::F(6));
    let text = screen(&app);
    assert!(text.starts_with("budget"), "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("project ")).collect();
    let order: Vec<&str> =
        rows.iter().filter_map(|l| ["big", "notes", "small"].into_iter().find(|n| l.ends_with(n))).collect();
    assert_eq!(order, ["big", "notes", "small"], "the costliest first: {text}");
    assert!(text.contains("turning it off saves ~"), "{text}");
    // The skill, by name only: skillOverrides in the project's own settings.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('o'));
    assert!(screen(&app).contains("\"skillOverrides\""), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    let settings = std::fs::read_to_string(w.proj.join(".claude/settings.local.json")).unwrap();
    assert!(settings.contains("\"notes\": \"name-only\""), "{settings}");
    assert_eq!(app.listed_chars.1, "- notes\n".len(), "the skill now costs its name only");
    // The biggest agent, off: an Agent() rule; the agents' total drops.
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    let settings = std::fs::read_to_string(w.proj.join(".claude/settings.local.json")).unwrap();
    assert!(settings.contains("Agent(big)"), "{settings}");
    assert!(app.listed_chars.0 < agents_before / 2, "{:?} then {:?}", agents_before, app.listed_chars);
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, agentdeck::tui::app::Screen::List));
}
