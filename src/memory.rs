//! Handing freed memory back to the system between the phases of a build. The C allocator
//! keeps what a phase freed (parsed source texts, rendered pages) in per-thread pools, still
//! counted as resident; at province scale that is several hundred megabytes on top of the
//! model, just when search indexing needs its own. `malloc_trim` returns the free pages.

/// Returns free heap memory to the system (glibc; a no-op elsewhere).
pub fn release_free() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases pages the allocator holds free.
    unsafe {
        libc::malloc_trim(0);
    }
}
