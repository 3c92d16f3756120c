//! The result list and the query line, driven with real keys: columns that stay put while
//! scrolling, flags that are never cut, where each agent lives, the preview toggle, sort
//! orders, shell-style editing of the query and its history; and the reader's search in a
//! real terminal (tmux).

use crate::harness::drive::{alt, ctrl, draw, key, press, rows, typed};

/// The rows as drawn, trailing spaces kept: columns are compared by position.
fn screen(app: &App) -> Vec<String> {
    rows(draw(app).backend().buffer())
}
use agentdeck::catalog::load::Catalog;
use agentdeck::catalog::{Agent, Scope};
use agentdeck::theme::Theme;
use agentdeck::tui::action::Action;
use agentdeck::tui::app::{App, Effect, Sort};
use agentdeck::tui::keymap::{KeyMode, Keymap};
use agentdeck::tui::view;
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::Rect;
use std::path::PathBuf;

/// An agent in `root/rel` (the path below the folder searched is `rel`).
fn agent(name: &str, rel: &str) -> Agent {
    let path = PathBuf::from(format!("/root/{rel}"));
    Agent {
        name: name.to_string(),
        description: format!("Use this agent for {name}."),
        model: Some("sonnet".into()),
        rel: "/root/".len(),
        path,
        body: "You help.".into(),
        ..Agent::new("", PathBuf::new(), Scope::Path)
    }
}

fn app_of(agents: Vec<Agent>, width: u16, height: u16) -> App {
    let catalog = Catalog { agents, label: "test".into(), ..Catalog::default() };
    App::with_agents(Theme::new(true), Rect::new(0, 0, width, height), catalog)
}

fn names(app: &App) -> Vec<String> {
    app.list.hits.iter().map(|h| app.store.get(h.index).unwrap().name.clone()).collect()
}

#[test]
fn columns_stay_put_while_scrolling() {
    let mut agents: Vec<Agent> = (0..20).map(|i| agent(&format!("a{i}"), &format!("team/a{i}.md"))).collect();
    agents.push(agent("a-much-longer-agent-name", "team/a-much-longer-agent-name.md"));
    let mut app = app_of(agents, 100, 12);
    let column = |app: &App| -> Vec<usize> {
        let list = view::layout(app.size).list;
        screen(app)[usize::from(list.y)..usize::from(list.bottom())]
            .iter()
            .filter_map(|r| r.find("team/").map(|b| r[..b].chars().count()))
            .collect()
    };
    let first = column(&app);
    key(&mut app, KeyCode::PageDown);
    key(&mut app, KeyCode::PageDown);
    let last = column(&app);
    assert!(!first.is_empty() && !last.is_empty());
    assert!(first.iter().chain(&last).all(|x| *x == first[0]), "the folder column moves: {first:?} {last:?}");
}

#[test]
fn flags_are_never_cut_and_the_name_gives_way() {
    let long = "backend-lead-with-a-name-much-too-long-for-the-list";
    let agents = vec![agent(long, "a/x.md"), agent(long, "b/x.md"), agent(long, "c/x.md")];
    let app = app_of(agents, 80, 12);
    let list = view::layout(app.size).list;
    let rows = screen(&app);
    let shown: Vec<&str> = rows[usize::from(list.y)..usize::from(list.y) + 3]
        .iter()
        .map(|r| r.split('│').next().unwrap_or(r).trim_end())
        .collect();
    // The last in path order wins, as in Claude Code 2.1.332.
    assert!(shown[2].ends_with("×3 !"), "the winner's flags whole: {shown:?}");
    assert!(shown[0].ends_with("×3 shadowed !"), "the others' flags whole: {shown:?}");
    assert!(shown.iter().all(|r| r.contains('…')), "the name gives way, with …: {shown:?}");
    for (row, folder) in shown.iter().zip(["a/", "b/", "c/"]) {
        assert!(row.contains(&format!(" {folder} ")), "the folder tells them apart: {row}");
    }
}

#[test]
fn where_an_agent_lives_replaces_the_scope_word() {
    let agents = vec![
        agent("backend-lead", "000_b36828c0.txt"),
        agent("backend-lead", "001_196ef17c.txt"),
        agent("reviewer", "reviewer.md"),
        agent("tester", "qa/tester.md"),
    ];
    let app = app_of(agents, 120, 12);
    let rows = screen(&app);
    assert!(rows[1].contains("backend-lead 000_b36828c0.txt"), "{}", rows[1]);
    assert!(rows[2].contains("backend-lead 001_196ef17c.txt"), "{}", rows[2]);
    assert!(!rows[1..5].iter().any(|r| r.contains(" path ")), "no scope word on every row");
    assert!(rows[4].contains("tester       qa/"), "{}", rows[4]);
}

#[test]
fn ctrl_slash_hides_and_shows_the_preview() {
    let mut app = app_of(vec![agent("solo", "solo.md")], 100, 12);
    let border = |app: &App| screen(app)[2].contains('│');
    assert!(border(&app));
    for chord in [('/', KeyModifiers::CONTROL), ('_', KeyModifiers::CONTROL), ('7', KeyModifiers::CONTROL)] {
        let was = app.list.view.preview;
        press(&mut app, KeyCode::Char(chord.0), chord.1);
        assert_eq!(app.list.view.preview, !was, "{chord:?} toggles the preview");
        assert_eq!(border(&app), !was);
    }
    assert!(!app.list.view.preview);
    assert_eq!(app.areas().list.width, 100, "the list takes the whole width");
    let map = Keymap::default();
    let label = map.for_mode(KeyMode::List).find(|b| b.action == Action::TogglePreview).unwrap().keys_label();
    assert_eq!(label, "C-/, C-_, C-7");
}

#[test]
fn sort_orders_cycle_and_the_status_says_which() {
    let agents = vec![agent("zed", "b/zed.md"), agent("alpha", "c/alpha.md"), agent("mid", "a/mid.md")];
    let mut app = app_of(agents, 100, 12);
    let status = |app: &App| screen(app)[10].clone();
    assert!(status(&app).contains("sort: score"), "{}", status(&app));
    assert_eq!(names(&app), ["zed", "alpha", "mid"], "no query: the order found");
    ctrl(&mut app, 's');
    assert_eq!(app.list.view.sort, Sort::Name);
    assert_eq!(names(&app), ["alpha", "mid", "zed"]);
    assert!(status(&app).contains("sort: name"));
    ctrl(&mut app, 's');
    assert_eq!(names(&app), ["mid", "zed", "alpha"], "by folder: a/ b/ c/");
    typed(&mut app, "a");
    assert_eq!(names(&app).first().map(String::as_str), Some("mid"), "a new query keeps the order");
    ctrl(&mut app, 's');
    assert_eq!(app.list.view.sort, Sort::Cost);
    assert!(status(&app).contains("sort: cost"));
    ctrl(&mut app, 's');
    assert_eq!(app.list.view.sort, Sort::Uses);
    ctrl(&mut app, 's');
    assert_eq!(app.list.view.sort, Sort::Score);
    assert_eq!(names(&app).first().map(String::as_str), Some("alpha"), "by score again");
}

#[test]
fn the_query_line_edits_like_a_shell_and_search_follows() {
    let agents = vec![agent("code-reviewer", "r.md"), agent("doc-writer", "w.md"), agent("test-runner", "t.md")];
    let mut app = app_of(agents, 100, 12);
    typed(&mut app, "rviewer");
    ctrl(&mut app, 'a');
    ctrl(&mut app, 'f');
    typed(&mut app, "e");
    assert_eq!((app.list.query.as_str(), app.list.cursor), ("reviewer", 2));
    let terminal = draw(&app);
    let mut terminal = terminal;
    assert_eq!(terminal.get_cursor_position().unwrap().x, 4, "the terminal cursor is where the edit is");
    assert_eq!(names(&app), ["code-reviewer"], "the search follows the edit");
    ctrl(&mut app, 'e');
    assert_eq!(app.list.cursor, 8, "C-e is the end of the line now");
    assert!(app.take_effects().is_empty(), "and no longer the editor");
    typed(&mut app, " doc");
    alt(&mut app, 'b');
    ctrl(&mut app, 'k');
    assert_eq!(app.list.query, "reviewer ");
    alt(&mut app, 'b');
    alt(&mut app, 'f');
    assert_eq!(app.list.cursor, 8);
    key(&mut app, KeyCode::Delete);
    assert_eq!(app.list.query, "reviewer");
    ctrl(&mut app, 'w');
    assert_eq!(app.list.query, "");
    assert_eq!(names(&app).len(), 3);
    key(&mut app, KeyCode::F(4));
    assert!(matches!(app.take_effects().as_slice(), [Effect::Edit { .. }]), "F4 edits");
}

#[test]
fn queries_used_come_back_with_alt_p_and_alt_n() {
    let agents = vec![agent("code-reviewer", "r.md"), agent("doc-writer", "w.md")];
    let mut app = app_of(agents, 100, 12);
    alt(&mut app, 'p');
    assert!(app.message.as_ref().is_some_and(|m| m.text.contains("no earlier queries")));
    for q in ["doc", "code"] {
        typed(&mut app, q);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('q'));
        ctrl(&mut app, 'u');
    }
    typed(&mut app, "dra");
    alt(&mut app, 'p');
    assert_eq!(app.list.query, "code");
    assert_eq!(names(&app), ["code-reviewer"], "the search follows the history");
    alt(&mut app, 'p');
    assert_eq!(app.list.query, "doc");
    alt(&mut app, 'n');
    alt(&mut app, 'n');
    assert_eq!(app.list.query, "dra", "past the newest: what was being typed");
}

/// The acceptance check's reader part, in a real terminal: `/monitoring`, Enter, then `n`
/// moves to another match.
#[test]
#[ignore = "needs tmux"]
fn reader_search_in_a_real_terminal() {
    use crate::harness::sandbox::{Sandbox, quote};
    use crate::harness::tmux::Tmux;
    let sb = Sandbox::new();
    let dir = &sb.dir;
    let mut body = String::new();
    for i in 0..40 {
        let word = if [3, 25].contains(&i) { "Monitoring and alerting" } else { "Something else" };
        body.push_str(&format!("{word}, paragraph {i}.\n\n"));
    }
    let file = dir.path().join("ops.md");
    std::fs::write(&file, format!("---\nname: ops-expert\ndescription: Runs things.\n---\n{body}")).unwrap();
    let t = Tmux::agentdeck(&sb, "", &quote(&file.to_string_lossy()));
    t.run(&["resize-window", "-t", "t", "-x", "100", "-y", "12"]);
    t.wait_for("the list", |s| s.contains("ops-expert"));
    t.keys(&["Enter"]);
    t.wait_for("the reader", |s| s.contains("1 Persona"));
    t.keys(&["/"]);
    t.keys(&["-l", "monitoring"]);
    t.keys(&["Enter"]);
    let first = t.wait_for("the first match", |s| s.contains("/monitoring 1/2"));
    assert!(first.contains("Monitoring and alerting, paragraph 3"), "{first}");
    t.keys(&["n"]);
    let second = t.wait_for("the second match", |s| s.contains("/monitoring 2/2"));
    assert!(second.contains("Monitoring and alerting, paragraph 25"), "{second}");
    assert_ne!(first, second);
    t.keys(&["C-c"]);
    t.wait_for("the browser to end", |s| !s.contains("1 Persona"));
}

/// A key that arrives together with a resize is never left unread: crossterm's own reader
/// (mio, edge-triggered) could report the resize and lose the key's readiness until the next
/// key came; with `use-dev-tty` it polls level-triggered. Twenty resizes, each with a key.
#[test]
#[ignore = "needs tmux"]
fn keys_sent_with_a_resize_are_never_lost() {
    use crate::harness::sandbox::{Sandbox, quote};
    use crate::harness::tmux::Tmux;
    let sb = Sandbox::new();
    let file = sb.write("ops.md", "---\nname: ops-expert\ndescription: Runs things.\n---\nYou run things.\n");
    let t = Tmux::agentdeck(&sb, "", &quote(&file.to_string_lossy()));
    t.wait_for("the list", |s| s.contains("ops-expert"));
    for i in 0..20 {
        let (width, key) = (format!("{}", 90 + i), if i % 2 == 0 { "Enter" } else { "Escape" });
        t.run(&["resize-window", "-t", "t", "-x", &width, "-y", "14", ";", "send-keys", "-t", "t", key]);
        if i % 2 == 0 {
            t.wait_for("the reader after a resize", |s| s.contains("1 Persona"));
        } else {
            t.wait_for("the list after a resize", |s| !s.contains("1 Persona") && s.contains("ops-expert"));
        }
    }
    t.keys(&["C-c"]);
    t.wait_for("the browser to end", |s| !s.contains("ops-expert"));
}

/// What each listed agent costs in every session shows in its row (an estimate in tokens), the
/// totals in the status line, and Ctrl-S reaches an order by cost, the most first.
#[test]
fn rows_show_what_each_costs_and_the_list_sorts_by_it() {
    let parse = |name: &str, description: &str| {
        let text = format!("---\nname: {name}\ndescription: {description}\ntools: Read\n---\nBody.\n");
        let mut a =
            agentdeck::catalog::parse::parse(text.as_bytes(), PathBuf::from(format!("/p/{name}.md")), Scope::Project)
                .unwrap();
        a.rel = "/p/".len();
        a
    };
    let long = "A long description of the work. ".repeat(20);
    let agents = vec![parse("small", "Small."), parse("big", long.trim())];
    let small_cost = agentdeck::catalog::listing::entry_cost(&agents[0]) as usize;
    let big_cost = agentdeck::catalog::listing::entry_cost(&agents[1]) as usize;
    assert_eq!(small_cost, "- small: Small. (Tools: Read)\n".len());
    let mut app = app_of(agents, 120, 12);
    let rows = screen(&app);
    let tokens = |c: usize| agentdeck::catalog::budget::tokens(c);
    assert!(rows.iter().any(|r| r.contains("small") && r.contains(&format!("~{}t", tokens(small_cost)))), "{rows:#?}");
    assert!(rows.iter().any(|r| r.contains("big") && r.contains(&format!("~{}t", tokens(big_cost)))), "{rows:#?}");
    let status = rows.iter().find(|r| r.contains("every session")).expect("the totals in the status line");
    assert!(status.contains(&format!("~{}t agents", tokens(small_cost + big_cost))), "{status}");
    while app.list.view.sort != Sort::Cost {
        ctrl(&mut app, 's');
    }
    assert_eq!(names(&app), ["big", "small"]);
}
