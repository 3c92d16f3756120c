use super::*;
use crate::catalog::{Agent, Scope};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn entry(name: &str, summary: &str, model: Option<&str>, tools: Option<&[&str]>) -> Entry {
    let mut a = Agent::new(name, PathBuf::from(format!("/root/{name}.md")), Scope::User);
    a.rel = crate::catalog::entry::relative_start(&a.path, Path::new("/root"));
    a.description = summary.into();
    a.model = model.map(Into::into);
    a.tools = tools.map(|t| t.iter().map(|s| s.to_string()).collect());
    Entry::new(&a)
}

fn names(entries: &[Entry], q: &str) -> Vec<String> {
    search(entries, q).into_iter().map(|h| entries[h.index].name.clone()).collect()
}

fn sample() -> Vec<Entry> {
    vec![
        entry("code-reviewer", "Reviews pull requests", Some("opus"), Some(&["Read", "Grep"])),
        entry("sql-tuner", "Speeds up slow queries", Some("sonnet"), Some(&["Bash"])),
        entry("senior-backend-expert", "Backend architecture", None, None),
        entry("docs-writer", "Writes guides for code", Some("haiku"), Some(&[])),
    ]
}

#[test]
fn name_matches_outrank_summary_matches() {
    // "code" is in code-reviewer's name and only in docs-writer's summary.
    assert_eq!(names(&sample(), "code"), ["code-reviewer", "docs-writer"]);
}

#[test]
fn all_terms_must_match_and_negation_removes() {
    let e = sample();
    assert_eq!(names(&e, "sql slow"), ["sql-tuner"]);
    assert_eq!(names(&e, "sql !slow"), Vec::<String>::new());
    assert_eq!(names(&e, "senxprt"), ["senior-backend-expert"]);
}

#[test]
fn filters_combine_with_fuzzy_terms() {
    let e = sample();
    assert_eq!(names(&e, "model:opus"), ["code-reviewer"]);
    // No model means inherit; no tools key means every tool, and so does one written empty
    // (docs-writer's), as Claude Code 2.1.332 reads it.
    assert_eq!(names(&e, "model:inherit"), ["senior-backend-expert"]);
    assert_eq!(names(&e, "tool:bash"), ["sql-tuner", "senior-backend-expert", "docs-writer"], "file order");
    assert_eq!(names(&e, "!tool:bash"), ["code-reviewer"]);
    assert_eq!(names(&e, "tool:grep code"), ["code-reviewer", "docs-writer"]);
    assert_eq!(names(&e, "is:ok | tool:bash model:opus"), ["code-reviewer"]);
}

#[test]
fn tools_and_path_are_searched() {
    let e = sample();
    assert_eq!(names(&e, "Grep"), ["code-reviewer"]);
    // The path below the root is searched, the root itself is not.
    assert!(names(&e, "root").is_empty());
    assert_eq!(names(&e, "tuner.md"), ["sql-tuner"]);
}

#[test]
fn empty_query_keeps_file_order() {
    let e = sample();
    let hits = search(&e, "  ");
    assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [0, 1, 2, 3]);
    let hits = search(&e, "! ^ |");
    assert_eq!(hits.len(), 4, "incomplete terms are left out, not matched");
}

fn anchored() -> Vec<Entry> {
    vec![
        entry("react-specialist", "React components", None, None),
        entry("expo-react-native", "Mobile apps", None, None),
        entry("python-pro", "Writes Python", None, None),
        entry("react", "The library itself", None, None),
        entry("reviewer-react-pro", "Reviews kubernetes manifests", None, None),
        entry("kube-helper", "Helps with kubernetes clusters", None, None),
    ]
}

#[test]
fn anchors_and_exact_terms_keep_only_what_they_say() {
    let e = anchored();
    assert_eq!(names(&e, "^react"), ["react", "react-specialist"]);
    assert_eq!(names(&e, "pro$"), ["python-pro", "reviewer-react-pro"]);
    assert_eq!(names(&e, "^react$"), ["react"]);
    assert_eq!(names(&e, "'kubernetes"), ["kube-helper", "reviewer-react-pro"], "summary hits, shorter name first");
    // Fuzzy, "kubernetes" is also spread over other text; exact, it is not.
    assert!(!names(&e, "'kbrnts").contains(&"kube-helper".to_string()));
    assert_eq!(names(&e, "!^react !pro$"), ["expo-react-native", "kube-helper"]);
    assert_eq!(names(&e, "!'kubernetes ^re"), ["react", "react-specialist"]);
    assert_eq!(names(&e, "^python | ^kube"), ["python-pro", "kube-helper"], "the longer prefix scores more");
    assert_eq!(names(&e, "^python | ^kube pro$"), ["python-pro"]);
}

#[test]
fn a_capital_letter_makes_a_term_case_sensitive() {
    let e = anchored();
    assert_eq!(names(&e, "'React"), ["react-specialist"], "only the summary has a capital R");
    assert_eq!(names(&e, "'react").len(), 4);
    assert_eq!(names(&e, "^React"), Vec::<String>::new());
    assert_eq!(names(&e, "!'React").len(), 5);
}

#[test]
fn words_in_the_name_rank_above_letters_spread_over_it() {
    let e = vec![
        entry("framework-migration-architect-review", "Migrates frameworks", None, None),
        entry("frontend-developer", "Builds React interfaces", None, None),
        entry("react-specialist", "Frontend components", None, None),
    ];
    let got = names(&e, "front react");
    assert_eq!(got[2], "framework-migration-architect-review", "{got:?}");
}

#[test]
fn a_typo_finds_the_name_but_ranks_below_names_without_one() {
    let mut e = vec![
        entry("python-pro", "Writes code", None, None),
        entry("docs-writer", "Please yield hot tonics now", None, None),
        entry("abc-lab", "A lab", None, None),
    ];
    // "pyhton" is in no name as typed; python-pro misses one letter of it, docs-writer has
    // its letters spread over the summary.
    assert_eq!(names(&e, "pyhton"), ["python-pro", "docs-writer"]);
    // With a name that holds the query as typed, that name comes first, the typo after it.
    e.push(entry("phyton-lab", "A lab", None, None));
    assert_eq!(names(&e, "phyton"), ["phyton-lab", "python-pro"]);
    // Short needles get no typo budget: one missing letter of four matches nearly anything.
    assert_eq!(names(&e[..1], "pyhto"), ["python-pro"]);
    assert!(names(&e[..1], "pyht").is_empty());
}

#[test]
fn parallel_search_equals_sequential() {
    let e: Vec<Entry> = (0..PARALLEL_MIN * 2)
        .map(|i| entry(&format!("agent-{i}"), if i % 7 == 0 { "rust reviewer" } else { "other" }, None, None))
        .collect();
    let q = Query::parse("rust");
    let all: Vec<usize> = (0..e.len()).collect();
    let par = search_in(&e, &q, &all);
    let mut seq = search_chunk(&e, &q, &all);
    rank(&mut seq);
    assert_eq!(par.len(), e.len().div_ceil(7));
    assert_eq!(par, seq);
}

#[test]
fn narrowed_search_equals_full_search() {
    let e = sample();
    let old = Query::parse("e");
    let new = Query::parse("er");
    assert!(new.narrows(&old));
    let all: Vec<usize> = (0..e.len()).collect();
    let mut prev: Vec<usize> = search_in(&e, &old, &all).iter().map(|h| h.index).collect();
    prev.sort_unstable();
    assert_eq!(search_in(&e, &new, &prev), search_in(&e, &new, &all));
}

#[test]
fn highlight_positions_are_char_indices() {
    assert_eq!(name_positions("code-reviewer", &Query::parse("cdr")), [0, 2, 5]);
    assert_eq!(name_positions("été-x", &Query::parse("x")), [4]);
    assert!(name_positions("abc", &Query::parse("!a model:x")).is_empty());
    // The text in the name is highlighted where it stands, not as scattered letters.
    assert_eq!(name_positions("a-rev-review", &Query::parse("review")), [6, 7, 8, 9, 10, 11]);
    assert_eq!(name_positions("pro-x-pro", &Query::parse("pro$")), [6, 7, 8]);
    assert_eq!(name_positions("python-pro", &Query::parse("pyhton")).len(), 5, "a typo match still shows");
}

/// Text from a small alphabet, so needles match often and in every way the scorer
/// rewards: at the start, after delimiters, on capitals after lowercase, exactly.
fn field() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[abAB_ -]{0,16}").expect("regex")
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    proptest::collection::vec((field(), field(), field(), field()), 1..24)
        .prop_map(|rows| rows.iter().map(|(n, s, m, t)| entry(n, s, Some(m), Some(&[t.as_str()]))).collect())
}

/// Query text from the same alphabet with every kind of term: marks, filters, `|`.
fn query_text() -> impl Strategy<Value = String> {
    query_of("[abAB]{1,7}", 4)
}

/// Queries of needles from `needle`, a regex.
fn query_of(needle: &'static str, terms: usize) -> impl Strategy<Value = String> {
    let term = (
        proptest::sample::select(vec!["", "", "!", "^", "'", "!^", "!'"]),
        needle,
        proptest::bool::weighted(0.2),
        proptest::sample::select(vec!["", "", "", "", " |", " | ", "name:", "tool:"]),
    )
        .prop_map(|(pre, needle, dollar, join)| match join {
            "name:" | "tool:" => format!("{pre}{join}{needle}"),
            _ => format!("{pre}{needle}{}{join}", if dollar { "$" } else { "" }),
        });
    proptest::collection::vec(term, 1..terms).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    // Looking at each tier only for the candidates no higher tier took changes no worth.
    #[test]
    fn pruned_scores_equal_full_scores(
        e in entries(),
        needle in "[abAB_-]{1,7}",
        mode in proptest::sample::select(vec![Mode::Fuzzy, Mode::Substring, Mode::Prefix, Mode::Suffix, Mode::Exact]),
    ) {
        let all: Vec<usize> = (0..e.len()).collect();
        prop_assert_eq!(text_scores(&e, &all, mode, &needle, true), text_scores(&e, &all, mode, &needle, false));
    }

    // What the browser relies on: when a query narrows the last one, searching only the last
    // hits finds exactly what searching everything finds.
    #[test]
    fn narrowing_holds_whenever_claimed(
        e in entries(),
        old in query_text(),
        extra in proptest::sample::select(vec!["", "a", "b", "A", "$", " a", " !b", " | a", "ab"]),
        edit in 0usize..8,
    ) {
        // A typed character, or an edit that changes a term's kind: marks added or taken away.
        let new = match edit {
            0 => old.replacen('\'', "", 1),
            1 => old.replacen('^', "", 1),
            2 => old.replacen('$', "", 1),
            3 => format!("'{old}"),
            4 => format!("^{old}"),
            5 => old.replacen('^', "'", 1),
            _ => format!("{old}{extra}"),
        };
        let (oq, nq) = (Query::parse(&old), Query::parse(&new));
        if nq.narrows(&oq) {
            let all: Vec<usize> = (0..e.len()).collect();
            let mut prev: Vec<usize> = search_in(&e, &oq, &all).iter().map(|h| h.index).collect();
            prev.sort_unstable();
            prop_assert_eq!(search_in(&e, &nq, &prev), search_in(&e, &nq, &all), "{:?} after {:?}", new, old);
        }
    }

    // The same for two unrelated short queries, where every pair of term kinds meets.
    #[test]
    fn narrowing_holds_between_any_two_queries(e in entries(), old in query_of("[abA]{1,2}", 3), new in query_of("[abA]{1,2}", 3)) {
        let (oq, nq) = (Query::parse(&old), Query::parse(&new));
        if nq.narrows(&oq) {
            let all: Vec<usize> = (0..e.len()).collect();
            let mut prev: Vec<usize> = search_in(&e, &oq, &all).iter().map(|h| h.index).collect();
            prev.sort_unstable();
            prop_assert_eq!(search_in(&e, &nq, &prev), search_in(&e, &nq, &all), "{:?} after {:?}", new, old);
        }
    }
}

/// Issue 21, item 18: a common abbreviation finds what it stands for, first, and still finds
/// the names holding it as typed.
#[test]
fn abbreviations_find_what_they_stand_for() {
    let e = vec![
        entry("dotnet-framework-expert", "Builds .NET apps with k8s-free deploys", None, None),
        entry("kubernetes-specialist", "Runs clusters", None, None),
        entry("nats-expert", "Messaging", None, None),
        entry("typescript-pro", "Types", None, None),
        entry("mongodb-expert", "Documents", None, None),
    ];
    assert_eq!(names(&e, "k8s")[0], "kubernetes-specialist");
    assert!(names(&e, "k8s").contains(&"dotnet-framework-expert".to_string()), "k8s as typed still counts");
    assert_eq!(names(&e, "ts")[0], "typescript-pro");
    assert_eq!(names(&e, "K8S")[0], "kubernetes-specialist", "any case");
    assert!(names(&e, "!k8s").contains(&"kubernetes-specialist".to_string()), "a negation is not widened");
}

/// Issue 21, item 18: `body:` searches the persona, read from the file, and ranks below every
/// other field; plain terms leave the persona alone.
#[test]
fn body_terms_search_the_persona_below_every_other_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = |name: &str, description: &str, body: &str| {
        let path = dir.path().join(format!("{name}.md"));
        let text = format!("---\nname: {name}\ndescription: {description}\n---\n{body}\n");
        std::fs::write(&path, text).expect("write");
        let agent =
            crate::catalog::parse::parse(&std::fs::read(&path).expect("read"), path, Scope::User).expect("parse");
        Entry::new(&agent)
    };
    let e = vec![
        file("cluster-helper", "Runs clusters", "Use kubectl get pods, then kubectl describe."),
        file("kubectl-expert", "Knows the CLI", "Explains flags."),
        file("writer", "Writes guides", "Mentions Kubectl once."),
        file("other", "Mentions kubectl only here", "Nothing."),
    ];
    assert!(!names(&e, "kubectl").contains(&"cluster-helper".to_string()), "plain terms leave bodies alone");
    assert_eq!(names(&e, "body:kubectl"), ["cluster-helper", "writer"], "more mentions first");
    assert_eq!(names(&e, "body:Kubectl"), ["writer"], "smart case");
    assert_eq!(names(&e, "!body:kubectl"), ["kubectl-expert", "other"]);
    assert_eq!(names(&e, "kubectl | body:kubectl"), ["kubectl-expert", "other", "cluster-helper", "writer"]);
    assert!(Query::parse("body:kubectl").narrows(&Query::parse("body:kub")));
    assert!(!Query::parse("body:kub").narrows(&Query::parse("body:kubectl")));
}

/// Issue 21, item 19: a term growing into its typo budget (the fifth letter) no longer makes
/// the browser search every agent: the last hits and the names matching with a typo hold
/// every hit.
#[test]
fn a_term_growing_into_its_typo_budget_widens_the_last_hits() {
    let e = vec![
        entry("kubernetes-specialist", "Runs clusters", None, None),
        entry("kuer-tool", "No b anywhere", None, None),
        entry("docs-writer", "Writes about kubernetes", None, None),
        entry("other", "Nothing", None, None),
    ];
    let (old, new) = (Query::parse("kube"), Query::parse("kuber"));
    assert!(!new.narrows(&old));
    assert_eq!(new.widens(&old), Some(vec!["kuber".to_string()]));
    let all: Vec<usize> = (0..e.len()).collect();
    let last: Vec<usize> = search_in(&e, &old, &all).iter().map(|h| h.index).collect();
    assert!(!last.contains(&1), "kuer-tool holds no b");
    let mut cands = last.clone();
    cands.extend(typo_names(&e, &all, &["kuber".to_string()]));
    cands.sort_unstable();
    cands.dedup();
    assert_eq!(search_in(&e, &new, &cands), search_in(&e, &new, &all));
    assert!(search_in(&e, &new, &all).iter().any(|h| h.index == 1), "kuer-tool is a typo hit");
    assert_eq!(Query::parse("kub x").widens(&Query::parse("kub")), Some(vec![]), "narrowing widens by nothing");
    assert_eq!(Query::parse("kubex").widens(&Query::parse("kuber")), None);
    assert_eq!(Query::parse("rust debug").widens(&Query::parse("rust debu")), Some(vec!["debug".to_string()]));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    // What the browser relies on: when a query widens the last one, searching the last hits
    // and the names matching the grown needles finds exactly what searching everything finds.
    #[test]
    fn widening_holds_whenever_claimed(
        e in entries(),
        old in query_of("[abAB]{3,4}", 3),
        extra in proptest::sample::select(vec!["a", "b", "A", "ab", "ba", " a", " | b"]),
    ) {
        let new = format!("{old}{extra}");
        let (oq, nq) = (Query::parse(&old), Query::parse(&new));
        if let Some(grown) = nq.widens(&oq) {
            let all: Vec<usize> = (0..e.len()).collect();
            let mut cands: Vec<usize> = search_in(&e, &oq, &all).iter().map(|h| h.index).collect();
            cands.extend(typo_names(&e, &all, &grown));
            cands.sort_unstable();
            cands.dedup();
            prop_assert_eq!(search_in(&e, &nq, &cands), search_in(&e, &nq, &all), "{:?} after {:?}", new, old);
        }
    }
}
