//! Phase timings: with `--verbose` (or `QINGDAN_TIMINGS=1` in the environment, which the
//! benchmarks use), each phase of a build prints its wall-clock time and the CPU time the whole
//! process spent meanwhile (user + system, all threads) to standard error. On a shared machine
//! the CPU time is the steadier figure; CPU / wall shows how well a phase uses the cores.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns the timing lines on for the rest of the process (`--verbose`).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed) || std::env::var_os("QINGDAN_TIMINGS").is_some()
}

/// A phase being timed.
pub struct Phase {
    wall: Instant,
    cpu: (Duration, Duration),
}

/// Starts timing a phase.
pub fn start() -> Phase {
    Phase { wall: Instant::now(), cpu: cpu_time() }
}

impl Phase {
    /// Prints how long the phase `what` took, when timings are asked for.
    pub fn report(&self, what: &str) {
        if enabled() {
            let (user, system) = cpu_time();
            let user = user.saturating_sub(self.cpu.0).as_secs_f64();
            let system = system.saturating_sub(self.cpu.1).as_secs_f64();
            let wall = self.wall.elapsed().as_secs_f64();
            let (resident, peak) = resident();
            eprintln!(
                "[耗时] {what}：{wall:.3} 秒（CPU 用户态 {user:.3} 秒 + 内核 {system:.3} 秒，内存 {resident} MiB，峰值 {peak} MiB）"
            );
        }
    }
}

/// Prints how long `what` took since `since` (wall-clock only, for work on other threads).
pub fn report(what: &str, since: Instant) {
    if enabled() {
        eprintln!("[耗时] {what}：{:.3} 秒", since.elapsed().as_secs_f64());
    }
}

/// mimalloc's view of the whole process (`main.rs`), on every system: user and system CPU
/// milliseconds (all threads), resident bytes now and at the peak.
fn process_info() -> (usize, usize, usize, usize) {
    let (mut elapsed, mut user, mut system, mut rss, mut peak_rss, mut commit, mut peak_commit, mut faults) =
        (0, 0, 0, 0, 0, 0, 0, 0);
    // SAFETY: mi_process_info only writes its counters into the eight locals it is given.
    unsafe {
        libmimalloc_sys::mi_process_info(
            &mut elapsed,
            &mut user,
            &mut system,
            &mut rss,
            &mut peak_rss,
            &mut commit,
            &mut peak_commit,
            &mut faults,
        );
    }
    (user, system, rss, peak_rss)
}

/// User and system time of the whole process so far.
fn cpu_time() -> (Duration, Duration) {
    let (user, system, ..) = process_info();
    (Duration::from_millis(user as u64), Duration::from_millis(system as u64))
}

/// Resident memory now and at its peak so far, in MiB.
fn resident() -> (usize, usize) {
    linux_resident().unwrap_or_else(|| {
        let (.., rss, peak) = process_info();
        (rss / (1024 * 1024), peak / (1024 * 1024))
    })
}

/// Resident memory now and at its peak from `/proc/self/status`: on Linux mimalloc only knows
/// the peak, and gives what it has committed as the current figure.
fn linux_resident() -> Option<(usize, usize)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<usize> {
        let kb: usize =
            status.lines().find_map(|l| l.strip_prefix(name))?.trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}
