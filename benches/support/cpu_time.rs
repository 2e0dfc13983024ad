//! Criterion measurement of the CPU time of the benchmarking thread, shared by the benches that
//! run on loaded machines (included with `#[path]`; not a bench target of its own).

use std::time::Duration;

use criterion::Throughput;
use criterion::measurement::{Measurement, ValueFormatter};

/// CPU time of the current thread in nanoseconds, from `/proc/thread-self/schedstat` (the first
/// field is the time spent running on a CPU). `None` where that file does not exist.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Criterion measurement: CPU time of the benchmarking thread (wall-clock time where the
/// kernel does not report it).
pub(crate) struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = (u64, std::time::Instant);
    type Value = Duration;

    fn start(&self) -> Self::Intermediate {
        (thread_cpu_ns().unwrap_or(0), std::time::Instant::now())
    }

    fn end(&self, (cpu, wall): Self::Intermediate) -> Duration {
        match thread_cpu_ns() {
            // The kernel updates this counter at scheduler ticks: samples are long (flat
            // sampling, see `bench`) and never reported as zero.
            Some(now) if cpu > 0 => Duration::from_nanos(now.saturating_sub(cpu).max(1)),
            _ => wall.elapsed(),
        }
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, v: &Duration) -> f64 {
        v.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &NanosFormatter
    }
}

/// Formats nanoseconds as ns, µs, ms or s, and bytes per second as MiB/s.
struct NanosFormatter;

impl ValueFormatter for NanosFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = if typical < 1e3 {
            (1.0, "ns")
        } else if typical < 1e6 {
            (1e3, "µs")
        } else if typical < 1e9 {
            (1e6, "ms")
        } else {
            (1e9, "s")
        };
        for v in values {
            *v /= div;
        }
        unit
    }

    fn scale_throughputs(
        &self,
        _typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let per = match throughput {
            Throughput::Bytes(b) | Throughput::BytesDecimal(b) => *b as f64,
            Throughput::Elements(e) | Throughput::ElementsAndBytes { elements: e, .. } => *e as f64,
            _ => 1.0,
        };
        for v in values {
            // `v` is nanoseconds per iteration: units per second, in MiB.
            *v = per * 1e9 / *v / (1024.0 * 1024.0);
        }
        "MiB/s"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}
