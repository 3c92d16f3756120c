use super::*;

fn record(j: &Journal, title: &str, ops: Vec<StepOp>) -> Step {
    let lock = j.lock().unwrap();
    let step = j.begin(&lock, "test", title, ops, vec![]).unwrap();
    j.finish(step.number).unwrap();
    step
}

#[test]
fn steps_round_trip_and_number_upwards() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::at(dir.path().join("j"));
    assert!(j.steps().unwrap().is_empty());
    let op = StepOp { path: PathBuf::from("/x/a.md"), before: Some(b"\x00\xffold".to_vec()), after: None };
    let one = record(&j, "remove a", vec![op.clone()]);
    let two = record(&j, "fix b", vec![]);
    assert_eq!((one.number, two.number), (1, 2));
    assert_eq!(j.newest_applied().unwrap().0.unwrap().number, 2);
    j.mark_undone(2).unwrap();
    let newest = j.newest_applied().unwrap().0.unwrap();
    assert_eq!((newest.number, newest.ops.clone()), (1, vec![op]));
    let all = j.steps().unwrap();
    assert_eq!(all.iter().map(|s| (s.number, s.undone)).collect::<Vec<_>>(), [(2, true), (1, false)]);
    assert!(j.pending().is_empty(), "finished steps leave no marker");
}

#[test]
fn a_damaged_entry_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::at(dir.path().join("j"));
    let op = StepOp { path: PathBuf::from("/x/a.md"), before: None, after: Some(b"a".to_vec()) };
    record(&j, "first", vec![op]);
    // What a crash during the old in-place write left: half an entry, and garbage.
    std::fs::write(j.file(2), b"{\n  \"step\": 2,\n  \"ti").unwrap();
    std::fs::write(j.file(3), b"\x00\x00\x00").unwrap();
    let (newest, warnings) = j.newest_applied().unwrap();
    assert_eq!(newest.unwrap().number, 1);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("00000003.json is damaged"), "{warnings:?}");
    let (headers, warnings) = j.headers().unwrap();
    assert_eq!(headers.iter().map(|h| h.number).collect::<Vec<_>>(), [1]);
    assert_eq!(warnings.len(), 2);
}

#[test]
fn history_reads_only_the_header_line() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::at(dir.path().join("j"));
    let op = StepOp { path: PathBuf::from("/x/big.json"), before: Some(vec![b'x'; 1 << 20]), after: None };
    record(&j, "big", vec![op]);
    // Spoil everything after the first line: a header read never looks there.
    let text = std::fs::read(j.file(1)).unwrap();
    let end = text.iter().position(|&b| b == b'\n').unwrap();
    assert!(end < 300, "the header is small: {end} bytes");
    let mut spoiled = text[..=end].to_vec();
    spoiled.extend_from_slice(b"garbage");
    std::fs::write(j.file(1), spoiled).unwrap();
    let h = j.header(1).unwrap();
    assert_eq!((h.title.as_str(), h.files.clone()), ("big", vec![(PathBuf::from("/x/big.json"), "removed")]));
    assert!(j.read(1).is_err());
}

#[test]
fn a_stray_high_number_does_not_prune_older_steps() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::at(dir.path().join("j")).with_limits(5, u64::MAX);
    for i in 0..3 {
        record(&j, &format!("s{i}"), vec![]);
    }
    std::fs::copy(j.file(3), j.file(99_999_999)).unwrap();
    let next = record(&j, "after the stray one", vec![]);
    assert_eq!(next.number, 100_000_000);
    assert_eq!(j.numbers().unwrap(), [1, 2, 3, 99_999_999, 100_000_000]);
    record(&j, "one more", vec![]);
    assert_eq!(j.numbers().unwrap(), [2, 3, 99_999_999, 100_000_000, 100_000_001], "only the oldest goes");
}

#[test]
fn the_journal_is_bounded_in_bytes_keeping_the_newest_step() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::at(dir.path().join("j")).with_limits(100, 60_000);
    let big = |i: u8| StepOp { path: PathBuf::from("/x/s.json"), before: Some(vec![i; 20_000]), after: None };
    for i in 0..5 {
        record(&j, "big", vec![big(i)]);
    }
    assert_eq!(j.numbers().unwrap(), [4, 5], "two steps of ~27 kB fit in 60 kB");
    let huge = StepOp { path: PathBuf::from("/x/s.json"), before: Some(vec![0; 100_000]), after: None };
    record(&j, "huge", vec![huge]);
    assert_eq!(j.numbers().unwrap(), [6], "the newest step is kept whatever its size");
}

#[test]
fn a_second_writer_waits_for_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::at(dir.path().join("j"));
    let held = j.lock().unwrap();
    let j2 = j.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let t = std::thread::spawn(move || {
        let _l = j2.lock().unwrap();
        tx.send(()).unwrap();
    });
    assert!(rx.recv_timeout(std::time::Duration::from_millis(200)).is_err(), "the lock is held");
    drop(held);
    t.join().unwrap();
    assert!(rx.try_recv().is_ok());
}

fn blobs(j: &Journal) -> usize {
    std::fs::read_dir(j.dir().join("blobs")).map_or(0, |rd| rd.count())
}

#[test]
fn bytes_are_kept_once_however_many_steps_hold_them() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::at(dir.path().join("j"));
    let v = |i: u8| Some(vec![i; 1 << 20]);
    let op = |a: u8, b: u8| StepOp { path: PathBuf::from("/x/settings.json"), before: v(a), after: v(b) };
    record(&j, "one", vec![op(0, 1)]);
    record(&j, "two", vec![op(1, 2)]);
    record(&j, "back", vec![op(2, 1)]);
    assert_eq!(blobs(&j), 3, "three different contents, however many times each appears");
    let size: u64 = std::fs::read_dir(j.dir())
        .unwrap()
        .chain(std::fs::read_dir(j.dir().join("blobs")).unwrap())
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    assert!(size < (3 << 20) + 10_000, "raw bytes, no base64: {size}");
    assert_eq!(j.read(2).unwrap().ops, vec![op(1, 2)]);
}

#[test]
fn pruned_steps_take_their_blobs_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::at(dir.path().join("j")).with_limits(1, u64::MAX);
    let big = |c: u8| vec![c; super::BLOB_MIN];
    let op = |a: u8, b: u8| StepOp { path: PathBuf::from("/x/a"), before: Some(big(a)), after: Some(big(b)) };
    record(&j, "one", vec![op(1, 2)]);
    record(&j, "two", vec![op(3, 4)]);
    assert_eq!(j.numbers().unwrap(), [2]);
    assert_eq!(blobs(&j), 2, "only step 2's bytes are left");
}

#[test]
fn an_entry_of_an_older_agentdeck_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::at(dir.path().join("j"));
    std::fs::create_dir_all(j.dir()).unwrap();
    let old = r#"{
  "step": 1,
  "time": 5,
  "command": "set",
  "title": "set color",
  "undone": false,
  "ops": [{"path": "/x/a.md", "before": "b2xk", "after": null}]
}"#;
    std::fs::write(j.file(1), old).unwrap();
    let step = j.newest_applied().unwrap().0.unwrap();
    assert_eq!(step.ops, vec![StepOp { path: PathBuf::from("/x/a.md"), before: Some(b"old".to_vec()), after: None }]);
    assert_eq!(j.header(1).unwrap().files, vec![(PathBuf::from("/x/a.md"), "removed")]);
}

#[test]
fn dates() {
    assert_eq!(format_time(0), "1970-01-01 00:00");
    assert_eq!(format_time(1_796_111_700), "2026-12-01 07:55");
    assert_eq!(format_time(951_782_400), "2000-02-29 00:00");
}
