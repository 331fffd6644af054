//! What interrupted qingdan processes left behind. Builds, `serve` and `release` work in
//! temporary directories named after their process id (`.public.tmp-<pid>`,
//! `.qingdan/search-index.tmp-<pid>-<n>`, `history/.<id>.tmp-<pid>`); a process killed midway
//! leaves them. A later run removes those whose process has ended, and nothing else: only names
//! qingdan itself makes, and never while the process that made them may still be working.

use std::path::Path;

/// Whether the directory `path`, named after process `pid`, can no longer be in use: the
/// process has ended, or (Linux) a process with that id exists but started after the directory
/// was last changed, so it is a later process that reused the id. Our own id is always in use.
pub fn abandoned(path: &Path, pid: u32) -> bool {
    if pid == std::process::id() || pid == 0 {
        return false;
    }
    if !alive(pid) {
        return true;
    }
    match (started(pid), std::fs::symlink_metadata(path).and_then(|m| m.modified())) {
        // Process start times are known to the second (the boot time's precision): a margin
        // keeps a directory made in the first moments of its process.
        (Some(start), Ok(changed)) => changed + std::time::Duration::from_secs(2) < start,
        _ => false,
    }
}

/// Removes the entries of `dir` that `parse` recognises as one of qingdan's temporary names
/// (returning the process id in the name) and that are `abandoned`. Errors are ignored: a
/// leftover that cannot be removed now is tried again by the next run.
pub fn clean(dir: &Path, parse: impl Fn(&str) -> Option<u32>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(&parse) else { continue };
        let path = entry.path();
        // Only directories qingdan made: never follow a symbolic link, never remove a file.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && abandoned(&path, pid) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The process id at the end of `name` after `prefix` and then `marker` (`-tmp-`), when the
/// rest is only digits (optionally followed by `-<digits>`, for names that count builds).
pub fn pid_after(name: &str, prefix: &str, marker: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?.strip_prefix(marker)?;
    let (pid, count) = match rest.split_once('-') {
        Some((pid, count)) => (pid, Some(count)),
        None => (rest, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || count.is_some_and(|c| !digits(c)) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn alive(_: u32) -> bool {
    // Unknown: assume it is, and remove nothing.
    true
}

/// When a process started (Linux: `/proc/<pid>/stat`, in clock ticks after boot, plus the
/// boot time from `/proc/stat`).
#[cfg(target_os = "linux")]
fn started(pid: u32) -> Option<std::time::SystemTime> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let after = &stat[stat.rfind(')')? + 1..];
    let ticks: u64 = after.split_whitespace().nth(19)?.parse().ok()?;
    let boot: u64 = std::fs::read_to_string("/proc/stat")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    // SAFETY: sysconf only reads a system constant.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    let hz = u64::try_from(hz).ok().filter(|&h| h > 0)?;
    let millis = boot * 1000 + ticks * 1000 / hz;
    Some(std::time::UNIX_EPOCH + std::time::Duration::from_millis(millis))
}

#[cfg(not(target_os = "linux"))]
fn started(_: u32) -> Option<std::time::SystemTime> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_their_process_id() {
        assert_eq!(pid_after(".public.tmp-123", ".public", ".tmp-"), Some(123));
        assert_eq!(pid_after("search-index.tmp-77-3", "search-index", ".tmp-"), Some(77));
        assert_eq!(pid_after(".public.tmp-12x", ".public", ".tmp-"), None);
        assert_eq!(pid_after(".public.tmp-", ".public", ".tmp-"), None);
        assert_eq!(pid_after(".public.tmp-1-", ".public", ".tmp-"), None);
        assert_eq!(pid_after(".other.tmp-1", ".public", ".tmp-"), None);
        assert_eq!(pid_after("public", ".public", ".tmp-"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_live_process_directory_is_in_use_and_a_later_one_reusing_the_id_is_not() {
        let dir = std::env::temp_dir().join(format!("qingdan-leftovers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(!abandoned(&dir, std::process::id()), "our own");
        // The parent of this test process (cargo or a shell) started before the directory was
        // made, so it could have made it: in use.
        let parent = std::os::unix::process::parent_id();
        assert!(!abandoned(&dir, parent));
        // A directory last changed long before that process started cannot be its own.
        #[cfg(target_os = "linux")]
        {
            let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
            set_mtime(&dir, long_ago);
            assert!(abandoned(&dir, parent), "a process started later reused the id");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(target_os = "linux")]
    fn set_mtime(path: &Path, time: std::time::SystemTime) {
        let dir = std::fs::File::open(path).unwrap();
        dir.set_modified(time).unwrap();
    }
}
