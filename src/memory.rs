//! Handing freed memory back to the system between the phases of a build. The allocator
//! (mimalloc, `main.rs`) keeps some of what a phase freed (parsed source texts, rendered pages)
//! in per-thread pools, still counted as resident; at province scale that is memory on top of
//! the model just when search indexing needs its own. `mi_collect` returns the free pages.

/// Returns free heap memory to the system.
pub fn release_free() {
    // SAFETY: mi_collect only releases memory the allocator holds free; under another global
    // allocator (the library's own tests) mimalloc holds nothing and it does nothing.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}
