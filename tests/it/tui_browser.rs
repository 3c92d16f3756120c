//! The browser driven the way a user drives it: real key events through the keymap and
//! `App::update`, drawn into a `TestBackend` and compared with snapshots.

use crate::harness::drive::*;
use agentdeck::catalog::load::Catalog;
use agentdeck::catalog::{Agent, Diagnostic, Example, Role, Scope, Severity, Verdict};
use agentdeck::theme::Theme;
use agentdeck::tui::action::{Action, CopyWhat, Tab};
use agentdeck::tui::app::{App, Effect, Screen};
use agentdeck::tui::keymap::KeyMode;
use agentdeck::tui::view;
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Color;
use std::path::PathBuf;

pub(crate) fn agent(name: &str, scope: Scope) -> Agent {
    Agent {
        name: name.to_string(),
        description: format!("Use this agent to {name} things."),
        tools: Some(vec!["Read".into(), "Grep".into()]),
        model: Some("sonnet".into()),
        color: Some("green".into()),
        path: PathBuf::from(format!("/agents/{name}.md")),
        scope,
        body: format!("You are **{name}**.\n\n## Rules\n\n- be brief\n- be right\n"),
        body_line: 8,
        ..Agent::new("", PathBuf::new(), Scope::Path)
    }
}

fn agents() -> Vec<Agent> {
    let mut reviewer = agent("code-reviewer", Scope::User);
    reviewer.examples = vec![Example {
        context: "The user just wrote a parser.".into(),
        user: "Please review it".into(),
        assistant: "I'll use the code-reviewer agent".into(),
        commentary: "Fresh code deserves a review.".into(),
        turns: vec![
            (Role::User, "Please review it".into()),
            (Role::Assistant, "I'll use the code-reviewer agent".into()),
        ],
    }];
    reviewer.extra.insert("version".into(), serde_json::json!("1.2"));
    let mut writer = agent("doc-writer", Scope::Project);
    writer.color = Some("orange".into());
    writer.tools = None;
    writer.origin_priority = 10;
    let mut shadowed = agent("doc-writer", Scope::User);
    shadowed.origin_priority = 100;
    shadowed.path = PathBuf::from("/home/u/.claude/agents/doc-writer.md");
    shadowed.tools = Some(vec![]);
    let mut broken = agent("test-runner", Scope::Project);
    broken.model = None;
    broken.claude_code = Verdict::Skips;
    broken.diagnostics = vec![
        Diagnostic::new(Severity::Error, "no-description", "there is a name but no description").at(2),
        Diagnostic::new(Severity::Warning, "unknown-model", "model `gpt` is not known").at(4),
    ];
    vec![reviewer, writer, shadowed, broken]
}

pub(crate) fn app_with(mut agents: Vec<Agent>, theme: Theme, width: u16, height: u16) -> App {
    // As a load finds them: each file directly in the folder searched.
    for a in &mut agents {
        a.rel = a.path.to_string_lossy().rfind('/').map_or(0, |i| i + 1);
    }
    let catalog = Catalog { agents, label: "test agents".into(), ..Catalog::default() };
    App::with_agents(theme, Rect::new(0, 0, width, height), catalog)
}

fn app() -> App {
    app_with(agents(), Theme::new(true), 100, 30)
}

#[test]
fn list_and_preview() {
    insta::assert_snapshot!(screen(&app()));
}

#[test]
fn typing_a_query_edits_and_searches() {
    let mut app = app();
    typed(&mut app, "doc");
    assert_eq!(app.list.query, "doc");
    let text = screen(&app);
    assert!(text.starts_with("> doc"), "{text}");
    insta::assert_snapshot!(text);
    ctrl(&mut app, 'w');
    assert_eq!(app.list.query, "");
    typed(&mut app, "ab cd");
    ctrl(&mut app, 'w');
    assert_eq!(app.list.query, "ab ");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.list.query, "ab");
    ctrl(&mut app, 'u');
    assert_eq!(app.list.query, "");
}

#[test]
fn selection_moves_and_sticks() {
    let mut app = app();
    key(&mut app, KeyCode::Down);
    ctrl(&mut app, 'n');
    assert_eq!(app.list.selected, 2);
    ctrl(&mut app, 'p');
    assert_eq!(app.list.selected, 1);
    key(&mut app, KeyCode::End);
    assert_eq!(app.list.selected, 3);
    key(&mut app, KeyCode::Home);
    assert_eq!(app.list.selected, 0);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.list.selected, 3);
}

#[test]
fn enter_opens_the_reader_with_rendered_persona() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    assert_eq!(reading(&app), Some((0, Tab::Persona)));
    let text = screen(&app);
    assert!(text.contains("You are"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn reader_examples_and_details_tabs() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.tab(), Tab::Examples);
    let examples = screen(&app);
    assert!(examples.contains("user › Please review it"), "{examples}");
    assert!(examples.contains("assistant › I'll use"), "{examples}");
    insta::assert_snapshot!("examples_tab", examples);
    key(&mut app, KeyCode::Char('3'));
    let details = screen(&app);
    assert!(details.contains("version: \"1.2\""), "{details}");
    insta::assert_snapshot!("details_tab", details);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.tab(), Tab::Source);
    press(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.tab(), Tab::Details);
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, Screen::List);
}

#[test]
fn details_show_diagnostics_and_shadowing() {
    let mut app = app();
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('3'));
    let text = screen(&app);
    assert!(text.contains("shadowed by: /agents/doc-writer.md"), "{text}");
    assert!(text.contains("/agents/doc-writer.md [project, wins]"), "{text}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('3'));
    let text = screen(&app);
    assert!(text.contains("✗ error no-description: there is a name but no description (line 2)"), "{text}");
    assert!(text.contains("claude code: skips"), "{text}");
}

#[test]
fn source_tab_reads_the_file_through_an_effect() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::write(&path, "---\nname: a\n---\n\tindented\x1b[2J\n").unwrap();
    let mut a = agent("a", Scope::Path);
    a.path = path.clone();
    let mut app = app_with(vec![a], Theme::new(true), 100, 30);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('4'));
    let source = agentdeck::catalog::Source::lone(path.clone());
    assert_eq!(app.take_effects(), vec![Effect::ReadSource { id: 0, source: source.clone() }]);
    assert!(screen(&app).contains("reading…"));
    app.dispatch(agentdeck::tui::effects::read_source(0, &source));
    let text = screen(&app);
    assert!(text.contains("   4     indented[2J") || text.contains("   4     indented"), "{text}");
    assert!(text.contains("   2 name: a"), "{text}");
}

#[test]
fn help_overlay_lists_every_binding() {
    let mut app = app_with(agents(), Theme::new(true), 100, 90);
    key(&mut app, KeyCode::F(1));
    assert_eq!(app.key_mode(), KeyMode::Help);
    // It opens at the list's keys; g goes to the top, and paging goes through it all.
    key(&mut app, KeyCode::Char('g'));
    let mut text = String::new();
    for _ in 0..40 {
        text.push_str(&screen(&app));
        key(&mut app, KeyCode::PageDown);
    }
    key(&mut app, KeyCode::Char('g'));
    assert!(screen(&app).contains("Everywhere"), "g goes back to the top");
    for binding in app.keymap.bindings() {
        let line = format!("{:<16}{}", binding.keys_label(), binding.help);
        assert!(text.contains(&line), "missing {line:?} in\n{text}");
    }
    // Every filter value the parser takes is named.
    for word in ["is:installed", "is:outdated", "is:disabled", "kind:output-style", "kind:prompt", "collection"] {
        assert!(text.contains(word), "the help does not name {word}");
    }
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.help, None);
    assert_eq!(app.screen, Screen::List);
}

/// Issue 21, item 20: `?` opens the help at the keys of the view it is pressed in; `/` searches
/// the help; the row marks have a legend; nothing of the screen beneath shows in its margins.
#[test]
fn help_opens_at_the_views_keys_is_searchable_and_explains_the_row_marks() {
    let mut app = app_with(agents(), Theme::new(true), 100, 30);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('?'));
    let shown = rows(&buffer(&app));
    assert_eq!(shown[2].trim_matches(|c| c == ' ' || c == '│'), "Reader", "{shown:#?}");
    assert!(shown[1..shown.len() - 1].iter().all(|r| r.starts_with(' ')), "the margin is clear: {shown:#?}");
    key(&mut app, KeyCode::Char('/'));
    assert_eq!(app.key_mode(), KeyMode::Find);
    typed(&mut app, "shadow");
    let text = screen(&app);
    assert!(text.contains("keys holding 'shadow'"), "{text}");
    assert!(text.contains("Claude Code uses another file of this name"), "the row marks' legend: {text}");
    assert!(!text.contains("scroll up a page"), "rows without the text are left out: {text}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.key_mode(), KeyMode::Help);
    assert!(screen(&app).contains("keys holding 'shadow'"), "Enter keeps the search");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.help, None);
    key(&mut app, KeyCode::Char('?'));
    assert!(!screen(&app).contains("keys holding"), "a new help shows everything");
}

#[test]
fn help_overlay_snapshot_and_hints_from_keymap() {
    let mut app = app();
    let text = screen(&app);
    // The hints that fit, whole and in the keymap's order; none cut in two.
    let hints = app.keymap.hints(KeyMode::List);
    let shown = hints.iter().take_while(|(keys, hint)| text.contains(&format!("{keys} {hint}"))).count();
    assert!(shown >= 7, "{text}");
    for (keys, _) in &hints[shown..] {
        assert!(!text.lines().last().unwrap_or_default().contains(keys.as_str()), "{keys} shown cut: {text}");
    }
    key(&mut app, KeyCode::F(1));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn tab_marks_and_ctrl_d_compares() {
    let mut app = app();
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.list.selected, 1);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.marks.len(), 2);
    ctrl(&mut app, 'd');
    assert_eq!(compared(&app), Some((0, 1)));
    let text = screen(&app);
    assert!(text.contains("code-reviewer  ⟷  doc-writer"), "{text}");
    insta::assert_snapshot!(text);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::List);
}

#[test]
fn compare_marked_with_selection_and_without_marks() {
    let mut app = app();
    ctrl(&mut app, 'd');
    assert_eq!(app.screen, Screen::List);
    assert!(app.message.as_ref().is_some_and(|m| m.error));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Down);
    ctrl(&mut app, 'd');
    assert_eq!(compared(&app), Some((0, 2)));
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(compared(&app), Some((0, 2)));
}

#[test]
fn esc_clears_the_query_then_quits() {
    let mut app = app();
    typed(&mut app, "x");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list.query, "");
    assert_eq!(app.exit, None);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.exit, Some(0));
}

#[test]
fn ctrl_c_quits_from_the_reader_and_the_help() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.key_mode(), KeyMode::Help);
    ctrl(&mut app, 'c');
    assert_eq!(app.exit, Some(0));
}

#[test]
fn copying_a_prompt_cut_at_the_read_cap_is_refused_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.md");
    let body = "word ".repeat(agentdeck::catalog::parse::MAX_FILE_BYTES / 5 + 10);
    std::fs::write(&big, format!("---\nname: big\ndescription: Large.\n---\n{body}")).unwrap();
    let store = agentdeck::catalog::load::load_store(&agentdeck::catalog::load::LoadRequest {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    })
    .unwrap();
    let mut app = App::with_store(Theme::new(true), Rect::new(0, 0, 160, 30), store);
    ctrl(&mut app, 'y');
    assert!(app.take_effects().iter().all(|e| !matches!(e, Effect::Copy { .. })), "nothing copied");
    let text = screen(&app);
    assert!(text.contains("not copied: the file is larger than 4 MiB"), "{text}");
}

#[test]
fn copy_keys_queue_clipboard_effects() {
    let mut app = app();
    ctrl(&mut app, 'y');
    let body = agents()[0].body.clone();
    assert_eq!(app.take_effects(), vec![Effect::Copy { text: body, what: CopyWhat::Prompt }]);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('i'));
    key(&mut app, KeyCode::Char('Y'));
    let effects = app.take_effects();
    assert_eq!(effects[0], Effect::Copy { text: "code-reviewer".into(), what: CopyWhat::Name });
    assert_eq!(effects[1], Effect::CopyFile(agentdeck::catalog::Source::lone("/agents/code-reviewer.md")));
    app.dispatch(Action::Notify { text: "copied prompt: 10 bytes".into(), error: false });
    assert!(screen(&app).contains("copied prompt: 10 bytes"));
}

/// Issue 21, items 4 and 7: a message never loses its end. One too long for the row beside the
/// counts takes the hints' row; one wider than the screen is wrapped over both rows.
#[test]
fn a_long_message_is_wrapped_never_cut() {
    let mut app = app_with(agents(), Theme::new(true), 80, 24);
    let text = "copied prompt (230 bytes, 8 lines) into tmux's paste buffer (tmux offers it to the terminal's clipboard: set-clipboard external)";
    app.dispatch(Action::Notify { text: text.into(), error: false });
    let shown = rows(&buffer(&app));
    let bottom = shown[shown.len() - 2..].iter().map(|r| r.trim()).collect::<Vec<_>>().join(" ");
    assert_eq!(bottom, text, "{shown:#?}");
    let short = "copied prompt (230 bytes, 8 lines) with xclip; also sent by OSC 52";
    app.dispatch(Action::Notify { text: short.into(), error: false });
    let shown = rows(&buffer(&app));
    assert!(shown[shown.len() - 2].starts_with("4/4"), "the counts stay: {shown:#?}");
    assert_eq!(shown[shown.len() - 1].trim(), short);
}

/// Issue 21, item 8: marks are always counted, first in the status line (those the query hides
/// too), Alt-D clears them all and Alt-A marks every row shown, from the one keymap (so the
/// help lists both).
#[test]
fn marks_are_counted_cleared_and_marked_all() {
    let mut app = app_with(agents(), Theme::new(true), 80, 24);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "test");
    let status = |app: &App| rows(&buffer(app))[22].clone();
    assert!(status(&app).starts_with("1/4  2 marked (2 not shown)"), "{}", status(&app));
    key(&mut app, KeyCode::F(2));
    let menu = screen(&app);
    assert!(menu.contains("2 of them are marked but not shown by the query; M-d in the list clears"), "{menu}");
    key(&mut app, KeyCode::Esc);
    alt(&mut app, 'd');
    assert!(app.marks.is_empty());
    assert!(!status(&app).contains("marked"), "{}", status(&app));
    ctrl(&mut app, 'u');
    typed(&mut app, "doc");
    alt(&mut app, 'a');
    assert_eq!(app.marks.len(), 2, "the two rows shown");
    assert!(status(&app).starts_with("2/4  2 marked"), "{}", status(&app));
    key(&mut app, KeyCode::F(1));
    let help = agentdeck::tui::view::help::wrapped(&app, 100)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(help.contains("mark every agent the query shows") && help.contains("clear every mark"), "{help}");
}

/// Issue 21, item 9: three files of one name in one scope, from three folders, never look
/// alike: each row shows the shortest run of folders that tells it apart, at 80 columns too.
#[test]
fn rows_of_one_name_show_what_tells_them_apart() {
    let mut three = Vec::new();
    for dir in ["/srv/a/team", "/srv/b/team", "/srv/c"] {
        let mut a = agent("backend-lead", Scope::User);
        a.path = PathBuf::from(format!("{dir}/backend-lead.md"));
        three.push(a);
    }
    for width in [80, 140] {
        let app = app_with(three.clone(), Theme::new(true), width, 24);
        let shown = rows(&buffer(&app));
        let listed: Vec<String> = shown[1..4].iter().map(|r| r.split('│').next().unwrap().trim().to_string()).collect();
        assert!(listed.iter().all(|r| r.contains("back")), "{listed:#?}");
        assert_ne!(listed[0], listed[1], "{listed:#?}");
        assert_ne!(listed[1], listed[2], "{listed:#?}");
        assert_ne!(listed[0], listed[2], "{listed:#?}");
        assert!(listed.iter().any(|r| r.contains("a/team/")) && listed.iter().any(|r| r.contains("c/")), "{listed:#?}");
    }
}

#[test]
fn mouse_click_selects_then_opens() {
    let mut app = app();
    let list = view::layout(app.size).list;
    app.dispatch(Action::Click { column: list.x + 2, row: list.y + 1 });
    assert_eq!(app.list.selected, 1);
    app.dispatch(Action::Click { column: list.x + 2, row: list.y + 1 });
    assert_eq!(reading(&app).map(|r| r.0), Some(1));
}

#[test]
fn tiny_terminal_says_so() {
    let app = app_with(agents(), Theme::new(true), 30, 8);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn no_color_theme_uses_no_colours() {
    let theme = Theme::new(false);
    let mut app = app_with(agents(), theme, 100, 30);
    for step in 0..3 {
        let terminal = draw(&app);
        for cell in terminal.backend().buffer().content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "step {step}: {cell:?}");
        }
        key(&mut app, if step == 0 { KeyCode::F(1) } else { KeyCode::Enter });
        if step == 1 {
            key(&mut app, KeyCode::Esc);
        }
    }
}

#[test]
fn matched_name_characters_are_highlighted() {
    let mut app = app();
    for c in "dw".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let terminal = draw(&app);
    let buf = terminal.backend().buffer();
    let list = view::layout(app.size).list;
    let name_x = list.x + 3;
    let fg = |dx: u16| buf[(name_x + dx, list.y)].fg;
    assert_eq!(buf[(name_x, list.y)].symbol(), "d");
    assert_eq!(fg(0), Color::Yellow);
    assert_eq!(fg(4), Color::Yellow);
    assert_ne!(fg(1), Color::Yellow);
}

#[test]
fn swatches_follow_the_agent_colour() {
    let theme = Theme::new(true);
    assert_eq!(theme.swatch(Some("orange")).fg, Some(Color::Indexed(208)));
    assert_eq!(theme.swatch(Some("purple")).fg, Some(Color::Magenta));
    assert_eq!(theme.swatch(Some("pink")).fg, Some(Color::LightMagenta));
    assert_eq!(Theme::new(false).swatch(Some("red")).fg, None);
}

#[test]
fn wheel_scrolls_the_list_and_the_preview() {
    let mut app = app();
    let areas = view::layout(app.size);
    app.dispatch(Action::Wheel { column: areas.list.x, row: areas.list.y, down: true });
    assert_eq!(app.list.selected, 3);
    app.dispatch(Action::Wheel { column: areas.preview.x + 3, row: areas.preview.y, down: true });
    assert_eq!(app.list.preview_scroll, 3);
    key(&mut app, KeyCode::Enter);
    app.dispatch(Action::Wheel { column: 5, row: 5, down: true });
    assert_eq!(app.reader().map(|r| r.scroll), Some(0), "a short text does not scroll");
}

#[test]
fn persona_markdown_is_rendered_not_raw() {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    let text = screen(&app);
    assert!(text.contains("Rules"), "{text}");
    assert!(!text.contains("##"), "{text}");
    assert!(!text.contains("**"), "{text}");
}

/// The reader's agent and tab, when it shows.
fn reading(app: &App) -> Option<(usize, Tab)> {
    app.reader().map(|r| (r.id, r.tab))
}

/// The compared pair, when the compare screen shows.
fn compared(app: &App) -> Option<(usize, usize)> {
    app.diff().map(|d| (d.left, d.right))
}

fn hit_names(app: &App) -> Vec<String> {
    app.list.hits.iter().map(|h| app.store.get(h.index).unwrap().name.clone()).collect()
}

#[test]
fn backspacing_shows_the_same_results_as_typing_afresh() {
    let mut app = app();
    typed(&mut app, "doc");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    let mut fresh = self::app();
    typed(&mut fresh, "d");
    assert_eq!(hit_names(&app), hit_names(&fresh));
    assert_eq!(app.list.selected, 0, "a new query selects the best match");
}

#[test]
fn an_edit_makes_remembered_results_stale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("code-reviewer.md");
    std::fs::write(&path, "---\nname: code-reviewer\ndescription: Reviews code.\n---\nbody\n").unwrap();
    let req = agentdeck::catalog::load::LoadRequest::paths(vec![dir.path().to_path_buf()]);
    let cat = agentdeck::catalog::load::load_entries(&req).unwrap();
    let mut app = App::with_catalog(Theme::new(true), Rect::new(0, 0, 100, 30), cat);
    typed(&mut app, "zebr");
    assert!(app.list.hits.is_empty());
    std::fs::write(&path, "---\nname: code-reviewer\ndescription: Zebra wrangler.\n---\nbody\n").unwrap();
    app.dispatch(Action::FilesChanged(vec![path]));
    key(&mut app, KeyCode::Backspace);
    assert_eq!(hit_names(&app), ["code-reviewer"], "'zeb' is searched again, not remembered");
}

/// A file over `BIG_FILE` is read and rendered off the UI thread: the preview says it is
/// reading, one job is handed out however often the screen is refreshed, and its document
/// replaces the placeholder; one built for documents since forgotten is dropped.
#[test]
fn a_large_file_is_rendered_off_the_ui_thread_with_a_placeholder() {
    use agentdeck::tui::app::docs::BIG_FILE;
    let dir = tempfile::tempdir().unwrap();
    let body = "A long persona line of words.\n".repeat(BIG_FILE as usize / 20);
    std::fs::write(dir.path().join("big.md"), format!("---\nname: big\ndescription: Large.\n---\n# Big one\n{body}"))
        .unwrap();
    let req = agentdeck::catalog::load::LoadRequest { paths: vec![dir.path().to_path_buf()], ..Default::default() };
    let store = agentdeck::catalog::load::load_store(&req).unwrap();
    let mut app = App::with_store(Theme::new(true), Rect::new(0, 0, 120, 30), store);
    app.dispatch(Action::Resize { width: 120, height: 30 });
    let text = screen(&app);
    assert!(text.contains("reading a large file"), "{text}");
    let mut jobs = app.take_doc_jobs();
    assert_eq!(jobs.len(), 1, "one job for the preview");
    app.dispatch(Action::Resize { width: 120, height: 30 });
    assert!(app.take_doc_jobs().is_empty(), "not handed out twice");
    let job = jobs.pop().unwrap();
    let document = (job.build)();
    app.on_document(job.epoch, job.key, document.clone());
    let text = screen(&app);
    assert!(text.contains("Big one") && !text.contains("reading a large file"), "{text}");
    // Opening the reader asks for its tab; a change meanwhile makes that job's answer stale.
    key(&mut app, KeyCode::Enter);
    let job = app.take_doc_jobs().pop().expect("the reader's tab is built elsewhere too");
    app.on_changed(&agentdeck::catalog::store::Changed { updated: vec![0], ..Default::default() });
    app.on_document(job.epoch, job.key, document);
    assert!(app.take_doc_jobs().len() == 1, "asked for again after the change");
    assert!(screen(&app).contains("reading a large file"), "the stale document was dropped");
}

/// A bundled example is read-only: F4 (and `e` in the reader) says so and starts no editor,
/// so nothing named `bundled:NAME.md` is ever created in the working folder.
#[test]
fn editing_a_bundled_example_is_refused_and_says_why() {
    let (cwd, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = agentdeck::catalog::load::load_store(&agentdeck::catalog::load::LoadRequest {
        cwd: Some(cwd.path().to_path_buf()),
        home: Some(home.path().to_path_buf()),
        // No collections either: none from the config file of whoever runs the tests.
        collections: Some(Vec::new()),
        ..Default::default()
    })
    .unwrap();
    assert!(store.bundled, "no agents around: the bundled examples");
    let mut app = App::with_store(Theme::new(true), Rect::new(0, 0, 160, 30), store);
    key(&mut app, KeyCode::F(4));
    assert!(app.take_effects().iter().all(|e| !matches!(e, Effect::Edit { .. })), "no editor for a bundled file");
    assert!(
        screen(&app).contains("is a bundled example, part of the agentdeck binary, and read-only"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('e'));
    assert!(app.take_effects().iter().all(|e| !matches!(e, Effect::Edit { .. })));
}
