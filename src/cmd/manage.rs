//! The writing commands: `install`, `fix`, `disable`, `enable`, `rm`, `undo`, `history`. Each
//! is a planner from `catalog::plans` plus a printer: `--dry-run` prints the plan as a unified
//! diff and writes nothing; otherwise the plan goes through the one write path and the journal,
//! and the command says what it did and how to undo it.

use super::{Fail, Outcome, load_catalog, pick};
use crate::catalog::change::{self, ChangeError, Plan};
use crate::catalog::journal;
use crate::catalog::load::{self, LoadRequest};
use crate::catalog::plans::{self, PlanError, Target, install as inst, settings_edit};
use crate::catalog::{AgentId, Scope, Source, Store, Verdict};
use crate::cli::{FixArgs, HistoryArgs, InstallArgs, RmArgs, ToggleArgs, UndoArgs};
use crate::env::Env;
use crate::text::sanitize::clean_line;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A planning failure as the command reports it: a clash exits 1 with the message, anything
/// else exits 2.
pub(super) fn planned(r: Result<Plan, PlanError>) -> Result<Plan, Outcome> {
    r.map_err(|e| match e {
        PlanError::Clash(m) => {
            for line in m.lines() {
                eprintln!("agentdeck: {}", clean_line(line));
            }
            Ok(1)
        }
        PlanError::Refused(m) => Err(Fail::Said(m)),
    })
}

/// Print or make `plan`.
pub(super) fn carry_out(env: &Env, plan: &Plan, dry_run: bool) -> Outcome {
    for note in &plan.notes {
        eprintln!("agentdeck: note: {}", clean_line(note));
    }
    if plan.is_empty() {
        eprintln!("agentdeck: nothing to change ({})", clean_line(&plan.title));
        return Ok(0);
    }
    if dry_run {
        let mut out = std::io::stdout().lock();
        out.write_all(crate::text::sanitize::clean(&plan.diff()).as_bytes())?;
        eprintln!("agentdeck: dry run: would {}; nothing was written", clean_line(&plan.title));
        return Ok(0);
    }
    let journal = env.journal().map_err(Fail::Said)?;
    match change::apply(plan, &journal, &env.guard()) {
        Ok(applied) => {
            say_notes(&applied.notes);
            eprintln!(
                "agentdeck: {} (journal step {}; `agentdeck undo` reverts it)",
                clean_line(&applied.title),
                applied.step
            );
            for p in &applied.paths {
                println!("{}", clean_line(&p.to_string_lossy()));
            }
            Ok(0)
        }
        Err(e) => change_failed(e),
    }
}

/// Before a writing command plans anything: roll back what a crash interrupted, so that the
/// plan is made from what is really on disk (else it would be refused as changed meanwhile).
pub fn recover_first(env: &Env) {
    let Ok(journal) = env.journal() else { return };
    if !journal.dir().is_dir() {
        return;
    }
    match change::open(&journal) {
        Ok((_lock, notes)) => say_notes(&notes),
        Err(e) => eprintln!("agentdeck: journal: {}", clean_line(&e.to_string())),
    }
}

/// What opening the journal found (an interrupted step rolled back, a damaged entry skipped).
fn say_notes(notes: &[String]) {
    for n in notes {
        eprintln!("agentdeck: journal: {}", clean_line(n));
    }
}

fn change_failed(e: ChangeError) -> Outcome {
    match e {
        ChangeError::Conflict(m) => {
            eprintln!("agentdeck: {}", clean_line(&m));
            Ok(1)
        }
        ChangeError::Refused(m) | ChangeError::Io(m) => Err(Fail::Said(m)),
    }
}

/// The store and id `spec` names: a file (loaded on its own) or a name in `paths` (default:
/// the real locations).
pub(super) fn resolve_entry(env: &Env, spec: &str, paths: &[PathBuf]) -> Result<(Store, AgentId), Fail> {
    let p = Path::new(spec);
    if p.exists() && !p.is_dir() {
        let store = load_store_quiet(env, &[p.to_path_buf()])?;
        let id = store
            .id_of(p)
            .or_else(|| store.ids().next())
            .ok_or_else(|| Fail::Said(format!("{} is not an agent file", clean_line(spec))))?;
        return Ok((store, id));
    }
    if super::looks_like_a_path(spec) && !p.exists() {
        return Err(Fail::Said(format!("no such file: {}", clean_line(spec))));
    }
    let store = super::load_store(env, paths)?;
    let id = pick(&store, spec)?;
    Ok((store, id))
}

fn load_store_quiet(env: &Env, paths: &[PathBuf]) -> Result<Store, Fail> {
    load::load_store(&crate::env::request(env, paths.to_vec())).map_err(Fail::Said)
}

pub fn install(env: &Env, args: &InstallArgs) -> Outcome {
    let places = env.clone();
    let (store, ids) = match (&args.query, &args.agent) {
        (Some(q), first) => {
            let mut paths: Vec<PathBuf> = first.iter().map(PathBuf::from).collect();
            paths.extend(args.paths.iter().cloned());
            let store = super::load_store(env, &paths)?;
            let q = crate::catalog::search::Query::parse(q);
            let ids: Vec<AgentId> = crate::catalog::search::search_in(&store, &q, &store.ids().collect::<Vec<_>>())
                .iter()
                .map(|h| h.index)
                .collect();
            if ids.is_empty() {
                eprintln!("agentdeck: no agent matches the query; nothing to install");
                return Ok(1);
            }
            (store, ids)
        }
        (None, Some(spec)) => {
            let (store, id) = resolve_entry(env, spec, &args.paths)?;
            (store, vec![id])
        }
        (None, None) => return Err(Fail::Said("install needs an AGENT (a path or a name) or --query Q".into())),
    };
    let to = match &args.to {
        Some(to) => to.clone(),
        None => crate::config::Config::load(env).0.install.scope.name().to_string(),
    };
    let target = Target::parse(&to);
    let dir = target.dir(&places).map_err(|e| Fail::Said(e.to_string()))?;
    let around = inst::Surroundings::look(&dir, &places);
    let opts = inst::Options { as_name: args.as_name.clone(), replace: args.replace };
    let plan = match planned(inst::plan(&store, &ids, &target, &opts, &places, &around)) {
        Ok(p) => p,
        Err(outcome) => return outcome,
    };
    carry_out(env, &plan, args.dry_run)
}

pub fn fix(env: &Env, args: &FixArgs) -> Outcome {
    let places = env.clone();
    let (sources, mut notes) = if args.targets.is_empty() {
        // What `check` reads: every file in the real locations Claude Code does not load
        // first try. A collection's files are sources to install from, not the user's.
        let store = super::load_store(env, &[])?;
        if store.bundled {
            eprintln!("agentdeck: no agent files found; nothing to fix");
            return Ok(0);
        }
        // Only what Claude Code skips: a file it loads through its quoting retry is reported,
        // and rewritten only when named.
        let mine = |e: &crate::catalog::Entry| e.scope != Scope::Collection;
        let retried: Vec<_> =
            store.iter().filter(|(_, e)| mine(e) && e.claude_code == Verdict::LoadsAfterRetry).collect();
        if !retried.is_empty() {
            eprintln!(
                "agentdeck: {} loaded only through Claude Code's quoting retry; left as they are (name one to rewrite it):",
                crate::text::plural::count(retried.len(), "file")
            );
            for (_, e) in &retried {
                eprintln!("  {}", clean_line(&e.path().to_string_lossy()));
            }
        }
        let sources = store
            .iter()
            .filter(|(_, e)| mine(e) && e.claude_code == Verdict::Skips)
            .map(|(_, e)| e.source.clone())
            .collect();
        (sources, Vec::new())
    } else {
        sources_for(env, &args.targets)?
    };
    let (plan, mut found) = plans::fix(&sources, &places.guard());
    notes.append(&mut found);
    let mut cannot = 0;
    for n in &notes {
        let path = clean_line(&n.path.to_string_lossy()).into_owned();
        match &n.problem {
            Some(why) => {
                cannot += 1;
                eprintln!("agentdeck: {path}: not fixed: {}", clean_line(why));
            }
            None => {
                for c in &n.changes {
                    eprintln!("agentdeck: {path}: {}", clean_line(c));
                }
            }
        }
    }
    if plan.ops.is_empty() {
        if cannot == 0 {
            eprintln!("agentdeck: Claude Code already loads every file first try; nothing to fix");
        }
        return Ok(if cannot > 0 { 1 } else { 0 });
    }
    let code = carry_out(env, &plan, args.dry_run)?;
    Ok(if cannot > 0 { 1 } else { code })
}

/// The files `targets` name: files, folders (their agents) or names in the real locations. A
/// name that means a collection's agent is refused (a note), never a file to write.
fn sources_for(env: &Env, targets: &[String]) -> Result<(Vec<Source>, Vec<plans::FixNote>), Fail> {
    let mut out = Vec::new();
    let mut refused = Vec::new();
    let mut names = Vec::new();
    for t in targets {
        let p = Path::new(t);
        if p.is_dir() {
            let cat = load_catalog(env, &[p.to_path_buf()], load::load_entries)?;
            out.extend(cat.agents.into_iter().map(|e| e.source));
        } else if p.exists() {
            out.push(Source::lone(p));
        } else if super::looks_like_a_path(t) {
            return Err(Fail::Said(format!("no such file: {}", clean_line(t))));
        } else {
            names.push(t.clone());
        }
    }
    if !names.is_empty() {
        let store = super::load_store(env, &[])?;
        let ids = names.iter().map(|n| pick(&store, n)).collect::<Result<Vec<_>, _>>()?;
        let (sources, mut notes) = plans::fixable(&store, &ids);
        out.extend(sources);
        refused.append(&mut notes);
    }
    Ok((out, refused))
}

pub fn disable(env: &Env, args: &ToggleArgs) -> Outcome {
    let (store, id) = resolve_entry(env, &args.agent, &args.paths)?;
    let which = if args.shared { settings_edit::ProjectFile::Shared } else { settings_edit::ProjectFile::Local };
    let places = env.clone();
    // A file named by path still belongs to the scope of the real location it is in.
    let (store, id) = in_real_scope(store, id, &places)?;
    match planned(settings_edit::disable(&store, &[id], &places, which)) {
        Ok(plan) => carry_out(env, &plan, args.dry_run),
        Err(outcome) => outcome,
    }
}

pub fn enable(env: &Env, args: &ToggleArgs) -> Outcome {
    let places = env.clone();
    // A disabled agent is still an agent on disk; by name it need not be found at all (a
    // rule can name a plugin agent that is gone).
    let name = match resolve_entry(env, &args.agent, &args.paths) {
        Ok((store, id)) => store.get(id).map(|e| e.name.clone()).unwrap_or_else(|| args.agent.clone()),
        Err(_) if !Path::new(&args.agent).exists() => args.agent.clone(),
        Err(e) => return Err(e),
    };
    match planned(settings_edit::enable(&[name], &places)) {
        Ok(plan) => carry_out(env, &plan, args.dry_run),
        Err(outcome) => outcome,
    }
}

/// When `id` (loaded from a path) lies in one of the real locations, the same agent as loaded
/// from them, so that its scope is right.
fn in_real_scope(store: Store, id: AgentId, places: &Env) -> Result<(Store, AgentId), Fail> {
    let Some(path) = store.get(id).and_then(|e| e.source.file_path()).map(Path::to_path_buf) else {
        return Ok((store, id));
    };
    if store.get(id).is_some_and(|e| e.scope != crate::catalog::Scope::Path) {
        return Ok((store, id));
    }
    let req = LoadRequest {
        paths: Vec::new(),
        cwd: Some(places.cwd.clone()),
        home: places.home.clone(),
        collections: Some(Vec::new()),
        records: places.records(),
        ..LoadRequest::default()
    };
    let real = load::load_store(&req).map_err(Fail::Said)?;
    let canon = std::fs::canonicalize(&path).unwrap_or(path);
    let found = real
        .iter()
        .find(|(_, e)| e.source.file_path().is_some_and(|p| std::fs::canonicalize(p).is_ok_and(|c| c == canon)));
    match found.map(|(i, _)| i) {
        Some(rid) => Ok((real, rid)),
        None => Ok((store, id)),
    }
}

pub fn rm(env: &Env, args: &RmArgs) -> Outcome {
    let (store, id) = resolve_entry(env, &args.agent, &args.paths)?;
    let places = env.clone();
    match planned(plans::remove(&store, &[id], &places.guard())) {
        Ok(plan) => carry_out(env, &plan, args.dry_run),
        Err(outcome) => outcome,
    }
}

pub fn undo(env: &Env, args: &UndoArgs) -> Outcome {
    let journal = env.journal().map_err(Fail::Said)?;
    let guard = env.guard();
    if args.dry_run {
        // The same checks and plan the real undo uses, under the same lock.
        let (lock, notes) = match change::open(&journal) {
            Ok(x) => x,
            Err(e) => return change_failed(e),
        };
        say_notes(&notes);
        let planned = change::undo_plan(&journal, &guard);
        drop(lock);
        return match planned {
            Ok((_, plan, warnings)) => {
                say_notes(&warnings);
                carry_out(env, &plan, true)
            }
            Err(e) => change_failed(e),
        };
    }
    match change::undo(&journal, &guard) {
        Ok(a) => {
            say_notes(&a.notes);
            eprintln!("agentdeck: {} (journal step {})", clean_line(&a.title), a.step);
            for p in &a.paths {
                println!("{}", clean_line(&p.to_string_lossy()));
            }
            Ok(0)
        }
        Err(e) => change_failed(e),
    }
}

pub fn history(env: &Env, args: &HistoryArgs) -> Outcome {
    let journal = env.journal().map_err(Fail::Said)?;
    // Opening the journal rolls back an interrupted step first, so the history is what is on
    // disk. A journal that cannot be locked (read-only) is still listed.
    // No journal yet: nothing to recover, and a reading command creates no folder.
    if journal.dir().is_dir() {
        match change::open(&journal) {
            Ok((_lock, notes)) => say_notes(&notes),
            Err(e) => eprintln!("agentdeck: journal: {}", clean_line(&e.to_string())),
        }
    }
    let (steps, warnings) = journal.headers().map_err(Fail::Said)?;
    say_notes(&warnings);
    let mut out = std::io::stdout().lock();
    if args.json {
        let list: Vec<serde_json::Value> = steps
            .iter()
            .map(|s| {
                serde_json::json!({
                    "step": s.number, "time": s.time, "command": s.command, "title": s.title,
                    "undone": s.undone,
                    "files": s.files.iter().map(|(p, _)| p.to_string_lossy().into_owned()).collect::<Vec<_>>(),
                })
            })
            .collect();
        writeln!(out, "{}", super::json::to_safe_json(&list)?)?;
        return Ok(0);
    }
    if steps.is_empty() {
        eprintln!("agentdeck: no changes yet (the journal is {})", journal.dir().display());
        return Ok(0);
    }
    for s in &steps {
        let n = s.files.len();
        let state = if s.undone { "  [undone]" } else { "" };
        writeln!(
            out,
            "{:>5}  {}  {:<8} {} ({}){state}",
            s.number,
            journal::format_time(s.time),
            s.command,
            clean_line(&s.title),
            crate::text::plural::count(n, "file")
        )?;
        for (path, what) in &s.files {
            writeln!(out, "         {what:<8} {}", clean_line(&path.to_string_lossy()))?;
        }
    }
    Ok(0)
}
