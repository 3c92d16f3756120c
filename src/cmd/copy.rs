//! `agentdeck copy`: put an agent's prompt, file, description or name on the clipboard, or
//! print it with `--stdout`.

use super::{Fail, Outcome, resolve_picked};
use crate::cli::CopyArgs;
use std::io::Write;

pub fn run(args: &CopyArgs) -> Outcome {
    let super::Picked { agent, source } = resolve_picked(&args.agent, &args.paths)?;
    let (what, text) = if args.file {
        let bytes = super::read_whole(&source)?;
        ("file", String::from_utf8_lossy(&bytes).into_owned())
    } else if args.description {
        ("description", agent.description.clone())
    } else if args.name {
        ("name", agent.name.clone())
    } else {
        ("prompt", agent.body.clone())
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
        Err(Fail(format!("{report}; use --stdout to print it instead")))
    }
}
