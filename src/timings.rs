//! How long each phase of a build or a check took, and the peak memory at its end, for
//! `--timings`.

/// One phase of a build, for `build --timings`.
#[derive(Clone, Debug)]
pub struct Phase {
    pub name: &'static str,
    /// Wall-clock time of the phase.
    pub duration: std::time::Duration,
    /// The process's peak resident memory at the end of the phase, in KiB, where the
    /// system tells it (Linux).
    pub peak_memory_kib: Option<u64>,
}

/// The phases of a build, as they end.
#[derive(Debug)]
pub(crate) struct Timings {
    last: std::time::Instant,
    pub(crate) phases: Vec<Phase>,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            last: std::time::Instant::now(),
            phases: Vec::new(),
        }
    }
}

impl Timings {
    pub(crate) fn mark(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.phases.push(Phase {
            name,
            duration: now - self.last,
            peak_memory_kib: peak_memory_kib(),
        });
        self.last = now;
    }
}

/// `VmHWM` of /proc/self/status: the peak resident set size so far.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
