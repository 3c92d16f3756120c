//! The config file: defaults from the built-in file, the user's keys over them, every problem
//! named with its line and column while the rest still applies, key overrides reaching the
//! keymap (and so the help screen and the hints), the theme, and `agentdeck config`.

use crate::harness::sandbox::Sandbox;
use agentdeck::cmd::config::to_toml;
use agentdeck::config::{Config, ConfigProblem, DEFAULTS, InstallScope, KeysConfig, Pos};
use agentdeck::theme::{StyleSpec, Theme, ThemeConfig};
use agentdeck::tui::action::Action;
use agentdeck::tui::keymap::{Chord, KeyMode, Keymap};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier, Style};
use std::path::{Path, PathBuf};

fn parse(text: &str) -> (Config, Vec<String>) {
    // The file's own problems, then the browser's check of the actions and keys it names.
    let (config, problems) = Config::parse(text, Path::new("config.toml"));
    let (_, problems) = agentdeck::tui::keymap::checked(&config, problems);
    (config, problems.iter().map(ConfigProblem::to_string).collect())
}

fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn the_built_in_file_is_the_defaults_and_has_no_problems() {
    let (config, problems) = Config::parse(DEFAULTS, Path::new("defaults.toml"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(config, Config::parse("", Path::new("defaults.toml")).0);
    let d = Config::default();
    assert_eq!(d.install.scope, InstallScope::Project);
    assert!(d.view.preview);
    assert_eq!(d.reader.max_width, 100);
    assert!(d.keys.overrides.is_empty() && d.collections.is_empty());
    // Every style is set by the file: the theme it describes is the one the browser had.
    assert_eq!(Theme::from_config(&d.theme, true), Theme::new(true));
    assert_eq!(Theme::from_config(&d.theme, false), Theme::new(false));
    for name in ThemeConfig::NAMES {
        assert!(DEFAULTS.contains(&format!("\n{name} = ")), "{name} is not in assets/config.toml");
    }
    for key in ["\nscope = ", "\npreview = ", "\nmax-width = "] {
        assert!(DEFAULTS.contains(key), "{key}");
    }
}

#[test]
fn an_unknown_key_is_named_with_its_line_and_the_nearest_known_key() {
    let text = "# mine\n[view]\nprevew = false\n\n[reader]\nmax-width = 80\n";
    let (config, problems) = parse(text);
    assert_eq!(problems, ["config.toml:3:1: unknown key 'prevew' in [view] (did you mean 'preview'?)"]);
    assert!(config.view.preview, "the misspelt key leaves the default");
    assert_eq!(config.reader.max_width, 80, "the rest of the file applies");
}

#[test]
fn bad_values_keep_the_default_of_that_key_only() {
    let text = r#"
[install]
scope = "global"
[view]
preview = "yes"
[reader]
max-width = 5
[theme]
error = "bold blod"
warning = 3
mark = "underlined green on #102030"
"#;
    let (config, problems) = parse(text);
    let d = Config::default();
    assert_eq!((config.install, config.view, config.reader), (d.install, d.view, d.reader));
    assert_eq!(config.theme.error, d.theme.error);
    assert_eq!(config.theme.warning, d.theme.warning);
    assert_eq!(
        config.theme.mark,
        StyleSpec { fg: Some(Color::Green), bg: Some(Color::Rgb(0x10, 0x20, 0x30)), mods: Modifier::UNDERLINED }
    );
    let expected = [
        "config.toml:3:9: 'scope' in [install] must be \"project\" or \"user\", not \"global\"",
        "config.toml:5:11: 'preview' in [view] must be true or false, not \"yes\"",
        "config.toml:7:13: 'max-width' in [reader] must be a whole number of columns from 20 to 1000, not 5",
        "config.toml:9:9: theme.error: 'blod' in 'bold blod' is neither a colour (red, light-red, #rrggbb, 0-255, ...) nor bold, dim, italic, underlined, reversed",
        "config.toml:10:11: theme.warning must be a style string like \"bold yellow on blue\", not 3",
    ];
    assert_eq!(problems, expected);
}

#[test]
fn a_syntax_error_is_reported_and_the_rest_still_applies() {
    let text = "[view]\npreview = false\n[reader]\nmax-width = = 3\n[install]\nscope = \"user\"\n";
    let (config, problems) = parse(text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("config.toml:4:"), "{problems:?}");
    assert!(problems[0].ends_with("the rest of the file still applies"), "{problems:?}");
    assert!(!config.view.preview);
    assert_eq!(config.install.scope, InstallScope::User);
    assert_eq!(config.reader.max_width, 100);
}

#[test]
fn unknown_sections_views_and_actions_are_named() {
    let text = "[thme]\n[keys.lst]\n[keys.list]\nopn = \"C-o\"\nnext-change = \"C-n\"\n";
    let (_, problems) = parse(text);
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert_eq!(problems[0], "config.toml:1:2: unknown key 'thme' at the top level (did you mean 'theme'?)");
    assert_eq!(problems[1], "config.toml:2:7: unknown view 'lst' in [keys] (did you mean 'list'?)");
    assert_eq!(problems[2], "config.toml:4:1: unknown action 'opn' in [keys.list] (did you mean 'open'?)");
    // An action of another view is not one of this view's.
    assert!(
        problems[3]
            .starts_with("config.toml:5:1: unknown action 'next-change' in [keys.list] (actions here: help, open,")
    );
    let (_, problems) = parse("[collections]\n");
    assert_eq!(problems, ["config.toml:1:2: unknown key 'collections' at the top level (did you mean 'collection'?)"]);
}

#[test]
fn a_file_that_is_not_text_or_not_there_gives_the_defaults_and_one_problem() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("config.toml");
    std::fs::write(&bad, b"[view]\npreview = false\n\xff\xfe").unwrap();
    let (config, problems) = Config::load_from(&bad);
    assert_eq!(config, Config::default());
    assert_eq!(problems.len(), 1);
    assert!(problems[0].to_string().contains("not UTF-8 text (byte 23)"), "{}", problems[0]);
    let (config, problems) = Config::load_from(&dir.path().join("missing.toml"));
    assert_eq!(config, Config::default());
    assert!(problems[0].to_string().contains("missing.toml: cannot read it: no such file"), "{}", problems[0]);
}

#[test]
fn problems_never_carry_control_characters() {
    let (_, problems) = parse("[view]\n\"pre\\u001b]52;c;x\\u0007\" = 1\n");
    assert_eq!(problems.len(), 1);
    assert!(!problems[0].contains('\x1b') && !problems[0].contains('\x07'), "{problems:?}");
}

// Keys.

#[test]
fn every_bound_action_has_a_stable_unique_kebab_case_name() {
    let map = Keymap::default();
    let mut seen = Vec::new();
    for b in map.bindings() {
        let name = b.action.name().unwrap_or_else(|| panic!("{:?} has no name", b.action));
        assert!(name.bytes().all(|c| c.is_ascii_lowercase() || c == b'-'), "{name}");
        assert_eq!(Action::from_name(name), Some(b.action.clone()));
        // One binding per action and view, so a config key names exactly one binding.
        assert!(!seen.contains(&(b.mode, name)), "{name} twice in {:?}", b.mode);
        seen.push((b.mode, name));
    }
    let mut names: Vec<&str> = Action::BINDABLE.iter().map(|(n, _)| *n).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), Action::BINDABLE.len(), "names are unique");
    assert_eq!(Action::Insert('x').name(), None);
    for mode in KeyMode::ALL {
        assert_eq!(KeyMode::from_name(mode.name()), Some(mode));
    }
}

#[test]
fn chords_read_back_what_the_help_screen_writes() {
    for b in Keymap::default().bindings() {
        for chord in &b.keys {
            assert_eq!(Chord::parse(&chord.label()), Ok(*chord), "{}", chord.label());
        }
    }
    for text in
        ["C-y", "M-f", "S-Up", "F1", "F12", "Enter", "Space", "?", "S-Tab", "C-M-x", "PgDn", "Bksp", "Left", "-"]
    {
        let chord = Chord::parse(text).unwrap();
        assert_eq!(chord.label(), text);
    }
    let same = |a: &str, b: &str| assert_eq!(Chord::parse(a), Chord::parse(b), "{a} {b}");
    same("PageDown", "PgDn");
    same("enter", "Enter");
    same("A-f", "M-f");
    same("S-a", "A");
    same("S-Tab", "BackTab");
    let ctrl_y = Chord::parse("C-y").unwrap();
    assert_eq!((ctrl_y.code, ctrl_y.mods), (KeyCode::Char('y'), KeyModifiers::CONTROL));
    for bad in ["", "Entr", "C-", "F0", "F25", "C-Foo", "ab"] {
        let e = Chord::parse(bad).unwrap_err();
        assert!(e.contains("is not a key (write keys like C-y"), "{bad}: {e}");
    }
}

#[test]
fn overrides_change_dispatch_help_and_hints() {
    let text = "[keys.list]\nopen = [\"Enter\", \"C-o\"]\n[keys.reader]\ncopy-prompt = \"c\"\n";
    let (config, problems) = parse(text);
    let (map, again) = Keymap::with_overrides(&config.keys);
    let again: Vec<String> = again.iter().map(ConfigProblem::to_string).collect();
    assert_eq!(again, problems, "with_overrides gives the key problems load already listed");
    assert_eq!(
        problems,
        ["config.toml:4:1: 'compare-similar' in [keys.reader] has no key left ('copy-prompt' took it); give it one"]
    );
    assert_eq!(map.lookup(KeyMode::List, &press(KeyCode::Char('o'), KeyModifiers::CONTROL)), Some(Action::Open));
    assert_eq!(map.lookup(KeyMode::List, &press(KeyCode::Enter, KeyModifiers::NONE)), Some(Action::Open));
    let c = press(KeyCode::Char('c'), KeyModifiers::NONE);
    assert_eq!(map.lookup(KeyMode::Reader, &c), Some(Action::Copy(agentdeck::tui::action::CopyWhat::Prompt)));
    let y = press(KeyCode::Char('y'), KeyModifiers::NONE);
    assert_eq!(map.lookup(KeyMode::Reader, &y), None, "y no longer copies");
    // The help screen lists `keys_label` per binding of `for_mode`; the status bar `hints`.
    let open = map.for_mode(KeyMode::List).find(|b| b.action == Action::Open).unwrap();
    assert_eq!(open.keys_label(), "Enter/C-o");
    assert!(map.hints(KeyMode::List).contains(&("Enter/C-o".to_string(), "open")));
    assert!(map.hints(KeyMode::Reader).contains(&("c".to_string(), "copy")));
    assert!(!map.hints(KeyMode::Reader).iter().any(|(k, _)| k == "y"));
}

#[test]
fn an_override_takes_its_key_from_the_other_actions_of_its_view_only() {
    let (config, problems) = parse("[keys.list]\ntoggle-mark = \"C-t\"\ncompare = [\"Tab\", \"C-d\"]\n");
    assert!(problems.is_empty(), "{problems:?}");
    let (map, _) = Keymap::with_overrides(&config.keys);
    let tab = press(KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(map.lookup(KeyMode::List, &tab), Some(Action::Compare));
    assert_eq!(map.lookup(KeyMode::Reader, &tab), Some(Action::NextTab), "other views keep Tab");
}

#[test]
fn key_problems_name_the_key_and_keep_what_works() {
    let text = "[keys.list]\nopen = [\"o\", \"C-o\"]\nedit = \"C-o\"\ncopy-prompt = []\nhelp = \"Entr\"\n[keys.global]\nquit = \"q\"\n";
    let (config, problems) = parse(text);
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert_eq!(
        problems[0],
        "config.toml:2:1: 'o' in [keys.list] would stop you typing it in the query; use a key with C- or M-, or a named key"
    );
    assert_eq!(
        problems[1],
        "config.toml:3:1: C-o is already given to 'open' in [keys.list]; 'edit' does not get it; 'edit' keeps its default keys"
    );
    assert_eq!(problems[2], "config.toml:4:15: copy-prompt in [keys.list] has an empty list; give it at least one key");
    assert!(problems[3].starts_with("config.toml:5:8: help in [keys.list]: 'Entr' is not a key"), "{}", problems[3]);
    assert!(
        problems[4].starts_with("config.toml:7:1: 'q' in [keys.global] would stop you typing it"),
        "{}",
        problems[4]
    );
    let (map, _) = Keymap::with_overrides(&config.keys);
    let ctrl = |c| press(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(map.lookup(KeyMode::List, &ctrl('o')), Some(Action::Open));
    let f4 = press(KeyCode::F(4), KeyModifiers::NONE);
    assert_eq!(map.lookup(KeyMode::List, &f4), Some(Action::Edit), "edit keeps its default key");
    assert_eq!(map.lookup(KeyMode::List, &press(KeyCode::Char('o'), KeyModifiers::NONE)), Some(Action::Insert('o')));
    assert_eq!(map.lookup(KeyMode::List, &press(KeyCode::F(1), KeyModifiers::NONE)), Some(Action::Help));
    assert_eq!(map.lookup(KeyMode::List, &ctrl('c')), Some(Action::Quit));
}

#[test]
fn with_overrides_reports_problems_at_the_overrides_place() {
    let keys = KeysConfig {
        file: PathBuf::from("mine.toml"),
        overrides: vec![agentdeck::config::KeyOverride {
            mode: KeyMode::Help,
            action: "open".into(),
            keys: vec![Chord::parse("o").unwrap()],
            at: Some(Pos { line: 7, column: 1 }),
        }],
    };
    let (map, problems) = Keymap::with_overrides(&keys);
    assert_eq!(
        problems[0].to_string(),
        "mine.toml:7:1: unknown action 'open' in [keys.help] (actions here: back, find, up, down, page-up, page-down, home, end, half-page-up, half-page-down)"
    );
    assert_eq!(map.bindings().len(), Keymap::default().bindings().len());
}

#[test]
fn key_overrides_reach_the_help_screen() {
    let (config, _) = parse("[keys.list]\nopen = [\"Enter\", \"C-o\"]\n");
    let mut app = agentdeck::tui::app::App::new(Theme::new(false), ratatui::layout::Rect::new(0, 0, 100, 40));
    app.keymap = Keymap::with_overrides(&config.keys).0;
    let text: Vec<String> = agentdeck::tui::view::help::lines(&app).iter().map(|l| l.to_string()).collect();
    assert!(text.iter().any(|l| l.trim_start().starts_with("Enter/C-o") && l.ends_with("open the selected agent")));
}

// Theme.

#[test]
fn styles_read_back_what_they_print() {
    for text in ["", "bold", "bold white on blue", "dim italic underlined reversed #0a0b0c on 208", "lightred"] {
        let spec = StyleSpec::parse(text).unwrap();
        assert_eq!(StyleSpec::parse(&spec.to_string()), Ok(spec), "{text}");
    }
    let s = StyleSpec::parse("Bold Light-Red on Gray underline").unwrap();
    assert_eq!(
        s,
        StyleSpec { fg: Some(Color::LightRed), bg: Some(Color::Gray), mods: Modifier::BOLD | Modifier::UNDERLINED }
    );
    assert!(StyleSpec::parse("red green").unwrap_err().contains("names two text colours"));
    assert!(StyleSpec::parse("bold on").unwrap_err().contains("'on' needs a background colour"));
}

#[test]
fn without_colour_a_background_becomes_reversed() {
    let spec = StyleSpec::parse("bold white on blue").unwrap();
    assert_eq!(spec.style(false), Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED));
    assert_eq!(spec.style(true), Style::new().fg(Color::White).bg(Color::Blue).add_modifier(Modifier::BOLD));
    let (config, _) = parse("[theme]\nselected = \"black on yellow\"\n");
    let theme = Theme::from_config(&config.theme, true);
    assert_eq!(theme.selected, Style::new().fg(Color::Black).bg(Color::Yellow));
    assert_eq!(theme.error, Theme::new(true).error, "other styles keep their defaults");
}

// Collections in the config and the printed configuration.

#[test]
fn collection_entries_are_read_and_checked() {
    let text = "[[collection]]\nname = \"team\"\nsource = \"~/agents\"\n[[collection]]\nsource = \"https://github.com/wshobson/agents\"\n[[collection]]\nname = \"bad name\"\nsource = \"/x\"\n[[collection]]\nname = \"team\"\nsource = \"/y\"\n[[collection]]\nname = \"nosource\"\n";
    let (config, problems) = parse(text);
    let names: Vec<&str> = config.collections.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["team", "wshobson-agents"]);
    assert_eq!(config.collections[0].source, "~/agents");
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("config.toml:7:8: [[collection]]: 'bad name' is not a valid collection name"));
    assert_eq!(problems[1], "config.toml:10:8: a second [[collection]] named 'team'; the first one is kept");
    assert!(problems[2].starts_with("config.toml:12:1: a [[collection]] needs a source"), "{problems:?}");
}

#[test]
fn the_printed_configuration_reads_back_to_itself() {
    let text = "[view]\npreview = false\n[theme]\nselected = \"black on #ffcc00\"\n[keys.list]\nopen = [\"Enter\", \"C-o\"]\n[keys.compare]\nnext-change = \"]\"\n[[collection]]\nname = \"t\"\nsource = \"/tmp/a \\\"b\\\"\"\n";
    for input in ["", text] {
        let (config, problems) = parse(input);
        assert!(problems.is_empty(), "{problems:?}");
        let printed = to_toml(&config);
        let (again, problems) = parse(&printed);
        assert!(problems.is_empty(), "{problems:?}\n{printed}");
        assert_eq!(to_toml(&again), printed);
        assert_eq!(
            (again.view, again.theme, again.collections.len()),
            (config.view, config.theme, config.collections.len())
        );
    }
    let printed = to_toml(&parse(text).0);
    assert!(printed.contains("\n[keys.list]\nhelp = [\"F1\"]\nopen = [\"Enter\", \"C-o\"]\n"), "{printed}");
    assert!(printed.contains("next-change = [\"]\"]"), "{printed}");
}

// The command.

#[test]
fn config_command_prints_the_path_and_the_configuration_in_effect() {
    let sb = Sandbox::new();
    let expected = sb.home.join(".config/agentdeck/config.toml");
    let out = sb.command().args(["config", "--path"]).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{}\n", expected.display()));
    assert_eq!(out.status.code(), Some(0));

    let out = sb.command().arg("config").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.starts_with(&format!("# config file: {} (not there: the defaults apply)\n", expected.display())));
    assert_eq!(to_toml(&parse(&stdout).0), to_toml(&Config::default()), "the output is TOML");

    std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
    std::fs::write(&expected, "[view]\nprevew = false\n[reader]\nmax-width = 72\n").unwrap();
    let out = sb.command().arg("config").output().unwrap();
    let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    assert_eq!(out.status.code(), Some(1), "problems exit 1");
    assert_eq!(
        stderr,
        format!("agentdeck: {}:2:1: unknown key 'prevew' in [view] (did you mean 'preview'?)\n", expected.display())
    );
    assert!(stdout.contains("\nmax-width = 72\n") && stdout.contains("\npreview = true\n"), "{stdout}");
}

#[test]
fn agentdeck_config_names_another_file() {
    let sb = Sandbox::new();
    let mine = sb.home.join("mine.toml");
    std::fs::write(&mine, "[install]\nscope = \"user\"\n").unwrap();
    let out = sb.command().arg("config").env("AGENTDECK_CONFIG", &mine).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("[install]\nscope = \"user\"\n"));
    // A file named on purpose that is not there is a problem, not a silent default.
    let gone = sb.home.join("gone.toml");
    let out = sb.command().arg("config").env("AGENTDECK_CONFIG", &gone).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("gone.toml: cannot read it"));
}
