//! `agentdeck collection add|list|update|remove`: the registry's commands, printed. Exit 1
//! when something is refused (a name already taken), 2 on bad input or a failure.

use super::{Fail, Outcome};
use crate::catalog::Scope;
use crate::catalog::load::{self, LoadRequest};
use crate::cli::{CollectionArgs, CollectionCommand};
use crate::collections::{Collection, CollectionError, Kind, Store};
use crate::env::Env;
use crate::text::sanitize::clean_line;
use std::io::Write;

pub fn run(env: &Env, args: &CollectionArgs) -> Outcome {
    let store = Store::open(env).map_err(|e| Fail::Said(e.to_string()))?;
    match &args.command {
        CollectionCommand::Add { source, name } => add(&store, source, name.as_deref()),
        CollectionCommand::List => list(&store),
        CollectionCommand::Update { names } => update(&store, names),
        CollectionCommand::Remove { name } => remove(&store, name),
    }
}

/// Refusals print here and exit 1; failures go to `main` (one line, exit 2).
fn refuse_or_fail(e: CollectionError) -> Outcome {
    match e {
        CollectionError::Refused(m) => {
            eprintln!("agentdeck: {}", clean_line(&m));
            Ok(1)
        }
        CollectionError::Failed(m) => Err(Fail::Said(m)),
    }
}

fn add(store: &Store, source: &str, name: Option<&str>) -> Outcome {
    match store.add(source, name) {
        Ok(c) => {
            let at = c.commit.as_ref().map(|_| format!(" at {}", short(&c.commit))).unwrap_or_default();
            let how = match c.kind {
                Kind::Clone => "cloned into",
                Kind::Folder => "read where it is,",
            };
            println!("added {}: {}{at}, {how} {}", clean_line(&c.name), contents(&c), shown(&c.root));
            Ok(0)
        }
        Err(e) => refuse_or_fail(e),
    }
}

fn list(store: &Store) -> Outcome {
    let (all, notices) = store.all();
    for n in &notices {
        eprintln!("agentdeck: {}", clean_line(n));
    }
    let mut rows: Vec<[String; 5]> = all.iter().map(row).collect();
    for c in store.pending().into_iter().filter(|c| crate::collections::looks_like_url(&c.source)) {
        let source = clean_line(&c.source).into_owned();
        rows.push([c.name, source, "-".into(), "not cloned yet".into(), "(agentdeck collection update)".into()]);
    }
    let mut widths = [0usize; 4];
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let mut out = std::io::stdout().lock();
    for r in &rows {
        for (i, w) in widths.iter().enumerate() {
            let pad = w - unicode_width::UnicodeWidthStr::width(r[i].as_str()) + 2;
            write!(out, "{}{:pad$}", r[i], "")?;
        }
        writeln!(out, "{}", r[4])?;
    }
    Ok(0)
}

fn row(c: &Collection) -> [String; 5] {
    let count = if c.root.is_dir() { contents(c) } else { "missing".into() };
    let name = if c.in_config { format!("{} (config)", c.name) } else { c.name.clone() };
    [clean_line(&name).into_owned(), clean_line(&c.source).into_owned(), short(&c.commit), count, shown(&c.root)]
}

fn update(store: &Store, names: &[String]) -> Outcome {
    let results = match store.update(names) {
        Ok(r) => r,
        Err(e) => return refuse_or_fail(e),
    };
    let mut failed = 0;
    for r in results {
        match r {
            Ok(u) => {
                let c = &u.collection;
                let what = if u.cloned {
                    format!("cloned at {}", short(&c.commit))
                } else if c.kind == Kind::Folder {
                    format!("a folder, read where it is (at {})", short(&c.commit))
                } else if u.before == c.commit {
                    format!("up to date at {}", short(&c.commit))
                } else {
                    format!("{} -> {}", short(&u.before), short(&c.commit))
                };
                println!("{}: {what}, {}", c.name, contents(c));
            }
            Err(e) => {
                failed += 1;
                eprintln!("agentdeck: {}", clean_line(&e.to_string()));
            }
        }
    }
    Ok(if failed > 0 { 2 } else { 0 })
}

fn remove(store: &Store, name: &str) -> Outcome {
    match store.remove(name) {
        Ok(r) => {
            let c = &r.collection;
            if r.deleted {
                println!("removed {}: deleted its clone {}", c.name, shown(&c.root));
            } else if c.kind == Kind::Clone {
                println!("removed {}: its clone {} was already gone", c.name, shown(&c.root));
            } else {
                println!("removed {}: forgotten; the folder {} is left as it is", c.name, shown(&c.root));
            }
            if r.still_in_config {
                println!("{} is still in the config file: `agentdeck collection update` brings it back", c.name);
            }
            Ok(0)
        }
        Err(e) => refuse_or_fail(e),
    }
}

/// What the collection holds, counted by kind as `list` and the browser show it: `17 skills`,
/// `3 agents, 2 commands`, `no agents`.
fn contents(c: &Collection) -> String {
    // The collection alone: real locations where there are none.
    let nowhere = std::env::temp_dir().join(format!("agentdeck-nowhere-{}", std::process::id()));
    let req = LoadRequest {
        paths: Vec::new(),
        cwd: Some(nowhere.clone()),
        home: Some(nowhere),
        collections: Some(vec![c.clone()]),
        ..LoadRequest::default()
    };
    let Ok(cat) = load::load_entries(&req) else { return "unreadable".into() };
    let mut counts = [0usize; crate::catalog::Kind::ALL.len()];
    for e in cat.agents.iter().filter(|e| e.scope == Scope::Collection && e.path().starts_with(&c.root)) {
        if let Some(i) = crate::catalog::Kind::ALL.iter().position(|k| *k == e.kind) {
            counts[i] += 1;
        }
    }
    let parts: Vec<String> = crate::catalog::Kind::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| crate::text::plural::count(n, k.noun()))
        .collect();
    if parts.is_empty() { "no agents".into() } else { parts.join(", ") }
}

/// The first 7 hex digits of a commit, or `-`.
fn short(commit: &Option<String>) -> String {
    commit.as_deref().map_or("-".into(), |c| c.chars().take(7).collect())
}

fn shown(p: &std::path::Path) -> String {
    clean_line(&p.to_string_lossy()).into_owned()
}
