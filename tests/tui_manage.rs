//! The browser's actions as a user takes them: the actions menu, a confirmation showing the
//! diff, the change made through the one write path (run here as the event loop's host
//! would, with a journal in a temporary state folder), the status line saying how to undo,
//! and the list following the change. Project and home are temporary folders.

use agentdeck::catalog::change::{self, Guard};
use agentdeck::catalog::journal::Journal;
use agentdeck::catalog::load::{LoadRequest, load_entries};
use agentdeck::catalog::plans::Places;
use agentdeck::tui::action::Action;
use agentdeck::tui::app::{App, Dialog, Effect};
use agentdeck::tui::theme::Theme;
use agentdeck::tui::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};

struct World {
    _dir: tempfile::TempDir,
    home: PathBuf,
    proj: PathBuf,
    journal: Journal,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let proj = dir.path().join("proj");
    std::fs::create_dir_all(proj.join(".git")).unwrap();
    std::fs::create_dir_all(proj.join(".claude/agents")).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let journal = Journal::at(dir.path().join("state/journal"));
    World { _dir: dir, home, proj, journal }
}

fn agent(name: &str, description: &str) -> String {
    format!("---\nname: {name}\ndescription: {description}\n---\nYou are {name}.\n")
}

/// The browser over the project's real locations, with its places pointed at the world.
fn browser(w: &World) -> App {
    let req = LoadRequest {
        paths: vec![],
        cwd: Some(w.proj.clone()),
        home: Some(w.home.clone()),
        collections: Some(Vec::new()),
    };
    let mut app = App::with_catalog(Theme::new(true), Rect::new(0, 0, 110, 34), load_entries(&req).unwrap());
    app.places = Places { cwd: w.proj.clone(), home: Some(w.home.clone()) };
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(app: &App) -> String {
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
fn run_effects(app: &mut App, w: &World) {
    for e in app.take_effects() {
        match e {
            Effect::Apply(plan) => {
                let r = change::apply(&plan, &w.journal, &Guard::new(Some(&w.home))).map_err(|e| e.to_string());
                app.dispatch(Action::Applied(Box::new(r)));
            }
            Effect::Undo => {
                let r = change::undo(&w.journal, &Guard::new(Some(&w.home))).map_err(|e| e.to_string());
                app.dispatch(Action::Applied(Box::new(r)));
            }
            _ => {}
        }
    }
}

fn names(app: &App) -> Vec<String> {
    app.list.hits.iter().filter_map(|h| app.store.get(h.index)).map(|e| e.name.clone()).collect()
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
    app.places = Places { cwd: w.proj.clone(), home: Some(w.home.clone()) };
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

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        if c == '\n' {
            key(app, KeyCode::Enter);
        } else {
            key(app, KeyCode::Char(c));
        }
    }
}

fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Focus the form's row called `label` (as the form shows it), going up to the top first.
fn focus(app: &mut App, label: &str) {
    use agentdeck::tui::app::form::{KEYS, Row};
    let is = |row: Row| match row {
        Row::Scope => label == "scope",
        Row::Name => label == "name",
        Row::Description => label == "description",
        Row::AddExample => label == "+ example",
        Row::Tools => label == "tools",
        Row::Key(i) => KEYS[i] == label,
        _ => false,
    };
    for _ in 0..40 {
        key(app, KeyCode::Up);
    }
    for _ in 0..40 {
        if app.form_row().is_some_and(is) {
            return;
        }
        key(app, KeyCode::Down);
    }
    panic!("no row {label}");
}

#[test]
fn a_new_agent_from_the_form_with_tools_model_colour_and_two_examples() {
    let w = world();
    std::fs::write(
        w.proj.join(".claude/agents/seen.md"),
        "---\nname: seen\ndescription: Uses GitHub.\ntools: mcp__github__create_issue\n---\nx\n",
    )
    .unwrap();
    let mut app = browser(&w);
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('n'));
    assert!(screen(&app).contains("new agent"));
    assert!(screen(&app).contains("Claude Code would not load this"), "an empty name is refused live");
    focus(&mut app, "name");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Bad Name");
    key(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("uppercase"), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'l');
    typed(&mut app, "pr-reviewer");
    key(&mut app, KeyCode::Esc);
    focus(&mut app, "description");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'l');
    typed(&mut app, "Use when a PR needs review: security & style.");
    key(&mut app, KeyCode::Esc);
    for ex in [
        "Context: a PR\nuser: Review it: now\nassistant: I'll use pr-reviewer",
        "user: And this one?\nassistant: On it",
    ] {
        focus(&mut app, "+ example");
        key(&mut app, KeyCode::Enter);
        ctrl(&mut app, 'l');
        typed(&mut app, ex);
        key(&mut app, KeyCode::Esc);
    }
    focus(&mut app, "tools");
    key(&mut app, KeyCode::Enter);
    let agentdeck::tui::app::Screen::Form(form) = &app.screen else { panic!("the form") };
    let offered: Vec<&str> = form.picker.as_ref().unwrap().choices.iter().map(|c| c.value.as_str()).collect();
    assert!(offered.contains(&"mcp__github__*") && offered.contains(&"mcp__github__create_issue"), "{offered:?}");
    key(&mut app, KeyCode::Char(' ')); // Read, under the cursor
    // Walk down to the last choice (the tool seen), then up to the server's wildcard.
    for _ in 0..80 {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Enter);
    let tools_row = screen(&app).lines().find(|l| l.trim_start().starts_with("tools")).unwrap().to_string();
    assert!(tools_row.contains("Read") && tools_row.contains("mcp__github__*"), "{tools_row}");
    focus(&mut app, "model");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down); // opus
    key(&mut app, KeyCode::Enter);
    focus(&mut app, "color");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down); // green
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Claude Code will load this"), "{}", screen(&app));
    ctrl(&mut app, 's');
    assert!(screen(&app).contains("+name: pr-reviewer"), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    let file = w.proj.join(".claude/agents/pr-reviewer.md");
    let a =
        agentdeck::catalog::parse::parse(&std::fs::read(&file).unwrap(), file.clone(), agentdeck::catalog::Scope::Path)
            .unwrap();
    assert_eq!(a.claude_code, agentdeck::catalog::Verdict::Loads);
    assert_eq!(a.description.lines().next(), Some("Use when a PR needs review: security & style."));
    assert_eq!(a.examples.len(), 2);
    assert_eq!(a.examples[0].user, "Review it: now");
    assert_eq!(a.tools, Some(vec!["Read".to_string(), "mcp__github__*".to_string()]));
    assert_eq!((a.model.as_deref(), a.color.as_deref()), (Some("opus"), Some("green")));
    assert!(names(&app).contains(&"pr-reviewer".to_string()), "the list follows");
    // Undo removes it again.
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('z'));
    run_effects(&mut app, &w);
    assert!(!file.exists());
}

#[test]
fn editing_a_field_changes_only_its_line() {
    let w = world();
    let text = "---\nname: helper\n# keep me\ndescription: Helps.\nmodel: sonnet\ncolor: red\n---\nBody.\n";
    let file = w.proj.join(".claude/agents/helper.md");
    std::fs::write(&file, text).unwrap();
    let mut app = browser(&w);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('E'));
    assert!(screen(&app).contains("edit helper"));
    focus(&mut app, "model");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down); // the cursor starts on the value (sonnet); opus is next
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(after, text.replace("model: sonnet", "model: opus"), "{after}");
    assert!(app.reader().is_some(), "back to the reader of the agent");
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

/// Issue 21, item 21: a new example's editor starts on `Context:` (typing never lands in
/// `commentary:`), long lines wrap with their labels in view, and an edit's form has the same
/// rows as a new agent's (its scope row says where the file is), so nothing shifts.
#[test]
fn the_example_editor_starts_at_context_and_wraps() {
    let w = world();
    std::fs::write(w.proj.join(".claude/agents/helper.md"), agent("helper", "Helps.")).unwrap();
    let mut app = browser(&w);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('E'));
    assert_eq!(app.form_row(), Some(agentdeck::tui::app::form::Row::Name), "an edit starts at the name");
    let edit_rows = match &app.screen {
        agentdeck::tui::app::Screen::Form(f) => f.rows(),
        _ => panic!("the form"),
    };
    assert_eq!(edit_rows[0], agentdeck::tui::app::form::Row::Scope, "{edit_rows:?}");
    assert!(screen(&app).contains("(where the file is)"), "{}", screen(&app));
    focus(&mut app, "+ example");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "a PR came in");
    let long = "please review this pull request and look hard at the error handling in every module it touches";
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::End);
    typed(&mut app, long);
    let text = screen(&app);
    assert!(text.contains("Context: a PR came in"), "typing went to the Context line: {text}");
    assert!(text.contains("user: please review"), "the label stays in view: {text}");
    assert!(text.contains("every module it touches"), "the line wraps, its end in view: {text}");
    key(&mut app, KeyCode::Esc);
    let agentdeck::tui::app::Screen::Form(f) = &app.screen else { panic!("the form") };
    assert_eq!(f.values.examples[0].context, "a PR came in");
    assert!(f.values.examples[0].commentary.is_empty());
}

/// F6 opens the budget screen: the listed files, the costliest first, with what turning one
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

/// Shortening a description in the form: its row and its editor count the characters live,
/// against the 1,536 Claude Code's skill listing cuts at, with the tokens they cost.
#[test]
fn the_form_counts_a_descriptions_characters_against_the_listing_cap() {
    let w = world();
    let skill = w.proj.join(".claude/skills/notes/SKILL.md");
    std::fs::create_dir_all(skill.parent().unwrap()).unwrap();
    std::fs::write(&skill, "---\nname: notes\ndescription: Takes notes.\nwhen_to_use: in meetings\n---\nTake notes.\n")
        .unwrap();
    let mut app = browser(&w);
    key(&mut app, KeyCode::F(6));
    key(&mut app, KeyCode::Char('e'));
    let n = "Takes notes.".len() + " - in meetings".len();
    assert!(screen(&app).contains(&format!("[{n}/1536 chars · ~{} tokens", n.div_ceil(4))), "{}", screen(&app));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::End);
    for c in " More.".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert!(screen(&app).contains(&format!("description · {}/1536 chars", n + 6)), "{}", screen(&app));
}
