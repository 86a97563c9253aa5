//! What a build holds in memory, part by part: the live heap after loading, analysing and
//! linting a site, and how much of it each part of the model and the analysis takes.
//!
//! ```text
//! cargo run --release --example heap -- DIR
//! ```
//!
//! A counting allocator over the system one tallies the bytes asked for, so the figures
//! leave out what the allocator adds (size classes, free pages kept): a process's peak
//! memory is higher. Each part is measured by dropping it and counting what was freed,
//! after the analysis has been measured whole. Peaks are those of each phase.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; the counters are
// only read for the report.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn megabytes(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// The live heap, and the peak since the last call.
fn heap() -> (f64, f64) {
    let live = LIVE.load(Relaxed);
    let peak = PEAK.swap(live, Relaxed);
    (megabytes(live), megabytes(peak))
}

/// How much dropping `value` frees.
fn size_of_dropped<T>(value: T) -> f64 {
    let before = LIVE.load(Relaxed);
    drop(value);
    megabytes(before.saturating_sub(LIVE.load(Relaxed)))
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: heap DIR");
        return ExitCode::from(2);
    };
    let (site, diagnostics) = waymark::load(&dir, false);
    let Some(mut site) = site else {
        eprintln!("{} has errors: waymark check lists them", dir.display());
        return ExitCode::FAILURE;
    };
    // Written at the end, as a whole: a closed pipe only loses the report.
    let mut report = String::new();
    let mut phase = |name: &str| {
        let (live, peak) = heap();
        let _ = writeln!(
            report,
            "{name:>8}: {live:7.1} MB live, {peak:7.1} MB at its peak"
        );
    };
    phase("load");
    let mut analysis = waymark::analysis::analyse(&site);
    phase("analyse");
    let warnings = waymark::analysis::lint_journeys(&site, &mut analysis);
    phase("lint");

    let mut part = |name: &str, megabytes: f64| {
        let _ = writeln!(report, "{name:>28}: {megabytes:7.1} MB");
    };
    let count: usize = warnings.iter().map(Vec::len).sum();
    part(
        &format!("{count} journey warnings"),
        size_of_dropped(warnings),
    );
    part("load warnings", size_of_dropped(diagnostics));
    let mut journeys = std::mem::take(&mut analysis.journeys);
    let mut each = |name: &str, take: fn(&mut waymark::analysis::JourneyAnalysis) -> f64| {
        let freed: f64 = journeys.values_mut().map(take).sum();
        part(name, freed);
    };
    each("KPIs", |a| size_of_dropped(std::mem::take(&mut a.kpis)));
    each("ranked opportunities", |a| {
        size_of_dropped(std::mem::take(&mut a.opportunities))
    });
    each("ranked pain points", |a| {
        size_of_dropped(std::mem::take(&mut a.pain_points))
    });
    each("unaddressed pain points", |a| {
        size_of_dropped(std::mem::take(&mut a.unaddressed))
    });
    each("funnels", |a| size_of_dropped(a.funnel.take()));
    part("rest of the analysis", size_of_dropped(journeys));
    part("portfolio", size_of_dropped(analysis));
    part(
        "metric series",
        size_of_dropped(std::mem::take(&mut site.metrics)),
    );
    part(
        "feedback",
        size_of_dropped(std::mem::take(&mut site.feedback)),
    );
    part(
        "journeys",
        size_of_dropped(std::mem::take(&mut site.journeys)),
    );
    part("rest of the site", size_of_dropped(site));
    let _ = std::io::stdout().write_all(report.as_bytes());
    ExitCode::SUCCESS
}
