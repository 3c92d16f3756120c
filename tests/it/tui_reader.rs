//! The reader read like `less` and glow, driven with real keys through the keymap and drawn
//! into a `TestBackend`: `/` search with highlighted matches, `n`/`N` and a count, half pages,
//! the position, headings (styles, `]`/`[`, the outline), the reading width, highlighted code,
//! the Source tab, copying one example, clicking tabs, and the help overlay.

use crate::harness::drive::*;
use agentdeck::catalog::load::Catalog;
use agentdeck::catalog::{Agent, Diagnostic, Example, Role, Scope, Severity};
use agentdeck::theme::Theme;
use agentdeck::tui::action::{Action, CopyWhat, Tab};
use agentdeck::tui::app::{App, Effect};
use agentdeck::tui::keymap::KeyMode;
use agentdeck::tui::view;
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::PathBuf;

fn agent(name: &str, body: &str) -> Agent {
    let path = PathBuf::from(format!("/agents/{name}.md"));
    Agent {
        name: name.to_string(),
        description: format!("Use this agent to {name} things."),
        model: Some("opus".into()),
        rel: "/agents/".len(),
        path,
        body: body.to_string(),
        body_line: 5,
        ..Agent::new("", PathBuf::new(), Scope::Path)
    }
}

fn app_of(agents: Vec<Agent>, width: u16, height: u16) -> App {
    let catalog = Catalog { agents, label: "test".into(), ..Catalog::default() };
    App::with_agents(Theme::new(true), Rect::new(0, 0, width, height), catalog)
}

/// The screen row holding `text`, and the column it starts at.
fn find_on(buf: &Buffer, text: &str) -> Option<(u16, u16)> {
    (0..buf.area.height).find_map(|y| {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let at = row.find(text)?;
        Some((row[..at].chars().count() as u16, y))
    })
}

fn scroll(app: &App) -> usize {
    app.reader().unwrap().scroll
}

fn status(app: &App) -> String {
    let text = screen(app);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len() - 2].to_string()
}

/// A persona where "monitoring" comes three times, screens apart.
fn long_body() -> String {
    let mut body = String::from("# Backend\n\n");
    for i in 0..60 {
        let word = if [4, 30, 55].contains(&i) { "Monitoring matters" } else { "Plain words" };
        body.push_str(&format!("{word} on line {i}.\n\n"));
    }
    body
}

#[test]
fn slash_finds_counts_highlights_and_n_moves_between_matches() {
    let mut app = app_of(vec![agent("backend", &long_body())], 100, 12);
    key(&mut app, KeyCode::Enter);
    ch(&mut app, '/');
    assert_eq!(app.key_mode(), KeyMode::Find);
    typed(&mut app, "monitoring");
    let prompt = screen(&app);
    assert!(prompt.contains("\n/monitoring"), "the prompt is in the status area:\n{prompt}");
    assert_eq!(scroll(&app), 0, "nothing moves before Enter");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.key_mode(), KeyMode::Reader);
    assert_eq!(app.reader().unwrap().find.matches.len(), 3, "matches ignore case: a lower-case pattern");
    assert!(status(&app).contains("/monitoring 1/3"), "{}", status(&app));
    let first = scroll(&app);
    let buf = buffer(&app);
    let (x, y) = find_on(&buf, "Monitoring").expect("the match is on screen");
    assert_eq!(buf[(x, y)].bg, app.theme.selected.bg.unwrap(), "the current match stands out");
    insta::assert_snapshot!("find_first_match", screen(&app));
    ch(&mut app, 'n');
    assert!(status(&app).contains("/monitoring 2/3"));
    assert!(scroll(&app) > first, "n scrolls the next match into view");
    assert!(screen(&app).contains("Monitoring matters on line 30"));
    ch(&mut app, 'n');
    ch(&mut app, 'n');
    assert!(status(&app).contains("1/3") && status(&app).contains("search hit the bottom"), "{}", status(&app));
    ch(&mut app, 'N');
    assert!(status(&app).contains("3/3"), "N goes back round: {}", status(&app));
    assert!(screen(&app).contains("Monitoring matters on line 55"));
}

#[test]
fn the_prompt_edits_cancels_and_repeats_the_last_search() {
    let mut app = app_of(vec![agent("backend", &long_body())], 100, 12);
    key(&mut app, KeyCode::Enter);
    ch(&mut app, '/');
    typed(&mut app, "Monitoring");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader().unwrap().find.matches.len(), 3, "smart case: the capital matches the capitals");
    ch(&mut app, '/');
    typed(&mut app, "plan");
    key(&mut app, KeyCode::Left);
    ch(&mut app, 'i');
    assert_eq!(
        app.reader().unwrap().find.prompt.as_ref().map(|p| p.0.as_str()),
        Some("plain"),
        "the prompt has a cursor"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.reader().unwrap().find.prompt, None);
    assert_eq!(app.reader().unwrap().find.pattern, "Monitoring", "Esc cancels: the last search stands");
    assert!(app.reader().is_some(), "and the reader stays");
    ch(&mut app, '/');
    key(&mut app, KeyCode::Up);
    assert_eq!(
        app.reader().unwrap().find.prompt.as_ref().map(|p| p.0.as_str()),
        Some("Monitoring"),
        "Up: the previous search"
    );
    ctrl(&mut app, 'u');
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader().unwrap().find.pattern, "Monitoring", "an empty search repeats the last one");
    ch(&mut app, '/');
    typed(&mut app, "zebra");
    key(&mut app, KeyCode::Enter);
    assert!(status(&app).contains("not found: zebra"), "{}", status(&app));
    let mut fresh = app_of(vec![agent("backend", &long_body())], 100, 12);
    key(&mut fresh, KeyCode::Enter);
    ch(&mut fresh, 'n');
    assert!(status(&fresh).contains("/ starts a search"), "{}", status(&fresh));
}

#[test]
fn half_pages_and_the_position() {
    let mut app = app_of(vec![agent("backend", &long_body())], 100, 12);
    key(&mut app, KeyCode::Enter);
    let height = usize::from(view::text_layout(app.size, 100).body.height);
    let total =
        app.docs.get(0, app.reader_areas().body.width, agentdeck::tui::app::Doc::Tab(Tab::Persona)).unwrap().len();
    assert!(status(&app).starts_with(&format!("lines 1-{height}/{total} ")), "{}", status(&app));
    ctrl(&mut app, 'd');
    assert_eq!(scroll(&app), height / 2);
    ctrl(&mut app, 'd');
    ctrl(&mut app, 'u');
    assert_eq!(scroll(&app), height / 2);
    ch(&mut app, 'G');
    assert!(
        status(&app).starts_with(&format!("lines {}-{total}/{total} 100%", total - height + 1)),
        "{}",
        status(&app)
    );
}

const HEADED: &str = "# Top\n\nintro\n\n## Second\n\ntext\n\n### Third\n\nmore\n\n#### Fourth\n\nend\n";

#[test]
fn headings_look_different_and_brackets_jump_between_them() {
    let mut app = app_of(vec![agent("doc", &HEADED.repeat(3))], 100, 30);
    key(&mut app, KeyCode::Enter);
    let buf = buffer(&app);
    let styles: Vec<_> = ["Top", "Second", "Third", "Fourth"]
        .iter()
        .map(|t| {
            let (x, y) = find_on(&buf, t).unwrap_or_else(|| panic!("{t} on screen"));
            let c = &buf[(x, y)];
            (c.fg, c.bg, c.modifier)
        })
        .collect();
    for (i, a) in styles.iter().enumerate() {
        for b in &styles[i + 1..] {
            assert_ne!(a, b, "H1-H4 look different: {styles:?}");
        }
    }
    let headings: Vec<usize> = app.headings().iter().map(|h| h.line).collect();
    assert!(headings.len() >= 14, "name, persona section and 12 Markdown headings: {headings:?}");
    ch(&mut app, ']');
    assert_eq!(scroll(&app), headings[1]);
    ch(&mut app, ']');
    assert_eq!(scroll(&app), headings[2]);
    ch(&mut app, '[');
    assert_eq!(scroll(&app), headings[1]);
}

#[test]
fn the_outline_lists_the_headings_and_enter_jumps() {
    let mut app = app_of(vec![agent("doc", HEADED)], 100, 24);
    key(&mut app, KeyCode::Enter);
    ch(&mut app, 'o');
    assert_eq!(app.key_mode(), KeyMode::Outline);
    insta::assert_snapshot!("outline", screen(&app));
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader().unwrap().outline, None);
    let third = app.headings().iter().find(|h| h.title == "Third").unwrap().line;
    assert_eq!(scroll(&app), third.min(scroll(&app)), "scrolled to Third (or as far as the end allows)");
    assert!(screen(&app).contains("Third"));
    ch(&mut app, 'o');
    key(&mut app, KeyCode::Esc);
    assert_eq!((app.reader().unwrap().outline, app.key_mode()), (None, KeyMode::Reader), "Esc closes only the outline");
}

#[test]
fn the_text_keeps_to_the_reading_width_on_a_wide_screen() {
    let words = "word ".repeat(400);
    let mut app = app_of(vec![agent("wide", &words)], 245, 30);
    key(&mut app, KeyCode::Enter);
    let buf = buffer(&app);
    for y in 1..27 {
        let row: String = (0..245).map(|x| buf[(x, y)].symbol()).collect();
        assert!(row.trim_end().chars().count() <= 101, "row {y} is wider than 100 columns: {}", row.trim_end().len());
    }
    assert_eq!(app.reader_areas().body, Rect::new(1, 1, 100, 27), "kept to the left, under the tabs");
    app.reader_width = 60;
    app.dispatch(Action::Resize { width: 245, height: 30 });
    assert_eq!(app.reader_areas().body.width, 60);
}

const CODE: &str =
    "Run this:\n\n```rust\nfn main() { let greeting = \"hello, a string long enough to wrap around\"; }\n```\n";

#[test]
fn code_is_highlighted_in_the_reader_and_wrapped_lines_are_marked() {
    let mut app = app_of(vec![agent("coder", CODE)], 60, 20);
    let preview = buffer(&app);
    let (x, y) = find_on(&preview, "fn main").expect("the preview shows the code");
    assert_eq!(preview[(x, y)].fg, app.theme.code_block.fg.unwrap(), "the preview does not highlight");
    key(&mut app, KeyCode::Enter);
    let buf = buffer(&app);
    let (x, y) = find_on(&buf, "fn main").expect("the reader shows the code");
    assert_eq!(buf[(x, y)].fg, app.theme.keyword.fg.unwrap(), "fn is a keyword");
    let (sx, sy) = find_on(&buf, "\"hello").unwrap();
    assert_eq!(buf[(sx, sy)].fg, app.theme.string.fg.unwrap(), "the string is a string");
    let text = screen(&app);
    assert!(text.contains("\n ↪ "), "the rest of the long line is marked:\n{text}");
}

fn with_source() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("src.md");
    let text = "---\nname: src\ndescription: Reads.\nmodel: gpt\n---\n\n# Title\n\nbody\n";
    std::fs::write(&path, text).unwrap();
    let mut a = agent("src", "# Title\n\nbody\n");
    a.path = path;
    a.rel = a.path.to_string_lossy().len() - "src.md".len();
    a.body_line = 6;
    a.diagnostics = vec![Diagnostic::new(Severity::Warning, "unknown-model", "model 'gpt' is not known").at(4)];
    (dir, app_of(vec![a], 100, 20))
}

#[test]
fn the_source_tab_is_highlighted_and_marks_diagnostic_lines() {
    let (_dir, mut app) = with_source();
    key(&mut app, KeyCode::Enter);
    ch(&mut app, '4');
    for effect in app.take_effects() {
        if let Effect::ReadSource { id, source } = effect {
            app.dispatch(agentdeck::tui::effects::read_source(id, &source));
        }
    }
    let text = screen(&app);
    assert!(text.contains("!   4 model: gpt"), "the warning's line has a sign:\n{text}");
    assert!(text.contains("    2 name: src"), "{text}");
    let buf = buffer(&app);
    let (x, y) = find_on(&buf, "name: src").unwrap();
    assert_eq!(buf[(x, y)].fg, app.theme.type_.fg.unwrap(), "frontmatter keys are highlighted as YAML");
    let (hx, hy) = find_on(&buf, "# Title").unwrap();
    assert_ne!(buf[(hx + 2, hy)].modifier, buf[(x, y)].modifier, "the body is highlighted as Markdown");
    assert_eq!(app.headings().iter().map(|h| h.title.as_str()).collect::<Vec<_>>(), ["Title"]);
    insta::assert_snapshot!("source_tab", text);
}

#[test]
fn edit_opens_the_editor_at_the_first_diagnostic_from_source_and_details() {
    let (_dir, mut app) = with_source();
    key(&mut app, KeyCode::Enter);
    ch(&mut app, 'e');
    let edit = app.take_effects().pop();
    assert!(matches!(edit, Some(Effect::Edit { line: None, .. })), "the persona tab: the top: {edit:?}");
    for tab in ['3', '4'] {
        ch(&mut app, tab);
        app.take_effects();
        ch(&mut app, 'e');
        let edit = app.take_effects().pop();
        assert!(matches!(edit, Some(Effect::Edit { line: Some(4), .. })), "tab {tab}: {edit:?}");
    }
}

#[test]
fn x_copies_the_example_at_the_top_of_the_examples_tab() {
    let mut a = agent("helper", "body");
    a.examples = (1..=3)
        .map(|n| Example {
            context: format!("Case {n}."),
            turns: vec![(Role::User, format!("question {n}")), (Role::Assistant, format!("answer {n}"))],
            ..Example::default()
        })
        .collect();
    let mut app = app_of(vec![a], 100, 12);
    key(&mut app, KeyCode::Enter);
    ch(&mut app, 'x');
    assert!(app.take_effects().is_empty());
    assert!(app.message.as_ref().is_some_and(|m| m.error && m.text.contains("Examples tab")));
    ch(&mut app, '2');
    ch(&mut app, ']');
    ch(&mut app, 'x');
    let copied = app.take_effects();
    let Some(Effect::Copy { text, what: CopyWhat::Example }) = copied.first() else {
        panic!("an example is copied: {copied:?}");
    };
    assert!(text.starts_with("<example>\nContext: Case 2.\nuser: \"question 2\""), "{text}");
    assert!(text.ends_with("</example>"));
}

#[test]
fn clicking_a_tab_shows_it() {
    let mut app = app_of(vec![agent("clicky", "body")], 100, 20);
    key(&mut app, KeyCode::Enter);
    let buf = buffer(&app);
    let (x, y) = find_on(&buf, "3 Details").unwrap();
    app.dispatch(Action::Click { column: x + 2, row: y });
    assert_eq!(app.tab(), Tab::Details);
    app.dispatch(Action::Click { column: 1, row: y });
    assert_eq!(app.tab(), Tab::Details, "the name is not a tab");
}

#[test]
fn help_fits_the_screen_and_lists_every_filter() {
    let mut app = app_of(vec![agent("a", "b")], 60, 40);
    key(&mut app, KeyCode::F(1));
    key(&mut app, KeyCode::Char('g'));
    let mut text = String::new();
    for _ in 0..15 {
        text.push_str(&screen(&app));
        key(&mut app, KeyCode::PageDown);
    }
    for line in screen(&app).lines() {
        assert!(line.chars().count() <= 60);
    }
    for filter in ["'exact", "^prefix", "suffix$", "a | b", "!term", "name:", "is:duplicate", "has:examples", "tool:"] {
        assert!(text.contains(filter), "the help names {filter}");
    }
    assert!(text.contains("  C-d             scroll down half a page"), "{text}");
    let wide = app_of(vec![agent("a", "b")], 200, 40);
    assert!(view::help::popup(&wide, wide.size).width < 200, "no wider than its longest line");
    assert!(view::help::popup(&app, app.size).width <= 58, "narrow screens: the screen less a margin");
}

/// The reader scrolls to the end of a persona far longer than a `u16` counts (70,000
/// paragraphs, 140,000 lines): `G` reaches the last line, and the status says where it is.
#[test]
fn g_reaches_the_end_of_a_140000_line_persona() {
    let body: String = (0..70_000).map(|i| format!("line {i}\n\n")).collect();
    let mut app = app_of(vec![agent("huge", &body)], 100, 30);
    key(&mut app, KeyCode::Enter);
    ch(&mut app, 'G');
    assert!(scroll(&app) > 130_000, "scrolled to {}", scroll(&app));
    let text = screen(&app);
    assert!(text.contains("line 69999"), "{text}");
    assert!(status(&app).contains("100%"), "{}", status(&app));
}
