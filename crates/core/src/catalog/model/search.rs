//! Fuzzy search over a catalog, fzf style: space-separated terms must all match, best first,
//! with fzf's extended syntax (`'exact`, `^prefix`, `suffix$`, `!not`, `a | b`, smart case;
//! [`Query`]) and `key:value` filters (`model:opus tool:Bash scope:user color:green
//! has:examples is:duplicate`). Shared by the browser and `agentdeck list --query`, so both
//! rank the same way.
//!
//! Each text term is looked for in the name and, less valued, in the description summary
//! (examples left out: any long text matches almost any letters), tools, model and the path
//! below the folder searched. How a term hit decides its rank before the matcher's score does
//! ([`NAME_LITERAL`] and the tiers below it): the text in the name, then its letters in one
//! word of the name (a fragment or a misspelling of that word; one letter may be missing, a
//! typo, at a cost), then the text in another field, then its letters strewn over the name,
//! then in order in another field; `body:text` in the persona ranks below all of them. So
//! `front react` puts frontend-developer and react-specialist above a name that merely holds
//! the letters of both words, `pyhton` finds python-pro, and `debuger stack trace` the
//! debugger before the full-stack agents.
//!
//! Matching is frizbee's (SIMD Smith-Waterman, fzf-like scoring, literal modes): one field at a
//! time over a column of candidates, which is what it is fast at; the other fields only for
//! candidates whose name does not hold the text as typed (nothing there could outweigh it). At
//! 100,000 agents a search splits its candidates across the cores; the browser also passes the
//! previous results as candidates when the new query can only narrow them ([`Query::narrows`]).

mod filter;
mod query;

use crate::catalog::entry::Entry;
use crate::catalog::names::Resolved;
use crate::catalog::store::Store;
use filter::Filter;
pub use filter::Subject;
pub use filter::{FilterKey, Part, State};
use frizbee::{Config, Matcher, Matching, SortStrategy};
pub use query::{ABBREVIATIONS, ProblemKind, Query, QueryProblem};
use query::{Atom, Kind, Mode, typo_budget};

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
    /// Every live entry, for questions about the whole catalog (which `has:` keys exist).
    fn entries(&self) -> Vec<&Entry> {
        self.all_ids().into_iter().map(|i| self.entry(i)).collect()
    }
    /// How the agent stands against its collection (`is:outdated`, `is:modified`, `is:installed`).
    fn status(&self, _id: usize) -> crate::catalog::tracking::Status {
        crate::catalog::tracking::Status::default()
    }
    /// What Claude Code's transcripts say was used (`is:unused`, `used:`), when read.
    fn usage(&self) -> Option<&crate::catalog::usage::Usage> {
        None
    }
    /// What a filter looks at for `id`.
    fn subject(&self, id: usize) -> Subject<'_> {
        Subject {
            entry: self.entry(id),
            resolved: self.resolution(id),
            disabled: self.disabled(id),
            status: self.status(id),
            usage: self.usage(),
        }
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

/// A `Vec` searches as its slice.
impl Corpus for Vec<Entry> {
    fn entry(&self, id: usize) -> &Entry {
        self.as_slice().entry(id)
    }
    fn resolution(&self, id: usize) -> &Resolved {
        self.as_slice().resolution(id)
    }
    fn disabled(&self, id: usize) -> bool {
        self.as_slice().disabled(id)
    }
    fn all_ids(&self) -> Vec<usize> {
        self.as_slice().all_ids()
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
    fn status(&self, id: usize) -> crate::catalog::tracking::Status {
        Store::status(self, id)
    }
    fn usage(&self) -> Option<&crate::catalog::usage::Usage> {
        Store::usage(self)
    }
}
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
/// Candidates searched together by every term and pass before the next ones: their names,
/// summaries and paths (about 0.7 MB) stay in the core's cache from one pass to the next,
/// where a whole column of 100,000 summaries (24 MB) is read again from memory by each.
const BLOCK: usize = 1_024;

/// What one term's hit is worth, by how it hit: the term's text in the name...
const NAME_LITERAL: u32 = 12;
/// ... its letters in one word of the name, from the word's first letter, perhaps with a typo
/// (a fragment or a misspelling of the word: `debuger`, `revew`, `perfromance`) ...
const NAME_WORD: u32 = 10;
/// ... the text in another field (summary, path, tools, model) ...
const FIELD_LITERAL: u32 = 4;
/// ... its letters in order elsewhere in the name, or all but one ([`typo_budget`]) ...
const NAME_FUZZY: u32 = 3;
/// ... in order in another field.
const FIELD_FUZZY: u32 = 1;
/// `body:text` in the persona, below any other field.
const BODY: u32 = 0;
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

/// The fields a pass looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fields {
    Name,
    Others,
}

/// One pass of one term over the open candidates: where and how it matches, and the tiers
/// of its hits: `top` for a hit holding the needle as typed, `spread` for one holding only
/// its letters in order (fuzzy passes; literal passes only hit as typed).
struct Pass {
    fields: Fields,
    matching: Matching,
    typos: u16,
    top: u32,
    /// For a hit whose letters lie in one word of the field ([`in_one_word`]).
    word: u32,
    spread: u32,
    /// The needle in lower case, for [`in_one_word`].
    lower: Vec<char>,
}

impl Pass {
    /// The most this pass can give a candidate: one holding more needs no look.
    fn ceiling(&self) -> u32 {
        worth(self.top, u16::MAX)
    }

    /// What a hit on `hay` scoring `score` is worth when `hay` does not hold the needle as
    /// typed: its letters in order, or with a typo.
    fn judge(&self, needle: &str, hay: &str, score: u16) -> u32 {
        let tier =
            if self.word > self.spread && in_one_word(&self.lower, hay, self.typos) { self.word } else { self.spread };
        if self.typos > 0 && !in_order(needle, hay) {
            worth(tier, score.saturating_sub(TYPO_PENALTY))
        } else {
            worth(tier, score)
        }
    }
}

/// The passes of a text term, the better tiers first. A fuzzy term costs two frizbee passes
/// (names, then the other fields of the candidates whose name does not hold it as typed);
/// its tiers come from looking at the hits.
fn passes(mode: Mode, needle: &str) -> Vec<Pass> {
    let lower: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    let literal =
        |fields, matching, top| Pass { fields, matching, typos: 0, top, word: top, spread: top, lower: Vec::new() };
    match mode {
        Mode::Prefix => vec![literal(Fields::Name, Matching::Prefix, NAME_LITERAL)],
        Mode::Suffix => vec![literal(Fields::Name, Matching::Suffix, NAME_LITERAL)],
        Mode::Exact => vec![literal(Fields::Name, Matching::Exact, NAME_LITERAL)],
        Mode::Substring => vec![
            literal(Fields::Name, Matching::Substring, NAME_LITERAL),
            literal(Fields::Others, Matching::Substring, FIELD_LITERAL),
        ],
        Mode::Fuzzy => vec![
            Pass {
                fields: Fields::Name,
                matching: Matching::Fuzzy,
                typos: typo_budget(needle),
                top: NAME_LITERAL,
                word: NAME_WORD,
                spread: NAME_FUZZY,
                lower,
            },
            Pass {
                fields: Fields::Others,
                matching: Matching::Fuzzy,
                typos: 0,
                top: FIELD_LITERAL,
                word: FIELD_FUZZY,
                spread: FIELD_FUZZY,
                lower: Vec::new(),
            },
        ],
    }
}

/// Whether `hay` holds every char of `needle` in order, with frizbee's smart case: a hit of
/// a matcher with a typo budget that used no typo.
fn in_order(needle: &str, hay: &str) -> bool {
    let mut rest = hay.chars();
    if needle.chars().any(char::is_uppercase) {
        needle.chars().all(|c| rest.any(|h| h == c))
    } else {
        needle.chars().all(|c| rest.any(|h| h.to_lowercase().eq(c.to_lowercase())))
    }
}

/// Whether one word of `hay` (split at anything not a letter or digit) starts with the needle's
/// first letter and holds the rest in order, all but `typos` of them (any case): a fragment
/// or a misspelling of that word, not letters strewn across several. `needle` is lower case.
fn in_one_word(needle: &[char], hay: &str, typos: u16) -> bool {
    let Some(&first) = needle.first() else { return false };
    // Whether `word` holds `needle` in order, leaving out the letter at `skip`.
    let holds = |word: &str, skip: usize| {
        let mut rest = word.chars().flat_map(char::to_lowercase);
        needle.iter().enumerate().filter(|&(i, _)| i != skip).all(|(_, c)| rest.any(|w| w == *c))
    };
    hay.split(|c: char| !c.is_alphanumeric()).any(|word| {
        word.chars().next().is_some_and(|c| c.to_lowercase().eq([first]))
            && (holds(word, usize::MAX) || (typos > 0 && (1..needle.len()).any(|skip| holds(word, skip))))
    })
}

fn matcher(needle: &str, matching: Matching, typos: u16) -> Matcher {
    // Candidates are collected per field and merged by position, so frizbee need not sort.
    let config = Config::default().sort(SortStrategy::IndexAsc).matching(matching).max_typos(Some(typos));
    Matcher::new(needle, &config)
}

/// The worth of the text term `(mode, needle)` for each candidate, `None` where it does not
/// hit. `cands` index `entries`. A pass only looks at what it could still raise: nothing the
/// other fields hold outweighs a name holding the needle as typed, and a candidate whose name
/// holds its letters is only raised by a field holding it as typed (a literal match, cheaper
/// than a fuzzy one). `prune: false` runs every pass fully on every candidate, for the tests
/// that check pruning changes nothing.
fn text_scores<C: Corpus + ?Sized>(
    entries: &C,
    cands: &[usize],
    mode: Mode,
    needle: &str,
    prune: bool,
) -> Vec<Option<u32>> {
    let mut best: Vec<Option<u32>> = vec![None; cands.len()];
    // One letter is held as typed wherever it is held at all.
    let single = needle.chars().count() == 1;
    for pass in passes(mode, needle) {
        let (ceiling, spread_ceiling) = (pass.ceiling(), worth(pass.spread, u16::MAX));
        let (mut full, mut typed_only) = (Vec::new(), Vec::new());
        for (pos, b) in best.iter().enumerate() {
            match b {
                Some(b) if prune && *b >= ceiling => {}
                Some(b) if prune && *b >= spread_ceiling => typed_only.push(pos),
                _ => full.push(pos),
            }
        }
        let fuzzy = pass.matching == Matching::Fuzzy;
        let mut m = matcher(needle, pass.matching, pass.typos);
        let mut literal = matcher(needle, Matching::Substring, 0);
        columns(entries, cands, &full, pass.fields, &mut |hay, owner| {
            let hits = m.match_list(hay);
            // Which fuzzy hits hold the needle as typed: frizbee's literal matcher over the
            // hits (SIMD, and the same smart case as `'text`).
            // A hit held as typed is scored as `'text` scores it.
            let known = !fuzzy || single;
            let mut as_typed: Vec<Option<u16>> = hits.iter().map(|h| known.then_some(h.score)).collect();
            if !known {
                let hit_hay: Vec<&str> = hits.iter().map(|h| hay[h.index as usize]).collect();
                for x in literal.match_list(&hit_hay) {
                    as_typed[x.index as usize] = Some(x.score);
                }
            }
            for (hit, typed) in hits.iter().zip(as_typed) {
                let at = owner[hit.index as usize];
                let s = match typed {
                    Some(score) => worth(pass.top, score),
                    None => pass.judge(needle, hay[hit.index as usize], hit.score),
                };
                best[at] = Some(best[at].map_or(s, |b| b.max(s)));
            }
        });
        // With one letter, fuzzy and literal hits are the same; the fuzzy scores stay.
        let typed_matcher = if single { &mut m } else { &mut literal };
        columns(entries, cands, &typed_only, pass.fields, &mut |hay, owner| {
            for hit in typed_matcher.match_list(hay) {
                let at = owner[hit.index as usize];
                let s = worth(pass.top, hit.score);
                best[at] = Some(best[at].map_or(s, |b| b.max(s)));
            }
        });
    }
    best
}

/// Hand `each` the haystacks of `fields` for the candidates at `open` (positions in `cands`),
/// one column at a time, with the position each haystack belongs to.
fn columns<C: Corpus + ?Sized>(
    entries: &C,
    cands: &[usize],
    open: &[usize],
    fields: Fields,
    each: &mut dyn FnMut(&[&str], &[usize]),
) {
    if open.is_empty() {
        return;
    }
    let column =
        |f: fn(&Entry) -> &str| -> Vec<&str> { open.iter().map(|&pos| f(entries.entry(cands[pos]))).collect() };
    match fields {
        Fields::Name => each(&column(|e| &e.name), open),
        Fields::Others => {
            each(&column(|e| &e.summary), open);
            each(&column(Entry::relative_path), open);
            let (mut hay, mut owner) = (Vec::new(), Vec::new());
            for &pos in open {
                let e = entries.entry(cands[pos]);
                for t in e.model.iter().chain(e.tools.iter().flatten()) {
                    hay.push(t.as_str());
                    owner.push(pos);
                }
            }
            each(&hay, &owner);
        }
    }
}

/// What one term gives each candidate: a worth (0 for filters and negations), or `None`.
fn atom_scores<C: Corpus + ?Sized>(entries: &C, cands: &[usize], atom: &Atom, prune: bool) -> Vec<Option<u32>> {
    let hit = match &atom.kind {
        // The persona ranks below every other field: its worth is how often it holds the text.
        Kind::Filter(Filter::Body(v)) if !atom.neg => cands
            .iter()
            .map(|&i| {
                let n = filter::body_count(entries.entry(i), v);
                (n > 0).then(|| worth(BODY, u16::try_from(n).unwrap_or(u16::MAX)))
            })
            .collect(),
        Kind::Filter(f) => cands.iter().map(|&i| f.matches(&entries.subject(i)).then_some(0)).collect(),
        Kind::Nothing => vec![None; cands.len()],
        Kind::Text { mode, needle } => text_scores(entries, cands, *mode, needle, prune),
    };
    if atom.neg { hit.into_iter().map(|s| if s.is_some() { None } else { Some(0) }).collect() } else { hit }
}

/// The best alternative of a group (`a | b`) for each candidate.
fn group_scores<C: Corpus + ?Sized>(entries: &C, cands: &[usize], group: &[Atom]) -> Vec<Option<u32>> {
    let mut best: Vec<Option<u32>> = vec![None; cands.len()];
    for atom in group {
        for (b, s) in best.iter_mut().zip(atom_scores(entries, cands, atom, true)) {
            *b = (*b).max(s);
        }
    }
    best
}

/// Search one slice of candidates on this thread.
fn search_chunk<C: Corpus + ?Sized>(entries: &C, query: &Query, cands: &[usize]) -> Vec<Hit> {
    let mut hits: Vec<Hit> = cands
        .iter()
        .map(|&index| Hit {
            index,
            score: 0,
            name_len: u32::try_from(entries.entry(index).name.len()).unwrap_or(u32::MAX),
        })
        .collect();
    // Groups of filters first: they cost next to nothing and leave text matching less to do;
    // `body:` last, as it reads the files.
    let mut groups: Vec<&Vec<Atom>> = query.groups.iter().collect();
    groups.sort_by_key(|g| {
        let reads = g.iter().any(|a| matches!(a.kind, Kind::Filter(Filter::Body(_))));
        (reads, g.iter().any(|a| matches!(a.kind, Kind::Text { .. })))
    });
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
pub fn search<C: Corpus + ?Sized>(entries: &C, query: &str) -> Vec<Hit> {
    search_in(entries, &Query::parse(query), &entries.all_ids())
}

/// Search only the entries at `cands` (ascending indices); best first.
pub fn search_in<C: Corpus + ?Sized>(entries: &C, query: &Query, cands: &[usize]) -> Vec<Hit> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let ranks = query.ranks();
    // Each thread ranks its own hits; the runs are then merged (a stable sort finds them).
    let blocks = |part: &[usize]| -> Vec<Hit> {
        let mut hits: Vec<Hit> = part.chunks(BLOCK).flat_map(|block| search_chunk(entries, query, block)).collect();
        if ranks {
            rank(&mut hits);
        }
        hits
    };
    if cands.len() < PARALLEL_MIN || threads < 2 || query.is_empty() {
        return blocks(cands);
    }
    let size = cands.len().div_ceil(threads);
    let mut hits: Vec<Hit> = std::thread::scope(|s| {
        let parts: Vec<_> = cands.chunks(size).map(|part| s.spawn(move || blocks(part))).collect();
        parts.into_iter().flat_map(|p| p.join().expect("search thread panicked")).collect()
    });
    if ranks {
        hits.sort_by_key(rank_key);
    }
    hits
}

/// The ids among `cands` whose name matches one of the fuzzy `needles` with their typo budget:
/// with the last hits, what a query whose terms grew into a typo budget can match
/// ([`Query::widens`]). Names only, so a fraction of a whole search.
pub fn typo_names<C: Corpus + ?Sized>(entries: &C, cands: &[usize], needles: &[String]) -> Vec<usize> {
    let names: Vec<&str> = cands.iter().map(|&i| entries.entry(i).name.as_str()).collect();
    let mut found: Vec<usize> = Vec::new();
    for needle in needles {
        let mut m = matcher(needle, Matching::Fuzzy, typo_budget(needle));
        found.extend(m.match_list(&names).iter().map(|h| cands[h.index as usize]));
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Best score first; ties go to the shorter name, then to the file found first.
pub fn rank(hits: &mut [Hit]) {
    hits.sort_unstable_by_key(rank_key);
}

fn rank_key(h: &Hit) -> (Reverse<u32>, u32, usize) {
    (Reverse(h.score), h.name_len, h.index)
}

/// The char positions in `name` that the query's text terms match, for highlighting.
pub fn name_positions(name: &str, query: &Query) -> Vec<usize> {
    let mut bytes: Vec<usize> = Vec::new();
    for (mode, needle) in query.positive_texts() {
        // A name holding the needle as typed shows it where it stands; else the letters the
        // ranking's name pass matched (a typo's too).
        let literal = match mode {
            Mode::Fuzzy | Mode::Substring => Matching::Substring,
            Mode::Prefix => Matching::Prefix,
            Mode::Suffix => Matching::Suffix,
            Mode::Exact => Matching::Exact,
        };
        let found = matcher(needle, literal, 0).match_one_indices(name, 0).or_else(|| {
            let fuzzy = mode == Mode::Fuzzy;
            fuzzy.then(|| matcher(needle, Matching::Fuzzy, typo_budget(needle)).match_one_indices(name, 0)).flatten()
        });
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
