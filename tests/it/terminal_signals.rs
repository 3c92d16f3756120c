//! In a real terminal (tmux): every signal that ends the browser gives the terminal back
//! (cooked mode, echo, no alternate screen, no mouse tracking) with status 128 + n; Ctrl-Z,
//! SIGTSTP and SIGSTOP suspend it and `fg` brings it back redrawn in raw mode; a clipboard
//! tool that hangs does not freeze it; `copy` sends OSC 52 to the terminal, never into a
//! redirected stdout. Needs tmux, hence ignored by default.

use crate::harness;

use crate::harness::sandbox::{Sandbox, bin, quote};
use crate::harness::tmux::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    harness::quirks()
}

/// The fixtures' folder as a shell word.
fn fixtures_arg() -> String {
    quote(&fixtures().to_string_lossy())
}

/// The browser on the fixtures in the sandbox `sb`, with `env` (more `env` words) for it, in
/// a shell that records how it ended.
fn browser_then_stty(sb: &Sandbox, env: &str, out: &Path) -> (Tmux, Reaper) {
    let t = then_stty(&sb.shell(env, &fixtures_arg()), out);
    t.wait_for("the list", |s| s.contains("lint-fixer"));
    let pid = agentdeck_pid(&t);
    assert!(!pid.is_empty());
    (t, Reaper(pid))
}

fn kill(sig: &str, pid: &str) {
    assert!(Command::new("kill").args([sig, pid]).status().unwrap().success());
}

fn signal_gives_the_terminal_back(sig: &str, status: &str) {
    let sb = Sandbox::new();
    let out = sb.root().join("tty");
    let (t, pid) = browser_then_stty(&sb, "", &out);
    kill(sig, &pid.0);
    assert_cooked(&out, status);
    assert!(!t.screen_taken(), "alternate screen or mouse tracking left on after {sig}");
}

#[test]
#[ignore = "needs tmux"]
fn sigint_from_outside_gives_the_terminal_back() {
    signal_gives_the_terminal_back("-INT", "130");
}

#[test]
#[ignore = "needs tmux"]
fn sigquit_from_outside_gives_the_terminal_back() {
    signal_gives_the_terminal_back("-QUIT", "131");
}

#[test]
#[ignore = "needs tmux"]
fn sigterm_and_sighup_leave_no_mouse_tracking_or_alternate_screen() {
    signal_gives_the_terminal_back("-TERM", "143");
    signal_gives_the_terminal_back("-HUP", "129");
}

/// Ctrl-C typed while `$EDITOR` runs (in cooked mode, so it is SIGINT to both) ends the
/// browser once the editor is gone, without taking the screen again.
#[test]
#[ignore = "needs tmux"]
fn ctrl_c_while_the_editor_runs_gives_the_terminal_back() {
    let sb = Sandbox::new();
    let out = sb.root().join("tty");
    let (t, _pid) = browser_then_stty(&sb, "EDITOR='sleep 30;:' VISUAL=", &out);
    t.keys(&["F4"]);
    wait_until("the editor", || !t.screen_taken());
    t.keys(&["C-c"]);
    assert_cooked(&out, "130");
    assert!(!t.screen_taken(), "alternate screen or mouse tracking left on");
}

/// An interactive shell in a pane, with job control and the sandbox's environment, running
/// the browser on the fixtures.
fn browser_in_a_shell(sb: &Sandbox) -> (Tmux, Reaper) {
    let t = Tmux::start(&format!(
        "cd {} && exec {} PS1='prompt$ ' bash --norc --noprofile",
        quote(&sb.proj.to_string_lossy()),
        sb.env_words()
    ));
    t.wait_for("the prompt", |s| s.contains("prompt$"));
    t.keys(&["-l", &format!("{} {}", quote(bin()), fixtures_arg())]);
    t.keys(&["Enter"]);
    t.wait_for("the list", |s| s.contains("lint-fixer"));
    let pid = agentdeck_pid(&t);
    assert!(!pid.is_empty());
    (t, Reaper(pid))
}

/// Once stopped: the shell has the terminal in cooked mode and the screen back; `fg` brings
/// the browser back redrawn, in raw mode (keys reach it at once, an arrow is not echoed as
/// `^[[B`), and Ctrl-C still quits cleanly.
fn stopped_then_fg(t: &Tmux, dir: &Path) {
    t.wait_for("the shell to say the job stopped", |s| s.contains("Stopped"));
    assert!(!t.screen_taken(), "stopped with the alternate screen or mouse tracking on");
    let stty = dir.join("stty-stopped");
    t.keys(&["-l", &format!("stty -a > {s}.tmp; mv {s}.tmp {s}; fg", s = stty.display())]);
    t.keys(&["Enter"]);
    wait_until("stty while stopped", || stty.exists());
    assert_modes_cooked(&std::fs::read_to_string(&stty).unwrap());
    t.wait_for("the browser, redrawn", |s| s.contains("lint-fixer") && t.screen_taken());
    t.keys(&["Down"]);
    t.keys(&["-l", "lint-fi"]);
    let screen =
        t.wait_for("the query, typed in raw mode", |s| s.lines().next().is_some_and(|l| l.trim() == "> lint-fi"));
    assert!(!screen.contains("^[["), "an arrow key was echoed: {screen}");
    let after = dir.join("stty-after");
    t.keys(&["C-c"]);
    // Typed only once the browser has given the terminal back, so the shell reads it.
    wait_until("the browser to quit", || !t.screen_taken());
    t.keys(&["-l", &format!("echo status=$? > {a}.tmp; stty -a >> {a}.tmp; mv {a}.tmp {a}", a = after.display())]);
    t.keys(&["Enter"]);
    assert_cooked(&after, "0");
}

#[test]
#[ignore = "needs tmux"]
fn ctrl_z_suspends_and_fg_resumes_redrawn_in_raw_mode() {
    let sb = Sandbox::new();
    let (t, _pid) = browser_in_a_shell(&sb);
    t.keys(&["C-z"]);
    stopped_then_fg(&t, sb.root());
}

#[test]
#[ignore = "needs tmux"]
fn sigtstp_from_outside_suspends_and_fg_resumes() {
    let sb = Sandbox::new();
    let (t, pid) = browser_in_a_shell(&sb);
    kill("-TSTP", &pid.0);
    stopped_then_fg(&t, sb.root());
}

/// SIGSTOP cannot be caught: the terminal stays as it was while stopped, but SIGCONT (from
/// `fg`) takes it back from the shell, which set cooked mode meanwhile.
#[test]
#[ignore = "needs tmux"]
fn sigstop_then_fg_takes_the_terminal_back() {
    let sb = Sandbox::new();
    let (t, pid) = browser_in_a_shell(&sb);
    kill("-STOP", &pid.0);
    t.wait_for("the shell to say the job stopped", |s| s.contains("Stopped"));
    t.keys(&["-l", "fg"]);
    t.keys(&["Enter"]);
    t.wait_for("the browser, redrawn", |s| s.contains("lint-fixer"));
    t.keys(&["Down"]);
    t.keys(&["-l", "lint-fi"]);
    let screen =
        t.wait_for("the query, typed in raw mode", |s| s.lines().next().is_some_and(|l| l.trim() == "> lint-fi"));
    assert!(!screen.contains("^[["), "an arrow key was echoed: {screen}");
    t.keys(&["C-c"]);
}

/// A folder with one agent whose prompt is about 300 KB: more than a pipe holds (so a tool
/// that never reads would block a plain write for good) and more than OSC 52 takes (so the
/// tool is the only route).
fn big_agent() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let body = "Say what you did and why, in plain words. ".repeat(7_000);
    let text = format!("---\nname: big-one\ndescription: A long prompt.\n---\n\n{body}\n");
    std::fs::write(dir.path().join("big-one.md"), text).unwrap();
    dir
}

/// `AGENTDECK_COPY_CMD` that never reads its input and never ends: keys are answered while it
/// runs, and after the time limit the status line says it failed.
#[test]
#[ignore = "needs tmux"]
fn a_copy_tool_that_hangs_does_not_freeze_the_browser() {
    let agents = big_agent();
    let sb = Sandbox::new();
    let out = sb.root().join("tty");
    let cmd = sb.shell("-u TMUX AGENTDECK_COPY_CMD='sleep 30'", &quote(&agents.path().to_string_lossy()));
    let t = then_stty(&cmd, &out);
    t.wait_for("the list", |s| s.contains("big-one"));
    let _pid = Reaper(agentdeck_pid(&t));
    t.keys(&["C-y"]);
    t.wait_for("the copy to start", |s| s.contains("copying the prompt with AGENTDECK_COPY_CMD"));
    t.keys(&["-l", "big"]);
    t.wait_for("the query, typed while the tool runs", |s| s.lines().next().is_some_and(|l| l.trim() == "> big"));
    t.wait_for("the tool's failure", |s| s.contains("could not copy prompt (294,002 bytes"));
    t.keys(&["C-c"]);
    assert_cooked(&out, "0");
}

/// `agentdeck copy` with its output in a file: OSC 52 goes to the terminal (tmux, with
/// `set-clipboard on`, takes it into a buffer), nothing into the file. (`TMUX` is unset, as
/// in a terminal that is not tmux; inside tmux the text goes to tmux itself, below.)
#[test]
#[ignore = "needs tmux"]
fn copy_with_stdout_in_a_file_sends_osc52_to_the_terminal() {
    let sb = Sandbox::new();
    let (file, out) = (sb.root().join("copied.txt"), sb.root().join("tty"));
    let conf = sb.root().join("tmux.conf");
    std::fs::write(&conf, "set -g set-clipboard on\n").unwrap();
    let cmd = sb.shell(
        "-u TMUX -u AGENTDECK_COPY_CMD -u DISPLAY -u WAYLAND_DISPLAY PATH=/nonexistent",
        &format!("copy lint-fixer {} > {}", fixtures_arg(), quote(&file.to_string_lossy())),
    );
    let t = Tmux::start_with_config(
        &format!("{cmd}; echo status=$? > {o}.tmp; mv {o}.tmp {o}; echo '{AFTER}'; sleep 30", o = out.display()),
        &conf,
    );
    wait_until("copy to end", || out.exists());
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("status=0"), "{}", t.screen());
    assert_eq!(std::fs::read(&file).unwrap(), b"", "nothing goes into the redirected stdout");
    let screen = screen_after(&t);
    assert!(screen.contains("to the terminal by OSC 52: on the clipboard only if"), "{screen}");
    let buffer = t.run(&["show-buffer"]);
    assert!(String::from_utf8_lossy(&buffer.stdout).contains("You fix lint warnings"), "{buffer:?}");
}

/// Issue 21, item 4: Ctrl-Y in the browser inside tmux, whose default `set-clipboard external`
/// drops an application's OSC 52: the prompt goes into tmux's paste buffer by `tmux
/// load-buffer -w -`, and the status line says so, never "via OSC 52".
#[test]
#[ignore = "needs tmux"]
fn ctrl_y_inside_tmux_hands_the_text_to_tmux_and_says_so() {
    let sb = Sandbox::new();
    let t = Tmux::agentdeck(&sb, "-u AGENTDECK_COPY_CMD -u DISPLAY -u WAYLAND_DISPLAY", &fixtures_arg());
    t.wait_for("the list", |s| s.contains("lint-fixer"));
    t.keys(&["-l", "lint-fixer"]);
    t.wait_for("the query", |s| s.lines().next().is_some_and(|l| l.trim() == "> lint-fixer"));
    t.keys(&["C-y"]);
    t.wait_for_joined("the report", |s| s.contains("into tmux's paste buffer"));
    let screen = t.joined_screen();
    assert!(screen.contains("set-clipboard external"), "{screen}");
    assert!(!screen.contains("OSC 52"), "{screen}");
    let buffer = t.run(&["show-buffer"]);
    assert!(String::from_utf8_lossy(&buffer.stdout).contains("You fix lint warnings"), "{buffer:?}");
    t.keys(&["C-c"]);
}

/// Issue 21, item 17: `show` on a terminal goes through `$PAGER` when it is taller than the
/// screen, and straight to the terminal when it fits.
#[test]
#[ignore = "needs tmux"]
fn show_pages_what_is_taller_than_the_terminal() {
    let sb = Sandbox::new();
    let dir = &sb.dir;
    let long = format!("---\nname: long-one\ndescription: Long.\n---\n\n{}", "A line of the persona.\n\n".repeat(60));
    std::fs::write(dir.path().join("long-one.md"), long).unwrap();
    std::fs::write(dir.path().join("short-one.md"), "---\nname: short-one\ndescription: Short.\n---\nShort.\n")
        .unwrap();
    for (name, paged) in [("long-one", true), ("short-one", false)] {
        let (paged_to, out) = (dir.path().join(format!("{name}.paged")), dir.path().join(format!("{name}.status")));
        let show = sb.shell(
            &format!("PAGER={}", quote(&format!("cat > {}", paged_to.display()))),
            &format!("show {name} {}", quote(&dir.path().to_string_lossy())),
        );
        let cmd =
            format!("{show}; echo status=$? > {o}.tmp; mv {o}.tmp {o}; echo '{AFTER}'; sleep 30", o = out.display());
        let t = Tmux::start(&cmd);
        wait_until("show to end", || out.exists());
        assert!(std::fs::read_to_string(&out).unwrap().starts_with("status=0"), "{}", t.screen());
        assert_eq!(paged_to.exists(), paged, "{name}: {}", t.screen());
        if paged {
            assert!(std::fs::read_to_string(&paged_to).unwrap().contains("A line of the persona."));
        } else {
            let screen = screen_after(&t);
            assert!(screen.contains("Short."), "{screen}");
        }
    }
}
