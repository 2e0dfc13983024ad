//! Test support for the hostile-input suite: a counting global allocator that records, per
//! thread, the bytes live and the peak since the last reset, and a watchdog that detects hangs.
//!
//! Install the allocator in a test binary:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOC: alloc_probe::Counting = alloc_probe::Counting;
//! ```
//!
//! then run work through [`bounded`], which runs it on a fresh thread (so other tests running
//! in parallel do not count), returns its result and the peak bytes it had allocated at once,
//! and fails the test if the work does not finish within a generous hang-detection timeout.
//! The timeout is not a performance assertion: it only turns an infinite loop into a failure.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::mpsc;
use std::time::Duration;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn add(delta: isize) {
    // `try_with`: during thread teardown the thread-locals may be gone; such frees don't count.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
    });
}

/// The counting allocator: [`System`] plus per-thread byte counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counting;

#[allow(
    unsafe_code,
    reason = "a GlobalAlloc implementation is unsafe by definition"
)]
// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// bookkeeping only touches const-initialised thread-locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            add(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            add(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) };
        add(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            add(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// Resets this thread's peak to its current live bytes.
pub fn reset_peak() {
    let live = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(live));
}

/// Bytes this thread allocated and has not freed (may be negative when it frees memory that
/// another thread allocated).
pub fn live() -> isize {
    LIVE.with(Cell::get)
}

/// The highest live byte count of this thread since the last [`reset_peak`], above the live
/// count at that reset.
pub fn peak_since(base: isize) -> usize {
    usize::try_from(PEAK.with(Cell::get) - base).unwrap_or(0)
}

/// How long [`bounded`] waits before declaring a hang. Deliberately generous (debug builds on
/// a loaded 2-core machine): it detects infinite loops, it does not measure speed.
pub const HANG_TIMEOUT: Duration = Duration::from_secs(300);

/// Stack size of the thread [`bounded`] runs work on: in optimised builds 2 MiB, the default of
/// a spawned Rust thread (and of a tokio worker), so that unbounded recursion shows up as a
/// stack overflow; in unoptimised (debug) builds 8 MiB, because unoptimised frames are about
/// four times larger (measured: reading a QTI item nested 256 levels deep needs ~0.95 MiB of
/// stack optimised and ~3.7 MiB unoptimised). Unbounded recursion overflows either.
pub const STACK_BYTES: usize = if cfg!(debug_assertions) {
    8 * 1024 * 1024
} else {
    2 * 1024 * 1024
};

/// The result of [`bounded`] work.
#[derive(Debug)]
pub struct Measured<T> {
    /// What the work returned.
    pub value: T,
    /// Peak bytes allocated at once by the work, above what its thread held when it started.
    pub peak_bytes: usize,
}

/// Runs `work` on a fresh thread with a [`STACK_BYTES`] stack, measuring its peak allocation;
/// panics (failing the test) if it panics or has not finished after [`HANG_TIMEOUT`].
///
/// Requires [`Counting`] to be the global allocator of the test binary (without it the peak
/// reads 0).
pub fn bounded<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Measured<T> {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .name(name.to_owned())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let base = live();
            reset_peak();
            let value = work();
            let peak_bytes = peak_since(base);
            let _ = tx.send(Measured { value, peak_bytes });
        })
        .expect("spawn");
    match rx.recv_timeout(HANG_TIMEOUT) {
        Ok(m) => {
            let _ = handle.join();
            m
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(p) => std::panic::resume_unwind(p),
            Ok(()) => panic!("{name}: the work ended without a result"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name}: no result after {HANG_TIMEOUT:?}: a hang")
        }
    }
}

/// Bytes in a mebibyte.
pub const MIB: usize = 1024 * 1024;
