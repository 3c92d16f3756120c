//! Hostile and broken input: no file can crash, hang or exhaust agentdeck, and each agent
//! among them still appears with diagnostics that say what is wrong. Inputs are generated
//! here rather than checked in, since several are megabytes.

use agentdeck::catalog::load::{LoadRequest, load};
use agentdeck::catalog::parse::parse;
use agentdeck::catalog::{Scope, Verdict, examples};
use proptest::prelude::*;
use std::path::PathBuf;

fn parse_bytes(bytes: &[u8]) -> Result<agentdeck::catalog::Agent, agentdeck::catalog::parse::NotAgent> {
    parse(bytes, PathBuf::from("x.md"), Scope::Path)
}

fn codes(bytes: &[u8]) -> Vec<&'static str> {
    parse_bytes(bytes).unwrap().diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn empty_and_binary_files_are_not_agents() {
    assert!(parse_bytes(b"").is_err());
    assert!(parse_bytes(b"\x00\x01\x02ELF\x00\x00").is_err());
    assert!(parse_bytes(b"---\nname: x\n\x00\x00\x00").is_err());
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let mut fm = String::from(
        "---\nname: bomb\ndescription: boom\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='j' {
        fm.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = c;
    }
    fm.push_str("---\nbody\n");
    let a = parse_bytes(fm.as_bytes()).unwrap();
    assert_eq!(a.name, "bomb");
    assert!(a.diagnostics.iter().any(|d| d.code == "yaml-limit" || d.code == "yaml-invalid"), "{:?}", a.diagnostics);
}

#[test]
fn deep_nesting_is_refused() {
    let deep =
        format!("---\nname: deep\ndescription: nested\nx: {}{}\n---\nbody\n", "[".repeat(20_000), "]".repeat(20_000));
    let a = parse_bytes(deep.as_bytes()).unwrap();
    assert_eq!(a.name, "deep");
    assert!(a.diagnostics.iter().any(|d| d.code == "yaml-limit" || d.code == "yaml-invalid"), "{:?}", a.diagnostics);
    let deep_map =
        format!("---\nname: deepmap\ndescription: d\nx: {}1{}\n---\n", "{a: ".repeat(20_000), "}".repeat(20_000));
    assert_eq!(parse_bytes(deep_map.as_bytes()).unwrap().name, "deepmap");
}

#[test]
fn huge_body_and_huge_line_are_capped() {
    let mut big = b"---\nname: big\ndescription: a large file\n---\n".to_vec();
    big.extend(std::iter::repeat_n(b"word ".as_slice(), 6 << 20).flatten());
    assert!(big.len() > 30 << 20);
    let a = parse_bytes(&big).unwrap();
    assert!(a.body.len() <= agentdeck::catalog::parse::MAX_FILE_BYTES);
    assert!(a.diagnostics.iter().any(|d| d.code == "file-too-large"));
    let line = format!("---\nname: wide\ndescription: {}\n---\nbody\n", "x".repeat(2 << 20));
    let a = parse_bytes(line.as_bytes()).unwrap();
    assert_eq!(a.description.len(), 2 << 20);
}

#[test]
fn duplicate_keys_and_unclosed_frontmatter_still_give_agents() {
    let a = parse_bytes(b"---\nname: dup\ndescription: d\nmodel: opus\nmodel: haiku\n---\nbody\n").unwrap();
    assert_eq!(a.model.as_deref(), Some("opus"));
    assert_eq!(a.claude_code, Verdict::Skips);
    assert!(codes(b"---\nname: open\ndescription: d\n").contains(&"unclosed-frontmatter"));
}

#[test]
fn a_folder_of_hostile_files_loads_every_agent() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    w("empty.md", b"");
    w("binary.md", b"\x7fELF\x00\x00\x00");
    w("plain.md", b"# Just notes\n");
    w("ok.md", b"---\nname: ok\ndescription: fine\n---\nbody\n");
    w("bad-utf8.md", b"---\nname: bytes\ndescription: d\n---\n\xff\xfe\n");
    w("escapes.md", b"---\nname: \"esc\\e]0;title\\a\"\ndescription: \"\\e[2J\"\n---\n\x1b]52;c;aGk=\x07\n");
    let cat = load(&LoadRequest::paths(vec![dir.path().to_path_buf()])).unwrap();
    let mut names: Vec<&str> = cat.agents.iter().map(|a| a.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["bytes", "esc\u{1b}]0;title\u{7}", "ok"]);
}

#[cfg(unix)]
#[test]
fn a_vanished_or_unreadable_file_becomes_a_diagnostic() {
    use agentdeck::catalog::agent::Origin;
    use agentdeck::catalog::discover::Found;
    let found = Found {
        path: PathBuf::from("/nonexistent/agent.md"),
        origin: Origin { scope: Scope::Path, root: PathBuf::from("/nonexistent"), priority: 0 },
        explicit: false,
    };
    let a = agentdeck::catalog::load::load_one(&found).unwrap();
    assert_eq!(a.name, "agent");
    assert_eq!(a.diagnostics[0].code, "unreadable");
    assert!(a.diagnostics[0].message.contains("no such file"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn parser_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse_bytes(&bytes);
        let mut framed = b"---\n".to_vec();
        framed.extend(&bytes);
        let _ = parse_bytes(&framed);
    }

    #[test]
    fn parser_never_panics_on_agentish_text(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("---".to_string()), Just("name: x".to_string()), Just("description: a: b".to_string()),
                Just("<example>".to_string()), Just("</example>".to_string()), Just("user: \"hi\"".to_string()),
                Just("tools: [a, b".to_string()), Just("  - Read".to_string()), Just("<commentary>".to_string()),
                "[a-z:\\-\\[\\]{}&*!|>%@#\"' \\\\]{0,30}",
            ],
            0..40,
        )
    ) {
        let text = format!("---\n{}", lines.join("\n"));
        if let Ok(a) = parse_bytes(text.as_bytes()) {
            prop_assert!(!a.name.is_empty());
        }
        let _ = examples::extract(&text);
    }
}
