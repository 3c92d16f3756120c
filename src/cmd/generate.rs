//! `agentdeck completions SHELL` and `agentdeck man`: generated from the clap definitions,
//! so every subcommand and flag (those added later too) is completed and documented.

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use clap::CommandFactory;
use std::io::Write;

pub fn completions(args: &CompletionsArgs) -> Outcome {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "agentdeck", &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(0)
}

pub fn man() -> Outcome {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    std::io::stdout().lock().write_all(&out)?;
    Ok(0)
}
