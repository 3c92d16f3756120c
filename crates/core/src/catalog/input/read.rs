//! Reading one file's bytes without ever hanging: at most [`MAX_FILE_BYTES`] + 1 of them, so
//! a huge file cannot exhaust memory; never a device (`/dev/tty` waits for a key, `/dev/zero`
//! never ends) nor a kernel file (`/proc/kmsg` waits for the kernel, and reading it consumes
//! the log); a FIFO or `<(cmd)` only when the user named it, and then once: a stream cannot
//! be read twice, so its bytes are kept and every later read (the preview, `show`, `diff`)
//! gets the same text the list was made from.

/// Files are read up to this many bytes; the rest is left out with a diagnostic.
pub const MAX_FILE_BYTES: usize = 4 << 20;
use std::collections::BTreeMap;
use std::io::{Error, ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Why a FIFO, socket or device found on disk is not read.
pub const NOT_REGULAR: &str = "not a regular file (a FIFO, socket or device)";

/// The streams read so far, by the path they were named by. Process-wide because the
/// streams are: `/dev/fd/63` is this process's descriptor, and once read it is empty.
static STREAMS: Mutex<BTreeMap<PathBuf, Arc<Vec<u8>>>> = Mutex::new(BTreeMap::new());

/// Whether [`STREAMS`] holds anything: nearly every run reads no stream, and then a read
/// costs no lock.
static ANY_STREAM: AtomicBool = AtomicBool::new(false);

/// Read `path` into `buf` (replacing its contents), at most `MAX_FILE_BYTES + 1` bytes.
/// Only with `named` (a path the user gave) is a FIFO read; anything else found on disk
/// might be a FIFO that waits for a writer forever (the folder walk skips them; this
/// catches a file replaced by one while loading). A stream read before gives its bytes again.
pub fn read_capped_into(path: &Path, buf: &mut Vec<u8>, named: bool) -> std::io::Result<()> {
    buf.clear();
    if let Some(bytes) = stream(path) {
        buf.extend_from_slice(&bytes);
        return Ok(());
    }
    let (f, meta) = open(path, named)?;
    let cap = MAX_FILE_BYTES as u64 + 1;
    // Sized from the metadata, as `fs::read` does, a buffer takes the file in one read instead
    // of growing through many. A reused one is usually big enough already. `take` holds the
    // cap either way.
    const ROOMY: usize = 64 << 10;
    if buf.capacity() < ROOMY {
        buf.reserve((meta.len().min(cap) as usize).max(ROOMY));
    }
    f.take(cap).read_to_end(buf)?;
    if !meta.is_file() {
        keep_stream(path, buf);
    }
    Ok(())
}

fn stream(path: &Path) -> Option<Arc<Vec<u8>>> {
    if !ANY_STREAM.load(Ordering::Acquire) {
        return None;
    }
    STREAMS.lock().ok()?.get(path).cloned()
}

fn keep_stream(path: &Path, bytes: &[u8]) {
    if let Ok(mut streams) = STREAMS.lock() {
        streams.insert(path.to_path_buf(), Arc::new(bytes.to_vec()));
        ANY_STREAM.store(true, Ordering::Release);
    }
}

/// Whether `path` was read as a stream (a FIFO, `<(cmd)`): its bytes are the ones kept.
pub fn is_stream(path: &Path) -> bool {
    stream(path).is_some()
}

/// Open `path` for reading, with its metadata: a regular file, or with `named` a FIFO. On
/// Linux the file is opened without waiting (a FIFO's open would block until a writer came),
/// then asked what it is, which costs no second walk of the path; elsewhere the path is
/// looked at before it is opened.
fn open(path: &Path, named: bool) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    #[cfg(target_os = "linux")]
    let (f, meta) = {
        use std::os::unix::fs::OpenOptionsExt;
        let f = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
        let meta = f.metadata()?;
        (f, meta)
    };
    #[cfg(not(target_os = "linux"))]
    let (f, meta) = {
        let meta = std::fs::metadata(path)?;
        refuse(&meta, named)?;
        (std::fs::File::open(path)?, meta)
    };
    refuse(&meta, named)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if !meta.is_file() {
            // A named FIFO: read it to its end, waiting for its writer as `cat` would. Opened
            // without waiting, a FIFO whose writer has not come yet reads as empty at once, so
            // wait for its first bytes (or its writer's going) before reading.
            wait_for_writer(f.as_raw_fd())?;
            blocking(f.as_raw_fd())?;
        } else if kernel_file(f.as_raw_fd()) {
            return Err(Error::new(ErrorKind::InvalidInput, KERNEL_FILE));
        }
    }
    Ok((f, meta))
}

/// Why a file in `/proc` or `/sys` is not read.
pub const KERNEL_FILE: &str = "a kernel file (in /proc or /sys), not an agent file; it is not read";

/// Refuse what is not a regular file: devices always, with a reason naming them; FIFOs unless
/// the user named them.
fn refuse(meta: &std::fs::Metadata, named: bool) -> std::io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let ft = meta.file_type();
        if ft.is_char_device() || ft.is_block_device() {
            return Err(Error::new(ErrorKind::InvalidInput, "a device, not an agent file; it is not read"));
        }
        if ft.is_fifo() && named {
            return Ok(());
        }
    }
    let _ = named;
    Err(Error::new(ErrorKind::InvalidInput, NOT_REGULAR))
}

/// Where `path` really is, when a symlink on the way leads it outside `root` (a collection's
/// or a skill's folder); `None` when it stays inside (or cannot be resolved: a dangling link
/// is reported as unreadable elsewhere).
pub fn outside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(path).ok()?;
    let base = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    (!real.starts_with(&base)).then_some(real)
}

/// Why a file found by [`outside`] is not read.
pub fn outside_reason(path: &Path, real: &Path, root: &Path) -> String {
    format!(
        "{} is a symlink to {}, outside {}; agentdeck never reads past a collection's or a skill's folder",
        path.display(),
        real.display(),
        root.display()
    )
}

/// Wait until a FIFO opened without waiting has something to say: bytes to read, or a writer
/// that came and went (the end). Like `cat`'s blocking open, this waits as long as it takes.
#[cfg(target_os = "linux")]
fn wait_for_writer(fd: std::os::fd::RawFd) -> std::io::Result<()> {
    let mut poll = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    loop {
        // SAFETY: `poll` is one valid pollfd for an open descriptor the caller keeps open.
        match unsafe { libc::poll(&mut poll, 1, -1) } {
            n if n > 0 => return Ok(()),
            _ => {
                let e = Error::last_os_error();
                if e.kind() != ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
}

/// Clear `O_NONBLOCK` on an open descriptor.
#[cfg(target_os = "linux")]
fn blocking(fd: std::os::fd::RawFd) -> std::io::Result<()> {
    // SAFETY: fcntl with F_GETFL/F_SETFL reads and sets the flags of `fd`, a descriptor the
    // caller owns and keeps open for the duration of the call; no memory is passed.
    let ok = unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        flags >= 0 && libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) >= 0
    };
    if ok { Ok(()) } else { Err(Error::last_os_error()) }
}

/// Whether an open regular file lives on procfs, sysfs, debugfs or tracefs, whose files
/// report a size of 0 and may block or change the kernel's state when read.
#[cfg(target_os = "linux")]
fn kernel_file(fd: std::os::fd::RawFd) -> bool {
    const KERNEL_FS: [i64; 4] = [0x9fa0, 0x6265_6572, 0x6462_6720, 0x7472_6163];
    // SAFETY: `st` is a zeroed statfs that fstatfs fills in; `fd` is open for the call.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::fstatfs(fd, &mut st) } == 0;
    // `f_type`'s integer type differs between architectures; the cast is a no-op on some.
    #[allow(clippy::unnecessary_cast)]
    let kind = st.f_type as i64;
    ok && KERNEL_FS.contains(&kind)
}

/// Read at most `MAX_FILE_BYTES + 1` bytes of a regular file (or a stream the user named
/// and that was read before), so a huge file cannot exhaust memory and a FIFO cannot block.
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    read_capped_into(path, &mut buf, false)?;
    Ok(buf)
}

/// [`read_capped`] for a path the user named: a FIFO or `<(cmd)` is read too (once; later
/// reads get the same bytes). Devices and kernel files are refused.
pub fn read_named(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    read_capped_into(path, &mut buf, true)?;
    Ok(buf)
}

/// An I/O error in plain words.
pub fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_capped_reads_small_files_whole_and_caps_large_ones() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.md");
        std::fs::write(&small, b"---\nname: a\n---\n").unwrap();
        assert_eq!(read_capped(&small).unwrap(), b"---\nname: a\n---\n");
        let empty = dir.path().join("empty.md");
        std::fs::write(&empty, b"").unwrap();
        assert!(read_capped(&empty).unwrap().is_empty());
        let large = dir.path().join("large.md");
        std::fs::write(&large, vec![b'x'; MAX_FILE_BYTES + 10]).unwrap();
        assert_eq!(read_capped(&large).unwrap().len(), MAX_FILE_BYTES + 1);
    }

    #[test]
    fn regular_files_are_read_whole_up_to_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.md");
        std::fs::write(&small, b"---\nname: a\n---\n").unwrap();
        let mut buf = Vec::new();
        read_capped_into(&small, &mut buf, false).unwrap();
        assert_eq!(buf, b"---\nname: a\n---\n");
        assert!(!is_stream(&small));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_even_when_named() {
        let mut buf = Vec::new();
        for dev in ["/dev/null", "/dev/zero", "/dev/tty"] {
            if let Err(e) = read_capped_into(Path::new(dev), &mut buf, true) {
                // /dev/tty cannot be opened without a terminal; the others must be refused.
                assert!(e.to_string().contains("a device") || dev == "/dev/tty", "{dev}: {e}");
            } else {
                panic!("{dev} was read");
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_leading_out_of_a_root_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("skill");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(dir.path().join("secret"), "key").unwrap();
        std::fs::write(root.join("sub/ok.txt"), "ok").unwrap();
        std::os::unix::fs::symlink("../secret", root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink("sub/ok.txt", root.join("inside.txt")).unwrap();
        assert_eq!(outside(&root, &root.join("leak.txt")), Some(dir.path().join("secret").canonicalize().unwrap()));
        assert_eq!(outside(&root, &root.join("inside.txt")), None);
        assert_eq!(outside(&root, &root.join("sub/ok.txt")), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn kernel_files_are_refused() {
        let mut buf = Vec::new();
        let e = read_capped_into(Path::new("/proc/self/status"), &mut buf, true).unwrap_err();
        assert_eq!(e.to_string(), KERNEL_FILE);
    }
}
