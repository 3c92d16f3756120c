//! The writing commands as a user runs them, each in a temporary home and project (HOME and
//! the XDG folders point there; the real home is never touched): install with its clash,
//! `--replace` and `--as`, fix, disable/enable, rm, undo from a new process, history,
//! `--dry-run` for each, and the refusals (bundled examples, Claude Code's plugin cache).

use crate::harness::sandbox::{Sandbox, agent, code, err, s};
use std::path::Path;

#[test]
fn install_clash_replace_and_undo() {
    let w = Sandbox::new();
    let a = w.source("a.md", &agent("reviewer", "Reviews code.", "Version A."));
    let b = w.source("b.md", &agent("reviewer", "Reviews code differently.", "Version B."));
    let dry = w.run(&["install", s(&a), "--to", "project", "--dry-run"]);
    assert_eq!(code(&dry), 0, "{}", err(&dry));
    assert!(String::from_utf8_lossy(&dry.stdout).contains("+++ b"), "a diff");
    assert!(!w.agents().join("reviewer.md").exists(), "--dry-run writes nothing");
    let o = w.run(&["install", s(&a), "--to", "project"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(std::fs::read(w.agents().join("reviewer.md")).unwrap(), std::fs::read(&a).unwrap());
    // The same name again: refused with the comparison and the choices, nothing written.
    let o = w.run(&["install", s(&b), "--to", "project"]);
    assert_eq!(code(&o), 1);
    let e = err(&o);
    assert!(e.contains("already installed") && e.contains("--replace") && e.contains("--as NAME"), "{e}");
    assert!(e.contains("similarity") && e.contains("differ"), "{e}");
    assert_eq!(std::fs::read(w.agents().join("reviewer.md")).unwrap(), std::fs::read(&a).unwrap());
    let o = w.run(&["install", s(&b), "--to", "project", "--replace"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(std::fs::read(w.agents().join("reviewer.md")).unwrap(), std::fs::read(&b).unwrap());
    // Undo from a new process brings the replaced bytes back.
    let o = w.run(&["undo"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(std::fs::read(w.agents().join("reviewer.md")).unwrap(), std::fs::read(&a).unwrap());
    // --as installs under another name, changing the name line only.
    let o = w.run(&["install", s(&b), "--to", "project", "--as", "reviewer-b"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let text = std::fs::read_to_string(w.agents().join("reviewer-b.md")).unwrap();
    assert_eq!(text, agent("reviewer-b", "Reviews code differently.", "Version B."));
    let o = w.run(&["install", s(&b), "--to", "project", "--as", "Bad Name"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("uppercase") || err(&o).contains("space"), "{}", err(&o));
    let h = w.run(&["history"]);
    let h = String::from_utf8_lossy(&h.stdout).into_owned();
    assert!(h.contains("install") && h.contains("[undone]"), "{h}");
}

#[test]
fn install_says_what_it_shadows() {
    let w = Sandbox::new();
    let user = w.home.join(".claude/agents");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(user.join("helper.md"), agent("helper", "Mine.", "User copy.")).unwrap();
    let a = w.source("h.md", &agent("helper", "Project copy.", "Project."));
    let o = w.run(&["install", s(&a), "--to", "project"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(err(&o).contains("it will shadow the user agent"), "{}", err(&o));
}

#[test]
fn fix_makes_files_load_first_try_and_one_undo_restores_them() {
    let w = Sandbox::new();
    let dir = w.agents();
    std::fs::create_dir_all(&dir).unwrap();
    let broken = [
        ("colon.md", "---\nname: colon\ndescription: Use when: a colon\n---\nBody.\n".to_string()),
        ("bom.md", "\u{feff}---\r\nname: bom\r\ndescription: Triggers on: x\r\n---\r\nBody\r\n".to_string()),
        (
            "multi.md",
            "---\nname: multi\ndescription: Help.\n<example>\nuser: \"a: b\"\n</example>\n---\nBody\n".to_string(),
        ),
    ];
    for (f, t) in &broken {
        std::fs::write(dir.join(f), t).unwrap();
    }
    std::fs::write(dir.join("fine.md"), agent("fine", "Fine.", "Fine.")).unwrap();
    let before = common_snapshot(&dir);
    let o = w.run(&["fix", "--dry-run"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).matches("\n@@ ").count(), 2, "the two files Claude Code skips");
    assert!(err(&o).contains("1 file loaded only through Claude Code's quoting retry"), "{}", err(&o));
    assert_eq!(common_snapshot(&dir), before, "--dry-run writes nothing");
    let o = w.run(&["fix"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let verdicts = || {
        let check = w.run(&["check", "--json"]);
        let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|a| (a["name"].to_string(), a["claude_code"].to_string()))
            .collect::<Vec<_>>()
    };
    for (name, verdict) in verdicts() {
        let want = if name == "\"colon\"" { "\"loads-after-retry\"" } else { "\"loads\"" };
        assert_eq!(verdict, want, "{name}");
    }
    assert_eq!(std::fs::read(dir.join("fine.md")).unwrap(), agent("fine", "Fine.", "Fine.").as_bytes());
    // Named, the file that loads only through the retry is rewritten too.
    let o = w.run(&["fix", "colon"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(verdicts().iter().all(|(_, v)| v == "\"loads\""), "{:?}", verdicts());
    for _ in 0..2 {
        let o = w.run(&["undo"]);
        assert_eq!(code(&o), 0, "{}", err(&o));
    }
    assert_eq!(common_snapshot(&dir), before, "undo restores every byte");
}

#[test]
fn disable_enable_keep_other_settings() {
    let w = Sandbox::new();
    std::fs::create_dir_all(w.agents()).unwrap();
    std::fs::write(w.agents().join("quiet.md"), agent("quiet", "Quiet.", "Shh.")).unwrap();
    let settings = w.proj.join(".claude/settings.local.json");
    let original = "{\n    \"model\": \"opus\",\n    \"permissions\": {\n        \"allow\": [\"Bash(ls)\"]\n    }\n}\n";
    std::fs::write(&settings, original).unwrap();
    let o = w.run(&["disable", "quiet", "--dry-run"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), original);
    let o = w.run(&["disable", "quiet"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&settings).unwrap()).unwrap();
    assert_eq!(v["model"], "opus");
    assert_eq!(v["permissions"]["allow"], serde_json::json!(["Bash(ls)"]));
    assert_eq!(v["permissions"]["deny"], serde_json::json!(["Agent(quiet)"]));
    assert!(std::fs::read_to_string(&settings).unwrap().contains("\n    \"model\""), "the file's indentation");
    let list = w.run(&["list", "--json"]);
    let l: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(l[0]["disabled"], true);
    assert!(l[0]["disabled_by"].as_str().unwrap().ends_with("settings.local.json"));
    let o = w.run(&["list", "--query", "is:disabled"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("quiet"));
    assert_eq!(code(&w.run(&["disable", "quiet"])), 1, "already disabled");
    let o = w.run(&["enable", "quiet"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&settings).unwrap()).unwrap();
    assert_eq!(v["permissions"]["deny"], serde_json::json!([]));
    assert_eq!(std::fs::read(w.agents().join("quiet.md")).unwrap(), agent("quiet", "Quiet.", "Shh.").as_bytes());
}

#[test]
fn rm_then_undo_and_the_refusals() {
    let w = Sandbox::new();
    std::fs::create_dir_all(w.agents()).unwrap();
    let text = agent("doomed", "Doomed.", "Bye.");
    std::fs::write(w.agents().join("doomed.md"), &text).unwrap();
    let o = w.run(&["rm", "doomed", "--dry-run"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(w.agents().join("doomed.md").exists());
    let o = w.run(&["rm", "doomed"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(!w.agents().join("doomed.md").exists());
    assert_eq!(code(&w.run(&["undo"])), 0);
    assert_eq!(std::fs::read_to_string(w.agents().join("doomed.md")).unwrap(), text);
    // Undo refuses when the file changed since: nothing is written.
    assert_eq!(code(&w.run(&["rm", "doomed"])), 0);
    std::fs::write(w.agents().join("doomed.md"), "someone put this here").unwrap();
    let o = w.run(&["undo"]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    assert!(err(&o).contains("changed since"), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(w.agents().join("doomed.md")).unwrap(), "someone put this here");
    // Claude Code's plugin cache is not ours to write.
    let cached = w.home.join(".claude/plugins/cache/market/plug/1.0/agents");
    std::fs::create_dir_all(&cached).unwrap();
    std::fs::write(cached.join("p.md"), agent("p", "Plugin.", "P.")).unwrap();
    let o = w.run(&["rm", s(&cached.join("p.md"))]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("plugin cache"), "{}", err(&o));
    assert!(cached.join("p.md").exists());
}

#[test]
fn bundled_examples_are_read_only() {
    let w = Sandbox::new();
    // No agents anywhere: the bundled examples are shown, and cannot be written.
    let o = w.run(&["rm", "sql-tuner"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("bundled example") && err(&o).contains("read-only"), "{}", err(&o));
    let o = w.run(&["set", "sql-tuner", "model=opus"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    // Installing one copies it somewhere it can be changed.
    let o = w.run(&["install", "sql-tuner", "--to", "user"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(w.home.join(".claude/agents/sql-tuner.md").exists());
}

#[test]
fn new_and_set_write_only_what_is_asked() {
    let w = Sandbox::new();
    let dir = w.proj.join("team");
    let o = w.run(&["new", "My Agent", "--to", s(&dir), "--description", "x"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    let desc = "Use when: a PR needs review. Triggers on: \"review\", #pr, [urgent], {x}, 50% - or > all.";
    let o =
        w.run(&["new", "tricky", "--to", s(&dir), "--description", desc, "--tools", "Read,Grep", "--model", "opus"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let file = dir.join("tricky.md");
    let show = w.run(&["show", s(&file), "--json"]);
    let a: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!((a["description"].as_str(), a["claude_code"].as_str()), (Some(desc), Some("loads")));
    assert_eq!(a["tools"], serde_json::json!(["Read", "Grep"]));
    assert_eq!(code(&w.run(&["new", "tricky", "--to", s(&dir), "--description", "again"])), 1);
    let before = std::fs::read_to_string(&file).unwrap();
    assert_eq!(code(&w.run(&["set", s(&file), "model=haiku", "--unset", "tools"])), 0);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(after, before.replace("model: opus\n", "model: haiku\n").replace("tools: Read, Grep\n", ""));
    assert_eq!(code(&w.run(&["undo"])), 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}

/// The bytes of every file in `dir`, by name.
fn common_snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

/// Issue 21, item 1: a registered collection is a source to install from. `fix` with no
/// arguments reads what `check` reads (the real locations), and no writing command touches
/// a collection's file, named or not.
#[test]
fn writing_commands_leave_registered_collections_alone() {
    let w = Sandbox::new();
    let coll = w.home.join("src/team-agents");
    std::fs::create_dir_all(&coll).unwrap();
    // Files Claude Code skips (an example at column 0 holds `: `), which `fix` rewrites.
    let theirs = "---\nname: theirs\ndescription: Help.\n<example>\nuser: \"a: b\"\n</example>\n---\nTheir body.\n";
    std::fs::write(coll.join("theirs.md"), theirs).unwrap();
    let o = w.run(&["collection", "add", s(&coll), "--name", "team"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    std::fs::create_dir_all(w.agents()).unwrap();
    let ours = "---\nname: ours\ndescription: Help.\n<example>\nuser: \"a: b\"\n</example>\n---\nOur body.\n";
    std::fs::write(w.agents().join("ours.md"), ours).unwrap();
    let before = common_snapshot(&coll);

    let dry = w.run(&["fix", "--dry-run"]);
    assert_eq!(code(&dry), 0, "{}", err(&dry));
    let diff = String::from_utf8_lossy(&dry.stdout);
    assert!(diff.contains("ours.md"), "the project's file is planned: {diff}");
    assert!(!diff.contains("theirs.md"), "the collection's file is not: {diff}");
    let o = w.run(&["fix"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_ne!(std::fs::read_to_string(w.agents().join("ours.md")).unwrap(), ours, "ours is fixed");
    assert_eq!(common_snapshot(&coll), before, "fix left the collection alone");

    let o = w.run(&["fix", "theirs"]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    assert!(err(&o).contains("collection 'team'"), "{}", err(&o));
    for args in [&["rm", "theirs"][..], &["set", "theirs", "model=opus"]] {
        let o = w.run(args);
        assert_eq!(code(&o), 2, "{args:?}: {}", err(&o));
        assert!(err(&o).contains("a source to install from"), "{args:?}: {}", err(&o));
    }
    assert_eq!(common_snapshot(&coll), before, "nothing wrote into the collection");
}

/// Issue 21, item 15: `disable` on a collection's agent gives one answer, consistent with `rm`:
/// nothing to disable, never "remove it with `agentdeck rm`", which then refuses.
#[test]
fn disable_on_a_collections_agent_does_not_point_at_rm() {
    let w = Sandbox::new();
    let coll = w.home.join("src/team-agents");
    std::fs::create_dir_all(&coll).unwrap();
    std::fs::write(coll.join("theirs.md"), agent("theirs", "Theirs.", "Body.")).unwrap();
    let o = w.run(&["collection", "add", s(&coll), "--name", "team"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let o = w.run(&["disable", "theirs"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(!err(&o).contains("agentdeck rm"), "{}", err(&o));
    assert!(err(&o).contains("nothing to disable") && err(&o).contains("install it"), "{}", err(&o));
    let o = w.run(&["rm", "theirs"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("install it"), "the same way out: {}", err(&o));
}
