//! The app's own layering, which the compiler does not hold within one crate: the parts the
//! front ends stand on (configuration, collections, text, theme, keys, the places, the
//! clipboard, usage) never name a front end (`tui`, `cmd`, `cli`). The core crate needs no
//! such test: it cannot name them at all.

use std::path::Path;

/// The modules below the front ends, as paths under `src/`.
const BELOW: &[&str] = &[
    "config",
    "collections",
    "text",
    "keys.rs",
    "theme.rs",
    "env.rs",
    "clipboard.rs",
    "usage_cache.rs",
    "claude_version.rs",
];
const FRONT_ENDS: &[&str] = &["crate::tui", "crate::cmd", "crate::cli"];

/// `(file, line)` for every mention of a front end in the code (comments left out) below `path`.
fn mentions(path: &Path, out: &mut Vec<(String, String)>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap().flatten() {
            mentions(&entry.path(), out);
        }
        return;
    }
    let Ok(text) = std::fs::read_to_string(path) else { return };
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        if FRONT_ENDS.iter().any(|f| code.contains(&format!("{f}::")) || code.contains(&format!("{f};"))) {
            out.push((path.display().to_string(), line.trim().to_string()));
        }
    }
}

#[test]
fn nothing_below_the_front_ends_names_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for part in BELOW {
        assert!(src.join(part).exists(), "{part} is still there (keep this list true)");
        mentions(&src.join(part), &mut found);
    }
    assert!(found.is_empty(), "front ends named below them: {found:#?}");
}

#[test]
fn a_front_end_named_in_code_is_found_and_one_in_a_comment_is_not() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let code = "use crate::tui::app::App;\n// crate::cmd::Fail in words\nlet x = 1; // crate::cli::Cli\n";
    std::fs::write(dir.path().join("sub/a.rs"), code).unwrap();
    let mut found = Vec::new();
    mentions(dir.path(), &mut found);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "use crate::tui::app::App;");
}
