//! The test process itself in a sandbox. Many tests call agentdeck's library directly. The
//! library takes its places (home, data, state, config) from the `Env` it is given, never
//! from the process; but `agentdeck::env::detect` reads them, and the front ends read a few
//! variables themselves (the budget screen `SLASH_COMMAND_TOOL_CHAR_BUDGET`, the theme
//! `NO_COLOR`, `AGENTDECK_CONFIG`). So before `main` (before any test thread exists to read the environment
//! meanwhile), HOME and every XDG folder are pointed into a temporary folder of this process,
//! and the variables agentdeck reads ([`super::sandbox::REMOVED`], and tmux's) are removed.
//! The folder is removed when the process exits. Each run of the binary still gets a
//! [`super::sandbox::Sandbox`] of its own.

use std::path::PathBuf;
use std::sync::OnceLock;

/// The temporary folder holding the process's home.
static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// The process's own home.
pub fn home() -> PathBuf {
    ROOT.get().expect("the test process is sandboxed before main").join("home")
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static BEFORE_MAIN: extern "C" fn() = before_main;

#[cfg(target_os = "linux")]
extern "C" fn before_main() {
    let root = std::env::temp_dir().join(format!("agentdeck-it-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let home = root.join("home");
    if let Err(e) = std::fs::create_dir_all(&home) {
        eprintln!("tests: cannot make the test process's home {}: {e}", home.display());
        std::process::abort();
    }
    // SAFETY: this runs before main, so no other thread exists to read or write the
    // environment meanwhile; `clean_up` only removes the folder made here.
    unsafe {
        std::env::set_var("HOME", &home);
        for (k, sub) in [
            ("XDG_CONFIG_HOME", ".config"),
            ("XDG_DATA_HOME", ".local/share"),
            ("XDG_STATE_HOME", ".local/state"),
            ("XDG_CACHE_HOME", ".cache"),
        ] {
            std::env::set_var(k, home.join(sub));
        }
        for k in super::sandbox::REMOVED.iter().chain(super::sandbox::TERMINAL_OWN) {
            std::env::remove_var(k);
        }
        libc::atexit(clean_up);
    }
    let _ = ROOT.set(root);
}

#[cfg(target_os = "linux")]
extern "C" fn clean_up() {
    if let Some(root) = ROOT.get() {
        let _ = std::fs::remove_dir_all(root);
    }
}

/// The library, called in this process, finds the process's temporary home and XDG folders
/// and none of the variables that would let the developer's environment in.
#[cfg(target_os = "linux")]
#[test]
fn the_test_process_has_a_home_and_xdg_folders_of_its_own() {
    let home = home();
    assert!(home.starts_with(std::env::temp_dir()) && home.is_dir(), "{}", home.display());
    assert_eq!(std::env::var_os("HOME"), Some(home.clone().into_os_string()));
    assert_eq!(std::env::var_os("XDG_CONFIG_HOME"), Some(home.join(".config").into_os_string()));
    assert_eq!(std::env::var_os("XDG_STATE_HOME"), Some(home.join(".local/state").into_os_string()));
    for k in super::sandbox::REMOVED.iter().chain(super::sandbox::TERMINAL_OWN) {
        assert_eq!(std::env::var_os(k), None, "{k} is set in the test process");
    }
    let config = agentdeck::config::path(&agentdeck::env::detect()).expect("a config path");
    assert_eq!(config.path, home.join(".config/agentdeck/config.toml"));
}
