//! agentdeck never writes to, moves or deletes an agent file on its own: after every command
//! has run over a folder of agent files, every file's bytes and modification time, every
//! folder's modification time and the set of entries are as they were. (The browser's half of
//! this is `the_browser_leaves_files_alone` in terminal.rs, which needs tmux.)

use crate::harness::sandbox::Sandbox;
use crate::harness::{Snapshot, agent_folder};

#[test]
fn no_command_changes_any_file() {
    let folder = agent_folder();
    let root = folder.path();
    let before = Snapshot::of(root);
    assert!(before.len() > 30, "the folder is not the one meant: {before:?}");
    let elsewhere = Sandbox::new();
    let clip = elsewhere.root().join("clip.txt");
    let d = root.to_str().unwrap();
    let file = root.join("strict-ok.md");
    let hostile = root.join("hostile-escapes.md");
    let (f, h) = (file.to_str().unwrap(), hostile.to_str().unwrap());
    let runs: Vec<Vec<&str>> = vec![
        vec!["list", d],
        vec!["list", "--json", d],
        vec!["list", "--query", "twin !model:haiku", d],
        vec!["list"],
        vec!["show", "lint-fixer", d],
        vec!["copy", "lint-fixer", d, "--stdout", "--name"],
        vec!["show", f],
        vec!["show", f, "--raw"],
        vec!["show", h, "--body"],
        vec!["show", h, "--json"],
        vec!["check", d],
        vec!["check", "--json", d],
        vec!["copy", f, "--stdout"],
        vec!["copy", h, "--file", "--stdout"],
        vec!["copy", f, "--description"],
        vec!["diff", f, h, "--color", "always"],
        vec!["diff", f, h, "--unified"],
        vec!["overlaps", d],
        vec!["overlaps", "--json", "--min", "0.1", d],
    ];
    for args in &runs {
        let o = elsewhere
            .command_in(root, args)
            .env("AGENTDECK_LOG", "debug")
            .env("AGENTDECK_COPY_CMD", format!("cat > '{}'", clip.display()))
            .output()
            .unwrap();
        assert!(o.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(Snapshot::of(root), before, "after {args:?}");
    }
    // The clipboard command did run: copying worked and wrote only where it was told to.
    assert!(std::fs::read_to_string(&clip).unwrap().contains("Fixes lint warnings"), "the copied description");
}
