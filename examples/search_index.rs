//! Times the search index of a site on its own: loads and analyses the site, then writes
//! its index into a folder, and says how long that took and how large the index is.
//!
//! ```text
//! cargo run --release --example search_index -- SITE_DIR OUT_DIR [RUNS]
//! ```
//!
//! With RUNS (default 3) the index is written that many times and each time is printed,
//! so that a warm file cache and a cold one can be told apart.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use waymark::render::Sink;

/// The allocator of the `waymark` binary, so the times are those of a build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes files under a folder, counting their bytes.
struct Folder {
    root: PathBuf,
    bytes: AtomicU64,
}

impl Sink for Folder {
    fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        let target = self.root.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, contents)?;
        self.bytes
            .fetch_add(contents.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    fn write_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(path, &bytes)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(site_dir), Some(out_dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: search_index SITE_DIR OUT_DIR [RUNS]");
        return ExitCode::from(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let started = Instant::now();
    let (site, diagnostics) = waymark::load(Path::new(site_dir), false);
    let Some(site) = site else {
        for d in diagnostics.iter().filter(|d| d.is_error()).take(5) {
            eprintln!("{d:?}");
        }
        eprintln!("the site does not load");
        return ExitCode::FAILURE;
    };
    let analysis = waymark::analysis::analyse(&site);
    println!(
        "loaded and analysed {} journeys in {:.2} s",
        site.journeys.len(),
        started.elapsed().as_secs_f64()
    );
    for run in 1..=runs {
        let out = PathBuf::from(out_dir);
        let _ = fs::remove_dir_all(&out);
        let folder = Folder {
            root: out,
            bytes: AtomicU64::new(0),
        };
        let started = Instant::now();
        match waymark::search::write_index(&site, &analysis, &Default::default(), &folder) {
            Ok(files) => println!(
                "run {run}: {files} files, {:.1} MB, in {:.3} s",
                folder.bytes.load(Ordering::Relaxed) as f64 / 1e6,
                started.elapsed().as_secs_f64()
            ),
            Err(err) => {
                eprintln!("cannot write the index: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
