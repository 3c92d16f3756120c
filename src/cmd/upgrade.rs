//! `agentdeck upgrade [AGENT]... [--replace] [--dry-run]`: agents installed from a collection
//! brought to upstream's version, in one journaled step. An agent changed both here and
//! upstream is left as it is: its three-way picture goes to standard output and the command
//! exits 1, unless `--replace` takes upstream's version.

use super::manage::{carry_out, resolve_entry};
use super::{Fail, Outcome, pick};
use crate::catalog::plans::{PlanError, upgrade};
use crate::catalog::{AgentId, Store};
use crate::cli::UpgradeArgs;
use crate::env::Env;
use crate::text::sanitize::clean_line;
use std::io::Write;
use std::path::Path;

pub fn run(env: &Env, args: &UpgradeArgs) -> Outcome {
    let (store, ids) = targets(env, &args.agents)?;
    if ids.is_empty() {
        eprintln!(
            "agentdeck: no installed agent is behind its collection (`agentdeck collection update` fetches upstream's changes)"
        );
        return Ok(0);
    }
    let opts = upgrade::Options { replace: args.replace };
    let up = upgrade::plan(&store, &ids, &opts, &env.guard()).map_err(|e| match e {
        PlanError::Refused(m) | PlanError::Clash(m) => Fail::Said(m),
    })?;
    for &id in &up.current {
        let name = store.get(id).map_or("the agent".into(), |e| clean_line(&e.name).into_owned());
        let from = store.tracking(id).and_then(|t| t.origin.as_ref()).map_or(String::new(), |o| {
            let at = o.commit.as_deref().map_or("-".to_string(), |c| c.chars().take(7).collect());
            format!(" ({} at {at})", clean_line(&o.collection))
        });
        eprintln!("agentdeck: {name} is at upstream's version{from}");
    }
    let mut out = std::io::stdout().lock();
    for c in &up.conflicts {
        writeln!(out, "{}", c.picture())?;
        eprintln!(
            "agentdeck: {} was changed here and upstream; nothing was written for it: `agentdeck upgrade {} --replace` takes upstream's version (`agentdeck undo` brings yours back), or merge by hand (`agentdeck diff {} {}`)",
            clean_line(&c.name),
            clean_line(&c.path.to_string_lossy()),
            clean_line(&c.path.to_string_lossy()),
            clean_line(&c.upstream.to_string_lossy())
        );
    }
    drop(out);
    let code = if up.plan.ops.is_empty() { 0 } else { carry_out(env, &up.plan, args.dry_run)? };
    Ok(if up.conflicts.is_empty() { code } else { 1 })
}

/// The store and the agents to upgrade: those named (a path, or a name in the real
/// locations), or every outdated one.
fn targets(env: &Env, specs: &[String]) -> Result<(Store, Vec<AgentId>), Fail> {
    if let [one] = specs
        && Path::new(one).is_file()
    {
        // A file anywhere: it has its origin record wherever it is.
        let (store, id) = resolve_entry(env, one, &[])?;
        return Ok((store, vec![id]));
    }
    let store = super::load_store(env, &[])?;
    let ids = if specs.is_empty() {
        store.ids().filter(|&id| store.status(id).outdated).collect()
    } else {
        let mut ids = Vec::new();
        for spec in specs {
            let id = match Path::new(spec).is_file() {
                true => by_path(&store, Path::new(spec))?,
                false => pick(&store, spec)?,
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    };
    Ok((store, ids))
}

/// The agent at `path` among the real locations.
fn by_path(store: &Store, path: &Path) -> Result<AgentId, Fail> {
    let want = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    store
        .iter()
        .filter(|(_, e)| e.path().file_name() == path.file_name())
        .find(|(_, e)| e.source.file_path().is_some_and(|p| std::fs::canonicalize(p).is_ok_and(|c| c == want)))
        .map(|(id, _)| id)
        .ok_or_else(|| {
            Fail::Said(format!(
                "{} is not in the real locations; upgrade it on its own (`agentdeck upgrade {}`)",
                clean_line(&path.to_string_lossy()),
                clean_line(&path.to_string_lossy())
            ))
        })
}
