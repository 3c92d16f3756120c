//! The catalog's modules form layers: no module reaches, directly or through others, a module
//! that reaches it. The compiler allows loops inside a crate, so this test reads the sources
//! and follows every `super::x`, `super::super::x` and `crate::catalog::x` path to another
//! top-level module of the catalog (tests left out: they may look anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The folders that group modules by what they are.
const GROUPS: &[&str] = &["input", "model", "writing"];

/// Every `.rs` file below `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the catalog's sources are readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text that is compiled outside tests: comments and the `tests` module left out.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The identifiers right after each `prefix` in `code`, including every first segment of a
/// `prefix{a, b::c}` group.
fn named_after(code: &str, prefix: &str) -> Vec<String> {
    let word = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            out.extend(group.split(',').map(|part| word(part.trim())));
        } else {
            out.push(word(rest));
        }
    }
    out
}

/// Module -> the catalog's modules it uses.
fn graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(root, &mut files);
    let module = |p: &Path| {
        let rel = p.strip_prefix(root).unwrap();
        // A group (`input`, `model`, `writing`) is a folder of modules, not a module of its own.
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let first = parts.next().unwrap();
        let name = if GROUPS.contains(&first.as_str()) { parts.next().unwrap_or(first) } else { first };
        name.trim_end_matches(".rs").to_string()
    };
    let names: BTreeSet<String> = files.iter().map(|p| module(p)).filter(|m| m != "mod").collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = names.iter().map(|n| (n.clone(), BTreeSet::new())).collect();
    for file in files.iter().filter(|p| p.file_name().is_some_and(|n| n != "tests.rs")) {
        let from = module(file);
        if from == "mod" {
            continue;
        }
        let text = code(&std::fs::read_to_string(file).unwrap());
        // How far below the catalog the file's module is (`x/mod.rs` is `x`, one level).
        let levels = file.strip_prefix(root).unwrap().components().count();
        let depth = levels - usize::from(file.file_name().is_some_and(|n| n == "mod.rs"));
        let up = "super::".repeat(depth);
        let mut used = named_after(&text, "crate::catalog::");
        used.extend(named_after(&text, &up));
        for to in used.into_iter().filter(|t| names.contains(t) && *t != from) {
            g.get_mut(&from).unwrap().insert(to);
        }
    }
    g
}

/// A loop through `start`, if there is one: the modules in order.
fn loop_through(g: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in &g[&at] {
            if next == start {
                return Some([path.clone(), vec![start.to_string()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn the_catalogs_modules_form_layers_without_a_loop() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/catalog");
    let g = graph(&root);
    assert!(g.len() > 20 && g["store"].contains("file"), "the sources were read: {g:?}");
    let loops: Vec<String> = g.keys().filter_map(|m| loop_through(&g, m)).map(|l| l.join(" -> ")).collect();
    assert!(loops.is_empty(), "modules in a loop:\n{}", loops.join("\n"));
}

#[test]
fn a_loop_is_found_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.rs"), "use super::b::Thing;\n").unwrap();
    std::fs::write(dir.path().join("b.rs"), "pub fn f() { crate::catalog::c::g() }\n").unwrap();
    std::fs::create_dir(dir.path().join("c")).unwrap();
    std::fs::write(dir.path().join("c/mod.rs"), "use super::{a, x};\n// super::b\n").unwrap();
    let g = graph(dir.path());
    assert_eq!(loop_through(&g, "a"), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    std::fs::write(dir.path().join("c/mod.rs"), "// use super::a;\n").unwrap();
    assert_eq!(loop_through(&graph(dir.path()), "a"), None);
}
