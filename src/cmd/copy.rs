//! `agentdeck copy`: put an agent's prompt, file, description or name on the clipboard, or
//! print it with `--stdout`. What is copied is whole or refused: a prompt cut short at the
//! read cap would be a different prompt.

use super::{Fail, Outcome, resolve_picked};
use crate::catalog::Agent;
use crate::catalog::parse::MAX_FILE_BYTES;
use crate::cli::CopyArgs;
use crate::env::Env;
use crate::text::sanitize::clean_line;
use std::io::Write;

/// The agent's whole prompt, or a failure when its file is larger than agentdeck reads (the
/// body was cut at the cap: the parser's `file-too-large`).
pub fn whole_body(agent: &Agent) -> Result<&str, Fail> {
    if agent.is_cut() {
        return Err(Fail::Said(format!(
            "{} is larger than {} MiB, more than agentdeck reads, so its prompt would be cut short",
            clean_line(&agent.path.to_string_lossy()),
            MAX_FILE_BYTES >> 20
        )));
    }
    Ok(&agent.body)
}

pub fn run(env: &Env, args: &CopyArgs) -> Outcome {
    let super::Picked { agent, source } = resolve_picked(env, &args.agent, &args.paths)?;
    let (what, text) = if args.file {
        let bytes = super::read_whole(&source)?;
        ("file", String::from_utf8_lossy(&bytes).into_owned())
    } else if args.description {
        ("description", agent.description.clone())
    } else if args.name {
        ("name", agent.name.clone())
    } else {
        ("prompt", whole_body(&agent)?.to_string())
    };
    if args.stdout {
        let mut out = std::io::stdout().lock();
        out.write_all(crate::text::sanitize::clean(&text).as_bytes())?;
        return Ok(0);
    }
    copy_to_clipboard(&text, what)
}

fn copy_to_clipboard(text: &str, what: &str) -> Outcome {
    let report = crate::clipboard::copy(text, what);
    if report.ok() {
        eprintln!("agentdeck: {report}");
        Ok(0)
    } else {
        Err(Fail::Said(format!("{report}; use --stdout to print it instead")))
    }
}
