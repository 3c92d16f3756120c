//! In a real terminal (tmux): SIGTERM, SIGHUP and a panic give the terminal back in cooked
//! mode with echo, Ctrl-C quits with status 0, and the browser ends when its terminal goes
//! away (idle, loading, or stuck). Signals and suspending are in `terminal_signals.rs`. Needs
//! tmux, hence ignored by default; `.ci/run` installs tmux and runs these with `--include-ignored`.

use crate::harness;

use crate::harness::sandbox::{Sandbox, quote};
use crate::harness::tmux::*;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

fn fixtures() -> PathBuf {
    harness::quirks()
}

/// The fixtures' folder as a shell word.
fn fixtures_arg() -> String {
    quote(&fixtures().to_string_lossy())
}

/// Run the browser on the fixtures, in the sandbox `sb`, in a shell that records the tty
/// state and exit status in `out`.
fn browser_then_stty(sb: &Sandbox, out: &std::path::Path) -> Tmux {
    let t = then_stty(&sb.shell("", &fixtures_arg()), out);
    t.wait_for("the list", |s| s.contains("lint-fixer"));
    t
}

#[test]
#[ignore = "needs tmux"]
fn sigterm_restores_the_terminal() {
    let sb = Sandbox::new();
    let out = sb.root().join("tty");
    let t = browser_then_stty(&sb, &out);
    let pid = agentdeck_pid(&t);
    assert!(!pid.is_empty());
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert_cooked(&out, "143");
}

#[test]
#[ignore = "needs tmux"]
fn sighup_restores_the_terminal() {
    let sb = Sandbox::new();
    let out = sb.root().join("tty");
    let t = browser_then_stty(&sb, &out);
    let pid = agentdeck_pid(&t);
    Command::new("kill").args(["-HUP", &pid]).status().unwrap();
    assert_cooked(&out, "129");
}

#[test]
#[ignore = "needs tmux"]
fn ctrl_c_quits_cleanly_and_hostile_text_stays_text() {
    let sb = Sandbox::new();
    let out = sb.root().join("tty");
    let t = browser_then_stty(&sb, &out);
    t.keys(&["-l", "evil"]);
    t.wait_for("the hostile agent", |s| s.contains("pwned"));
    // The title was never set from file text, and the OSC 0 payload shows as plain text.
    let title = t.run(&["display", "-p", "-t", "t", "#{pane_title}"]);
    assert!(!String::from_utf8_lossy(&title.stdout).contains("pwned"));
    t.keys(&["C-c"]);
    assert_cooked(&out, "0");
}

/// Run the browser with `env_args` and the debug-build panic switch, in a sandbox (its data
/// folder holds the log); check the terminal came back in cooked mode with the panic's exit
/// status 101. Returns the sandbox (kept alive), the screen after the exit and where the log
/// would be.
fn panic_with(env_args: &str) -> (Sandbox, String, PathBuf) {
    let sb = Sandbox::new();
    let out = sb.root().join("tty");
    let cmd = sb.shell(&format!("{env_args} AGENTDECK_DEBUG_PANIC=1"), &fixtures_arg());
    let t = then_stty(&cmd, &out);
    assert_cooked(&out, "101");
    let screen = screen_after(&t);
    let log = sb.data_home().join("agentdeck/agentdeck.log");
    (sb, screen, log)
}

/// The debug-build switch `AGENTDECK_DEBUG_PANIC` makes the browser panic after its first
/// frame. The terminal comes back in cooked mode with echo, and the message is printed after
/// that: it is on the normal screen (printed on the alternate screen, it would have vanished
/// with it), and says how to get a log.
#[test]
#[ignore = "needs tmux"]
fn a_panic_restores_the_terminal_and_says_how_to_get_a_log() {
    let (_dir, screen, log) = panic_with("-u AGENTDECK_LOG");
    assert!(screen.contains("agentdeck crashed: "), "{screen}");
    assert!(screen.contains("AGENTDECK_DEBUG_PANIC is set"), "the panic's own message: {screen}");
    assert!(screen.contains(&format!("run with AGENTDECK_LOG=debug to keep a log in {}", log.display())), "{screen}");
    assert!(!log.exists(), "no log unless asked for");
}

/// With logging on, the panic message names the log file, and the panic is in it.
#[test]
#[ignore = "needs tmux"]
fn a_panic_with_logging_names_the_log_file() {
    let (_dir, screen, log) = panic_with("AGENTDECK_LOG=info");
    assert!(screen.contains(&format!("the log is in {}", log.display())), "{screen}");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("panic") && logged.contains("AGENTDECK_DEBUG_PANIC is set"), "{logged}");
}

/// The browser's half of hands_off.rs: reading, every tab, copying, comparing and
/// quitting leave every file and folder as it was.
#[test]
#[ignore = "needs tmux"]
fn the_browser_leaves_files_alone() {
    let folder = harness::agent_folder();
    let before = harness::Snapshot::of(folder.path());
    let elsewhere = Sandbox::new();
    let clip = elsewhere.root().join("clip.txt");
    let out = elsewhere.root().join("tty");
    let cmd = elsewhere.shell_in(
        folder.path(),
        &format!("AGENTDECK_LOG=debug AGENTDECK_COPY_CMD={}", quote(&format!("cat > {}", clip.display()))),
        &quote(&folder.path().to_string_lossy()),
    );
    let t = then_stty(&cmd, &out);
    t.wait_for("the list", |s| s.contains("lint-fixer"));
    t.keys(&["-l", "lint-fixer"]);
    t.keys(&["Enter"]);
    t.wait_for("the reader", |s| s.contains("1 Persona"));
    for (tab, shows) in [("2", "Example"), ("3", "claude code"), ("4", "name: lint-fixer")] {
        t.keys(&[tab]);
        t.wait_for(&format!("tab {tab}"), |s| s.contains(shows));
    }
    t.keys(&["y"]);
    wait_until("the copy", || clip.exists());
    t.keys(&["q", "Escape"]);
    // An Esc followed at once by a letter reads as Alt+letter: wait for the cleared query.
    t.wait_for("the cleared query", |s| s.lines().next().is_some_and(|l| l.trim_end() == ">"));
    t.keys(&["-l", "twin"]);
    t.wait_for("the twins", |s| s.matches("twin").count() >= 3);
    t.keys(&["Tab", "Tab"]);
    t.keys(&["C-d"]);
    t.wait_for("the comparison", |s| s.contains("Twin number 1"));
    t.keys(&["q", "C-c"]);
    assert_cooked(&out, "0");
    assert_eq!(harness::Snapshot::of(folder.path()), before);
}

/// `show --raw` keeps control characters only for a pipe; on a terminal it cleans them like
/// every other output: the screen is not cleared (a line printed before survives), the title
/// is not set, and the escape sequences show as text.
#[test]
#[ignore = "needs tmux"]
fn show_raw_on_a_terminal_is_cleaned() {
    let sb = Sandbox::new();
    let out = sb.root().join("tty");
    let file = quote(&fixtures().join("hostile-escapes.md").to_string_lossy());
    let cmd = format!("echo before-the-file; {}", sb.shell("", &format!("show {file} --raw")));
    let t = then_stty(&cmd, &out);
    assert_cooked(&out, "0");
    let screen = screen_after(&t);
    assert!(screen.contains("before-the-file"), "the screen was cleared: {screen}");
    assert!(screen.contains("]52;c;aGVsbG8="), "{screen}");
    let title = t.run(&["display", "-p", "-t", "t", "#{pane_title}"]);
    assert!(!String::from_utf8_lossy(&title.stdout).contains("pwned"));
}

/// The terminal going away (`kill-server`, `kill-pane`, `respawn-pane -k`, a closed window)
/// ends the browser: it used to spin at full CPU forever on a dead terminal. (It ends within
/// milliseconds; the tests wait up to [`PATIENCE`], so a slow machine fails none of them.)
///
/// The browser on `dir` in a pane, in the sandbox `sb`: the pane's own process with `exec`,
/// else the child of the pane's shell. Returns once it has drawn `shows`, with a guard that
/// kills it (by its pid) should the test fail and leave it running.
fn browser_in_pane(sb: &Sandbox, dir: &std::path::Path, exec: bool, shows: &str) -> (Tmux, Reaper) {
    let arg = quote(&dir.to_string_lossy());
    let cmd = if exec { sb.exec("", &arg) } else { format!("{}; echo ended", sb.shell("", &arg)) };
    let t = Tmux::start(&cmd);
    t.wait_for(shows, |s| s.contains(shows));
    let pid = agentdeck_pid(&t);
    assert!(!pid.is_empty(), "no agentdeck in the pane");
    (t, Reaper(pid))
}

#[test]
#[ignore = "needs tmux"]
fn killing_the_tmux_server_ends_the_browser() {
    let sb = Sandbox::new();
    let (t, pid) = browser_in_pane(&sb, &fixtures(), false, "lint-fixer");
    t.run(&["kill-server"]);
    assert_ends(&pid.0, "kill-server");
}

#[test]
#[ignore = "needs tmux"]
fn killing_the_pane_ends_the_browser() {
    let sb = Sandbox::new();
    let (t, pid) = browser_in_pane(&sb, &fixtures(), true, "lint-fixer");
    // A second pane keeps the session, so only the terminal of the first goes away.
    t.run(&["split-window", "-d", "-t", "t", "sleep 30"]);
    t.run(&["kill-pane", "-t", "t.0"]);
    assert_ends(&pid.0, "kill-pane");
}

#[test]
#[ignore = "needs tmux"]
fn respawning_the_pane_ends_the_browser() {
    let sb = Sandbox::new();
    let (t, pid) = browser_in_pane(&sb, &fixtures(), false, "lint-fixer");
    t.run(&["respawn-pane", "-k", "-t", "t", "sleep 30"]);
    assert_ends(&pid.0, "respawn-pane -k");
}

/// 20,000 small agent files in folders of 1,000: enough that the load is still running
/// when the terminal goes away.
fn many_agents() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20_000 {
        let sub = dir.path().join(format!("team-{}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir(&sub).unwrap();
        }
        let text = format!(
            "---\nname: agent-{i}\ndescription: Agent number {i}, for the load.\nmodel: sonnet\n---\n\n\
             # Agent {i}\n\nYou are agent {i}. {}\n",
            "Work carefully and say what you did. ".repeat(20)
        );
        std::fs::write(sub.join(format!("agent-{i}.md")), text).unwrap();
    }
    dir
}

#[test]
#[ignore = "needs tmux"]
fn the_terminal_going_away_mid_load_ends_the_browser() {
    let dir = many_agents();
    let sb = Sandbox::new();
    let (t, pid) = browser_in_pane(&sb, dir.path(), false, "loading");
    t.run(&["kill-server"]);
    assert_ends(&pid.0, "kill-server while loading 20,000 files");
}

/// The browser stuck after its first frame (the debug-build switch `AGENTDECK_DEBUG_HANG`):
/// SIGTERM still ends it, from the signal thread, with the terminal given back and 143.
#[test]
#[ignore = "needs tmux"]
fn sigterm_ends_a_browser_whose_loop_is_stuck() {
    let sb = Sandbox::new();
    let out = sb.root().join("tty");
    let cmd = sb.shell("AGENTDECK_DEBUG_HANG=1", &fixtures_arg());
    let t = then_stty(&cmd, &out);
    t.wait_for("the first frame", |s| s.contains("loading"));
    let pid = Reaper(agentdeck_pid(&t));
    Command::new("kill").args(["-TERM", &pid.0]).status().unwrap();
    assert_cooked(&out, "143");
    assert!(!t.screen_taken(), "alternate screen or mouse tracking left on");
}

/// `TERM=dumb` (or no `TERM`): no full-screen, coloured UI is drawn; the browser says why
/// and exits 2, and the terminal is as it was.
#[test]
#[ignore = "needs tmux"]
fn the_browser_refuses_a_dumb_terminal() {
    for (env, says) in [
        ("TERM=dumb", "the browser needs a capable terminal, not TERM=dumb; try `agentdeck list`"),
        ("-u TERM", "the browser needs a capable terminal and TERM is not set"),
    ] {
        let sb = Sandbox::new();
        let out = sb.root().join("tty");
        let t = then_stty(&sb.shell(env, &fixtures_arg()), &out);
        // Should it draw after all, it is killed when the test fails.
        wait_until("agentdeck to start or end", || !agentdeck_pid(&t).is_empty() || out.exists());
        let _pid = Reaper(agentdeck_pid(&t));
        assert_cooked(&out, "2");
        let screen = screen_after(&t);
        assert!(screen.contains(says), "{env}: {screen}");
        assert!(!t.screen_taken(), "{env}: the screen was taken");
    }
}

/// tmux learns the browser's exit status: `remain-on-exit` panes say `0` after Ctrl-C. tmux
/// loses a child's exit that comes while it handles the closed pty (see `tty::let_go`), so
/// without the pause about a third of quits left the status empty and a zombie; three quits
/// in a row must all report it.
#[test]
#[ignore = "needs tmux"]
fn tmux_learns_the_exit_status_after_ctrl_c() {
    for round in 0..3 {
        let sb = Sandbox::new();
        // The browser is the pane's own process, whose exit status tmux is to learn.
        let t = Tmux::start(&sb.exec("", &fixtures_arg()));
        t.run(&["set", "-g", "remain-on-exit", "on"]);
        t.wait_for("the list", |s| s.contains("lint-fixer"));
        // Not a wait for output: a user idling while reading, so the quit comes after the
        // load and the watch have settled, as it does in use.
        std::thread::sleep(Duration::from_millis(1500));
        t.keys(&["C-c"]);
        wait_until("the pane to end", || t.format("#{pane_dead}") == "1");
        // Lost, the status stays empty for good: waiting long for it costs only a failing run.
        wait_until(&format!("round {round}: tmux to learn the exit status"), || {
            !t.format("#{pane_dead_status}").is_empty()
        });
        assert_eq!(t.format("#{pane_dead_status}"), "0", "round {round}: the exit status");
    }
}
