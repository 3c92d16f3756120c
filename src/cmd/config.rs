//! `agentdeck config`: where the config file is, and the configuration in effect as TOML (the
//! problems on stderr, exit 1 when there are any, so a script can check a config file).

use super::{Fail, Outcome};
use crate::cli::ConfigArgs;
use crate::config::{self, Config};
use crate::env::Env;
use crate::text::sanitize::clean_line;
use std::io::Write;

pub fn run(env: &Env, args: &ConfigArgs) -> Outcome {
    let Some(at) = config::path(env) else {
        return Err(Fail::Said("no config folder: HOME is not set (set AGENTDECK_CONFIG to a file)".into()));
    };
    let shown = clean_line(&at.path.to_string_lossy()).into_owned();
    let mut out = std::io::stdout().lock();
    if args.path {
        writeln!(out, "{shown}")?;
        return Ok(0);
    }
    let (config, problems) = Config::load(env);
    let found = at.path.exists();
    writeln!(out, "# config file: {shown}{}", if found { "" } else { " (not there: the defaults apply)" })?;
    if !problems.is_empty() {
        let n = problems.len();
        writeln!(out, "# {} (on stderr); those keys keep their defaults", crate::text::plural::count(n, "problem"))?;
    }
    writeln!(out)?;
    out.write_all(config.to_toml().as_bytes())?;
    out.flush()?;
    for p in &problems {
        eprintln!("agentdeck: {p}");
    }
    Ok(if problems.is_empty() { 0 } else { 1 })
}
