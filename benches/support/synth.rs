//! Synthetic agent files for benchmarks, shared by `examples/gen_corpus.rs` and
//! `benches/catalog.rs`. Our own templates and a fixed pseudo-random sequence, so the same N
//! and seed always give the same corpus; see the example's doc for what the files look like.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast and good enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }
}

const SENIORITY: &[&str] =
    &["", "senior-", "staff-", "principal-", "junior-", "lead-", "expert-", "pragmatic-", "careful-", "fast-"];
const DOMAIN: &[&str] = &[
    "rust",
    "go",
    "python",
    "typescript",
    "react",
    "vue",
    "kotlin",
    "swift",
    "java",
    "elixir",
    "haskell",
    "sql",
    "postgres",
    "redis",
    "kafka",
    "kubernetes",
    "terraform",
    "aws",
    "gcp",
    "azure",
    "graphql",
    "grpc",
    "css",
    "accessibility",
    "security",
    "privacy",
    "compliance",
    "billing",
    "search",
    "ml",
    "data",
    "etl",
    "mobile",
    "embedded",
    "firmware",
    "game",
    "audio",
    "video",
    "docs",
    "api",
    "cli",
    "compiler",
    "database",
    "frontend",
    "backend",
    "devops",
    "sre",
    "qa",
    "release",
    "observability",
    "performance",
    "marketing",
    "legal",
    "finance",
    "support",
    "sales",
    "hiring",
    "product",
    "design",
    "research",
];
const ROLE: &[&str] = &[
    "reviewer",
    "engineer",
    "architect",
    "debugger",
    "tester",
    "writer",
    "auditor",
    "advisor",
    "mentor",
    "optimizer",
    "migrator",
    "analyst",
    "planner",
    "specialist",
    "lead",
    "coach",
    "triager",
    "maintainer",
];
const VERB: &[&str] = &[
    "reviewing",
    "designing",
    "debugging",
    "profiling",
    "migrating",
    "documenting",
    "testing",
    "auditing",
    "refactoring",
    "deploying",
    "monitoring",
    "planning",
    "estimating",
    "explaining",
    "hardening",
];
const THING: &[&str] = &[
    "pull requests",
    "service boundaries",
    "slow queries",
    "flaky tests",
    "release notes",
    "incident timelines",
    "memory leaks",
    "API contracts",
    "build pipelines",
    "schema changes",
    "dependency upgrades",
    "error budgets",
    "onboarding guides",
    "cache layers",
    "access policies",
    "pricing pages",
    "data contracts",
    "feature flags",
];
const SENTENCE: &[&str] = &[
    "Start from what the user can observe and work back to the cause.",
    "Prefer the smallest change that fixes the problem, and say what it does not fix.",
    "Ask for the error message, the version and the last thing that changed before guessing.",
    "Write down assumptions so the next person can check them.",
    "When two options are close, pick the one that is easier to undo.",
    "Measure before and after; an optimisation without numbers is a rumour.",
    "Keep the review about the code, never about the author.",
    "Explain trade-offs in plain words and give a recommendation at the end.",
    "Split large changes into steps that each leave the system working.",
    "Name the risk, its likelihood and what would tell us it is happening.",
    "Read the existing tests first; they say what the authors cared about.",
    "Leave the campsite a little cleaner, but do not rewrite it on a whim.",
    "Security problems are reported privately and fixed before they are discussed.",
    "A checklist is a starting point, not a substitute for thinking.",
    "If the request is ambiguous, state the reading you chose and why.",
    "Make failure modes loud: silent fallbacks hide real bugs for months.",
];
const TOOLS: &[&str] = &[
    "Read",
    "Write",
    "Edit",
    "MultiEdit",
    "Grep",
    "Glob",
    "Bash",
    "WebFetch",
    "WebSearch",
    "TodoWrite",
    "Task",
    "NotebookEdit",
    "mcp__github__create_issue",
    "mcp__github__list_pulls",
    "mcp__linear__search",
    "mcp__sentry__get_event",
    "mcp__postgres__query",
];
const MODEL: &[&str] = &["sonnet", "opus", "haiku", "inherit", "claude-sonnet-4-20250514", "fable"];
const COLOR: &[&str] = &["red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan", "magenta"];

/// Write `n` files into `dir` (sub-folders of 1,000); returns the total bytes written.
pub fn generate(n: usize, dir: &Path, seed: u64) -> usize {
    let mut rng = Rng(seed);
    let mut bytes = 0usize;
    for i in 0..n {
        let path: PathBuf = dir.join(format!("{:03}", i / 1000)).join(format!("agent-{i:06}.md"));
        let text = agent_file(&mut rng, i);
        bytes += text.len();
        write(&path, text.as_bytes());
    }
    bytes
}

/// [`generate`], with the other kinds mixed in as real collections hold them: one file in
/// ten is a skill (`skills/<name>/SKILL.md` beside a script), one in ten a command
/// (`commands/<name>.md`), the rest agents. Still `n` Markdown files.
pub fn generate_mixed(n: usize, dir: &Path, seed: u64) -> usize {
    let mut rng = Rng(seed);
    let mut bytes = 0usize;
    for i in 0..n {
        let group = dir.join(format!("{:03}", i / 1000));
        let text = agent_file(&mut rng, i);
        let path = match i % 10 {
            0 => {
                let skill = group.join("skills").join(format!("skill-{i:06}"));
                write(&skill.join("scripts/run.py"), b"print('run')\n");
                skill.join("SKILL.md")
            }
            1 => group.join("commands").join(format!("command-{i:06}.md")),
            _ => group.join(format!("agent-{i:06}.md")),
        };
        bytes += text.len();
        write(&path, text.as_bytes());
    }
    bytes
}

/// `n` files' text in memory, without touching the disk.
pub fn texts(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    (0..n).map(|i| agent_file(&mut rng, i)).collect()
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
/// One file. `i` makes names mostly unique; about 3% reuse an earlier name on purpose.
fn agent_file(rng: &mut Rng, i: usize) -> String {
    let (seniority, domain, role) = (rng.pick(SENIORITY), rng.pick(DOMAIN), rng.pick(ROLE));
    let name = if rng.chance(30) {
        format!("{seniority}{domain}-{role}")
    } else {
        format!("{seniority}{domain}-{role}-{}", i % 9973)
    };
    let description = description(rng, domain, role, &name);
    let quirk = rng.below(1000);
    let mut fm = String::new();
    writeln!(fm, "name: {name}").unwrap();
    match quirk {
        // Literal `\n` escapes in a one-line description (very common).
        0..=249 => writeln!(fm, "description: {}", description.replace('\n', "\\n")).unwrap(),
        // An unquoted `: ` inside the value: strict YAML rejects it, Claude Code's retry saves it.
        250..=299 => writeln!(fm, "description: Triggers on: {}", description.replace('\n', "\\n")).unwrap(),
        // A description spanning lines at column 0, with `user:` lines that look like keys.
        300..=319 => writeln!(fm, "description: {description}").unwrap(),
        // A YAML block scalar, the tidy way.
        _ => {
            fm.push_str("description: |\n");
            for line in description.lines() {
                writeln!(fm, "  {line}").unwrap();
            }
        }
    }
    match rng.below(10) {
        0..=5 => {}
        6..=8 => {
            let mut tools: Vec<&str> = (0..1 + rng.below(8)).map(|_| rng.pick(TOOLS)).collect();
            tools.sort_unstable();
            tools.dedup();
            writeln!(fm, "tools: {}", tools.join(", ")).unwrap();
        }
        _ => {
            fm.push_str("tools:\n");
            let mut tools: Vec<&str> = (0..1 + rng.below(6)).map(|_| rng.pick(TOOLS)).collect();
            tools.sort_unstable();
            tools.dedup();
            for tool in tools {
                writeln!(fm, "  - {tool}").unwrap();
            }
        }
    }
    if rng.chance(800) {
        writeln!(fm, "model: {}", rng.pick(MODEL)).unwrap();
    }
    if rng.chance(600) {
        writeln!(fm, "color: {}", rng.pick(COLOR)).unwrap();
    }
    if rng.chance(150) {
        writeln!(fm, "version: 1.{}.0\nauthor: generated\ntags: [{domain}, {role}]", rng.below(9)).unwrap();
    }
    let body = body(rng, domain, role);
    let mut text = if rng.chance(5) { body } else { format!("---\n{fm}---\n\n{body}") };
    if rng.chance(10) {
        text = text.replace('\n', "\r\n");
    }
    if rng.chance(5) {
        text.insert(0, '\u{feff}');
    }
    if rng.chance(10) {
        // UTF-8 emoji read as Windows-1252 and written back: the classic mojibake.
        text.push_str("\n\u{f0}\u{178}\u{201d}\u{b4} Critical issues first.\n");
    }
    text
}

fn description(rng: &mut Rng, domain: &str, role: &str, name: &str) -> String {
    let mut d = format!(
        "Use this agent when {} {} {} or when a team needs a {role} who knows {domain} well. {}",
        rng.pick(VERB),
        domain,
        rng.pick(THING),
        rng.pick(SENTENCE)
    );
    d.push_str(" Examples:\n\n");
    for _ in 0..rng.below(4) {
        let thing = rng.pick(THING);
        write!(
            d,
            "<example>\nContext: The user is {} {thing} in a {domain} project.\nuser: \"Can you help with our {thing}?\"\nassistant: \"I'll use the {name} agent to look at the {thing}.\"\n<commentary>\n{}\n</commentary>\n</example>\n\n",
            rng.pick(VERB),
            rng.pick(SENTENCE)
        )
        .unwrap();
    }
    d.trim_end().to_string()
}

/// A Markdown persona. Sizes follow a long tail: most near 5 KB, some ten times that.
fn body(rng: &mut Rng, domain: &str, role: &str) -> String {
    let sections = match rng.below(100) {
        0..=1 => 40 + rng.below(40),
        2..=11 => 14 + rng.below(10),
        _ => 7 + rng.below(9),
    };
    let mut b = format!("You are a {domain} {role}. {}\n\n", rng.pick(SENTENCE));
    for s in 0..sections {
        writeln!(b, "## {} {}\n", capitalise(rng.pick(VERB)), rng.pick(THING)).unwrap();
        for _ in 0..2 + rng.below(3) {
            b.push_str(rng.pick(SENTENCE));
            b.push(' ');
        }
        b.push_str("\n\n");
        match s % 4 {
            0 => {
                for _ in 0..3 + rng.below(4) {
                    writeln!(b, "- **{}**: {}", capitalise(rng.pick(THING)), rng.pick(SENTENCE)).unwrap();
                }
            }
            1 => {
                writeln!(
                    b,
                    "```{domain}\n// check {} before {}\nrun_checks(--strict)\n```",
                    rng.pick(THING),
                    rng.pick(VERB)
                )
                .unwrap();
            }
            2 => {
                b.push_str("| step | owner | done when |\n|---|---|---|\n");
                for _ in 0..2 + rng.below(3) {
                    writeln!(b, "| {} | {role} | {} |", rng.pick(VERB), rng.pick(THING)).unwrap();
                }
            }
            _ => writeln!(b, "> {}", rng.pick(SENTENCE)).unwrap(),
        }
        b.push('\n');
    }
    b
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
