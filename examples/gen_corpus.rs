//! Writes N synthetic agent files into DIR, for benchmarks at sizes no public collection has.
//!
//! `cargo run --release --example gen_corpus -- N DIR [--seed S] [--mixed]`
//!
//! With `--mixed`, one file in ten is a skill (`skills/<name>/SKILL.md` beside a script) and
//! one in ten a command (`commands/<name>.md`), as collections of every kind hold them.
//!
//! The files are built from our own templates with a fixed pseudo-random sequence, so the same
//! N and seed always give the same corpus. They look like the real ones measured in FORMAT.md:
//! a median near 6 KB with a long tail (a few reach 60 KB), descriptions with `<example>`
//! blocks, Markdown personas with headings, lists, code and tables, tools as a comma string,
//! a YAML list or absent, and the common quirks in roughly their real proportions: unquoted
//! `: ` in a description (strict YAML rejects it), literal `\n` escapes, multi-line
//! descriptions at column 0, CRLF line ends, a BOM, mojibake, duplicate names, and a few
//! files with no frontmatter at all (which a folder scan leaves out). Files are spread over
//! sub-folders of 1,000 so no single directory is huge.

// Shared with the benchmarks, which use parts this program does not.
#[allow(dead_code)]
#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus N DIR [--seed S] [--mixed]";
    let fail = || -> ! {
        eprintln!("{usage}");
        std::process::exit(2)
    };
    let (Some(n), Some(dir)) = (args.first().and_then(|s| s.parse::<usize>().ok()), args.get(1)) else { fail() };
    let seed = match args.iter().position(|a| a == "--seed") {
        Some(i) => args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or_else(|| fail()),
        None => 42,
    };
    let dir = PathBuf::from(dir);
    let bytes = if args.iter().any(|a| a == "--mixed") {
        synth::generate_mixed(n, &dir, seed)
    } else {
        synth::generate(n, &dir, seed)
    };
    println!("{n} files, {:.1} MB, in {}", bytes as f64 / 1e6, dir.display());
}
