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
            eprintln!(
                "[耗时] {what}：{wall:.3} 秒（CPU 用户态 {user:.3} 秒 + 内核 {system:.3} 秒，内存 {}）",
                memory()
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

/// User and system time of the whole process so far.
fn cpu_time() -> (Duration, Duration) {
    // SAFETY: getrusage fills the struct it is given and nothing else.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (tv(usage.ru_utime), tv(usage.ru_stime))
}

/// Resident memory now and at its peak so far, from `/proc/self/status` (Linux only).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0);
        kb / 1024
    };
    format!("{} MiB，峰值 {} MiB{}", field("VmRSS:"), field("VmHWM:"), heap())
}

/// Memory the C allocator has handed out and not had back (glibc): what the build really
/// holds, against which the resident figure shows what the allocator keeps.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn heap() -> String {
    // SAFETY: mallinfo2 only reads the allocator's counters.
    let info = unsafe { libc::mallinfo2() };
    format!("，已分配 {} MiB", (info.uordblks + info.hblkhd) / (1024 * 1024))
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn heap() -> String {
    String::new()
}
