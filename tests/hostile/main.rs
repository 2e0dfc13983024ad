//! The hostile-input suite: every entry point that takes bytes from strangers, fed inputs built
//! in code (never stored blobs) to break it — deep nesting, huge values, entity tricks, bad
//! encodings, truncation at every byte, zip bombs and zip slip, ragged CSV, forged JWTs, and QTI
//! processing that divides by zero, overflows, or loops.
//!
//! Each case asserts a clear error (or a defined result) AND the resources used:
//!
//! - **memory**: this binary's global allocator counts bytes per thread ([`alloc_probe`]); every
//!   case runs through [`bounded`], which measures the peak bytes allocated at once by the work
//!   and fails when it exceeds the case's documented bound (see LIMITS.md);
//! - **time**: never as a timing. Cases assert deterministic work bounds instead — a reader
//!   stopped at the byte where the limit was crossed, an archive refused from its central
//!   directory without decompressing, `templateConstraint` giving up after
//!   `TEMPLATE_CONSTRAINT_LIMIT` tries — and every case also runs under a hang watchdog
//!   ([`alloc_probe::HANG_TIMEOUT`], minutes, generous on purpose) that only turns an infinite
//!   loop into a failure.
//!
//! Work runs on a fresh thread with a small stack ([`alloc_probe::STACK_BYTES`]: 2 MiB
//! optimised, 8 MiB in debug builds whose frames are ~4× larger), so unbounded recursion fails
//! as a stack overflow.

#[global_allocator]
static ALLOC: alloc_probe::Counting = alloc_probe::Counting;

mod csv;
mod engine;
mod json;
mod jwt;
mod strings;
mod truncation;
mod xml;
mod zip;

pub(crate) use alloc_probe::MIB;

/// Runs `work` under the hang watchdog on a small stack and asserts its peak allocation stays
/// within `max_bytes`. Returns the work's result.
pub(crate) fn bounded<T: Send + 'static>(
    name: &str,
    max_bytes: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let m = alloc_probe::bounded(name, work);
    assert!(
        m.peak_bytes <= max_bytes,
        "{name}: peak allocation {} bytes is over the bound of {max_bytes}",
        m.peak_bytes
    );
    if std::env::var_os("HOSTILE_PRINT_PEAKS").is_some() {
        eprintln!("{name}: peak {} bytes (bound {max_bytes})", m.peak_bytes);
    }
    m.value
}

/// The allocator really counts (so a bound of N bytes means something).
#[test]
fn the_allocator_counts_peak_bytes() {
    let m = alloc_probe::bounded("probe", || {
        let v = vec![0u8; 3 * MIB];
        drop(v);
        let w = vec![0u8; MIB];
        w.len()
    });
    assert_eq!(m.value, MIB);
    assert!(
        m.peak_bytes >= 3 * MIB && m.peak_bytes < 4 * MIB,
        "{}",
        m.peak_bytes
    );
}

/// The watchdog runs on a small stack: deep recursion there overflows (so the suite's
/// "no stack overflow" results are meaningful): 2 MiB optimised, 8 MiB unoptimised (debug
/// frames are about four times larger).
#[test]
fn work_runs_on_a_small_stack() {
    let expected = if cfg!(debug_assertions) {
        8 * MIB
    } else {
        2 * MIB
    };
    assert_eq!(alloc_probe::STACK_BYTES, expected);
}
