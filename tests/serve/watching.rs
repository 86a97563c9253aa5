//! The site folder replaced while serve runs (`rm -rf site` and a copy, or a `git
//! checkout` of another branch): the new folder is watched, built, and watched on.

use crate::common::{copy_tree, Site, MINIMAL_JOURNEY};
use crate::harness::Serve;
use std::fs;

fn titled(title: &str) -> String {
    MINIMAL_JOURNEY.replace("title: Buying online", &format!("title: {title}"))
}

/// A copy of the site folder beside it, its journey retitled.
fn other_branch(site: &Site, title: &str) -> std::path::PathBuf {
    let other = site.root().join("other");
    copy_tree(&site.dir(), &other);
    fs::write(other.join("journeys/buy.md"), titled(title)).unwrap();
    other
}

#[test]
fn a_site_folder_removed_and_made_again_is_built_and_watched_again() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let other = other_branch(&site, "From the other branch");
    fs::remove_dir_all(site.dir()).unwrap();
    // The site is gone for a while: its build fails, and serve waits.
    serve.wait_for("/journeys/buy.html", |r| {
        r.body.contains("waymark-build-error")
    });
    fs::create_dir(site.dir()).unwrap();
    copy_tree(&other, &site.dir());
    let reply = serve.wait_for("/journeys/buy.html", |r| {
        r.body.contains("From the other branch") && !r.body.contains("waymark-build-error")
    });
    assert_eq!(reply.status, 200);

    site.journey("buy", &titled("Edited afterwards"));
    serve.wait_for("/journeys/buy.html", |r| {
        r.body.contains("Edited afterwards")
    });
}

#[test]
fn a_site_folder_swapped_for_another_at_once_is_built_and_watched_again() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let other = other_branch(&site, "From the other branch");
    // Both renames at once: the old folder lives on under another name, still watched
    // where it went, and no moment shows the site missing.
    fs::rename(site.dir(), site.root().join("old")).unwrap();
    fs::rename(&other, site.dir()).unwrap();
    serve.wait_for("/journeys/buy.html", |r| {
        r.body.contains("From the other branch")
    });

    site.journey("buy", &titled("Edited afterwards"));
    serve.wait_for("/journeys/buy.html", |r| {
        r.body.contains("Edited afterwards")
    });
    // The old folder is not watched any more. (The build that wrote the edit says so
    // just after its pages are in place: let it finish saying it before counting.)
    std::thread::sleep(std::time::Duration::from_secs(1));
    let builds = serve.stderr().matches("built 1 journey ").count();
    fs::write(site.root().join("old/journeys/buy.md"), titled("Stale")).unwrap();
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(serve.stderr().matches("built 1 journey ").count(), builds);
    assert!(!serve.get("/journeys/buy.html").body.contains("Stale"));
}
