use super::*;

fn setup() -> (tempfile::TempDir, Journal, Guard) {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::at(dir.path().join("state/journal"));
    let guard = Guard::new(Some(&dir.path().join("home")), Some(&dir.path().join("data")));
    (dir, journal, guard)
}

#[test]
fn apply_then_undo_restores_every_byte() {
    let (dir, journal, guard) = setup();
    let a = dir.path().join("a.md");
    let b = dir.path().join("sub/b.md");
    std::fs::write(&a, b"old a\r\n").unwrap();
    let mut plan = Plan::new("test", "two files");
    plan.ops.push(FileOp::write(&a, Some(b"old a\r\n".to_vec()), b"new a\n".to_vec()));
    plan.ops.push(FileOp::write(&b, None, b"new b\n".to_vec()));
    let applied = apply(&plan, &journal, &guard).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), b"new a\n");
    assert_eq!(std::fs::read(&b).unwrap(), b"new b\n");
    let undone = undo(&journal, &guard).unwrap();
    assert_eq!(undone.step, applied.step);
    assert_eq!(std::fs::read(&a).unwrap(), b"old a\r\n");
    assert!(!b.exists());
    assert!(matches!(undo(&journal, &guard), Err(ChangeError::Conflict(m)) if m.contains("nothing to undo")));
}

#[test]
fn a_file_changed_since_it_was_read_is_refused() {
    let (dir, journal, guard) = setup();
    let a = dir.path().join("a.md");
    std::fs::write(&a, b"someone else's\n").unwrap();
    let mut plan = Plan::new("test", "t");
    plan.ops.push(FileOp::write(&a, Some(b"what we read\n".to_vec()), b"ours\n".to_vec()));
    assert!(matches!(apply(&plan, &journal, &guard), Err(ChangeError::Conflict(m)) if m.contains("changed on disk")));
    assert_eq!(std::fs::read(&a).unwrap(), b"someone else's\n");
    assert!(journal.steps().unwrap().is_empty(), "a refused change leaves no step");
}

#[test]
fn undo_refuses_when_the_file_changed_after_the_write() {
    let (dir, journal, guard) = setup();
    let a = dir.path().join("a.md");
    let mut plan = Plan::new("test", "t");
    plan.ops.push(FileOp::write(&a, None, b"ours\n".to_vec()));
    apply(&plan, &journal, &guard).unwrap();
    std::fs::write(&a, b"edited by hand\n").unwrap();
    assert!(matches!(undo(&journal, &guard), Err(ChangeError::Conflict(m)) if m.contains("changed since")));
    assert_eq!(std::fs::read(&a).unwrap(), b"edited by hand\n");
}

#[test]
fn the_plugin_cache_and_managed_settings_are_refused() {
    let (dir, journal, guard) = setup();
    let cached = dir.path().join("home/.claude/plugins/cache/m/p/1.0/agents/x.md");
    let mut plan = Plan::new("test", "t");
    plan.ops.push(FileOp::write(&cached, None, b"x".to_vec()));
    assert!(matches!(apply(&plan, &journal, &guard), Err(ChangeError::Refused(m)) if m.contains("plugin cache")));
    assert!(!cached.exists());
    let managed = crate::catalog::settings::managed_settings();
    assert!(matches!(guard.check(&managed), Err(ChangeError::Refused(_))));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, journal, guard) = setup();
    let a = dir.path().join("a.md");
    std::fs::write(&a, b"x").unwrap();
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    let mut plan = Plan::new("test", "t");
    plan.ops.push(FileOp::write(&a, Some(b"x".to_vec()), b"y".to_vec()));
    apply(&plan, &journal, &guard).unwrap();
    assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn diff_is_unified() {
    let mut plan = Plan::new("test", "t");
    plan.ops.push(FileOp::write("x/a.md", Some(b"one\ntwo\n".to_vec()), b"one\nthree\n".to_vec()));
    plan.ops.push(FileOp::write("x/new.md", None, b"fresh\n".to_vec()));
    let d = plan.diff();
    assert!(d.contains("--- a/x/a.md\n+++ b/x/a.md\n@@ "), "{d}");
    assert!(d.contains("-two\n+three\n"), "{d}");
    assert!(d.contains("--- /dev/null\n+++ b/x/new.md\n"), "{d}");
}

#[test]
fn a_file_changed_right_before_the_rename_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    std::fs::write(&a, b"an editor's save\n").unwrap();
    // The plan read "ours"; the file now holds something else: the last check refuses.
    let r = file::put(&a, Some(b"new\n"), Some(b"ours\n"));
    assert!(matches!(r, Err(file::PutError::Changed)));
    assert_eq!(std::fs::read(&a).unwrap(), b"an editor's save\n");
    let r = file::put(&a, None, Some(b"ours\n"));
    assert!(matches!(r, Err(file::PutError::Changed)));
    assert!(a.exists(), "a removal is checked the same way");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left");
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_or_a_fifo_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("gone.md");
    std::os::unix::fs::symlink("nowhere.md", &link).unwrap();
    assert!(matches!(target(&link), Err(ChangeError::Refused(m)) if m.contains("does not exist")));
    assert!(matches!(target(dir.path()), Err(ChangeError::Refused(m)) if m.contains("not a regular file")));
}
