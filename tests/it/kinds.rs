//! Issue 17: skills, slash commands, output styles and plugins. A project, a home and a
//! plugin folder holding every kind (and broken ones) are listed with their kinds and the
//! names Claude Code gives them, filtered with `kind:`, checked by each kind's rules, shown,
//! disabled, installed and followed on disk like agents.

use crate::harness::sandbox::Sandbox;
use agentdeck::catalog::load::{LoadRequest, load, load_store};
use agentdeck::catalog::{Agent, Kind, Verdict};
use serde_json::Value;

const PDF: &str = "---\nname: pdf-tools\ndescription: Extract text and tables from PDF files.\nallowed-tools: Read, Bash(python3:*)\n---\n# PDF tools\n\nRun scripts/extract.py on $ARGUMENTS.\n";

/// Every kind in the project and the home, broken ones among them, and an installed plugin.
fn every_kind() -> Sandbox {
    let p = Sandbox::new();
    p.write("project/.claude/skills/pdf-tools/SKILL.md", PDF);
    p.write("project/.claude/skills/pdf-tools/scripts/extract.py", "print('x')\n");
    p.write(
        "project/.claude/skills/pdf-tools/reference.md",
        "---\nname: not-an-agent\ndescription: A skill's page.\n---\nRead me.\n",
    );
    p.write("project/.claude/skills/group/fmt/SKILL.md", "---\ndescription: Format code.\n---\nFormat it.\n");
    p.write("project/.claude/skills/bad/SKILL.md", "---\nname: bad\n---\nA skill with no description.\n");
    p.write("project/.claude/skills/yaml/SKILL.md", "---\nname: yaml\ndescription: \"unclosed\n---\nBroken YAML.\n");
    p.write(
        "project/.claude/commands/git/commit.md",
        "---\ndescription: Write a commit message\nargument-hint: [scope]\nallowed-tools: Bash(git diff:*) Grpe\n---\nCommit $ARGUMENTS, then $1.\n",
    );
    p.write("project/.claude/commands/plain.md", "# Say hello\n\nGreet the user warmly.\n");
    p.write(
        "project/.claude/output-styles/terse.md",
        "---\nname: Terse\ndescription: Short answers only.\n---\nAnswer in one sentence.\n",
    );
    p.write("project/.claude/agents/helper.md", "---\nname: helper\ndescription: A plain agent.\n---\nHelp.\n");
    p.write("home/.claude/skills/notes/SKILL.md", "---\nname: notes\ndescription: Keep notes.\n---\nWrite notes.\n");
    p.write("home/.claude/commands/review.md", "---\ndescription: Review the diff\n---\nReview it.\n");
    let kit = "home/.claude/plugins/cache/market/kit/1.0.0";
    p.write(&format!("{kit}/.claude-plugin/plugin.json"), r#"{"name": "kit", "version": "1.0.0"}"#);
    p.write(&format!("{kit}/agents/kit-reviewer.md"), "---\nname: kit-reviewer\ndescription: Reviews.\n---\nReview.\n");
    p.write(&format!("{kit}/skills/lint/SKILL.md"), "---\nname: lint\ndescription: Lint it.\n---\nLint.\n");
    p.write(&format!("{kit}/commands/ship.md"), "---\ndescription: Ship it\n---\nShip.\n");
    p.write(&format!("{kit}/README.md"), "---\nname: readme\ndescription: Not a part.\n---\nReadme.\n");
    p
}

fn by_name<'a>(agents: &'a [Agent], name: &str) -> &'a Agent {
    agents.iter().find(|a| a.name == name).unwrap_or_else(|| {
        panic!("no '{name}' among {:?}", agents.iter().map(|a| (&a.name, a.kind)).collect::<Vec<_>>())
    })
}

#[test]
fn every_kind_is_found_where_claude_code_looks_and_named_its_way() {
    let p = every_kind();
    let cat = load(&p.request()).unwrap();
    let kinds: Vec<(&str, Kind)> = cat.agents.iter().map(|a| (a.name.as_str(), a.kind)).collect();
    for (name, kind) in [
        ("pdf-tools", Kind::Skill),
        ("fmt", Kind::Skill),
        ("bad", Kind::Skill),
        ("git:commit", Kind::Command),
        ("plain", Kind::Command),
        ("Terse", Kind::OutputStyle),
        ("helper", Kind::Agent),
        ("notes", Kind::Skill),
        ("review", Kind::Command),
        ("kit:kit-reviewer", Kind::Agent),
        ("kit:lint", Kind::Skill),
        ("kit:ship", Kind::Command),
    ] {
        assert!(kinds.contains(&(name, kind)), "{name} as {kind:?} not among {kinds:?}");
    }
    // A skill's own pages and a plugin's README are nobody's agents.
    assert!(!kinds.iter().any(|(n, _)| *n == "not-an-agent" || n.contains("readme")), "{kinds:?}");
    let pdf = by_name(&cat.agents, "pdf-tools");
    assert_eq!(pdf.files.as_deref(), Some(&["reference.md".to_string(), "scripts/extract.py".to_string()][..]));
    assert_eq!(pdf.tools.as_deref(), Some(&["Read".to_string(), "Bash(python3:*)".to_string()][..]));
    assert_eq!(pdf.placeholders.as_deref(), Some(&["$ARGUMENTS".to_string()][..]));
    assert!(pdf.name_from_file.eq(&false) && pdf.diagnostics.is_empty(), "{:?}", pdf.diagnostics);
    let fmt = by_name(&cat.agents, "fmt");
    assert!(fmt.name_from_file, "a skill without a name is named by its folder");
    let plain = by_name(&cat.agents, "plain");
    assert_eq!(plain.description, "Say hello", "a command without frontmatter: the first line describes it");
    assert_eq!(plain.claude_code, Verdict::Loads);
    assert!(
        plain.diagnostics.iter().all(|d| d.severity != agentdeck::catalog::Severity::Error),
        "{:?}",
        plain.diagnostics
    );
}

#[test]
fn each_kind_is_checked_by_its_own_rules() {
    let p = every_kind();
    let cat = load(&p.request()).unwrap();
    let codes = |name: &str| by_name(&cat.agents, name).diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
    assert!(codes("bad").contains(&"missing-description"), "{:?}", codes("bad"));
    assert!(by_name(&cat.agents, "bad").has_errors());
    assert_eq!(by_name(&cat.agents, "bad").claude_code, Verdict::Loads, "Claude Code loads it, with the body to go on");
    // A skill whose YAML fails is listed all the same, by its text (Claude Code 2.1.332).
    let yaml = by_name(&cat.agents, "yaml");
    assert_eq!(yaml.claude_code, Verdict::Loads);
    assert!(yaml.diagnostics.iter().any(|d| d.code == "frontmatter-ignored"), "{:?}", yaml.diagnostics);
    // A command needs no description, and no name; its allowed-tools are checked like tools.
    let commit = by_name(&cat.agents, "git:commit");
    assert!(!codes("git:commit").contains(&"missing-description"));
    assert!(!codes("git:commit").contains(&"missing-name"));
    let unknown: Vec<&str> =
        commit.diagnostics.iter().filter(|d| d.code == "unknown-tool").map(|d| d.message.as_str()).collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(unknown[0].contains("`allowed-tools`: 'Grpe'") && unknown[0].contains("Grep"), "{unknown:?}");
    assert_eq!(commit.tools.as_deref(), Some(&["Bash(git diff:*)".to_string(), "Grpe".to_string()][..]));
    assert_eq!(commit.placeholders.as_deref(), Some(&["$ARGUMENTS".to_string(), "$1".to_string()][..]));
    // An output style's name is a title: no style notes about its capital.
    assert!(codes("Terse").is_empty(), "{:?}", codes("Terse"));
}

#[test]
fn a_broken_kind_says_what_claude_code_does_with_it() {
    let p = Sandbox::new();
    p.write("c/skills/colon/SKILL.md", "---\nname: a:b\ndescription: Bad name.\n---\nx\n");
    p.write("c/commands/bom.md", "\u{feff}---\ndescription: With a BOM\n---\nBody.\n");
    p.write("c/skills/empty/SKILL.md", "# Only a heading\n");
    let cat = load(&LoadRequest::paths(vec![p.root().join("c")])).unwrap();
    // A skill is its folder; its `name` only shows, so a colon in it is no reason to skip.
    let colon = cat.agents.iter().find(|a| a.path.ends_with("colon/SKILL.md")).unwrap();
    assert_eq!((colon.name.as_str(), colon.claude_code), ("colon", Verdict::Loads));
    assert_eq!(colon.claude.as_ref().and_then(|s| s.name.as_deref()), Some("a:b"));
    // Claude Code strips a byte-order mark before it looks for the frontmatter.
    let bom = by_name(&cat.agents, "bom");
    assert_eq!((bom.kind, bom.claude_code), (Kind::Command, Verdict::Loads));
    assert!(!bom.diagnostics.iter().any(|d| d.code == "frontmatter-ignored"), "{:?}", bom.diagnostics);
    assert_eq!(bom.claude.as_ref().map(|s| s.description.as_str()), Some("With a BOM"));
    let empty = by_name(&cat.agents, "empty");
    assert_eq!(empty.kind, Kind::Skill, "a SKILL.md without frontmatter is still a skill");
    assert!(empty.diagnostics.iter().any(|d| d.code == "missing-description"));
}

#[test]
fn names_clash_within_a_kind_and_skills_win_over_commands() {
    let p = Sandbox::new();
    p.write("project/.claude/skills/review/SKILL.md", "---\nname: review\ndescription: A project skill.\n---\nx\n");
    p.write("project/.claude/commands/review.md", "---\ndescription: A project command\n---\nx\n");
    p.write("project/.claude/agents/review.md", "---\nname: review\ndescription: An agent.\n---\nx\n");
    p.write("project/.claude/skills/notes/SKILL.md", "---\nname: notes\ndescription: The project's.\n---\nx\n");
    p.write("home/.claude/skills/notes/SKILL.md", "---\nname: notes\ndescription: The user's.\n---\nx\n");
    let cat = load(&p.request()).unwrap();
    let find = |name: &str, kind: Kind, part: &str| {
        cat.agents.iter().find(|a| a.name == name && a.kind == kind && a.path.to_string_lossy().contains(part)).unwrap()
    };
    let skill = find("review", Kind::Skill, "skills");
    let command = find("review", Kind::Command, "commands");
    let agent = find("review", Kind::Agent, "agents");
    assert_eq!(skill.shadowed_by, None);
    assert_eq!(command.shadowed_by.as_deref(), Some(skill.path.as_path()), "the skill wins the name");
    assert_eq!(agent.shadowed_by, None, "an agent never clashes with a skill");
    assert!(agent.diagnostics.iter().all(|d| d.code != "duplicate-name" && d.code != "shadowed"));
    // Claude Code prefers a user's skill to the project's (enterprise > personal > project).
    let user = find("notes", Kind::Skill, "home");
    let project = find("notes", Kind::Skill, "project");
    assert_eq!(user.shadowed_by, None);
    assert_eq!(project.shadowed_by.as_deref(), Some(user.path.as_path()));
    let msg = &project.diagnostics.iter().find(|d| d.code == "shadowed").unwrap().message;
    assert!(msg.contains("the user skill"), "{msg}");
}

#[test]
fn list_filter_check_and_show_speak_json_with_kinds() {
    let p = every_kind();
    let all = p.json(&["list", "--json"]);
    let all = all.as_array().unwrap();
    let kind_of = |name: &str| all.iter().find(|a| a["name"] == name).map(|a| a["kind"].clone());
    assert_eq!(kind_of("pdf-tools"), Some(Value::from("skill")));
    assert_eq!(kind_of("git:commit"), Some(Value::from("command")));
    assert_eq!(kind_of("Terse"), Some(Value::from("output-style")));
    assert_eq!(kind_of("helper"), Some(Value::from("agent")));
    let pdf = all.iter().find(|a| a["name"] == "pdf-tools").unwrap();
    assert_eq!(pdf["files"], serde_json::json!(["reference.md", "scripts/extract.py"]));
    assert!(all.iter().find(|a| a["name"] == "helper").unwrap().get("files").is_none(), "only skills list files");
    let skills = p.json(&["list", "--json", "--query", "kind:skill"]);
    let mut names: Vec<&str> = skills.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(names, ["bad", "fmt", "kit:lint", "notes", "pdf-tools", "yaml"]);
    let not_agents = p.json(&["list", "--json", "--query", "!kind:agent kind:cmd"]);
    let names: Vec<&str> = not_agents.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"git:commit") && names.iter().all(|n| !n.contains("helper") && *n != "notes"), "{names:?}");
    let check = p.run(&["check", "--json"]);
    assert_eq!(check.status.code(), Some(1), "a skill without a description fails check");
    let reports: Value = serde_json::from_slice(&check.stdout).unwrap();
    let bad = reports.as_array().unwrap().iter().find(|r| r["name"] == "bad").unwrap();
    assert_eq!(bad["kind"], "skill");
    assert!(bad["diagnostics"].as_array().unwrap().iter().any(|d| d["severity"] == "error"));
    let commit = p.json(&["show", "git:commit", "--json"]);
    assert_eq!(commit["kind"], "command");
    assert_eq!(commit["placeholders"], serde_json::json!(["$ARGUMENTS", "$1"]));
    assert_eq!(commit["extra"]["argument-hint"], serde_json::json!(["scope"]));
    let table = String::from_utf8(p.run(&["list"]).stdout).unwrap();
    let line = table.lines().find(|l| l.starts_with("git:commit")).unwrap();
    assert!(line.contains(" cmd"), "{line}");
}

#[test]
fn a_plugin_or_marketplace_named_on_the_command_line_lists_its_parts() {
    let p = Sandbox::new();
    p.write("plug/.claude-plugin/plugin.json", r#"{"name": "plugkit", "description": "A test plugin"}"#);
    p.write("plug/agents/plug-reviewer.md", "---\nname: plug-reviewer\ndescription: Reviews.\n---\nx\n");
    p.write("plug/skills/lint/SKILL.md", "---\nname: lint\ndescription: Lint.\n---\nx\n");
    p.write("plug/commands/sub/dummy.md", "---\nname: broken-skill\n---\nNo description.\n");
    p.write("plug/README.md", "---\nname: readme\ndescription: The plugin's readme.\n---\nx\n");
    p.write(
        "market/.claude-plugin/marketplace.json",
        r#"{"name": "m", "plugins": [{"name": "one", "source": "./plugins/one"}]}"#,
    );
    p.write("market/plugins/one/commands/go.md", "Go!\n");
    p.write("market/plugins/two/.claude-plugin/plugin.json", r#"{"name": "two"}"#);
    p.write("market/plugins/two/skills/s/SKILL.md", "---\ndescription: Two's skill.\n---\nx\n");
    p.write("market/docs/guide.md", "---\nname: guide\ndescription: An agent outside any plugin.\n---\nx\n");
    let cat = load(&LoadRequest::paths(vec![p.root().join("plug"), p.root().join("market")])).unwrap();
    let mut names: Vec<(String, Kind)> = cat.agents.iter().map(|a| (a.name.clone(), a.kind)).collect();
    names.sort();
    let want = [
        ("guide", Kind::Agent),
        ("one:go", Kind::Command),
        ("plugkit:lint", Kind::Skill),
        ("plugkit:plug-reviewer", Kind::Agent),
        ("plugkit:sub:dummy", Kind::Command),
        ("two:s", Kind::Skill),
    ];
    let want: Vec<(String, Kind)> = want.iter().map(|(n, k)| (n.to_string(), *k)).collect();
    assert_eq!(names, want);
    // A file that appears later in a plugin is placed in it, as at load.
    let mut store = load_store(&LoadRequest::paths(vec![p.root().join("plug")])).unwrap();
    let new = p.write("plug/commands/later.md", "Later.\n");
    let changed = store.refresh_paths(std::slice::from_ref(&new));
    assert_eq!(changed.added.len(), 1);
    let e = store.get(changed.added[0]).unwrap();
    assert_eq!((e.name.as_str(), e.kind), ("plugkit:later", Kind::Command));
}

#[test]
fn live_reload_places_new_skills_and_commands_and_ignores_a_skills_pages() {
    let p = every_kind();
    let mut store = load_store(&p.request()).unwrap();
    let before = store.len();
    let skill = p.write("project/.claude/skills/new-one/SKILL.md", "---\nname: new-one\ndescription: New.\n---\nx\n");
    let page = p.write("project/.claude/skills/pdf-tools/more.md", "---\nname: page\ndescription: A page.\n---\nx\n");
    let cmd = p.write("project/.claude/commands/ops/deploy.md", "Deploy.\n");
    // In a folder named on the command line a skill need not be under `skills/`; its pages
    // are still its own.
    p.write("tools/pdf/SKILL.md", PDF);
    let mut named = load_store(&LoadRequest::paths(vec![p.root().join("tools")])).unwrap();
    assert_eq!(named.len(), 1);
    let extra = p.write("tools/pdf/templates/form.md", "---\nname: form\ndescription: A page.\n---\n");
    assert!(named.refresh_paths(&[extra.clone(), extra.parent().unwrap().to_path_buf()]).is_empty());
    assert_eq!(named.len(), 1);
    let changed = store.refresh_paths(&[skill.parent().unwrap().to_path_buf(), page, cmd]);
    assert_eq!(changed.added.len(), 2, "{changed:?}");
    assert_eq!(store.len(), before + 2);
    let kinds: Vec<(String, Kind)> =
        changed.added.iter().map(|&id| store.get(id).unwrap()).map(|e| (e.name.clone(), e.kind)).collect();
    assert!(kinds.contains(&("new-one".into(), Kind::Skill)) && kinds.contains(&("ops:deploy".into(), Kind::Command)));
    // A whole skill read again keeps its kind, its files and its name.
    let id = store.named("pdf-tools")[0];
    let full = store.read_full(id).unwrap();
    assert_eq!(full.kind, Kind::Skill);
    assert!(full.files.unwrap().contains(&"more.md".to_string()));
    let id = store.named("git:commit")[0];
    assert_eq!(store.read_full(id).unwrap().name, "git:commit");
}

#[test]
fn skill_deny_rules_disable_skills_and_commands_and_disable_writes_them() {
    let p = every_kind();
    p.write("project/.claude/settings.json", r#"{"permissions": {"deny": ["Skill(pdf-tools)", "Agent(helper)"]}}"#);
    let all = p.json(&["list", "--json"]);
    let disabled = |name: &str| all.as_array().unwrap().iter().find(|a| a["name"] == name).unwrap()["disabled"].clone();
    assert_eq!(disabled("pdf-tools"), true);
    assert_eq!(disabled("helper"), true);
    assert_eq!(disabled("notes"), false);
    // Disabling a skill or a command uses Claude Code's own switch, skillOverrides "off",
    // which takes it out of the listing (a Skill() rule only blocks the call).
    let out = p.run(&["disable", "git:commit", "--dry-run"]);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("\"skillOverrides\": {\"git:commit\": \"off\"}"),
        "{diff}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = p.run(&["disable", "git:commit"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let local: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.proj.join(".claude/settings.local.json")).unwrap()).unwrap();
    assert_eq!(local["skillOverrides"]["git:commit"], "off");
    let all = p.json(&["list", "--json"]);
    let disabled = |name: &str| all.as_array().unwrap().iter().find(|a| a["name"] == name).unwrap()["disabled"].clone();
    assert_eq!(disabled("git:commit"), true);
    let budget = p.json(&["budget", "--json"]);
    let listed: Vec<&str> =
        budget["skills"]["items"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(!listed.contains(&"git:commit") && listed.contains(&"pdf-tools"), "{listed:?}");
    let out = p.run(&["enable", "git:commit"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let local: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.proj.join(".claude/settings.local.json")).unwrap()).unwrap();
    assert_eq!(local["skillOverrides"].get("git:commit"), None, "{local}");
    let out = p.run(&["disable", "Terse"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outputStyle"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn install_copies_a_skills_folder_and_a_command_into_their_folders() {
    let p = every_kind();
    let out = p.run(&["install", "pdf-tools", "--to", "user"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dest = p.home.join(".claude/skills/pdf-tools");
    assert_eq!(std::fs::read_to_string(dest.join("SKILL.md")).unwrap(), PDF);
    assert_eq!(std::fs::read_to_string(dest.join("scripts/extract.py")).unwrap(), "print('x')\n");
    assert!(dest.join("reference.md").exists());
    // Installed again: a clash, with the choices, and nothing written. (By name it is now
    // the user's own, which Claude Code prefers: installing that onto itself is refused.)
    let project_skill = p.proj.join(".claude/skills/pdf-tools/SKILL.md");
    let again = p.run(&["install", project_skill.to_str().unwrap(), "--to", "user"]);
    assert_eq!(again.status.code(), Some(1), "{}", String::from_utf8_lossy(&again.stderr));
    let out = p.run(&["install", "kit:ship", "--to", "project", "--as", "release:ship-it"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(p.proj.join(".claude/commands/release/ship-it.md").is_file());
    let out = p.run(&["install", "Terse", "--to", "user"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(p.home.join(".claude/output-styles/terse.md").is_file(), "an output style keeps its file name");
    let cat = load(&p.request()).unwrap();
    assert!(cat.agents.iter().any(|a| a.name == "release:ship-it" && a.kind == Kind::Command));
    let shown = String::from_utf8(p.run(&["show", "pdf-tools"]).stdout).unwrap();
    assert!(shown.contains("kind         skill") && shown.contains("scripts/extract.py"), "{shown}");
    // Undo takes the whole skill folder back out in one step, after the others' steps.
    for _ in 0..3 {
        assert!(p.run(&["undo"]).status.success());
    }
    assert!(!dest.join("SKILL.md").exists() && !dest.join("scripts/extract.py").exists());
}

#[test]
fn a_skill_named_directly_is_a_skill() {
    let p = every_kind();
    let skill = p.proj.join(".claude/skills/pdf-tools/SKILL.md");
    let shown = p.json(&["show", skill.to_str().unwrap(), "--json"]);
    assert_eq!(shown["kind"], "skill");
    assert_eq!(shown["name"], "pdf-tools");
    let folder = p.json(&["list", "--json", p.proj.join(".claude/skills/pdf-tools").to_str().unwrap()]);
    let folder = folder.as_array().unwrap();
    assert_eq!(folder.len(), 1, "{folder:?}");
    assert_eq!(folder[0]["kind"], "skill");
}

mod browser {
    use super::*;
    use agentdeck::theme::Theme;
    use agentdeck::tui::app::{App, Effect};
    use agentdeck::tui::view;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Rect;

    fn key(app: &mut App, code: KeyCode) {
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    fn screen(app: &App) -> (String, ratatui::buffer::Buffer) {
        let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
        terminal.draw(|frame| view::draw(app, frame)).unwrap();
        let buf = terminal.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            out.push_str(row.trim_end());
            out.push('\n');
        }
        (out, buf)
    }

    /// The form edits a skill with a skill's keys: `allowed-tools` for its tools, its own
    /// keys (`when_to_use`, `argument-hint`, ...), and never an agent's `tools` or `color`.
    #[test]
    fn the_form_edits_a_skill_with_its_own_keys() {
        use agentdeck::catalog::parse::rewrite::FieldEdit;
        use agentdeck::tui::app::Screen;
        use agentdeck::tui::app::form::Tools;
        let p = every_kind();
        let store = load_store(&p.request()).unwrap();
        let mut app = App::with_store(Theme::new(true), Rect::new(0, 0, 100, 40), store);
        "pdf-tools".chars().for_each(|c| key(&mut app, KeyCode::Char(c)));
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('E'));
        let (text, _) = screen(&app);
        assert!(text.contains("allowed-tools") && text.contains("(2) Read, Bash(python3:*)"), "{text}");
        assert!(text.contains("when_to_use") && text.contains("disable-model-invocation"), "{text}");
        assert!(!text.contains("permissionMode") && !text.contains(" color "), "no agent keys: {text}");
        // Typed as a user types: down to when_to_use, Enter, the text, Esc.
        let Screen::Form(form) = &app.screen else { panic!("the form is open: {:?}", app.screen) };
        let at = form
            .rows()
            .iter()
            .position(
                |r| matches!(r, agentdeck::tui::app::form::Row::Key(i) if form.values.keys[*i].0 == "when_to_use"),
            )
            .unwrap();
        for _ in form.focus..at {
            key(&mut app, KeyCode::Down);
        }
        key(&mut app, KeyCode::Enter);
        "PDFs come up".chars().for_each(|c| key(&mut app, KeyCode::Char(c)));
        key(&mut app, KeyCode::Esc);
        let Screen::Form(form) = &mut app.screen else { panic!("the form is open: {:?}", app.screen) };
        assert_eq!(form.values.key("when_to_use"), Some("PDFs come up"), "typed into the skill's own key");
        form.values.tools = Tools::Some(vec!["Read".into()]);
        let edits = form.edits();
        assert!(
            edits.contains(&FieldEdit::Set("allowed-tools".into(), serde_yaml::Value::String("Read".into()))),
            "{edits:?}"
        );
        assert!(
            edits.contains(&FieldEdit::Set("when_to_use".into(), serde_yaml::Value::String("PDFs come up".into()))),
            "{edits:?}"
        );
        assert!(!edits.iter().any(|e| matches!(e, FieldEdit::Set(k, _) if k == "tools")), "{edits:?}");
        // A new agent from the skill is an agent: `tools`, no skill keys.
        let fields = form.values.clone().into_agent().fields();
        assert!(
            fields.iter().any(|(k, _)| k == "tools")
                && !fields.iter().any(|(k, _)| k == "allowed-tools" || k == "when_to_use"),
            "{fields:?}"
        );
    }

    #[test]
    fn the_reader_lists_a_skills_files_and_enter_opens_one_in_the_editor() {
        let p = every_kind();
        let store = load_store(&p.request()).unwrap();
        let mut app = App::with_store(Theme::new(true), Rect::new(0, 0, 100, 30), store);
        "pdf-tools".chars().for_each(|c| key(&mut app, KeyCode::Char(c)));
        let (list, _) = screen(&app);
        let row = list.lines().find(|l| l.contains("pdf-tools") && l.contains("project")).unwrap();
        // After where the skill lives: what it costs in every session, then the kind's badge.
        let at = |w: &str| row.find(w).unwrap_or_else(|| panic!("{w} in {row}"));
        assert!(at("project") < at("t skill") && row[at("project")..at("t skill")].contains(" ~"), "{row}");
        key(&mut app, KeyCode::Enter);
        let (reader, _) = screen(&app);
        assert!(reader.lines().next().unwrap().contains("5 Files"), "{reader}");
        assert!(reader.contains("kind: skill") && reader.contains("arguments: $ARGUMENTS"), "{reader}");
        key(&mut app, KeyCode::Char('5'));
        let (files, buf) = screen(&app);
        let lines: Vec<&str> = files.lines().collect();
        assert_eq!(lines[1].trim(), "reference.md", "{files}");
        assert_eq!(lines[2].trim(), "scripts/extract.py", "{files}");
        let picked = app.theme.selected.bg.expect("the selection has a background");
        assert_eq!((buf[(1, 1)].bg, buf[(1, 2)].bg == picked), (picked, false), "the top file, and only it, is picked");
        key(&mut app, KeyCode::Char('j'));
        let _ = app.take_effects();
        key(&mut app, KeyCode::Enter);
        let edits: Vec<Effect> = app.take_effects().into_iter().filter(|e| matches!(e, Effect::Edit { .. })).collect();
        let want = p.proj.join(".claude/skills/pdf-tools/scripts/extract.py");
        assert_eq!(edits, [Effect::Edit { path: want, line: None }]);
        // An agent has four tabs; asking for a fifth says why not.
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Esc);
        "helper".chars().for_each(|c| key(&mut app, KeyCode::Char(c)));
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('5'));
        assert_eq!(app.tab(), agentdeck::tui::action::Tab::Persona);
        assert!(app.message.as_ref().is_some_and(|m| m.text.contains("only a skill")), "{:?}", app.message);
    }
}

/// In a real terminal: the list badges kinds, `kind:` filters, and a skill's Files tab lists
/// its scripts.
#[test]
#[ignore = "needs tmux"]
fn the_browser_shows_kinds_in_a_terminal() {
    use crate::harness::tmux::{Tmux, agentdeck_pid, ended, wait_until};
    let p = every_kind();
    let t = Tmux::agentdeck(&p, "", "");
    let screen = t.wait_for("the list", |s| s.contains("pdf-tools"));
    let pid = agentdeck_pid(&t);
    let row = screen.lines().find(|l| l.contains("pdf-tools")).unwrap().to_string();
    assert!(row.split_whitespace().any(|w| w == "skill"), "{screen}");
    t.keys(&["kind:cmd"]);
    t.wait_for("the filter", |s| s.contains("git:commit") && !s.contains("pdf-tools"));
    t.keys(&["C-u", "pdf-tools", "Enter"]);
    t.wait_for("the reader", |s| s.contains("5 Files"));
    t.keys(&["5"]);
    t.wait_for("the files", |s| s.contains("scripts/extract.py"));
    t.keys(&["C-c"]);
    wait_until("the browser to end", || ended(&pid));
}
