//! Every quirk of FORMAT.md, one fixture each (tests/fixtures/quirks), read through the
//! public catalog API: the verdict Claude Code would give, which reader step worked, the
//! fields a person reads in the file, and the diagnostics.

use agentdeck::catalog::load::{LoadRequest, load};
use agentdeck::catalog::parse::parse;
use agentdeck::catalog::{Agent, ParseStep, Role, Scope, Severity, Verdict};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Agent {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks").join(name);
    let bytes = std::fs::read(&path).unwrap();
    parse(&bytes, path, Scope::Path).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn codes(a: &Agent) -> Vec<&str> {
    a.diagnostics.iter().map(|d| d.code).collect()
}

#[track_caller]
fn expect(name: &str, verdict: Verdict, step: ParseStep, diags: &[&str]) -> Agent {
    let a = fixture(name);
    assert_eq!(a.claude_code, verdict, "{name} verdict");
    assert_eq!(a.parse_step, step, "{name} step");
    for d in diags {
        assert!(codes(&a).contains(d), "{name}: want {d}, got {:?}", codes(&a));
    }
    a
}

#[test]
fn clean_file_loads_strictly_without_diagnostics() {
    let a = expect("strict-ok.md", Verdict::Loads, ParseStep::Strict, &[]);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert_eq!(a.tools.as_deref(), Some(&["Read".to_string(), "Edit".into(), "Bash".into()][..]));
}

#[test]
fn unquoted_colon_needs_claude_codes_retry() {
    let a = expect("colon-in-description.md", Verdict::LoadsAfterRetry, ParseStep::Retry, &["yaml-invalid"]);
    assert!(a.description.contains(": "), "{}", a.description);
}

#[test]
fn multiline_description_needs_the_tolerant_reader() {
    let a =
        expect("multiline-examples.md", Verdict::Skips, ParseStep::Tolerant, &["yaml-invalid", "claude-code-skips"]);
    assert_eq!(a.examples.len(), 2);
    assert!(a.examples.iter().all(|e| !e.user.is_empty() && !e.assistant.is_empty()));
    assert!(a.model.is_some(), "fields after the description are still read");
}

#[test]
fn literal_newlines_become_real_ones() {
    let a = expect("literal-newlines.md", Verdict::LoadsAfterRetry, ParseStep::Retry, &[]);
    assert!(!a.description.contains("\\n"));
    assert!(a.description.contains('\n'));
    assert_eq!(a.examples.len(), 2);
}

#[test]
fn mixed_newlines_keep_one_description() {
    let a = expect("mixed-newlines.md", Verdict::Skips, ParseStep::Tolerant, &["yaml-invalid"]);
    assert_eq!(a.examples.len(), 1);
    assert!(!a.description.contains("\\n"));
}

#[test]
fn tool_shapes() {
    let list = |n: &str| fixture(n).tools;
    assert_eq!(list("tools-string.md").map(|t| t.len()), Some(4));
    assert_eq!(list("tools-list.md").map(|t| t.len()), Some(3));
    assert_eq!(list("tools-flow-list.md"), Some(vec!["Read".to_string(), "Grep".into()]));
    // Written empty, as the file says; Claude Code 2.1.332 reads that as all tools.
    assert_eq!(list("tools-empty.md"), Some(vec![]));
    assert!(fixture("tools-empty.md").all_tools());
    assert_eq!(list("tools-star.md"), None, "* means all");
    let patterns = list("tools-patterns.md").unwrap();
    assert_eq!(patterns, ["Read", "Agent(worker, researcher)", "mcp__srv__do_thing"]);
    let map = expect("opencode-tools-map.md", Verdict::Loads, ParseStep::Strict, &["tools-map"]);
    assert_eq!(map.tools, Some(vec!["bash".to_string()]));
}

#[test]
fn missing_and_invalid_names() {
    let a = expect("no-name.md", Verdict::Skips, ParseStep::Strict, &["missing-name", "claude-code-skips"]);
    assert_eq!(a.name, "no-name", "falls back to the file stem");
    assert!(a.name_from_file);
    expect("no-description.md", Verdict::Skips, ParseStep::Strict, &["missing-description"]);
    expect("invalid-name.md", Verdict::Skips, ParseStep::Strict, &["invalid-name"]);
}

#[test]
fn unknown_model_and_colour_warn_but_load() {
    expect("unknown-model.md", Verdict::Loads, ParseStep::Strict, &["unknown-model"]);
    expect("unknown-color.md", Verdict::Loads, ParseStep::Strict, &["unknown-color"]);
    let m = expect("magenta.md", Verdict::Loads, ParseStep::Strict, &[]);
    assert_eq!(m.color.as_deref(), Some("magenta"));
    assert!(!codes(&m).contains(&"unknown-color"));
}

#[test]
fn bom_and_line_endings() {
    let bom = expect("bom.md", Verdict::Loads, ParseStep::Strict, &["bom"]);
    assert!(!bom.name.starts_with('\u{feff}'));
    let crlf = expect("crlf.md", Verdict::Loads, ParseStep::Strict, &["crlf"]);
    assert!(!crlf.body.contains('\r') && !crlf.description.contains('\r'));
    expect("crlf-colon.md", Verdict::Skips, ParseStep::Retry, &["crlf", "claude-code-skips"]);
}

#[test]
fn encoding_problems_are_reported() {
    let m = expect("mojibake.md", Verdict::Loads, ParseStep::Strict, &["mojibake"]);
    let d = m.diagnostics.iter().find(|d| d.code == "mojibake").unwrap();
    assert!(d.message.contains('🔴') || d.message.contains('\u{2019}'), "{}", d.message);
    let u = expect("invalid-utf8.md", Verdict::Loads, ParseStep::Strict, &["invalid-utf8"]);
    assert!(u.body.contains('\u{fffd}'));
}

#[test]
fn bodies_and_keys() {
    expect("empty-body.md", Verdict::Loads, ParseStep::Strict, &["empty-body"]);
    let a = expect("unknown-keys.md", Verdict::Loads, ParseStep::Strict, &[]);
    let keys: Vec<&String> = a.extra.keys().collect();
    assert!(keys.len() >= 5, "{keys:?}");
    for k in ["version", "author", "tags", "category", "permissionMode"] {
        assert!(a.extra.contains_key(k), "{k} missing from {keys:?}");
    }
    let pos = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    assert!(pos("version") < pos("author"), "file order kept");
}

#[test]
fn frontmatter_shape_problems() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks/not-an-agent.md");
    assert!(parse(&std::fs::read(&path).unwrap(), path, Scope::Path).is_err());
    let u = expect("unclosed-frontmatter.md", Verdict::Skips, ParseStep::Strict, &["unclosed-frontmatter"]);
    assert_eq!(u.model.as_deref(), Some("sonnet"), "frontmatter ends at the first blank line");
    assert!(u.body.contains("small test agent"));
    // Claude Code reads a repeated key, the last one winning; we say so.
    let d = expect("duplicate-keys.md", Verdict::Loads, ParseStep::Strict, &["duplicate-key"]);
    assert_eq!(d.model.as_deref(), Some("opus"));
}

#[test]
fn example_variants() {
    let b = fixture("example-bullets.md");
    assert_eq!(b.examples.len(), 2);
    assert!(b.examples.iter().all(|e| !e.context.is_empty() && !e.user.is_empty() && !e.assistant.is_empty()));
    let h = fixture("example-human.md");
    assert_eq!(h.examples[0].turns.len(), 4);
    assert_eq!(h.examples[0].turns[0].0, Role::User);
    let n = fixture("example-no-closing.md");
    assert_eq!(n.examples.len(), 1);
    assert!(!n.examples[0].user.is_empty());
}

#[test]
fn folder_scan_leaves_out_non_agents_and_keeps_every_agent() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks");
    let md_files = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "md"))
        .count();
    let cat = load(&LoadRequest::paths(vec![dir])).unwrap();
    // README.md and not-an-agent.md have no frontmatter: left out of a folder scan.
    assert_eq!(cat.agents.len(), md_files - 2);
    assert!(cat.agents.iter().all(|a| !a.path.ends_with("not-an-agent.md")));
    // What was left out is counted, not listed.
    assert_eq!(cat.notices, ["2 files without frontmatter (not agents) were left out"]);
}

/// A file the user names is meant as an agent: without frontmatter it is one Claude Code
/// skips, with the reason, so `check` fails on it.
#[test]
fn explicitly_named_non_agent_is_reported() {
    let f = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks/not-an-agent.md");
    let cat = load(&LoadRequest::paths(vec![f])).unwrap();
    assert!(cat.notices.is_empty(), "{:?}", cat.notices);
    let [a] = &cat.agents[..] else { panic!("{:?}", cat.agents) };
    assert_eq!((a.name.as_str(), a.claude_code, a.name_from_file), ("not-an-agent", Verdict::Skips, true));
    assert_eq!(
        a.diagnostics.iter().map(|d| (d.severity, d.code)).collect::<Vec<_>>(),
        [(Severity::Error, "no-frontmatter")]
    );
}

#[test]
fn bundled_examples_cover_the_features() {
    let agents = agentdeck::catalog::load::bundled();
    assert!((8..=12).contains(&agents.len()), "{}", agents.len());
    assert!(agents.iter().filter(|a| a.name == "code-reviewer").count() == 2, "a same-name pair to compare");
    assert!(agents.iter().filter(|a| !a.examples.is_empty()).count() >= 5);
    assert!(agents.iter().any(|a| a.claude_code == Verdict::Skips), "one broken file");
    assert!(agents.iter().any(|a| a.tools.is_none()) && agents.iter().any(|a| a.tools.is_some()));
    assert!(agents.iter().all(|a| a.scope == Scope::Bundled));
}
