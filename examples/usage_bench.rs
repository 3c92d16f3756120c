//! How long reading Claude Code's transcripts for usage takes: writes SIZE megabytes of
//! transcripts shaped like real ones (mostly tool results carrying file contents, some
//! assistant turns with tool calls, a few subagent runs) into a temporary folder, then reads
//! them cold (no cache) and again warm (the cache by size and time), and prints both.
//!
//!     cargo run --release --example usage_bench -- 1024
use agentdeck::catalog::usage::{Cache, read};
use std::io::Write;
use std::time::Instant;

fn main() {
    let mb: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(256);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let projects = dir.path().join("projects");
    let filler = "fn main() { println!(a line of some source file); } // ".repeat(80);
    let (mut written, mut sessions, mut calls) = (0usize, 0usize, 0usize);
    while written < mb << 20 {
        let project = projects.join(format!("-home-me-project-{}", sessions % 20));
        std::fs::create_dir_all(project.join(format!("s{sessions}/subagents"))).unwrap();
        let mut f = std::io::BufWriter::new(std::fs::File::create(project.join(format!("s{sessions}.jsonl"))).unwrap());
        for i in 0..400 {
            let line = match i % 10 {
                0 => {
                    calls += 1;
                    format!(
                        r#"{{"type":"assistant","timestamp":"2026-11-{:02}T10:00:00Z","message":{{"role":"assistant","content":[{{"type":"tool_use","id":"toolu_{i}","name":"Agent","input":{{"subagent_type":"agent-{}","description":"d","prompt":"{}"}}}}]}}}}"#,
                        1 + i % 28,
                        i % 37,
                        &filler[..200]
                    )
                }
                1..=3 => format!(
                    r#"{{"type":"assistant","message":{{"role":"assistant","content":[{{"type":"text","text":"{}"}}]}}}}"#,
                    &filler[..600]
                ),
                _ => format!(
                    r#"{{"type":"user","message":{{"role":"user","content":[{{"type":"tool_result","tool_use_id":"toolu_{i}","content":"{filler}"}}]}},"toolUseResult":{{"stdout":"{filler}"}}}}"#
                ),
            };
            written += line.len() + 1;
            writeln!(f, "{line}").unwrap();
        }
        sessions += 1;
    }
    println!("wrote {} MiB in {sessions} sessions ({calls} delegations)", written >> 20);
    let mut cache = Cache::default();
    let t = Instant::now();
    let cold = read(&projects, &mut cache);
    let cold_t = t.elapsed();
    let t = Instant::now();
    let warm = read(&projects, &mut cache);
    let warm_t = t.elapsed();
    assert_eq!(cold, warm);
    let counted: u32 = cold.agents.values().map(|u| u.count).sum();
    assert_eq!(counted as usize, calls, "every delegation counted once");
    println!(
        "cold: {:.2} s ({:.0} MiB/s); warm (cached by size and time): {:.3} s",
        cold_t.as_secs_f64(),
        (written >> 20) as f64 / cold_t.as_secs_f64(),
        warm_t.as_secs_f64()
    );
}
