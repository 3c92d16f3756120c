//! Fuzzy search over a catalog, fzf style: space-separated terms must all match, best first.
//! `key:value` terms filter by field (`model:opus tool:Bash scope:user color:green
//! has:examples is:duplicate is:broken`), and `!` negates a term. Shared by the browser and
//! `agentdeck list --query`, so both rank the same way.
//!
//! Each fuzzy term is scored against the name (weighted highest), the description summary
//! (examples left out: any long text matches almost any letters), tools, model and the path
//! below the folder searched. Matching is frizbee's (SIMD Smith-Waterman, fzf-like scoring):
//! one field at a time over a column of candidates, which is what it is fast at. At 100,000
//! agents a search splits its candidates across the cores; the browser also passes the previous
//! results as candidates when the new query can only narrow them ([`Query::narrows`]).

use super::agent::{Scope, Severity, Verdict};
use super::entry::Entry;
use super::names::Resolved;
use super::store::Store;
use frizbee::{Config, Matcher, SortStrategy};
use std::cmp::Reverse;

/// One search hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into the entry slice that was searched.
    pub index: usize,
    pub score: u32,
    /// The name's length, the first tie-break, kept here so ranking never leaves the hits.
    name_len: u32,
}

/// What a search reads: entries by id, and what the rest of the catalog says of them (name
/// clashes, disabling). A [`Store`] is one; a plain slice of entries is one with every name
/// unique (for tests and benchmarks).
pub trait Corpus: Sync {
    /// The entry at a live id.
    fn entry(&self, id: usize) -> &Entry;
    fn resolution(&self, id: usize) -> &Resolved;
    fn disabled(&self, id: usize) -> bool;
    /// Every live id, ascending.
    fn all_ids(&self) -> Vec<usize>;
    /// How the agent stands against its collection (`is:outdated`, `is:modified`, `is:installed`).
    fn status(&self, _id: usize) -> super::tracking::Status {
        super::tracking::Status::default()
    }
}

impl Corpus for [Entry] {
    fn entry(&self, id: usize) -> &Entry {
        &self[id]
    }
    fn resolution(&self, _: usize) -> &Resolved {
        Resolved::unique()
    }
    fn disabled(&self, _: usize) -> bool {
        false
    }
    fn all_ids(&self) -> Vec<usize> {
        (0..self.len()).collect()
    }
}

impl Corpus for Vec<Entry> {
    fn entry(&self, id: usize) -> &Entry {
        &self[id]
    }
    fn resolution(&self, _: usize) -> &Resolved {
        Resolved::unique()
    }
    fn disabled(&self, _: usize) -> bool {
        false
    }
    fn all_ids(&self) -> Vec<usize> {
        (0..self.len()).collect()
    }
}

impl Corpus for Store {
    fn entry(&self, id: usize) -> &Entry {
        self.get(id).expect("searched ids are live")
    }
    fn resolution(&self, id: usize) -> &Resolved {
        Store::resolution(self, id)
    }
    fn disabled(&self, id: usize) -> bool {
        self.disabled_by(id).is_some()
    }
    fn all_ids(&self) -> Vec<usize> {
        self.ids().collect()
    }
    fn status(&self, id: usize) -> super::tracking::Status {
        Store::status(self, id)
    }
}

/// How much a match in the name counts against one anywhere else.
const NAME_WEIGHT: u32 = 4;
/// Below this many candidates a search stays on one thread: spawning costs more than it saves.
const PARALLEL_MIN: usize = 8_192;

/// One parsed term of a query.
#[derive(Debug, Clone, PartialEq)]
enum Term {
    Fuzzy(String),
    Filter(Filter),
}

#[derive(Debug, Clone, PartialEq)]
enum Filter {
    Model(String),
    Tool(String),
    Scope(String),
    Color(String),
    Name(String),
    Has(String),
    Is(String),
}

/// A parsed query: terms, each possibly negated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    terms: Vec<(bool, Term)>,
}

impl Query {
    pub fn parse(q: &str) -> Query {
        let terms = q
            .split_whitespace()
            .filter_map(|raw| {
                let (neg, t) = match raw.strip_prefix('!') {
                    Some(rest) if !rest.is_empty() => (true, rest),
                    _ => (false, raw),
                };
                Some((neg, parse_term(t)?))
            })
            .collect();
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when every agent matching `self` also matches `previous`, so `self` can search
    /// only `previous`'s hits: terms were added, or the last term grew in a way that can only
    /// match less (a longer fuzzy needle, a longer `contains` filter). Negations, `has:`, `is:`
    /// and `model:` (where `inherit` also matches agents without a model) are not monotone.
    pub fn narrows(&self, previous: &Query) -> bool {
        let Some((last, before)) = previous.terms.split_last() else {
            return false; // the empty query matched everything anyway
        };
        if self.terms.len() < previous.terms.len() || self.terms[..before.len()] != *before {
            return false;
        }
        let grown = &self.terms[before.len()];
        let monotone_prefix = |old: &str, new: &str| new.starts_with(old);
        match (last, grown) {
            ((false, Term::Fuzzy(old)), (false, Term::Fuzzy(new))) => monotone_prefix(old, new),
            ((false, Term::Filter(old)), (false, Term::Filter(new))) => match (old, new) {
                (Filter::Tool(o), Filter::Tool(n))
                | (Filter::Color(o), Filter::Color(n))
                | (Filter::Name(o), Filter::Name(n))
                | (Filter::Scope(o), Filter::Scope(n)) => monotone_prefix(o, n),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether hits have scores to sort by: only fuzzy terms score; filters and negations
    /// keep the order files were found in.
    pub fn ranks(&self) -> bool {
        self.fuzzy_terms().any(|(neg, _)| !neg)
    }

    fn fuzzy_terms(&self) -> impl Iterator<Item = (bool, &str)> {
        self.terms.iter().filter_map(|(neg, t)| match t {
            Term::Fuzzy(s) => Some((*neg, s.as_str())),
            Term::Filter(_) => None,
        })
    }
}

fn parse_term(t: &str) -> Option<Term> {
    if let Some((key, value)) = t.split_once(':') {
        let v = value.to_lowercase();
        let f = match key.to_lowercase().as_str() {
            "model" | "m" => Some(Filter::Model(v)),
            "tool" | "tools" | "t" => Some(Filter::Tool(v)),
            "scope" | "s" => Some(Filter::Scope(v)),
            "color" | "colour" | "c" => Some(Filter::Color(v)),
            "name" | "n" => Some(Filter::Name(v)),
            "has" => Some(Filter::Has(v)),
            "is" => Some(Filter::Is(v)),
            _ => None,
        };
        if let Some(f) = f {
            return (!value.is_empty()).then_some(Term::Filter(f));
        }
    }
    Some(Term::Fuzzy(t.to_string()))
}

fn filter_matches<C: Corpus + ?Sized>(corpus: &C, id: usize, f: &Filter) -> bool {
    let a = corpus.entry(id);
    let r = corpus.resolution(id);
    let worst = a.worst().max(r.diagnostics.iter().map(|d| d.severity).max());
    let has = |hay: &Option<String>, v: &str| hay.as_deref().is_some_and(|h| h.to_lowercase().contains(v));
    match f {
        Filter::Model(v) => has(&a.model, v) || (v == "inherit" && a.model.is_none()),
        // No `tools` key means every tool, so such agents have any tool asked for.
        Filter::Tool(v) => a.tools.as_ref().is_none_or(|ts| ts.iter().any(|t| t.to_lowercase().contains(v.as_str()))),
        Filter::Scope(v) => Scope::parse(v).map_or(a.scope.label().contains(v.as_str()), |s| a.scope == s),
        Filter::Color(v) => has(&a.color, v),
        Filter::Name(v) => a.name.to_lowercase().contains(v.as_str()),
        Filter::Has(v) => match v.as_str() {
            "examples" | "example" => a.examples > 0,
            "tools" => a.tools.is_some(),
            "color" | "colour" => a.color.is_some(),
            "model" => a.model.is_some(),
            "body" | "persona" => a.has_body,
            "diagnostics" | "issues" => !a.diagnostics.is_empty() || !r.diagnostics.is_empty(),
            key => a.extra_keys.iter().any(|k| k == key),
        },
        Filter::Is(v) => match v.as_str() {
            "duplicate" | "dup" | "dupe" => r.same_name > 1,
            "broken" | "skipped" => a.is_broken(),
            "shadowed" => r.winner.is_some(),
            // What Claude Code really uses: loaded, not shadowed, not disabled.
            "effective" => r.winner.is_none() && !a.is_broken() && !corpus.disabled(id),
            "disabled" => corpus.disabled(id),
            "retry" => a.claude_code == Verdict::LoadsAfterRetry,
            "error" | "errors" => worst == Some(Severity::Error),
            "warning" | "warnings" => worst >= Some(Severity::Warning),
            "ok" | "clean" => worst < Some(Severity::Warning),
            "outdated" => corpus.status(id).outdated,
            "modified" => corpus.status(id).modified,
            "installed" => corpus.status(id).installed,
            _ => false,
        },
    }
}

fn matcher(needle: &str) -> Matcher {
    // Candidates are collected per field and merged by position, so frizbee need not sort.
    Matcher::new(needle, &Config::default().sort(SortStrategy::IndexAsc))
}

/// More than frizbee can score `needle` in any haystack: every needle byte matched with its
/// case and with both the capital and the delimiter bonus (they exclude each other in
/// practice), plus the prefix and exact-match bonuses that a haystack gives once.
fn score_bound(needle: &str) -> u32 {
    let s = Config::default().scoring;
    let per_byte = [s.match_score, s.matching_case_bonus, s.capitalization_bonus, s.delimiter_bonus]
        .iter()
        .map(|&v| u32::from(v))
        .sum::<u32>();
    let bytes = u32::try_from(needle.len()).unwrap_or(u32::MAX);
    let once = u32::from(s.prefix_bonus) + u32::from(s.exact_match_bonus);
    per_byte.saturating_mul(bytes).saturating_add(once)
}

/// The best score of `needle` for each candidate over all fields, `None` where nothing
/// matched. `cands` index `entries`. Names go first: a candidate whose weighted name score
/// already reaches what any other field could score ([`score_bound`]) keeps it, and its
/// other fields are not matched at all (for a one-letter query that is most of them);
/// `prune: false` matches every field, for the tests that check pruning changes nothing.
fn best_scores<C: Corpus + ?Sized>(entries: &C, cands: &[usize], needle: &str, prune: bool) -> Vec<Option<u32>> {
    let mut m = matcher(needle);
    let mut best: Vec<Option<u32>> = vec![None; cands.len()];
    let mut merge = |best: &mut [Option<u32>], hay: &[&str], owner: Option<&[usize]>, weight: u32| {
        for hit in m.match_list(hay) {
            let at = owner.map_or(hit.index as usize, |o| o[hit.index as usize]);
            let s = u32::from(hit.score) * weight;
            best[at] = Some(best[at].map_or(s, |b| b.max(s)));
        }
    };
    let names: Vec<&str> = cands.iter().map(|&i| entries.entry(i).name.as_str()).collect();
    merge(&mut best, &names, None, NAME_WEIGHT);
    let bound = if prune { score_bound(needle) } else { u32::MAX };
    let open: Vec<usize> = (0..cands.len()).filter(|&pos| best[pos].is_none_or(|b| b < bound)).collect();
    let column =
        |f: fn(&Entry) -> &str| -> Vec<&str> { open.iter().map(|&pos| f(entries.entry(cands[pos]))).collect() };
    merge(&mut best, &column(|e| &e.summary), Some(&open), 1);
    merge(&mut best, &column(Entry::relative_path), Some(&open), 1);
    let (mut hay, mut owner) = (Vec::new(), Vec::new());
    for &pos in &open {
        let e = entries.entry(cands[pos]);
        for t in e.model.iter().chain(e.tools.iter().flatten()) {
            hay.push(t.as_str());
            owner.push(pos);
        }
    }
    merge(&mut best, &hay, Some(&owner), 1);
    best
}

/// Search one slice of candidates on this thread.
fn search_chunk<C: Corpus + ?Sized>(entries: &C, query: &Query, cands: &[usize]) -> Vec<Hit> {
    let filters = query.terms.iter().filter_map(|(neg, t)| match t {
        Term::Filter(f) => Some((*neg, f)),
        Term::Fuzzy(_) => None,
    });
    let filters: Vec<(bool, &Filter)> = filters.collect();
    let mut hits: Vec<Hit> = cands
        .iter()
        .filter(|&&i| filters.iter().all(|(neg, f)| filter_matches(entries, i, f) != *neg))
        .map(|&index| Hit {
            index,
            score: 0,
            name_len: u32::try_from(entries.entry(index).name.len()).unwrap_or(u32::MAX),
        })
        .collect();
    for (neg, needle) in query.fuzzy_terms() {
        let idx: Vec<usize> = hits.iter().map(|h| h.index).collect();
        let scores = best_scores(entries, &idx, needle, true);
        let mut kept = scores.iter();
        hits.retain_mut(|h| match (kept.next().copied().flatten(), neg) {
            (Some(s), false) => {
                h.score += s;
                true
            }
            (None, true) => true,
            _ => false,
        });
    }
    hits
}

/// Search all of `entries` for `query`; best first. Without fuzzy terms the hits keep their
/// order (an empty query keeps every entry).
pub fn search<C: Corpus + ?Sized>(entries: &C, query: &str) -> Vec<Hit> {
    search_in(entries, &Query::parse(query), &entries.all_ids())
}

/// Search only the entries at `cands` (ascending ids); best first.
pub fn search_in<C: Corpus + ?Sized>(entries: &C, query: &Query, cands: &[usize]) -> Vec<Hit> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let mut hits = if cands.len() < PARALLEL_MIN || threads < 2 || query.is_empty() {
        search_chunk(entries, query, cands)
    } else {
        let size = cands.len().div_ceil(threads);
        std::thread::scope(|s| {
            let parts: Vec<_> =
                cands.chunks(size).map(|part| s.spawn(move || search_chunk(entries, query, part))).collect();
            parts.into_iter().flat_map(|p| p.join().expect("search thread panicked")).collect()
        })
    };
    if query.ranks() {
        rank(&mut hits);
    }
    hits
}

/// Best score first; ties go to the shorter name, then to the file found first.
pub fn rank(hits: &mut [Hit]) {
    hits.sort_unstable_by_key(|h| (Reverse(h.score), h.name_len, h.index));
}

/// The char positions in `name` that the query's fuzzy terms match, for highlighting.
pub fn name_positions(name: &str, query: &Query) -> Vec<usize> {
    let mut bytes: Vec<usize> = Vec::new();
    for (neg, needle) in query.fuzzy_terms() {
        if neg {
            continue;
        }
        if let Some(m) = matcher(needle).match_one_indices(name, 0) {
            bytes.extend(m.indices.iter().map(|&i| i as usize));
        }
    }
    let mut chars: Vec<usize> =
        name.char_indices().enumerate().filter(|(_, (b, _))| bytes.contains(b)).map(|(c, _)| c).collect();
    chars.dedup();
    chars
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Agent;
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
        // No model means inherit; no tools key means every tool.
        assert_eq!(names(&e, "model:inherit"), ["senior-backend-expert"]);
        assert_eq!(names(&e, "tool:bash"), ["sql-tuner", "senior-backend-expert"], "file order");
        assert_eq!(names(&e, "!tool:bash"), ["code-reviewer", "docs-writer"]);
        assert_eq!(names(&e, "tool:grep code"), ["code-reviewer"]);
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
    fn narrowing_is_only_claimed_when_it_holds() {
        let n = |new: &str, old: &str| Query::parse(new).narrows(&Query::parse(old));
        assert!(n("rus", "ru"));
        assert!(n("ru x", "ru"));
        assert!(n("tool:ba", "tool:b"));
        assert!(n("ru !x", "ru"));
        assert!(!n("ru", "rus"));
        assert!(!n("rux", "ru x"));
        assert!(!n("!abc", "!ab"), "a longer negated term matches more");
        assert!(!n("is:dup", "is:du"));
        assert!(!n("model:inherit", "model:inheri"));
        assert!(!n("m:", "m"), "an empty filter is dropped and matches everything");
        assert!(!n("x", ""));
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

    /// Text from a small alphabet, so needles match often and in every way the scorer
    /// rewards: at the start, after delimiters, on capitals after lowercase, exactly.
    fn field() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex("[abAB_ -]{0,16}").expect("regex")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        // Skipping the other fields of candidates whose name already scores enough changes no
        // score: the bound really bounds what frizbee gives any haystack.
        #[test]
        fn pruned_scores_equal_full_scores(
            rows in proptest::collection::vec((field(), proptest::collection::vec(0usize..80, 0..10), field(), proptest::bool::ANY, field(), field()), 1..24),
            needle in "[abAB_-]{1,10}",
        ) {
            // Names hold the needle's letters with gaps of up to 80 `x`s between them (a match
            // whose score long gaps pull down), or random text; summaries are random text or
            // the needle itself (an exact match with every bonus).
            let e: Vec<Entry> = rows
                .iter()
                .map(|(text, gaps, s, exact, m, t)| {
                    let name = if gaps.is_empty() {
                        text.clone()
                    } else {
                        needle.chars().enumerate().map(|(i, c)| format!("{c}{}", "x".repeat(gaps[i % gaps.len()]))).collect()
                    };
                    let summary = if *exact { needle.clone() } else { s.clone() };
                    entry(&name, &summary, Some(m), Some(&[t.as_str()]))
                })
                .collect();
            let all: Vec<usize> = (0..e.len()).collect();
            proptest::prop_assert_eq!(best_scores(&e, &all, &needle, true), best_scores(&e, &all, &needle, false));
        }

        #[test]
        fn no_haystack_scores_above_the_bound(hay in "[abAB_ -]{0,16}", needle in "[abAB_-]{1,5}") {
            let bound = score_bound(&needle);
            for h in [hay.as_str(), needle.as_str()] {
                if let Some(m) = matcher(&needle).match_one(h, 0) {
                    proptest::prop_assert!(u32::from(m.score) <= bound, "{} on {:?} scored {}", needle, h, m.score);
                }
            }
        }
    }

    #[test]
    fn highlight_positions_are_char_indices() {
        assert_eq!(name_positions("code-reviewer", &Query::parse("cdr")), [0, 2, 5]);
        assert_eq!(name_positions("été-x", &Query::parse("x")), [4]);
        assert!(name_positions("abc", &Query::parse("!a model:x")).is_empty());
    }
}
