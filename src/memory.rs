//! How the allocator (mimalloc, `main.rs`) treats freed memory. Between the phases of a build,
//! what a phase freed (parsed source texts, rendered pages) sits in per-thread pools where
//! other threads cannot use it; at province scale that is memory on top of the model just when
//! search indexing needs its own. `release_free` pools it again for every thread.
//!
//! It stays with the process (`keep_freed`): memory handed back to the system has to be faulted
//! in and zeroed page by page when the next phase or county takes it again, and in a virtual
//! machine that hands free memory on to its host (this one, bench/README.md) each such page
//! costs the host's fault too.

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`, `mi_option_e`; libmimalloc-sys names no
/// constant for it): how long freed memory waits before going back to the system, -1 never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory for reuse instead of handing it back to the system. A city of seven
/// counties took 177,307 page faults (about 700 MB zeroed) and peaked at 253 MB; with freed
/// memory kept, 73,037 faults and 305 MB (bench/README.md).
pub fn keep_freed() {
    // SAFETY: sets one of mimalloc's options; it reads no memory of ours.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// Pools free heap memory for every thread (kept by the process, see `keep_freed`).
pub fn release_free() {
    // SAFETY: mi_collect only releases memory the allocator holds free; under another global
    // allocator (the library's own tests) mimalloc holds nothing and it does nothing.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

#[cfg(test)]
mod tests {
    /// `PURGE_DELAY` is the purge delay: its default in the mimalloc sources we build is
    /// 1000 ms, which no neighbouring option has.
    #[test]
    fn the_purge_delay_option_is_the_one_we_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads one of mimalloc's options.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
