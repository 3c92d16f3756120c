//! The browser's form as a user fills it: a new agent with tools, model, colour and two
//! examples, an edit that changes only its field's line, the example editor (starting at
//! `Context:`, wrapping long lines), and the description's live count against Claude Code's
//! listing cap. Changes go through the one write path with a journal in a temporary folder.

use crate::tui_manage::{agent, browser, ctrl, key, names, run_effects, screen, world};
use agentdeck::tui::app::App;
use crossterm::event::KeyCode;

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        if c == '\n' {
            key(app, KeyCode::Enter);
        } else {
            key(app, KeyCode::Char(c));
        }
    }
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

/// Replace what the form's row `label` holds with `text` (open it, clear it, type, close).
fn fill(app: &mut App, label: &str, text: &str) {
    focus(app, label);
    key(app, KeyCode::Enter);
    ctrl(app, 'l');
    typed(app, text);
    key(app, KeyCode::Esc);
}

/// Choose the `downs`-th choice below the first in the form's row `label`.
fn choose(app: &mut App, label: &str, downs: usize) {
    focus(app, label);
    key(app, KeyCode::Enter);
    for _ in 0..downs {
        key(app, KeyCode::Down);
    }
    key(app, KeyCode::Enter);
}

/// In the tools picker (which offers the MCP tool seen and its server's wildcard), pick
/// Read and the GitHub server's wildcard.
fn pick_read_and_the_github_wildcard(app: &mut App) {
    focus(app, "tools");
    key(app, KeyCode::Enter);
    let agentdeck::tui::app::Screen::Form(form) = &app.screen else { panic!("the form") };
    let offered: Vec<&str> = form.picker.as_ref().unwrap().choices.iter().map(|c| c.value.as_str()).collect();
    assert!(offered.contains(&"mcp__github__*") && offered.contains(&"mcp__github__create_issue"), "{offered:?}");
    key(app, KeyCode::Char(' ')); // Read, under the cursor
    // Walk down to the last choice (the tool seen), then up to the server's wildcard.
    for _ in 0..80 {
        key(app, KeyCode::Down);
    }
    key(app, KeyCode::Up);
    key(app, KeyCode::Char(' '));
    key(app, KeyCode::Enter);
    let tools_row = screen(app).lines().find(|l| l.trim_start().starts_with("tools")).unwrap().to_string();
    assert!(tools_row.contains("Read") && tools_row.contains("mcp__github__*"), "{tools_row}");
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
    fill(&mut app, "description", "Use when a PR needs review: security & style.");
    for ex in [
        "Context: a PR\nuser: Review it: now\nassistant: I'll use pr-reviewer",
        "user: And this one?\nassistant: On it",
    ] {
        fill(&mut app, "+ example", ex);
    }
    pick_read_and_the_github_wildcard(&mut app);
    choose(&mut app, "model", 1); // opus
    choose(&mut app, "color", 2); // green
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
