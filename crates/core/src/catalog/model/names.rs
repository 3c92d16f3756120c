//! Who wins a name, as Claude Code decides it (FORMAT.md): within one tool family the lowest
//! priority wins (managed, project nearest first, user, plugin); equal priority is a
//! *conflict* that the file last in path order wins (byte order of the whole path, as
//! Claude Code 2.1.332 was recorded doing: `z.md` beats `a/x/y.md`, `lower.md` beats
//! `Upper.md`). A file Claude Code skips is never loaded, so it
//! wins nothing and shadows nothing; it only counts as another file of that name. Names
//! clash only within one namespace of a family: an agent never clashes with a skill, while a
//! skill and a command are both `/name`, and the skill wins ([`Kind::rank`]). A collection's
//! agents are not loaded by any tool, so they neither shadow nor are shadowed.
//!
//! The answer is a side table keyed by the caller's ids: the catalog's entries stay what was
//! read from their files, and resolving again after an insert, a change or a removal replaces
//! the table whole, so no stale result can survive in an entry.

use crate::catalog::agent::{Diagnostic, Kind, Scope, Severity, Verdict};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A path's bytes, the order Claude Code sorts files of one scope in.
fn path_bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}

/// What resolution needs to know of one file.
pub trait Named {
    fn name(&self) -> &str;
    fn scope(&self) -> Scope;
    fn priority(&self) -> u32;
    fn path(&self) -> &Path;
    fn verdict(&self) -> Verdict;
    /// What the file is; names clash only within one namespace ([`Kind::namespace`]).
    fn kind(&self) -> Kind {
        Kind::Agent
    }
}

/// What resolution says of one file that shares its name with another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    /// How many files carry this name (1 when unique).
    pub same_name: usize,
    /// The id of the file Claude Code uses instead, when this one loses.
    pub winner: Option<usize>,
    /// That file's path, for messages and JSON.
    pub shadowed_by: Option<PathBuf>,
    /// `duplicate-name` and `shadowed`, in that order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The resolution of a whole collection: only files that share a name have an entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    table: HashMap<usize, Resolved>,
}

static UNIQUE: Resolved = Resolved { same_name: 1, winner: None, shadowed_by: None, diagnostics: Vec::new() };

impl Resolved {
    /// What a file whose name no other file shares resolves to.
    pub fn unique() -> &'static Resolved {
        &UNIQUE
    }
}

impl Names {
    /// Resolve every `(id, file)`; ids are the caller's and only need to be distinct. Files
    /// are taken in the order given, which is discovery order: it decides conflicts.
    pub fn resolve<'a, T: Named + 'a>(items: impl IntoIterator<Item = (usize, &'a T)>) -> Names {
        // Collection agents are available, not loaded by any tool: they take no part.
        let items: Vec<(usize, &T)> = items.into_iter().filter(|(_, a)| a.scope() != Scope::Collection).collect();
        // Count first: most names are unique, and a list per name would be 100,000 allocations.
        let mut ids: HashMap<&str, usize> = HashMap::with_capacity(items.len());
        let mut counts: Vec<usize> = Vec::new();
        let group_of: Vec<usize> = items
            .iter()
            .map(|(_, a)| {
                let g = *ids.entry(a.name()).or_insert(counts.len());
                if g == counts.len() {
                    counts.push(0);
                }
                counts[g] += 1;
                g
            })
            .collect();
        drop(ids);
        // Groups of shared names in order of first appearance, so diagnostics never depend on
        // hashing.
        let mut slot = vec![usize::MAX; counts.len()];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (pos, &g) in group_of.iter().enumerate() {
            if counts[g] > 1 {
                if slot[g] == usize::MAX {
                    slot[g] = groups.len();
                    groups.push(Vec::with_capacity(counts[g]));
                }
                groups[slot[g]].push(pos);
            }
        }
        let mut names = Names { table: HashMap::new() };
        for group in groups {
            for &pos in &group {
                let r = Resolved { same_name: group.len(), ..Resolved::default() };
                names.table.insert(items[pos].0, r);
            }
            let mut families: Vec<((&'static str, &'static str), Vec<usize>)> = Vec::new();
            for &pos in group.iter().filter(|&&pos| items[pos].1.verdict() != Verdict::Skips) {
                let family = (items[pos].1.scope().family(), items[pos].1.kind().namespace());
                match families.iter_mut().find(|(f, _)| *f == family) {
                    Some((_, members)) => members.push(pos),
                    None => families.push((family, vec![pos])),
                }
            }
            for (_, mut members) in families {
                if members.len() > 1 {
                    members.sort_by(|&a, &b| {
                        let (x, y) = (items[a].1, items[b].1);
                        (x.kind().rank(), x.priority())
                            .cmp(&(y.kind().rank(), y.priority()))
                            .then_with(|| path_bytes(y.path()).cmp(path_bytes(x.path())))
                    });
                    names.mark_family(&items, &members);
                }
            }
        }
        names
    }

    fn mark_family<T: Named>(&mut self, items: &[(usize, &T)], members: &[usize]) {
        let (winner_id, winner) = items[members[0]];
        let winner_path = winner.path().to_path_buf();
        let same_rank = |pos: usize| {
            items[pos].1.priority() == winner.priority() && items[pos].1.kind().rank() == winner.kind().rank()
        };
        let conflicts: Vec<usize> = members.iter().copied().filter(|&pos| same_rank(pos)).collect();
        let name = winner.name();
        if conflicts.len() > 1 {
            let others: Vec<String> = conflicts.iter().map(|&pos| items[pos].1.path().display().to_string()).collect();
            for &pos in &conflicts {
                let msg = if pos == members[0] {
                    format!(
                        "{} files in one scope are named '{name}'; Claude Code loads only this one, the last in path order ({})",
                        conflicts.len(),
                        others.join(", ")
                    )
                } else {
                    format!(
                        "{} files in one scope are named '{name}'; Claude Code loads only {}",
                        conflicts.len(),
                        winner_path.display()
                    )
                };
                self.push(items[pos].0, Diagnostic::new(Severity::Warning, "duplicate-name", msg));
            }
        }
        for &pos in &members[1..] {
            let id = items[pos].0;
            if let Some(r) = self.table.get_mut(&id) {
                r.winner = Some(winner_id);
                r.shadowed_by = Some(winner_path.clone());
            }
            if !same_rank(pos) {
                let msg = format!(
                    "shadowed: the {} {} {} has the same name and wins",
                    winner.scope().label(),
                    winner.kind().noun(),
                    winner_path.display()
                );
                self.push(id, Diagnostic::new(Severity::Info, "shadowed", msg));
            }
        }
    }

    fn push(&mut self, id: usize, d: Diagnostic) {
        if let Some(r) = self.table.get_mut(&id) {
            r.diagnostics.push(d);
        }
    }

    /// What resolution says of `id` (a unique name when it shares its name with nothing).
    pub fn get(&self, id: usize) -> &Resolved {
        self.table.get(&id).unwrap_or(&UNIQUE)
    }

    /// How many files share a name with another.
    pub fn shared(&self) -> usize {
        self.table.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct F(&'static str, &'static str, Scope, u32, Verdict);
    impl Named for F {
        fn name(&self) -> &str {
            self.0
        }
        fn scope(&self) -> Scope {
            self.2
        }
        fn priority(&self) -> u32 {
            self.3
        }
        fn path(&self) -> &Path {
            Path::new(self.1)
        }
        fn verdict(&self) -> Verdict {
            self.4
        }
    }
    const OK: Verdict = Verdict::Loads;

    fn codes(r: &Resolved) -> Vec<&'static str> {
        r.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn conflicts_and_shadowing() {
        let files = [
            F("x", "a.md", Scope::Project, 10, OK),
            F("x", "b.md", Scope::Project, 10, OK),
            F("x", "c.md", Scope::User, 100, OK),
            F("y", "d.md", Scope::Project, 10, OK),
        ];
        let n = Names::resolve(files.iter().enumerate());
        // In one scope the file last in path order wins, as Claude Code 2.1.332 does.
        assert_eq!(codes(n.get(1)), ["duplicate-name"]);
        assert_eq!(n.get(1).winner, None);
        assert_eq!((n.get(0).winner, codes(n.get(0))), (Some(1), vec!["duplicate-name"]));
        assert_eq!((n.get(2).winner, codes(n.get(2))), (Some(1), vec!["shadowed"]));
        assert_eq!(n.get(2).shadowed_by.as_deref(), Some(Path::new("b.md")));
        assert_eq!((n.get(3).same_name, n.get(3).diagnostics.len()), (1, 0));
        assert_eq!(n.get(0).same_name, 3);
    }

    /// A broken project file must not shadow the user's working one, and a broken file in a
    /// conflict does not win it (issue 12: contains-studio's broken ui-designer shadowed lst97's).
    #[test]
    fn a_file_claude_code_skips_shadows_nothing() {
        let files = [
            F("ui", "broken.md", Scope::Project, 10, Verdict::Skips),
            F("ui", "user.md", Scope::User, 100, OK),
            F("ui", "also.md", Scope::Path, 0, Verdict::Skips),
            F("ui", "works.md", Scope::Path, 0, Verdict::LoadsAfterRetry),
        ];
        let n = Names::resolve(files.iter().enumerate());
        for id in 0..4 {
            assert_eq!(n.get(id).winner, None, "file {id}");
            assert!(n.get(id).diagnostics.is_empty(), "file {id}: {:?}", n.get(id).diagnostics);
            assert_eq!(n.get(id).same_name, 4);
        }
    }

    #[test]
    fn collection_agents_never_shadow_and_are_never_shadowed() {
        let files = [
            F("x", "mine.md", Scope::Project, 10, OK),
            F("x", "coll/a/x.md", Scope::Collection, 1000, OK),
            F("x", "coll/b/x.md", Scope::Collection, 1000, OK),
            F("x", "other/x.md", Scope::Collection, 1001, OK),
        ];
        let n = Names::resolve(files.iter().enumerate());
        for id in 0..4 {
            assert_eq!(n.get(id), &UNIQUE, "file {id}");
        }
    }

    /// Whole paths compare byte by byte: `z.md` beats `a/x/y.md`, `sub/x.md` beats `b.md`,
    /// `lower.md` beats `Upper.md`, `slash/x.md` beats `slash-x.md`, `3.md` beats `10.md`.
    #[test]
    fn the_last_path_in_byte_order_wins_a_conflict() {
        for (loser, winner) in [
            ("p/a/x/y.md", "p/z.md"),
            ("p/b.md", "p/sub/x.md"),
            ("p/Upper.md", "p/lower.md"),
            ("p/slash-x.md", "p/slash/x.md"),
            ("p/10.md", "p/3.md"),
        ] {
            let files = [F("x", winner, Scope::Project, 10, OK), F("x", loser, Scope::Project, 10, OK)];
            let n = Names::resolve(files.iter().enumerate());
            assert_eq!((n.get(0).winner, n.get(1).winner), (None, Some(0)), "{winner} beats {loser}");
            let files = [F("x", loser, Scope::Project, 10, OK), F("x", winner, Scope::Project, 10, OK)];
            let n = Names::resolve(files.iter().enumerate());
            assert_eq!((n.get(1).winner, n.get(0).winner), (None, Some(1)), "{winner} beats {loser}, found second");
        }
    }

    #[test]
    fn ids_are_the_callers() {
        let files = [F("x", "a.md", Scope::Path, 0, OK), F("x", "b.md", Scope::Path, 0, OK)];
        let n = Names::resolve([(7, &files[0]), (3, &files[1])]);
        assert_eq!(n.get(7).winner, Some(3));
        assert_eq!(n.get(3).winner, None);
        assert_eq!(n.get(99), &UNIQUE);
    }
}
