//! Fuzzy search over a catalog, fzf style: space-separated terms must all match, best first,
//! with fzf's extended syntax (`'exact`, `^prefix`, `suffix$`, `!not`, `a | b`, smart case;
//! [`Query`]) and `key:value` filters (`model:opus tool:Bash scope:user color:green
//! has:examples is:duplicate`). Shared by the browser and `agentdeck list --query`, so both
//! rank the same way.
//!
//! Each text term is looked for in the name and, less valued, in the description summary
//! (examples left out: any long text matches almost any letters), tools, model and the path
//! below the folder searched. How a term hit decides its rank before the matcher's score does
//! ([`NAME_LITERAL`] and the tiers below it): the text in the name, then in another field,
//! then its letters in order in the name (one may be missing, a typo, at a cost), then its
//! letters in order in another field. So `front react` puts frontend-developer and react-specialist above a
//! name that merely holds the letters of both words, and `pyhton` finds python-pro.
//!
//! Matching is frizbee's (SIMD Smith-Waterman, fzf-like scoring, literal modes): one field at a
//! time over a column of candidates, which is what it is fast at, each tier only over the
//! candidates no higher tier took. At 100,000 agents a search splits its candidates across
//! the cores; the browser also passes the previous results as candidates when the new query
//! can only narrow them ([`Query::narrows`]).

mod filter;
mod query;

use super::entry::Entry;
pub use filter::{FilterKey, Part, State};
use frizbee::{Config, Matcher, Matching, SortStrategy};
use query::{Atom, Kind, Mode, typo_budget};
pub use query::{ProblemKind, Query, QueryProblem};
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

/// Below this many candidates a search stays on one thread: spawning costs more than it saves.
const PARALLEL_MIN: usize = 8_192;

/// What one term's hit is worth, by how it hit: the term's text in the name...
const NAME_LITERAL: u32 = 12;
/// ... in another field (summary, path, tools, model) ...
const FIELD_LITERAL: u32 = 4;
/// ... its letters in order in the name, or all but one ([`typo_budget`]) ...
const NAME_FUZZY: u32 = 3;
/// ... in order in another field.
const FIELD_FUZZY: u32 = 1;
/// A tier is worth more than any matcher score within one (scores are capped below it), and
/// the terms' worths add up: two words in the name beat one in the name and one elsewhere.
const UNIT: u32 = 1 << 12;
/// Taken from the score of a name that holds the needle only with a letter missing, so it
/// ranks below a name holding the same letters as typed; half a matched letter, so a compact
/// match with one typo still beats the letters strewn across a long name (`dokcer` finds
/// docker-expert before tdd-workflows-code-reviewer).
const TYPO_PENALTY: u16 = 6;

fn worth(tier: u32, score: u16) -> u32 {
    tier * UNIT + u32::from(score).min(UNIT - 1)
}

/// The fields a stage looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fields {
    Name,
    Others,
}

/// One pass of one term over the open candidates: where, how, and what a hit is worth.
struct Stage {
    fields: Fields,
    matching: Matching,
    typos: u16,
    tier: u32,
}

/// The passes of a text term, best tier first.
fn stages(mode: Mode, needle: &str) -> Vec<Stage> {
    let stage = |fields, matching, typos, tier| Stage { fields, matching, typos, tier };
    let name_only = |m| vec![stage(Fields::Name, m, 0, NAME_LITERAL)];
    let literal = vec![
        stage(Fields::Name, Matching::Substring, 0, NAME_LITERAL),
        stage(Fields::Others, Matching::Substring, 0, FIELD_LITERAL),
    ];
    match mode {
        Mode::Prefix => name_only(Matching::Prefix),
        Mode::Suffix => name_only(Matching::Suffix),
        Mode::Exact => name_only(Matching::Exact),
        Mode::Substring => literal,
        Mode::Fuzzy => {
            let mut all = literal;
            all.push(stage(Fields::Name, Matching::Fuzzy, typo_budget(needle), NAME_FUZZY));
            all.push(stage(Fields::Others, Matching::Fuzzy, 0, FIELD_FUZZY));
            all
        }
    }
}

/// Whether `name` holds every char of `needle` in order, with frizbee's smart case: a hit
/// of a matcher with a typo budget that used no typo.
fn in_order(needle: &str, name: &str) -> bool {
    let mut rest = name.chars();
    if needle.chars().any(char::is_uppercase) {
        needle.chars().all(|c| rest.any(|h| h == c))
    } else {
        needle.chars().all(|c| rest.any(|h| h.to_lowercase().eq(c.to_lowercase())))
    }
}

fn matcher(needle: &str, matching: Matching, typos: u16) -> Matcher {
    // Candidates are collected per field and merged by position, so frizbee need not sort.
    let config = Config::default().sort(SortStrategy::IndexAsc).matching(matching).max_typos(Some(typos));
    Matcher::new(needle, &config)
}

/// The worth of the text term `(mode, needle)` for each candidate, `None` where it does not
/// hit. `cands` index `entries`. Each stage only looks at the candidates no earlier (higher)
/// stage hit, since it could not raise their worth; `prune: false` runs every stage on every
/// candidate, for the tests that check pruning changes nothing.
fn text_scores(entries: &[Entry], cands: &[usize], mode: Mode, needle: &str, prune: bool) -> Vec<Option<u32>> {
    let mut best: Vec<Option<u32>> = vec![None; cands.len()];
    for st in stages(mode, needle) {
        let open: Vec<usize> = (0..cands.len()).filter(|&pos| !prune || best[pos].is_none()).collect();
        if open.is_empty() {
            break;
        }
        let mut m = matcher(needle, st.matching, st.typos);
        let mut merge = |best: &mut [Option<u32>], hay: &[&str], owner: &[usize]| {
            for hit in m.match_list(hay) {
                let at = owner[hit.index as usize];
                let typo = st.typos > 0 && !in_order(needle, hay[hit.index as usize]);
                let s = worth(st.tier, if typo { hit.score.saturating_sub(TYPO_PENALTY) } else { hit.score });
                best[at] = Some(best[at].map_or(s, |b| b.max(s)));
            }
        };
        let column = |f: fn(&Entry) -> &str| -> Vec<&str> { open.iter().map(|&pos| f(&entries[cands[pos]])).collect() };
        match st.fields {
            Fields::Name => merge(&mut best, &column(|e| &e.name), &open),
            Fields::Others => {
                merge(&mut best, &column(|e| &e.summary), &open);
                merge(&mut best, &column(Entry::relative_path), &open);
                let (mut hay, mut owner) = (Vec::new(), Vec::new());
                for &pos in &open {
                    let e = &entries[cands[pos]];
                    for t in e.model.iter().chain(e.tools.iter().flatten()) {
                        hay.push(t.as_str());
                        owner.push(pos);
                    }
                }
                merge(&mut best, &hay, &owner);
            }
        }
    }
    best
}

/// What one term gives each candidate: a worth (0 for filters and negations), or `None`.
fn atom_scores(entries: &[Entry], cands: &[usize], atom: &Atom, prune: bool) -> Vec<Option<u32>> {
    let hit = match &atom.kind {
        Kind::Filter(f) => cands.iter().map(|&i| f.matches(&entries[i]).then_some(0)).collect(),
        Kind::Nothing => vec![None; cands.len()],
        Kind::Text { mode, needle } => text_scores(entries, cands, *mode, needle, prune),
    };
    if atom.neg { hit.into_iter().map(|s| if s.is_some() { None } else { Some(0) }).collect() } else { hit }
}

/// The best alternative of a group (`a | b`) for each candidate.
fn group_scores(entries: &[Entry], cands: &[usize], group: &[Atom]) -> Vec<Option<u32>> {
    let mut best: Vec<Option<u32>> = vec![None; cands.len()];
    for atom in group {
        for (b, s) in best.iter_mut().zip(atom_scores(entries, cands, atom, true)) {
            *b = (*b).max(s);
        }
    }
    best
}

/// Search one slice of candidates on this thread.
fn search_chunk(entries: &[Entry], query: &Query, cands: &[usize]) -> Vec<Hit> {
    let mut hits: Vec<Hit> = cands
        .iter()
        .map(|&index| Hit { index, score: 0, name_len: u32::try_from(entries[index].name.len()).unwrap_or(u32::MAX) })
        .collect();
    // Groups of filters first: they cost next to nothing and leave text matching less to do.
    let mut groups: Vec<&Vec<Atom>> = query.groups.iter().collect();
    groups.sort_by_key(|g| g.iter().any(|a| matches!(a.kind, Kind::Text { .. })));
    for g in groups {
        if hits.is_empty() {
            break;
        }
        let idx: Vec<usize> = hits.iter().map(|h| h.index).collect();
        let mut scores = group_scores(entries, &idx, g).into_iter();
        hits.retain_mut(|h| match scores.next().flatten() {
            Some(s) => {
                h.score = h.score.saturating_add(s);
                true
            }
            None => false,
        });
    }
    hits
}

/// Search all of `entries` for `query`; best first. Without fuzzy terms the hits keep their
/// order (an empty query keeps every entry).
pub fn search(entries: &[Entry], query: &str) -> Vec<Hit> {
    let all: Vec<usize> = (0..entries.len()).collect();
    search_in(entries, &Query::parse(query), &all)
}

/// Search only the entries at `cands` (ascending indices); best first.
pub fn search_in(entries: &[Entry], query: &Query, cands: &[usize]) -> Vec<Hit> {
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
    for (mode, needle) in query.positive_texts() {
        // The same kinds of name hit, in the same order, as the ranking tries them.
        let name_stages = stages(mode, needle).into_iter().filter(|st| st.fields == Fields::Name);
        let found =
            name_stages.into_iter().find_map(|st| matcher(needle, st.matching, st.typos).match_one_indices(name, 0));
        if let Some(m) = found {
            bytes.extend(m.indices.iter().map(|&i| i as usize));
        }
    }
    let mut chars: Vec<usize> =
        name.char_indices().enumerate().filter(|(_, (b, _))| bytes.contains(b)).map(|(c, _)| c).collect();
    chars.dedup();
    chars
}

#[cfg(test)]
mod tests;
