//! agentdeck held to Claude Code itself: for every scenario in `conformance/scenarios`, what
//! agentdeck says Claude Code lists, skips and picks must equal what the real Claude Code did
//! with the same files, as `conformance/run` recorded it in `conformance/expected` (CI runs
//! that harness live too, so the recording cannot drift from the program).

use crate::harness::sandbox::Sandbox;
use agentdeck::catalog::agent::{Kind, Verdict};
use agentdeck::catalog::listing::{self, ListedAgent, ListedSkill, Listing};
use agentdeck::catalog::load::{LoadRequest, load_store};
use agentdeck::catalog::store::Store;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The committed scenarios, or another folder of them (`conformance/held-out` sets
/// AGENTDECK_CONFORMANCE_ROOT for files that must stay out of the repository).
fn root() -> PathBuf {
    match std::env::var_os("AGENTDECK_CONFORMANCE_ROOT") {
        Some(dir) => PathBuf::from(dir),
        None => committed(),
    }
}

fn committed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A scenario laid out as the harness lays it for Claude Code: a project (a git repository,
/// here an empty `.git` folder is enough) and a home; plugins passed with `--plugin-dir` go
/// where agentdeck finds installed plugins.
struct Laid {
    sb: Sandbox,
    project: PathBuf,
    home: PathBuf,
    plugins: PathBuf,
    store: Store,
}

fn lay(name: &str) -> Laid {
    let scenario = root().join("scenarios").join(name);
    let sb = Sandbox::new();
    let (project, home) = (sb.proj.clone(), sb.home.clone());
    for (part, dest) in [("project", &project), ("home", &home)] {
        if scenario.join(part).is_dir() {
            copy_tree(&scenario.join(part), dest);
        }
    }
    let plugins = home.join(".claude/plugins");
    if scenario.join("plugins").is_dir() {
        copy_tree(&scenario.join("plugins"), &plugins);
    }
    let req = LoadRequest {
        paths: vec![],
        cwd: Some(project.clone()),
        home: Some(home.clone()),
        collections: Some(vec![]),
        ..Default::default()
    };
    let store = load_store(&req).unwrap();
    Laid { sb, project, home, plugins, store }
}

impl Laid {
    /// A path as the recording writes it (`$PROJECT/...`, `$HOME/...`, `$PLUGINS/...`).
    fn real(&self, recorded: &str) -> PathBuf {
        for (var, dir) in [("$PROJECT", &self.project), ("$HOME", &self.home), ("$PLUGINS", &self.plugins)] {
            if let Some(rest) = recorded.strip_prefix(var) {
                return dir.join(rest.trim_start_matches('/'));
            }
        }
        PathBuf::from(recorded)
    }
    fn shown(&self, p: &Path) -> String {
        let s = p.display().to_string();
        for (var, dir) in [("$PLUGINS", &self.plugins), ("$PROJECT", &self.project), ("$HOME", &self.home)] {
            if let Ok(rest) = p.strip_prefix(dir) {
                return format!("{var}/{}", rest.display());
            }
        }
        s
    }
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Compare one scenario; returns (items compared, differences).
fn compare(name: &str) -> (usize, Vec<String>) {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("expected").join(format!("{name}.json"))).unwrap())
            .unwrap();
    let laid = lay(name);
    // The environment Claude Code ran with (the listing budget's override).
    let env: Value = std::fs::read_to_string(root().join("scenarios").join(name).join("env.json"))
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap_or(Value::Null);
    let skill_budget = laid.store.skill_budget(env["SLASH_COMMAND_TOOL_CHAR_BUDGET"].as_str());
    let (listed, listing_chars) = agentdeck::catalog::budget::listing(&laid.store, &skill_budget);
    let mut f = Facts { name, laid: &laid, compared: 0, diffs: Vec::new() };
    let budget = agentdeck::catalog::budget::Budget::of(listed.clone(), skill_budget.clone(), listing_chars);
    compare_agent_budget(&mut f, &budget, &expected["agents"]);
    let Listing { agents, skills } = listed;
    compare_agents(&mut f, &agents, &expected["agents"]);
    compare_skills(&mut f, &skills, &expected["skills"]);
    compare_duplicates(&mut f, &agents, &expected["duplicates"]);
    compare_skipped(&mut f, &expected["skipped"]);
    compare_dropped_plugins(&mut f, &expected["plugins_dropped"]);
    compare_unknown_keys(&mut f, &expected["unknown_keys"]);
    (f.compared, f.diffs)
}

/// What one scenario's comparison found so far: the facts compared and the differences,
/// each starting with the scenario's name.
struct Facts<'a> {
    name: &'a str,
    laid: &'a Laid,
    compared: usize,
    diffs: Vec<String>,
}

/// What `budget` says the agent listing costs is what Claude Code sent (`sent`, the recorded
/// agents), to the character.
fn compare_agent_budget(f: &mut Facts, budget: &agentdeck::catalog::budget::Budget, sent: &Value) {
    let name = f.name;
    let sent: usize = sent
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let line = format!(
                "- {}: {} (Tools: {})",
                text(&a["name"]).unwrap(),
                text(&a["description"]).unwrap(),
                text(&a["tools"]).unwrap()
            );
            line.chars().count() + 1
        })
        .sum();
    f.compared += 1;
    if budget.agent_chars() != sent {
        f.diffs.push(format!(
            "{name}: the agent listing costs {} characters by budget, Claude Code sent {sent}",
            budget.agent_chars()
        ));
    }
}

/// A listing of agentdeck's (`ours`) against the one Claude Code sent (`theirs`, recorded):
/// every name Claude Code lists, agentdeck lists too (unless `may_lack` it), with the same
/// fields (`fields` gives the differences), and agentdeck lists no other. `noun` names the
/// items; `name_path` gives an item's name and file.
fn compare_listing<T>(
    f: &mut Facts,
    noun: &str,
    ours: &[T],
    theirs: &Value,
    name_path: impl Fn(&T) -> (&str, &Path),
    may_lack: impl Fn(&str) -> bool,
    fields: impl Fn(&Facts, &str, &T, &Value) -> Vec<String>,
) {
    let name = f.name;
    let ours: BTreeMap<&str, &T> = ours.iter().map(|o| (name_path(o).0, o)).collect();
    let theirs: BTreeMap<String, &Value> =
        theirs.as_array().unwrap().iter().map(|a| (text(&a["name"]).unwrap(), a)).collect();
    for (n, want) in &theirs {
        f.compared += 1;
        match ours.get(n.as_str()) {
            None if may_lack(n) => {}
            None => f.diffs.push(format!("{name}: {noun} {n:?}: Claude Code lists it, agentdeck does not")),
            Some(got) => {
                let diffs = fields(f, n, got, want);
                f.diffs.extend(diffs);
            }
        }
    }
    for (n, got) in &ours {
        if !theirs.contains_key(*n) {
            f.compared += 1;
            f.diffs.push(format!(
                "{name}: {noun} {n:?} ({}): agentdeck lists it, Claude Code does not",
                f.laid.shown(name_path(got).1)
            ));
        }
    }
}

/// The agent listing: the same names, each with the same description and tools.
fn compare_agents(f: &mut Facts, agents: &[ListedAgent], theirs: &Value) {
    let fields = |f: &Facts, n: &str, got: &ListedAgent, want: &Value| {
        let name = f.name;
        let mut diffs = Vec::new();
        if Some(&got.description) != text(&want["description"]).as_ref() {
            diffs.push(format!(
                "{name}: agent {n:?} ({}): description {:?}, Claude Code lists {:?}",
                f.laid.shown(&got.path),
                got.description,
                want["description"]
            ));
        }
        if Some(&got.tools) != text(&want["tools"]).as_ref() {
            diffs.push(format!(
                "{name}: agent {n:?} ({}): tools {:?}, Claude Code lists {:?}",
                f.laid.shown(&got.path),
                got.tools,
                want["tools"]
            ));
        }
        diffs
    };
    compare_listing(f, "agent", agents, theirs, |a| (&a.name, &a.path), |_| false, fields);
}

/// The skill listing: the same names, display names and descriptions (or name only).
fn compare_skills(f: &mut Facts, skills: &[ListedSkill], theirs: &Value) {
    let builtin: Vec<&str> = agentdeck::catalog::budget::BUILTIN_SKILLS.iter().map(|b| b.name).collect();
    let fields = |f: &Facts, n: &str, got: &ListedSkill, want: &Value| {
        let name = f.name;
        let mut diffs = Vec::new();
        if got.display != text(&want["display"]) {
            diffs.push(format!("{name}: skill {n:?}: display {:?}, Claude Code {:?}", got.display, want["display"]));
        }
        if got.description().map(str::to_string) != text(&want["description"]) {
            diffs.push(format!(
                "{name}: skill {n:?} ({}): description {:?}, Claude Code {:?}",
                f.laid.shown(&got.path),
                got.description(),
                want["description"]
            ));
        }
        diffs
    };
    // Claude Code's own, cut over budget: the budget test counts them.
    let may_lack = |n: &str| builtin.contains(&n);
    compare_listing(f, "skill", skills, theirs, |s| (&s.name, &s.path), may_lack, fields);
}

/// Duplicate names: the file Claude Code made active is the one agentdeck lists.
fn compare_duplicates(f: &mut Facts, agents: &[ListedAgent], duplicates: &Value) {
    let (name, laid) = (f.name, f.laid);
    for dup in duplicates.as_array().unwrap() {
        f.compared += 1;
        let n = dup["name"].as_str().unwrap();
        let active = laid.real(dup["active"].as_str().unwrap());
        match agents.iter().find(|a| a.name == n) {
            Some(a) if a.path == active => {}
            Some(a) => f.diffs.push(format!(
                "{name}: duplicate {n:?}: agentdeck picks {}, Claude Code {}",
                laid.shown(&a.path),
                dup["active"].as_str().unwrap()
            )),
            None => f.diffs.push(format!("{name}: duplicate {n:?}: agentdeck picks none")),
        }
    }
}

/// Files Claude Code logged as skipped: agentdeck says it skips them.
fn compare_skipped(f: &mut Facts, skipped: &Value) {
    let (name, laid) = (f.name, f.laid);
    for (file, why) in skipped.as_object().unwrap() {
        f.compared += 1;
        let path = laid.real(file);
        match laid.store.id_of(&path).and_then(|id| laid.store.get(id)) {
            Some(e) if e.claude_code == Verdict::Skips => {}
            // A skill or a command whose YAML fails is listed all the same, by its text.
            Some(e) if e.kind != Kind::Agent && why == "yaml" => {
                if !e.diagnostics.iter().any(|d| d.code == "frontmatter-ignored") {
                    f.diffs.push(format!(
                        "{name}: {file}: Claude Code ignores its frontmatter, agentdeck does not say so"
                    ));
                }
            }
            Some(e) => f
                .diffs
                .push(format!("{name}: {file}: Claude Code skips it ({why}), agentdeck says {:?}", e.claude_code)),
            None => f.diffs.push(format!("{name}: {file}: Claude Code skips it ({why}), agentdeck did not load it")),
        }
    }
}

/// Plugins Claude Code drops whole: agentdeck says every file of theirs is skipped, and why.
fn compare_dropped_plugins(f: &mut Facts, dropped: &Value) {
    let (name, laid) = (f.name, f.laid);
    for (dir, why) in dropped.as_object().unwrap() {
        f.compared += 1;
        let dir = laid.real(dir);
        let files: Vec<_> = laid.store.iter().filter(|(_, e)| e.path().starts_with(&dir)).collect();
        let want = why.as_str().unwrap();
        let said = |e: &agentdeck::catalog::entry::Entry| {
            // JSON errors are worded by each parser; validation errors in Claude Code's words.
            let words = if want.starts_with("JSON parse error") { "not valid JSON" } else { want };
            e.claude_code == Verdict::Skips && e.diagnostics.iter().any(|d| d.message.contains(words))
        };
        if files.is_empty() || !files.iter().all(|(_, e)| said(e)) {
            f.diffs.push(format!(
                "{name}: plugin {}: Claude Code drops it ({want}); agentdeck does not say so of all its {} files",
                laid.shown(&dir),
                files.len()
            ));
        }
    }
}

/// Keys Claude Code logs as not recognised (`unknown_keys`, by file).
fn compare_unknown_keys(f: &mut Facts, unknown_keys: &Value) {
    let (name, laid) = (f.name, f.laid);
    for (id, e) in laid.store.iter() {
        if e.kind != Kind::Agent || e.claude_code == Verdict::Skips {
            continue;
        }
        let shown = laid.shown(e.path());
        let want: Vec<String> = unknown_keys
            .get(&shown)
            .and_then(|v| v.as_array())
            .map(|v| v.iter().filter_map(text).collect())
            .unwrap_or_default();
        let got = laid.store.read_full(id).and_then(|a| a.claude).map(|s| s.unknown_keys).unwrap_or_default();
        if !want.is_empty() || !got.is_empty() {
            f.compared += 1;
        }
        if want != got {
            f.diffs.push(format!("{name}: {shown}: unknown keys {got:?}, Claude Code logs {want:?}"));
        }
    }
}

#[test]
fn agentdeck_agrees_with_the_recorded_claude_code() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(root() != committed() || names.len() >= 9, "the scenarios are missing: {names:?}");
    let (mut compared, mut diffs) = (0, Vec::new());
    for name in &names {
        let (c, d) = compare(name);
        compared += c;
        diffs.extend(d);
    }
    let agree = compared - diffs.len().min(compared);
    eprintln!("conformance: {agree} of {compared} facts agree with Claude Code {}", listing::RECORDED_CLAUDE_CODE);
    assert!(diffs.is_empty(), "{} differences from the recording:\n{}", diffs.len(), diffs.join("\n"));
}

/// Claude Code's own agents and skills, whose size the budget counts, are what the recording
/// says they are.
#[test]
fn the_builtin_sizes_are_the_recorded_ones() {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(committed().join("expected/_builtin.json")).unwrap()).unwrap();
    let skills: Vec<(String, usize, usize)> = v["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                text(&s["name"]).unwrap(),
                s["chars"].as_u64().unwrap() as usize,
                s["name_only_chars"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let ours: Vec<(String, usize, usize)> = agentdeck::catalog::budget::BUILTIN_SKILLS
        .iter()
        .map(|b| (b.name.to_string(), b.chars, b.name_only_chars))
        .collect();
    assert_eq!(ours, skills);
    let agents: u64 = v["agents"].as_array().unwrap().iter().map(|a| a["chars"].as_u64().unwrap()).sum();
    assert_eq!(agents as usize, agentdeck::catalog::budget::BUILTIN_AGENT_CHARS);
}

/// Uses counted from Claude Code's real transcripts (cut down to their structure by the
/// harness) are the calls the stand-in made Claude Code make, and what the harness counted.
#[test]
fn uses_are_counted_from_real_transcripts() {
    let mut checked = 0;
    for e in std::fs::read_dir(committed().join("scenarios")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(committed().join("expected").join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let Some(recorded) = expected.get("uses").and_then(Value::as_object) else { continue };
        let home = tempfile::tempdir().unwrap();
        let projects = home.path().join(".claude/projects");
        copy_tree(&committed().join("expected").join(format!("{name}.transcripts")), &projects.join("-work-project"));
        let usage = agentdeck::catalog::usage::read(&projects, &mut Default::default());
        let mut counted: BTreeMap<String, u64> = BTreeMap::new();
        for (prefix, map) in [("agent", &usage.agents), ("skill", &usage.skills), ("command", &usage.commands)] {
            for (n, used) in map {
                counted.insert(format!("{prefix}:{n}"), u64::from(used.count));
            }
        }
        let recorded: BTreeMap<String, u64> = recorded.iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect();
        assert_eq!(counted, recorded, "{name}: uses");
        // The calls the stand-in answered with, and the prompt's command.
        let scenario = committed().join("scenarios").join(&name);
        let mut made: BTreeMap<String, u64> = BTreeMap::new();
        if let Ok(t) = std::fs::read_to_string(scenario.join("tool_uses.json")) {
            for call in serde_json::from_str::<Value>(&t).unwrap().as_array().unwrap() {
                let key = match call["name"].as_str().unwrap() {
                    "Skill" => format!("skill:{}", call["input"]["skill"].as_str().unwrap()),
                    _ => format!("agent:{}", call["input"]["subagent_type"].as_str().unwrap()),
                };
                *made.entry(key).or_default() += 1;
            }
        }
        if let Ok(p) = std::fs::read_to_string(scenario.join("prompt.txt")) {
            *made.entry(format!("command:{}", p.trim().trim_start_matches('/'))).or_default() += 1;
        }
        assert_eq!(counted, made, "{name}: the calls made");
        assert!(usage.sessions >= 1);
        checked += 1;
    }
    assert!(checked >= 2, "the usage scenarios are missing");
}

#[test]
fn the_recording_is_of_the_version_agentdeck_names() {
    let pinned = std::fs::read_to_string(committed().join("CLAUDE_CODE_VERSION")).unwrap();
    assert_eq!(pinned.trim(), listing::RECORDED_CLAUDE_CODE);
    let version = Sandbox::new().run(&["--version"]);
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(version.contains(&format!("recorded against {}", listing::RECORDED_CLAUDE_CODE)), "{version}");
    for e in std::fs::read_dir(committed().join("expected")).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            continue;
        }
        let v: Value = serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap();
        assert_eq!(v["claude_code"], listing::RECORDED_CLAUDE_CODE);
    }
}

/// The README's notes on what Claude Code does state the figures of the model (which the tests
/// above hold to the recording): the version, the default skill listing budget, what Claude
/// Code's own skills take of it, and the description cap.
#[test]
fn the_readme_states_what_was_recorded() {
    use agentdeck::catalog::budget::{BUILTIN_SKILLS, SkillBudget};
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let grouped = agentdeck::text::plural::thousands;
    assert!(readme.contains(&format!("**Claude Code {}**", listing::RECORDED_CLAUDE_CODE)));
    let budget = SkillBudget::default().chars;
    assert!(readme.contains(&format!("came to {} characters", grouped(budget))), "the default budget {budget}");
    let builtin: usize = BUILTIN_SKILLS.iter().map(|b| b.chars).sum();
    assert!(readme.contains(&format!("(they take {} characters of it)", grouped(builtin))), "builtin {builtin}");
    assert!(readme.contains(&format!("`skillListingMaxDescChars` ({})", grouped(listing::SKILL_DESCRIPTION_CAP))));
}

/// `agentdeck budget --json`, run as a user would on the usage scenario with Claude Code's own
/// transcripts of it: the agent listing's characters are what Claude Code sent, and the uses
/// are the delegations it made.
#[test]
fn budget_json_gives_what_claude_code_sent_and_the_uses_made() {
    let laid = lay("usage");
    copy_tree(&committed().join("expected/usage.transcripts"), &laid.home.join(".claude/projects/-work-project"));
    let out = laid.sb.run(&["budget", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(committed().join("expected/usage.json")).unwrap()).unwrap();
    let sent: u64 = expected["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let line = format!(
                "- {}: {} (Tools: {})",
                a["name"].as_str().unwrap(),
                a["description"].as_str().unwrap(),
                a["tools"].as_str().unwrap()
            );
            line.chars().count() as u64 + 1
        })
        .sum();
    assert_eq!(v["agents"]["chars"].as_u64(), Some(sent));
    let uses = |kind: &str, name: &str| {
        v[kind]["items"].as_array().unwrap().iter().find(|i| i["name"] == name).map(|i| i["uses"].clone())
    };
    assert_eq!(uses("agents", "helper"), Some(Value::from(2)));
    assert_eq!(uses("agents", "reviewer"), Some(Value::from(1)));
    assert_eq!(uses("agents", "idle"), Some(Value::from(0)));
    assert_eq!(uses("skills", "notes"), Some(Value::from(1)));
    assert_eq!(v["skills"]["name_only"], serde_json::json!([]));
}
