//! Talking back about the command line itself: clap's errors cut to one line that still
//! names what was wrong (a missing `AGENT` included), and a mistyped subcommand (`lsit`,
//! which clap takes for a PATH to browse) answered with the subcommand that was meant.

use super::Fail;
use crate::text::sanitize::clean_line;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::path::PathBuf;

/// The command a usage line is about: `Usage: agentdeck show <AGENT> [PATHS]...` gives
/// `agentdeck show`.
fn command_of(usage: &str) -> String {
    let line = usage.lines().next().unwrap_or_default().trim_start_matches("Usage:").trim();
    let words: Vec<&str> = line.split_whitespace().take_while(|w| !w.starts_with(['<', '[', '-'])).collect();
    if words.is_empty() { "agentdeck".into() } else { words.join(" ") }
}

/// One line for a clap error: what was wrong, the usage when an argument is missing, and
/// where help is.
pub fn one_line(e: &clap::Error) -> String {
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(u)) => u.to_string(),
        _ => String::new(),
    };
    let command = command_of(&usage);
    if e.kind() == ErrorKind::MissingRequiredArgument
        && let Some(ContextValue::Strings(args)) = e.get(ContextKind::InvalidArg)
    {
        let names: Vec<&str> = args.iter().map(|a| a.trim_matches(['<', '>'])).collect();
        let be = if names.len() == 1 { "is" } else { "are" };
        let usage = usage.lines().next().unwrap_or_default().trim_start_matches("Usage:").trim();
        return clean_line(&format!("{} {be} required: {usage} (see {command} --help)", names.join(" and ")))
            .into_owned();
    }
    // clap's first paragraph is the error; the rest is usage and tips.
    let text = e.render().to_string();
    let first = text.split("\n\n").next().unwrap_or_default();
    let joined: Vec<&str> = first.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let msg = joined.join(" ");
    let msg = msg.trim_start_matches("error: ");
    clean_line(&format!("{msg} (see {command} --help)")).into_owned()
}

/// Edits (insert, delete, replace, swap two neighbours) between two words.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The subcommand `word` was likely meant to be: one edit away (two for long words).
pub fn meant(word: &str, subcommands: &[String]) -> Option<String> {
    let lower = word.to_lowercase();
    let budget = if lower.chars().count() > 5 { 2 } else { 1 };
    subcommands
        .iter()
        .map(|s| (distance(&lower, s), s))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s.clone())
}

/// For the browser's PATHs: a word that is no file but nearly a subcommand's name fails with
/// the subcommand it was meant to be, instead of a browser on nothing.
pub fn mistyped_subcommand(paths: &[PathBuf], subcommands: &[String]) -> Option<Fail> {
    paths.iter().find_map(|p| {
        let word = p.to_str()?;
        if word.contains(['/', '.', '\\']) || p.exists() {
            return None;
        }
        let sub = meant(word, subcommands)?;
        Some(Fail::Said(format!("no such file '{}'; did you mean `{sub}`?", clean_line(word))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::{CommandFactory, Parser};

    fn subs() -> Vec<String> {
        Cli::command().get_subcommands().map(|s| s.get_name().to_string()).collect()
    }

    #[test]
    fn typos_of_subcommands_are_caught_and_other_words_are_not() {
        let s = subs();
        assert_eq!(meant("lsit", &s).as_deref(), Some("list"));
        assert_eq!(meant("chekc", &s).as_deref(), Some("check"));
        assert_eq!(meant("overlap", &s).as_deref(), Some("overlaps"));
        assert_eq!(meant("Show", &s).as_deref(), Some("show"));
        assert_eq!(meant("agents", &s), None);
        assert_eq!(meant("xyz", &s), None);
        let err = mistyped_subcommand(&[PathBuf::from("lsit")], &s).unwrap();
        assert_eq!(err.message().unwrap(), "no such file 'lsit'; did you mean `list`?");
        assert!(mistyped_subcommand(&[PathBuf::from("./lsit")], &s).is_none(), "a path is meant as one");
    }

    #[test]
    fn a_missing_argument_is_named_in_one_line() {
        let e = Cli::try_parse_from(["agentdeck", "show"]).unwrap_err();
        let msg = one_line(&e);
        assert_eq!(msg, "AGENT is required: agentdeck show <AGENT> [PATHS]... (see agentdeck show --help)");
        let e = Cli::try_parse_from(["agentdeck", "list", "--bogus"]).unwrap_err();
        let msg = one_line(&e);
        assert!(msg.starts_with("unexpected argument '--bogus' found") && !msg.contains('\n'), "{msg}");
    }
}
