//! Ranking measured on queries people type, over the 500 real agent files in
//! `../shared/corpus` (three public collections): for each query, the agents a person means
//! must be the first distinct names listed (the corpus holds several files per name). Typos
//! are among them (`pyhton`, `dokcer`, `kubernets`), and so are several words, where those
//! hitting the name must come first (`front react`).
//!
//! `cargo test --test it search_ranking -- --include-ignored --nocapture` prints, for every query,
//! where each expected name landed; the known misses at the end are printed, not asserted.

use agentdeck::catalog::Entry;
use agentdeck::catalog::load::{self, LoadRequest};
use agentdeck::catalog::search;
use std::path::Path;

/// A query, and the names that must fill its first `names.len()` distinct places.
const CASES: &[(&str, &[&str])] = &[
    ("front react", &["frontend-developer"]),
    ("python", &["python-pro", "python-expert"]),
    ("pyhton", &["python-pro", "python-expert"]),
    ("dokcer", &["docker-expert"]),
    ("docker", &["docker-expert"]),
    ("kubernets", &["kubernetes-specialist", "kubernetes-expert"]),
    ("kube", &["kubernetes-specialist", "kubernetes-expert"]),
    ("terrafrom", &["terraform-expert", "terraform-engineer"]),
    ("djnago", &["django-expert", "django-developer"]),
    ("javscript", &["javascript-pro", "javascript-expert"]),
    (
        "secuirty",
        &[
            "security-scanning-security-auditor",
            "security-compliance-security-auditor",
            "security-auditor",
            "security-engineer",
        ],
    ),
    ("reviewr", &["code-reviewer", "team-reviewer"]),
    ("rust", &["rust-pro", "rust-expert", "rust-engineer"]),
    ("code review", &["code-reviewer"]),
    ("sec aud", &["security-auditor"]),
    ("golang", &["golang-pro"]),
    ("go", &["go-expert", "golang-pro"]),
    ("postgres", &["postgres-pro", "postgres-expert"]),
    ("debug", &["debugger"]),
    ("typescript", &["typescript-pro", "typescript-expert"]),
    ("react native", &["react-native-expert", "expo-react-native-expert"]),
    ("ml engineer", &["ml-engineer"]),
    ("data sci", &["data-scientist"]),
    ("api doc", &["api-documenter"]),
    ("ui design", &["ui-designer", "ui-ux-designer"]),
    ("incident", &["incident-responder"]),
    ("seo content", &["seo-content-writer", "seo-content-auditor", "seo-content-planner", "seo-content-refresher"]),
    ("perf", &["performance-monitor", "performance-engineer"]),
    ("test auto", &["test-automator"]),
    ("graphql", &["graphql-expert", "graphql-architect"]),
    ("sql", &["sql-pro", "sql-expert", "sqlite-expert"]),
    ("cloud arch", &["cloud-architect"]),
    ("prompt", &["prompt-crafter", "prompt-engineer"]),
    ("devops", &["devops-engineer"]),
    ("a11y", &["accessibility-expert"]),
    ("node", &["nodejs-expert", "node-specialist"]),
    ("^react", &["react-expert", "react-specialist", "react-native-expert"]),
    ("^golang | ^haskell", &["haskell-pro", "haskell-expert", "golang-pro"]),
    // Abbreviations find the word they stand for (issue 21, item 18).
    ("ts", &["typescript-pro", "typescript-expert"]),
    ("db opt", &["database-optimizer"]),
    ("k8s", &["kubernetes-expert", "kubernetes-specialist"]),
    ("js", &["javascript-pro", "javascript-expert"]),
    ("tf", &["terraform-expert", "terraform-engineer"]),
    ("perf tune", &["performance-engineer"]),
];

/// Several words, each a fragment or a misspelling of a word of the name or the description
/// (issue 21, item 18), and the agent that must be among the first three distinct names: the
/// word a term stands for counts above letters strewn over a name.
const TOP_THREE: &[(&str, &str)] = &[
    ("secrity reviw", "ad-security-reviewer"),
    ("perf tune", "performance-engineer"),
    ("debuger stack trace", "debugger"),
    ("revew identiy", "ad-security-reviewer"),
    ("perfromance bottlneck", "performance-engineer"),
    ("kubernets troublshoot", "kubernetes-specialist"),
    ("databse slow qeuries", "database-optimizer"),
    ("incidnet breach", "incident-responder"),
];

/// Queries whose intended result is not first yet, with the name meant: measured, not asserted.
const KNOWN_MISSES: &[(&str, &str)] = &[];

fn corpus() -> Vec<Entry> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    load::load_entries(&LoadRequest::paths(vec![root])).expect("../shared/corpus").agents
}

/// The distinct names of the results, best first.
fn ranked(entries: &[Entry], q: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    search::search(entries, q)
        .into_iter()
        .map(|h| entries[h.index].name.clone())
        .filter(|n| seen.insert(n.clone()))
        .collect()
}

fn place(names: &[String], name: &str) -> Option<usize> {
    names.iter().position(|n| n == name).map(|i| i + 1)
}

#[test]
#[ignore = "needs ../shared"]
fn queries_people_type_find_what_they_mean() {
    let entries = corpus();
    let mut failed = Vec::new();
    let mut reciprocal = 0.0;
    for (q, want) in CASES {
        let names = ranked(&entries, q);
        let places: Vec<Option<usize>> = want.iter().map(|w| place(&names, w)).collect();
        println!(
            "{q:>20}: {}",
            want.iter().zip(&places).map(|(w, p)| format!("{w} #{p:?}")).collect::<Vec<_>>().join(", ")
        );
        reciprocal += places[0].map_or(0.0, |p| 1.0 / p as f64);
        let mut top: Vec<&String> = names.iter().take(want.len()).collect();
        top.sort();
        let mut expected: Vec<&str> = want.to_vec();
        expected.sort_unstable();
        if top.iter().map(|s| s.as_str()).ne(expected.iter().copied()) {
            failed.push(format!("{q:?}: first {} are {:?}", want.len(), &names[..want.len().min(names.len())]));
        }
    }
    println!(
        "mean reciprocal rank of the first expected name: {:.3} over {} queries",
        reciprocal / CASES.len() as f64,
        CASES.len()
    );
    for (q, meant) in KNOWN_MISSES {
        println!("{q:>20}: {meant} #{:?} (known miss)", place(&ranked(&entries, q), meant));
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
#[ignore = "needs ../shared"]
fn words_hitting_the_name_come_before_letters_strewn_over_it() {
    let entries = corpus();
    let names = ranked(&entries, "front react");
    let at = |n: &str| place(&names, n).unwrap_or_else(|| panic!("{n} not found: {names:?}"));
    let strewn = at("framework-migration-architect-review");
    assert!(at("frontend-developer") < strewn && at("react-specialist") < strewn, "{names:?}");
}

#[test]
#[ignore = "needs ../shared"]
fn words_that_are_fragments_or_typos_find_the_agent_in_the_top_three() {
    let entries = corpus();
    let mut failed = Vec::new();
    for (q, want) in TOP_THREE {
        let names = ranked(&entries, q);
        println!("{q:>24}: {want} #{:?}", place(&names, want));
        if place(&names, want).is_none_or(|p| p > 3) {
            failed.push(format!("{q:?}: {want} not in the first three {:?}", &names[..3.min(names.len())]));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// `body:` finds what only the persona says (issue 21, item 18): `kubectl` is in no name or
/// description of these, only in their personas.
#[test]
#[ignore = "needs ../shared"]
fn body_terms_find_what_only_the_persona_says() {
    let entries = corpus();
    assert!(ranked(&entries, "'kubectl").is_empty(), "kubectl is only in personas");
    let names = ranked(&entries, "body:kubectl");
    for want in ["devops-troubleshooter", "policy-enforcer", "prod-logs-health-check"] {
        assert!(names.iter().any(|n| n.ends_with(want)), "{want} not in {names:?}");
    }
}
