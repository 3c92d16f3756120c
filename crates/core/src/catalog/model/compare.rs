//! Comparing two agents, the way `delta` shows a diff side by side.
//!
//! Two files that share a name (or a persona) are best judged field by field: the frontmatter
//! on shared rows so `opus │ inherit` reads at a glance, tools as sets (a 73-entry list against
//! a 6-entry one is unreadable as a line diff), examples by position, and the body as an
//! aligned two-column line diff with word highlights. [`compare`] builds that model once and
//! the front ends render it (the browser and the CLI through the same renderer, so the two
//! never disagree); [`unified`] gives plain text for copying. Every piece of file text is
//! passed through [`clean_line`] before it reaches the model.

use crate::catalog::{Agent, Example};
use crate::text::sanitize::{clean, clean_line};
use similar::{ChangeTag, DiffOp, TextDiff};
use std::collections::HashSet;
use std::ops::Range;

/// How a frontmatter field compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Same,
    Changed,
    LeftOnly,
    RightOnly,
}

/// One frontmatter key on a shared row. Values are display text (one line, sanitised); for
/// `description` it is the summary, but `kind` compares the full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRow {
    pub key: String,
    pub left: Option<String>,
    pub right: Option<String>,
    pub kind: FieldKind,
}

/// Tools compared as sets. A side whose tools are `None` has every tool (`*_all`) and
/// contributes no names to the lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolSets {
    pub both: Vec<String>,
    pub left_only: Vec<String>,
    pub right_only: Vec<String>,
    pub left_all: bool,
    pub right_all: bool,
}

impl ToolSets {
    pub fn is_same(&self) -> bool {
        self.left_all == self.right_all && self.left_only.is_empty() && self.right_only.is_empty()
    }
}

/// Examples matched by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleDiff {
    pub left: Option<Example>,
    pub right: Option<Example>,
    pub same: bool,
}

/// Runs of text, each marked changed (`true`) or not.
pub type Segments = Vec<(bool, String)>;

/// One side of a body row: its line number in the file and its text, split into runs that
/// are unchanged (`false`) or changed (`true`) against the other side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub line_no: usize,
    pub segments: Segments,
}

impl Side {
    pub fn text(&self) -> String {
        self.segments.iter().map(|(_, s)| s.as_str()).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Equal,
    Changed,
    Deleted,
    Inserted,
}

/// One aligned row of the body diff; the missing side of a deletion or insertion is `None`
/// (a filler row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    pub kind: RowKind,
    pub left: Option<Side>,
    pub right: Option<Side>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffStats {
    /// 0..1: the one similarity agentdeck reports (`overlaps`, the reader's similar agents,
    /// here): the Jaccard similarity of description + body as 3-word phrases.
    pub similarity: f32,
    /// Body lines only on the right (a changed pair counts once on each side).
    pub added: usize,
    /// Body lines only on the left.
    pub removed: usize,
    /// Frontmatter rows that differ, plus one when the tool sets differ.
    pub fields_changed: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AgentDiff {
    pub fields: Vec<FieldRow>,
    pub tools: ToolSets,
    pub examples: Vec<ExampleDiff>,
    pub body: Vec<DiffRow>,
    pub stats: DiffStats,
}

impl AgentDiff {
    pub fn is_identical(&self) -> bool {
        self.fields.iter().all(|f| f.kind == FieldKind::Same)
            && self.tools.is_same()
            && self.examples.iter().all(|e| e.same)
            && self.body.iter().all(|r| r.kind == RowKind::Equal)
    }

    /// The same comparison seen from the other side (for the swap toggle), without
    /// diffing again.
    pub fn swapped(&self) -> AgentDiff {
        let flip = |k| match k {
            FieldKind::LeftOnly => FieldKind::RightOnly,
            FieldKind::RightOnly => FieldKind::LeftOnly,
            k => k,
        };
        let t = &self.tools;
        AgentDiff {
            fields: (self.fields.iter())
                .map(|f| FieldRow {
                    key: f.key.clone(),
                    left: f.right.clone(),
                    right: f.left.clone(),
                    kind: flip(f.kind),
                })
                .collect(),
            tools: ToolSets {
                both: t.both.clone(),
                left_only: t.right_only.clone(),
                right_only: t.left_only.clone(),
                left_all: t.right_all,
                right_all: t.left_all,
            },
            examples: (self.examples.iter())
                .map(|e| ExampleDiff { left: e.right.clone(), right: e.left.clone(), same: e.same })
                .collect(),
            body: (self.body.iter())
                .map(|r| DiffRow {
                    kind: match r.kind {
                        RowKind::Deleted => RowKind::Inserted,
                        RowKind::Inserted => RowKind::Deleted,
                        k => k,
                    },
                    left: r.right.clone(),
                    right: r.left.clone(),
                })
                .collect(),
            stats: DiffStats { added: self.stats.removed, removed: self.stats.added, ..self.stats },
        }
    }
}

/// Diffs stop refining after this long and fall back to a coarser answer; a pathological
/// pair of files must not freeze the TUI.
pub use crate::text::unified::{DIFF_TIMEOUT, file_unified};

pub fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| clean_line(s.trim()).into_owned())
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

pub fn field(key: &str, l: Option<String>, r: Option<String>, same: bool) -> FieldRow {
    let kind = match (&l, &r) {
        (None, None) => FieldKind::Same,
        (Some(_), None) => FieldKind::LeftOnly,
        (None, Some(_)) => FieldKind::RightOnly,
        _ if same => FieldKind::Same,
        _ => FieldKind::Changed,
    };
    FieldRow { key: key.to_string(), left: l, right: r, kind }
}

fn simple(key: &str, l: Option<&str>, r: Option<&str>) -> FieldRow {
    let (l, r) = (l.and_then(non_empty), r.and_then(non_empty));
    let same = l == r;
    field(key, l, r, same)
}

fn fields(a: &Agent, b: &Agent) -> Vec<FieldRow> {
    let summary = |x: &Agent| non_empty(x.summary()).or_else(|| non_empty(&x.description));
    let desc_same = a.description.trim() == b.description.trim();
    let mut rows = vec![
        simple("name", Some(&a.name), Some(&b.name)),
        field("description", summary(a), summary(b), desc_same),
        simple("model", a.model.as_deref(), b.model.as_deref()),
        simple("color", a.color.as_deref(), b.color.as_deref()),
    ];
    let dis = |x: &Agent| x.disallowed_tools.as_ref().map(|t| t.join(", "));
    if a.disallowed_tools.is_some() || b.disallowed_tools.is_some() {
        rows.push(simple("disallowedTools", dis(a).as_deref(), dis(b).as_deref()));
    }
    let keys = a.extra.keys().chain(b.extra.keys().filter(|k| !a.extra.contains_key(*k)));
    for k in keys {
        let (l, r) = (a.extra.get(k).map(json_text), b.extra.get(k).map(json_text));
        rows.push(simple(k, l.as_deref(), r.as_deref()));
    }
    rows
}

fn tool_sets(a: &Option<Vec<String>>, b: &Option<Vec<String>>) -> ToolSets {
    let (l, r) = (a.as_deref().unwrap_or(&[]), b.as_deref().unwrap_or(&[]));
    let (ls, rs): (HashSet<&str>, HashSet<&str>) =
        (l.iter().map(|s| s.as_str()).collect(), r.iter().map(|s| s.as_str()).collect());
    let mut seen = HashSet::new();
    let mut t = ToolSets { left_all: a.is_none(), right_all: b.is_none(), ..Default::default() };
    for x in l.iter().chain(r) {
        if !seen.insert(x.as_str()) {
            continue;
        }
        let name = clean_line(x).into_owned();
        match (ls.contains(x.as_str()), rs.contains(x.as_str())) {
            (true, true) => t.both.push(name),
            (true, false) => t.left_only.push(name),
            _ => t.right_only.push(name),
        }
    }
    t
}

/// A body line as display text: tabs widened, controls removed, line ending dropped.
fn display_line(s: &str) -> String {
    clean_line(&s.trim_end_matches(['\n', '\r']).replace('\t', "    ")).into_owned()
}

fn plain_side(line_no: usize, s: &str) -> Side {
    Side { line_no, segments: vec![(false, display_line(s))] }
}

fn push_seg(segs: &mut Vec<(bool, String)>, changed: bool, s: &str) {
    match segs.last_mut() {
        Some((c, t)) if *c == changed => t.push_str(s),
        _ => segs.push((changed, s.to_string())),
    }
}

/// Word-level highlights for a changed pair of lines.
fn word_pair(l: &str, r: &str) -> (Segments, Segments) {
    let (l, r) = (display_line(l), display_line(r));
    let d = TextDiff::configure().timeout(DIFF_TIMEOUT).diff_unicode_words(&l, &r);
    let (mut ls, mut rs) = (Vec::new(), Vec::new());
    for c in d.iter_all_changes() {
        match c.tag() {
            ChangeTag::Equal => {
                push_seg(&mut ls, false, c.value());
                push_seg(&mut rs, false, c.value());
            }
            ChangeTag::Delete => push_seg(&mut ls, true, c.value()),
            ChangeTag::Insert => push_seg(&mut rs, true, c.value()),
        }
    }
    (ls, rs)
}

fn body_rows(a: &Agent, b: &Agent) -> Vec<DiffRow> {
    let d = TextDiff::configure().timeout(DIFF_TIMEOUT).diff_lines(&a.body, &b.body);
    let (old, new) = (d.old_slices(), d.new_slices());
    let (l0, r0) = (a.body_line.max(1), b.body_line.max(1));
    let left = |i: usize| Some(plain_side(l0 + i, old[i]));
    let right = |i: usize| Some(plain_side(r0 + i, new[i]));
    let mut rows = Vec::new();
    let row = |kind, left, right| DiffRow { kind, left, right };
    for op in d.ops() {
        match *op {
            DiffOp::Equal { old_index, new_index, len } => {
                rows.extend((0..len).map(|k| row(RowKind::Equal, left(old_index + k), right(new_index + k))))
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                rows.extend((old_index..old_index + old_len).map(|i| row(RowKind::Deleted, left(i), None)))
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                rows.extend((new_index..new_index + new_len).map(|i| row(RowKind::Inserted, None, right(i))))
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                for k in 0..old_len.max(new_len) {
                    let (i, j) = (old_index + k, new_index + k);
                    rows.push(match (k < old_len, k < new_len) {
                        (true, true) => {
                            let (ls, rs) = word_pair(old[i], new[j]);
                            let l = Side { line_no: l0 + i, segments: ls };
                            let r = Side { line_no: r0 + j, segments: rs };
                            row(RowKind::Changed, Some(l), Some(r))
                        }
                        (true, false) => row(RowKind::Deleted, left(i), None),
                        _ => row(RowKind::Inserted, None, right(j)),
                    });
                }
            }
        }
    }
    rows
}

/// Compare two agents: the whole model the views are drawn from.
pub fn compare(a: &Agent, b: &Agent) -> AgentDiff {
    let fields = fields(a, b);
    let tools = tool_sets(&a.tools, &b.tools);
    let n = a.examples.len().max(b.examples.len());
    let examples: Vec<ExampleDiff> = (0..n)
        .map(|i| {
            let (l, r) = (a.examples.get(i).cloned(), b.examples.get(i).cloned());
            ExampleDiff { same: l == r, left: l, right: r }
        })
        .collect();
    let body = body_rows(a, b);
    let count = |k: RowKind| body.iter().filter(|r| r.kind == k).count();
    let changed = count(RowKind::Changed);
    // The measure `overlaps` lists pairs by, so a pair it lists at 12% is 12% here too.
    let similarity = crate::catalog::overlap::SimilarityIndex::score(a, b);
    let fields_changed = fields.iter().filter(|f| f.kind != FieldKind::Same).count() + usize::from(!tools.is_same());
    let stats = DiffStats {
        similarity,
        added: count(RowKind::Inserted) + changed,
        removed: count(RowKind::Deleted) + changed,
        fields_changed,
    };
    AgentDiff { fields, tools, examples, body, stats }
}

/// A stretch of unchanged body rows that can be hidden behind a "⋯ N unchanged lines" marker.
/// `id` is its position among the folds, stable for a given diff and context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    pub id: usize,
    pub hidden: Range<usize>,
}

/// The foldable stretches of `rows`: every run of equal rows keeps `context` rows next to
/// each change; the rest folds (only when that hides at least two rows).
pub fn hunks(rows: &[DiffRow], context: usize) -> Vec<Fold> {
    let mut folds = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if rows[i].kind != RowKind::Equal {
            i += 1;
            continue;
        }
        let start = i;
        while i < rows.len() && rows[i].kind == RowKind::Equal {
            i += 1;
        }
        let (at_start, at_end) = (start == 0, i == rows.len());
        let front = if at_start && !at_end { 0 } else { context };
        let back = if at_end { 0 } else { context };
        let (from, to) = (start + front, i.saturating_sub(back));
        if to >= from + 2 {
            folds.push(Fold { id: folds.len(), hidden: from..to });
        }
    }
    folds
}

fn as_text(a: &Agent) -> String {
    let mut s = String::from("---\n");
    let mut kv = |k: &str, v: &str| {
        let mut lines = v.lines();
        s.push_str(&format!("{k}: {}\n", lines.next().unwrap_or("")));
        for l in lines {
            s.push_str(&format!("  {l}\n"));
        }
    };
    kv("name", &a.name);
    kv("description", &a.description);
    if let Some(t) = &a.tools {
        kv("tools", &t.join(", "));
    }
    if let Some(t) = &a.disallowed_tools {
        kv("disallowedTools", &t.join(", "));
    }
    for (k, v) in [("model", &a.model), ("color", &a.color)] {
        if let Some(v) = v {
            kv(k, v);
        }
    }
    for (k, v) in &a.extra {
        kv(k, &json_text(v));
    }
    s.push_str("---\n");
    s.push_str(&a.body);
    if !s.ends_with('\n') {
        s.push('\n');
    }
    clean(&s).into_owned()
}

/// A plain unified diff of the two agents written out as files (frontmatter as `key: value`
/// lines, then the body), for copying. Empty when they render identically.
pub fn unified(a: &Agent, b: &Agent) -> String {
    let (ta, tb) = (as_text(a), as_text(b));
    let d = TextDiff::configure().timeout(DIFF_TIMEOUT).diff_lines(&ta, &tb);
    let (pa, pb) = (a.path.display().to_string(), b.path.display().to_string());
    d.unified_diff().context_radius(3).header(&clean_line(&pa), &clean_line(&pb)).to_string()
}
