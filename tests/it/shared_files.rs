//! The five seeds and the 500 real files in `../shared`: every one loads with the fields a
//! person reads in it. Needs `../shared` beside the project (CI has it), hence ignored by
//! default; `.ci/run` runs these with `--include-ignored`.

use agentdeck::catalog::load::{LoadRequest, load, load_entries};
use agentdeck::catalog::{Agent, Entry, Verdict};
use std::collections::HashMap;
use std::path::PathBuf;

fn shared(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared").join(sub)
}

fn seeds() -> HashMap<String, Agent> {
    let cat = load(&LoadRequest::paths(vec![shared("seeds")])).unwrap_or_default();
    // Seeds are .txt files: name each one explicitly.
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(cat.agents.is_empty(), "a folder scan only takes *.md");
    let cat = load(&LoadRequest::paths(files)).unwrap();
    cat.agents.into_iter().map(|a| (a.path.file_name().unwrap().to_string_lossy()[..3].to_string(), a)).collect()
}

#[test]
#[ignore = "needs ../shared"]
fn seeds_read_as_a_person_reads_them() {
    let s = seeds();
    assert_eq!(s.len(), 5);
    let row = |k: &str| {
        let a = &s[k];
        (a.name.as_str(), a.model.as_deref(), a.color.as_deref(), a.examples.len(), a.claude_code)
    };
    assert_eq!(row("000"), ("backend-lead", Some("opus"), None, 3, Verdict::LoadsAfterRetry));
    assert_eq!(row("001"), ("backend-lead", Some("inherit"), Some("green"), 3, Verdict::Skips));
    assert_eq!(row("002"), ("backend-lead", Some("sonnet"), None, 0, Verdict::Loads));
    assert_eq!(row("003"), ("backend-engineer", Some("opus"), Some("pink"), 3, Verdict::LoadsAfterRetry));
    assert_eq!(row("004"), ("senior-backend-expert", Some("opus"), Some("green"), 4, Verdict::LoadsAfterRetry));
    let tools = s["003"].tools.as_ref().unwrap();
    assert_eq!(tools.len(), 73);
    assert_eq!(tools[0], "Glob");
    assert_eq!(tools.last().unwrap(), "mcp__playwright__browser_wait_for");
    assert_eq!(s["002"].tools.as_ref().unwrap().join(","), "Read,Write,Edit,Bash,Grep,Glob");
    assert!(s["000"].examples[0].user.contains("manages multiple AI model providers"));
    assert!(s["001"].examples[2].commentary.starts_with("Data architecture involves"));
    assert!(s["004"].examples[2].assistant.contains("I'll use the senior-backend-expert"));
    assert!(s["004"].diagnostics.iter().any(|d| d.code == "mojibake" && d.message.contains('🔴')));
    for a in s.values() {
        assert!(!a.description.contains("\\n"), "{}", a.path.display());
    }
    // Two of the three backend-lead files load and are one conflict: the last in path order
    // wins, as Claude Code 2.1.332 picks 002, and the other points at it. The one Claude Code
    // skips takes no part: it shadows nothing and is shadowed by nothing (issue 12).
    let winner = &s["002"].path;
    assert_eq!(s["002"].shadowed_by, None);
    assert_eq!(s["001"].shadowed_by, None);
    assert!(s["001"].diagnostics.iter().all(|d| d.code != "duplicate-name"));
    assert_eq!(s["000"].shadowed_by.as_ref(), Some(winner));
    assert!(s["002"].diagnostics.iter().any(|d| d.code == "duplicate-name" && d.message.starts_with("2 files")));
    assert!(["000", "001", "002"].iter().all(|k| s[*k].same_name == 3));
}

/// The `key: value` of a column-0 frontmatter line, the way a person reads the file.
fn line_value(raw: &str, key: &str) -> Option<String> {
    let fm = raw.strip_prefix("---\n")?.split("\n---").next()?;
    fm.lines().find_map(|l| {
        let v = l.strip_prefix(key)?.strip_prefix(':')?.trim();
        Some(v.trim_matches('"').trim_matches('\'').to_string())
    })
}

#[test]
#[ignore = "needs ../shared"]
fn every_corpus_file_loads_with_its_frontmatter_fields() {
    let cat = load(&LoadRequest::paths(vec![shared("corpus")])).unwrap();
    let mut files = 0;
    for dir in std::fs::read_dir(shared("corpus")).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            files += walk_md(&dir);
        }
    }
    assert_eq!(cat.agents.len(), files, "none dropped");
    assert!(files >= 500);
    for a in &cat.agents {
        let raw = std::fs::read_to_string(&a.path).unwrap();
        assert_eq!(Some(a.name.clone()), line_value(&raw, "name"), "{}", a.path.display());
        assert_eq!(a.model, line_value(&raw, "model").filter(|m| !m.is_empty()), "{}", a.path.display());
        assert_eq!(a.color, line_value(&raw, "color").filter(|m| !m.is_empty()), "{}", a.path.display());
        assert_ne!(a.claude_code, Verdict::Skips, "{}", a.path.display());
        let in_fm = raw.split("\n---").next().unwrap().matches("<example>").count();
        assert!(a.examples.len() >= in_fm, "{}", a.path.display());
    }
    let mut names: HashMap<&str, usize> = HashMap::new();
    for a in &cat.agents {
        *names.entry(&a.name).or_default() += 1;
    }
    let dups: Vec<&&str> = names.iter().filter(|(_, n)| **n > 1).map(|(k, _)| k).collect();
    assert_eq!(dups.len(), 29);
    for a in cat.agents.iter().filter(|a| names[a.name.as_str()] > 1) {
        assert!(a.diagnostics.iter().any(|d| d.code == "duplicate-name"), "{}", a.path.display());
    }
}

/// The browser and `list` keep light entries, parsed without bodies or examples; over every
/// real file they must be the entries of the full agents.
#[test]
#[ignore = "needs ../shared"]
fn light_entries_are_the_full_agents_entries() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(shared("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.push(shared("corpus"));
    let request = LoadRequest::paths(paths);
    let light = load_entries(&request).unwrap().agents;
    let full: Vec<Entry> = load(&request)
        .unwrap()
        .agents
        .iter()
        .zip(&light)
        .map(|(a, l)| Entry::with_source(a, l.source.clone()))
        .collect();
    assert!(full.len() >= 505, "only {} agents", full.len());
    assert_eq!(light.len(), full.len());
    for (l, f) in light.iter().zip(&full) {
        assert_eq!(l, f, "{}", f.path().display());
    }
    assert!(light.iter().any(|e| e.examples > 0), "examples were counted");
}

fn walk_md(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                walk_md(&p)
            } else if p.extension().is_some_and(|x| x == "md") && std::fs::read(&p).unwrap().starts_with(b"---") {
                1
            } else {
                0
            }
        })
        .sum()
}
