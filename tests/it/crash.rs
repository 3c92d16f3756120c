//! The crash test: `agentdeck fix` over hundreds of files, a skill install of hundreds of files,
//! and their undos are killed with SIGKILL at random moments, round after round. After each
//! kill the next command must find a readable journal, roll back what was interrupted and
//! remove every temporary file; every file holds its old bytes or its new ones (all of a step,
//! or none of it), and undo works. `AGENTDECK_CRASH_ROUNDS` sets the rounds (default 6 of
//! each), `AGENTDECK_CRASH_SEED` replays a run (the seed is printed).

use crate::harness::sandbox::{Sandbox, code, err, s, temp_files};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift), so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn broken(i: usize) -> String {
    format!("---\nname: agent-{i}\ndescription: Use when: case {i} needs a look\n---\nBody {i}.\n")
}

fn snapshot(files: &[PathBuf]) -> Vec<Option<Vec<u8>>> {
    files.iter().map(|f| std::fs::read(f).ok()).collect()
}

/// Start `args`, kill it after `delay` (if it is still running), and wait for it.
fn killed(w: &Sandbox, args: &[&str], delay: Duration) -> bool {
    let mut child = w.spawn(args);
    let start = Instant::now();
    while start.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(300));
    }
    let _ = child.kill();
    child.wait().unwrap();
    true
}

/// After a kill: the next command rolls back and cleans up; the files are all old or all new.
/// Returns whether they are new.
fn check(w: &Sandbox, files: &[PathBuf], old: &[Option<Vec<u8>>], new: &[Option<Vec<u8>>], what: &str) -> bool {
    let h = w.run(&["history", "--json"]);
    assert_eq!(code(&h), 0, "{what}: history after a kill: {}", err(&h));
    assert!(!err(&h).contains("damaged"), "{what}: {}", err(&h));
    serde_json::from_slice::<serde_json::Value>(&h.stdout).unwrap();
    let left = temp_files(w.dir.path());
    assert!(left.is_empty(), "{what}: temporary files after the next command: {left:?}");
    let names = w.journal_names();
    assert!(!names.iter().any(|n| n.ends_with(".pending")), "{what}: {names:?}");
    let now = snapshot(files);
    for (i, f) in files.iter().enumerate() {
        assert!(now[i] == old[i] || now[i] == new[i], "{what}: {} is neither old nor new", f.display());
    }
    assert!(now == old || now == new, "{what}: part of a step was left ({} files)", files.len());
    now == new
}

fn crash_rounds(w: &Sandbox, files: &[PathBuf], args: &[&str], rng: &mut Rng, rounds: u64, what: &str) {
    let old = snapshot(files);
    // One run to completion: the new bytes, and how long a run takes.
    let start = Instant::now();
    let o = w.run(args);
    assert_eq!(code(&o), 0, "{what}: {}", err(&o));
    let span = start.elapsed().as_micros() as u64;
    let new = snapshot(files);
    assert_ne!(old, new);
    assert_eq!(code(&w.run(&["undo"])), 0);
    assert_eq!(snapshot(files), old);
    let (mut kills, mut whole) = (0, 0);
    for round in 0..rounds {
        let delay = Duration::from_micros(rng.below(span + span / 4));
        kills += usize::from(killed(w, args, delay));
        let done = check(w, files, &old, &new, &format!("{what}, round {round}, killed after {delay:?}"));
        if done {
            whole += 1;
            // Kill its undo too, then finish it.
            let delay = Duration::from_micros(rng.below(span));
            killed(w, &["undo"], delay);
            check(w, files, &old, &new, &format!("{what}, round {round}, undo killed after {delay:?}"));
            if snapshot(files) == new {
                let u = w.run(&["undo"]);
                assert_eq!(code(&u), 0, "{what}, round {round}: undo: {}", err(&u));
            }
        }
        assert_eq!(snapshot(files), old, "{what}, round {round}: undo gives the old bytes back");
    }
    eprintln!("{what}: {rounds} rounds, {kills} killed mid-run, {whole} had finished; a run takes {span} us");
}

#[cfg(unix)]
#[test]
fn kill_9_during_fix_and_install_leaves_old_or_new_and_a_working_undo() {
    let seed = env_number("AGENTDECK_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    eprintln!("AGENTDECK_CRASH_SEED={seed}");
    let rounds = env_number("AGENTDECK_CRASH_ROUNDS").unwrap_or(6);
    let mut rng = Rng(seed);

    let w = Sandbox::new();
    let dir = w.agents();
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<PathBuf> = (0..300).map(|i| dir.join(format!("agent-{i:03}.md"))).collect();
    for (i, f) in files.iter().enumerate() {
        std::fs::write(f, broken(i)).unwrap();
    }
    crash_rounds(&w, &files, &["fix", s(&dir)], &mut rng, rounds, "fix over 300 files");

    let skill = w.home.join("downloads/big");
    std::fs::create_dir_all(skill.join("parts/deeper")).unwrap();
    std::fs::write(skill.join("SKILL.md"), "---\nname: big\ndescription: A big skill.\n---\nUse it.\n").unwrap();
    for i in 0..200 {
        let sub = if i % 2 == 0 { "parts" } else { "parts/deeper" };
        std::fs::write(skill.join(format!("{sub}/f{i:03}.txt")), format!("file {i}\n")).unwrap();
    }
    let installed = w.proj.join(".claude/skills/big");
    let mut files: Vec<PathBuf> = vec![installed.join("SKILL.md")];
    files.extend((0..200).map(|i| {
        let sub = if i % 2 == 0 { "parts" } else { "parts/deeper" };
        installed.join(format!("{sub}/f{i:03}.txt"))
    }));
    let skill_file = skill.join("SKILL.md");
    crash_rounds(&w, &files, &["install", s(&skill_file), "--to", "project"], &mut rng, rounds, "a 201-file skill");
    assert!(!installed.exists(), "undo leaves no folder of the skill");
    assert!(!Path::new(&w.proj.join(".claude/skills")).exists());
}
