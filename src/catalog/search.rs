//! Fuzzy search over a catalog, fzf style: space-separated terms must all match, best first.
//! `key:value` terms filter by field (`model:opus tool:Bash scope:user color:green
//! has:examples is:duplicate is:broken`), and `!` negates a term. Shared by the browser and
//! `agentdeck list --query`, so both rank the same way.
//!
//! Each fuzzy term is scored against the name (weighted highest), the description summary
//! (examples left out: any long text matches almost any letters), tools, model and path.

use super::agent::{Agent, Scope, Severity};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// One search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into the agent slice that was searched.
    pub index: usize,
    pub score: i64,
    /// Char indices in the agent's name that matched, for highlighting.
    pub name_positions: Vec<usize>,
}

/// How much a match in each field counts.
const NAME_WEIGHT: i64 = 4;
/// Only the start of the description summary is searched.
const SUMMARY_CHARS: usize = 240;

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

fn filter_matches(a: &Agent, f: &Filter) -> bool {
    let has = |hay: &Option<String>, v: &str| hay.as_deref().is_some_and(|h| h.to_lowercase().contains(v));
    match f {
        Filter::Model(v) => has(&a.model, v) || (v == "inherit" && a.model.is_none()),
        // No `tools` key means every tool, so such agents have any tool asked for.
        Filter::Tool(v) => a.tools.as_ref().is_none_or(|ts| ts.iter().any(|t| t.to_lowercase().contains(v.as_str()))),
        Filter::Scope(v) => Scope::parse(v).map_or(a.scope.label().contains(v.as_str()), |s| a.scope == s),
        Filter::Color(v) => has(&a.color, v),
        Filter::Name(v) => a.name.to_lowercase().contains(v.as_str()),
        Filter::Has(v) => match v.as_str() {
            "examples" | "example" => !a.examples.is_empty(),
            "tools" => a.tools.is_some(),
            "color" | "colour" => a.color.is_some(),
            "model" => a.model.is_some(),
            "body" | "persona" => !a.body.trim().is_empty(),
            "diagnostics" | "issues" => !a.diagnostics.is_empty(),
            key => a.extra.contains_key(key),
        },
        Filter::Is(v) => match v.as_str() {
            "duplicate" | "dup" | "dupe" => a.same_name > 1,
            "broken" | "skipped" => a.is_broken(),
            "shadowed" => a.shadowed_by.is_some(),
            "effective" => a.shadowed_by.is_none(),
            "retry" => a.claude_code == super::agent::Verdict::LoadsAfterRetry,
            "error" | "errors" => a.worst() == Some(Severity::Error),
            "warning" | "warnings" => a.worst() >= Some(Severity::Warning),
            "ok" | "clean" => a.worst() < Some(Severity::Warning),
            _ => false,
        },
    }
}

fn summary_prefix(a: &Agent) -> &str {
    let s = a.summary();
    match s.char_indices().nth(SUMMARY_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The best score of one fuzzy term against an agent, with name positions when the name
/// matched.
fn score_term(m: &SkimMatcherV2, a: &Agent, term: &str) -> Option<(i64, Vec<usize>)> {
    let name = m.fuzzy_indices(&a.name, term).map(|(s, p)| (s * NAME_WEIGHT, p));
    let mut best = name.clone().map(|(s, _)| s);
    let others = [Some(summary_prefix(a)), a.model.as_deref(), a.path.to_str()];
    for text in others.into_iter().flatten() {
        if let Some(s) = m.fuzzy_match(text, term) {
            best = Some(best.map_or(s, |b| b.max(s)));
        }
    }
    if let Some(tools) = &a.tools {
        for t in tools {
            if let Some(s) = m.fuzzy_match(t, term) {
                best = Some(best.map_or(s, |b| b.max(s)));
            }
        }
    }
    best.map(|s| (s, name.map(|(_, p)| p).unwrap_or_default()))
}

/// Search `agents` for `query`; best first. An empty query keeps every agent in order.
pub fn search(agents: &[Agent], query: &str) -> Vec<Hit> {
    search_parsed(agents, &Query::parse(query))
}

pub fn search_parsed(agents: &[Agent], query: &Query) -> Vec<Hit> {
    let matcher = SkimMatcherV2::default().smart_case();
    let mut hits: Vec<Hit> = agents
        .iter()
        .enumerate()
        .filter_map(|(index, a)| {
            let mut score = 0;
            let mut positions = Vec::new();
            for (neg, term) in &query.terms {
                let matched = match term {
                    Term::Filter(f) => filter_matches(a, f),
                    Term::Fuzzy(t) => match score_term(&matcher, a, t) {
                        Some((s, p)) if !neg => {
                            score += s;
                            positions.extend(p);
                            true
                        }
                        Some(_) => true,
                        None => false,
                    },
                };
                if matched == *neg {
                    return None;
                }
            }
            positions.sort_unstable();
            positions.dedup();
            Some(Hit { index, score, name_positions: positions })
        })
        .collect();
    if !query.is_empty() {
        hits.sort_by(|x, y| {
            y.score
                .cmp(&x.score)
                .then_with(|| agents[x.index].name.len().cmp(&agents[y.index].name.len()))
                .then_with(|| x.index.cmp(&y.index))
        });
    }
    hits
}
