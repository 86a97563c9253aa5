//! `waymark serve`: the real binary on a free loopback port, asked over raw HTTP.
//!
//! Every wait has a deadline, so a server that hangs fails its test instead of blocking
//! the run; every server is killed when its test ends.

mod common;

#[path = "serve/harness.rs"]
mod harness;

#[path = "serve/limits.rs"]
mod limits;

#[path = "serve/watching.rs"]
mod watching;

use common::{Site, MINIMAL_JOURNEY};
use harness::{until, Events, Serve, PATIENCE};
use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use std::{fs, thread};

#[test]
fn pages_and_files_are_served_with_their_content_types() {
    let site = Site::minimal();
    for name in [
        "logo.png",
        "photo.jpg",
        "anim.gif",
        "pic.webp",
        "favicon.ico",
    ] {
        site.write(&format!("static/{name}"), "bytes");
    }
    site.write("static/font.woff2", "bytes")
        .write("static/notes.txt", "plain")
        .write(
            "static/chart.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .write("static/app.js", "let x = 1;");
    let serve = Serve::start(&site, &[]);
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/journeys/buy.html", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/data/site.json", "application/json"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/static/chart.svg", "image/svg+xml"),
        ("/static/app.js", "text/javascript; charset=utf-8"),
        ("/static/logo.png", "image/png"),
        ("/static/photo.jpg", "image/jpeg"),
        ("/static/anim.gif", "image/gif"),
        ("/static/pic.webp", "image/webp"),
        ("/static/favicon.ico", "image/x-icon"),
        ("/static/font.woff2", "font/woff2"),
        ("/static/notes.txt", "text/plain; charset=utf-8"),
    ] {
        let reply = serve.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
    }
    assert_eq!(serve.get("/static/notes.txt").body, "plain");
    assert!(serve
        .get("/journeys/buy.html")
        .body
        .contains("Buying online"));
}

#[test]
fn a_folder_serves_its_index_and_redirects_without_its_slash() {
    let site = Site::minimal();
    site.write(
        "static/guide/index.html",
        "<html><body>The guide</body></html>",
    );
    let serve = Serve::start(&site, &[]);
    let reply = serve.get("/static/guide/");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("The guide"));
    let reply = serve.get("/static/guide");
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some("/static/guide/"));
    assert_eq!(
        serve.get("/journeys/").status,
        404,
        "a folder without index"
    );
}

#[test]
fn a_page_is_found_without_html_as_github_pages_finds_it() {
    let site = Site::minimal();
    site.write(
        "static/guide/index.html",
        "<html><body>The guide</body></html>",
    );
    let serve = Serve::start(&site, &[]);
    let reply = serve.get("/journeys/buy");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        reply.body.contains("<h1>Buying online</h1>"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("/__waymark/events"), "the page reloads");
    assert!(serve.get("/static/guide/").body.contains("The guide"));
    assert_eq!(serve.get("/journeys/buy/").status, 404);
    assert_eq!(serve.get("/journeys/nope").status, 404);
}

#[test]
fn a_missing_file_gets_the_404_page_of_the_site() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let reply = serve.get("/journeys/nope.html");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let on_disk = fs::read_to_string(site.out().join("404.html")).unwrap();
    let title = on_disk
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(reply.body.contains(title), "{}", reply.body);
    assert!(reply.body.contains("/__waymark/events"));
}

#[test]
fn the_reload_script_is_served_but_never_written() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let served = serve.get("/journeys/buy.html").body;
    assert!(served.contains("<script>"), "{served}");
    assert!(served.contains("new EventSource(\"/__waymark/events\")"));
    let script_at = served.find("<script>").unwrap();
    assert!(
        script_at < served.rfind("</body>").unwrap(),
        "inside the body"
    );
    for file in ["journeys/buy.html", "index.html", "404.html"] {
        let on_disk = fs::read_to_string(site.out().join(file)).unwrap();
        assert!(
            !on_disk.contains("__waymark"),
            "{file} on disk has the script"
        );
    }
    assert!(!serve.get("/assets/style.css").body.contains("__waymark"));
}

#[test]
fn only_get_and_head_are_answered() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let head = serve.request("HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for method in ["POST", "PUT", "DELETE"] {
        let raw = format!(
            "{method} / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        let reply = serve.request(&raw);
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
}

#[test]
fn an_edited_journey_is_served_after_the_rebuild() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace("title: Buying online", "title: Buying in the app"),
    );
    let reply = serve.wait_for("/journeys/buy.html", |r| {
        r.body.contains("Buying in the app")
    });
    assert_eq!(reply.status, 200);
    assert!(fs::read_to_string(site.out().join("journeys/buy.html"))
        .unwrap()
        .contains("Buying in the app"));
}

/// The identity and modification time of a file: what changes when it is rewritten.
fn stamp(path: &std::path::Path) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).unwrap();
    (meta.ino(), meta.modified().unwrap())
}

#[test]
fn an_edited_journey_rewrites_only_the_pages_that_show_it() {
    let site = Site::minimal();
    site.persona("marco", "---\nname: Marco\nrole: Hotel manager\n---\n");
    site.journey(
        "care",
        &MINIMAL_JOURNEY
            .replace("title: Buying online", "title: Caring for it")
            .replace("persona: anna", "persona: marco"),
    );
    let serve = Serve::start(&site, &[]);
    serve.wait_for_stderr("built 2 journeys");
    let out = site.out();
    let untouched = ["journeys/care.html", "personas/marco.html", "404.html"];
    let before: Vec<_> = untouched.iter().map(|p| stamp(&out.join(p))).collect();
    let index_before = stamp(&out.join("index.html"));

    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace("title: Buying online", "title: Buying in the app"),
    );
    serve.wait_for("/journeys/buy.html", |r| {
        r.body.contains("Buying in the app")
    });
    serve.wait_for_stderr("updated 2 journeys");
    serve.wait_for_stderr("wrote data/site.json and the search index in");
    let after: Vec<_> = untouched.iter().map(|p| stamp(&out.join(p))).collect();
    assert_eq!(
        before, after,
        "pages that do not show the journey are not rewritten"
    );
    assert_ne!(stamp(&out.join("index.html")), index_before);
    assert!(fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("Buying in the app"));
    assert!(fs::read_to_string(out.join("personas/anna.html"))
        .unwrap()
        .contains("Buying in the app"));
    assert!(fs::read_to_string(out.join("data/site.json"))
        .unwrap()
        .contains("Buying in the app"));

    // New stage ids change what the metrics mean: a full build.
    site.journey(
        "buy",
        &MINIMAL_JOURNEY
            .replace("id: purchase", "id: checkout")
            .replace("title: Buying online", "title: Checkout renamed"),
    );
    site.metrics(
        "buy",
        &common::MINIMAL_METRICS.replace("purchase", "checkout"),
    );
    serve.wait_for("/journeys/buy.html", |r| {
        r.body.contains("Checkout renamed")
    });
    serve.wait_for_stderr_count("built 2 journeys and 2 personas", 2);
    serve.wait_for_stderr("full build: ");
}

#[test]
fn an_edit_that_adds_a_page_to_a_list_builds_the_whole_site() {
    let site = common::site_with_long_lists(100);
    let serve = Serve::start(&site, &[]);
    serve.wait_for_stderr("built 1 journey ");
    assert!(!site.out().join("pain-points-2.html").exists());
    let longer = common::site_with_long_lists(101);
    let journey = fs::read_to_string(longer.dir().join("journeys/buy.md")).unwrap();
    site.journey("buy", &journey);
    serve.wait_for("/pain-points-2.html", |r| r.status == 200);
    serve.wait_for_stderr_count("built 1 journey ", 2);
}

#[test]
fn an_edit_updates_the_list_pages_that_show_the_journey() {
    // 250 pain points of `buy` and one of `care`, the last row of the third page.
    let site = common::site_with_long_lists(250);
    let care = |text: &str, severity: &str| {
        MINIMAL_JOURNEY
            .replace("title: Buying online", "title: Caring for it")
            .replace(
                "{ id: slow, text: Slow pages, severity: high }",
                &format!("{{ id: slow, text: {text}, severity: {severity} }}"),
            )
    };
    site.journey("care", &care("Hold music", "low"));
    let serve = Serve::start(&site, &[]);
    serve.wait_for_stderr("built 2 journeys");

    site.journey("care", &care("Hold music for ages", "low"));
    serve.wait_for("/pain-points-3.html", |r| {
        r.body.contains("Hold music for ages")
    });
    serve.wait_for_stderr("updated 2 journeys");

    // Now critical: its row moves to the first page, and every page counts it.
    site.journey("care", &care("Hold music for ages", "critical"));
    serve.wait_for("/pain-points.html", |r| {
        r.body.contains("Hold music for ages")
    });
    serve.wait_for_stderr_count("updated 2 journeys", 2);
    let page = |path: &str| fs::read_to_string(site.out().join(path)).unwrap();
    assert!(!page("pain-points-3.html").contains("Hold music"));
    let critical = "<span class=\"badge severity-critical\">Critical</span> 63</li>";
    for path in [
        "pain-points.html",
        "pain-points-2.html",
        "pain-points-3.html",
    ] {
        assert!(page(path).contains(critical), "{path}");
    }
}

#[test]
fn an_edit_updates_the_page_of_the_home_table_that_lists_the_journey() {
    let site = common::site_with_many_journeys(250);
    let serve = Serve::start(&site, &[]);
    serve.wait_for_stderr("built 250 journeys");
    // j230 is the 231st journey: the third page of the table.
    site.journey("j230", &common::numbered_journey(230, " renamed"));
    serve.wait_for("/journeys-3.html", |r| {
        r.body.contains("Journey 230 renamed")
    });
    // The home page (its figures), that page, the journey's page, poster and diagram,
    // and the search page, which lists every journey by its title.
    serve.wait_for_stderr("updated 250 journeys and 1 persona into public (6 files written)");
}

#[test]
fn open_pages_are_told_to_reload_after_each_build() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let mut events = serve.events();
    let first = events.next_event();
    assert!(
        serve.get("/").body.contains(&format!("\"{first}\"")),
        "a page carries the id of the build it belongs to"
    );
    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace("Notes from", "More notes from"),
    );
    let second = events.next_event();
    assert_ne!(first, second);
}

#[test]
fn event_streams_do_not_hold_up_pages() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let mut streams: Vec<Events> = (0..20).map(|_| serve.events()).collect();
    for stream in &mut streams {
        stream.next_event();
    }
    let started = Instant::now();
    for _ in 0..5 {
        assert_eq!(serve.get("/journeys/buy.html").status, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_content_error_shows_in_the_browser_until_it_is_fixed() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let good_page = fs::read_to_string(site.out().join("journeys/buy.html")).unwrap();
    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace("persona: anna", "persona: nobody"),
    );
    let location = "site/journeys/buy.md:3:10: error: no persona `nobody`";
    let reply = serve.wait_for("/journeys/buy.html", |r| {
        r.body.contains("waymark-build-error")
    });
    assert_eq!(reply.status, 200, "the last good page stays served");
    assert!(reply.body.contains(location), "{}", reply.body);
    assert!(
        reply.body.contains("<h1>Buying online</h1>"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("/__waymark/events"),
        "the page still reloads"
    );
    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains(location), "every page shows the error");
    let missing = serve.get("/nope.html");
    assert_eq!(missing.status, 500, "no page: the errors alone");
    assert!(missing.body.contains(location));
    assert_eq!(
        serve.get("/assets/style.css").status,
        200,
        "files are still served"
    );
    serve.wait_for_stderr(location);
    assert_eq!(
        fs::read_to_string(site.out().join("journeys/buy.html")).unwrap(),
        good_page,
        "the last good pages stay on disk"
    );

    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace("title: Buying online", "title: Fixed and back"),
    );
    let reply = serve.wait_for("/journeys/buy.html", |r| {
        !r.body.contains("waymark-build-error")
    });
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("Fixed and back"));
    assert!(!reply.body.contains("waymark-build-error"));
}

#[test]
fn the_error_page_escapes_what_the_content_says() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace(
            "kind: current-state",
            "kind: \"<img src=x onerror=alert(1)>\"",
        ),
    );
    let reply = serve.wait_for("/", |r| r.body.contains("waymark-build-error"));
    assert!(
        reply.body.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{}",
        reply.body
    );
    assert!(!reply.body.contains("<img"));
}

#[test]
fn no_request_leaves_the_output_folder() {
    let site = Site::minimal();
    fs::write(site.root().join("secret.txt"), "TOP SECRET").unwrap();
    let serve = Serve::start(&site, &[]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.root().join("secret.txt"), site.out().join("leak.txt"))
        .unwrap();
    for target in [
        "/../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/secret.txt%00.html",
        "/%00",
        "//secret.txt",
        "/leak.txt",
        &format!("{}/secret.txt", site.root().display()),
        "/C:/secret.txt",
        "../secret.txt",
        "*",
    ] {
        let raw = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let reply = serve.request(&raw);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: status {}",
            reply.status
        );
        assert!(
            !reply.body.contains("TOP SECRET"),
            "{target} leaked the secret"
        );
    }
}

#[test]
fn the_site_is_served_under_the_path_of_its_base_url() {
    let site = Site::minimal();
    site.site_yaml(
        &common::MINIMAL_SITE_YAML.replace("base_url: /", "base_url: https://cx.example.com/acme/"),
    );
    let serve = Serve::start(&site, &[]);
    serve.wait_for_stderr(&format!("http://127.0.0.1:{}/acme/", serve.port));
    let root = serve.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/acme/"));
    assert_eq!(serve.get("/acme/").status, 200);
    assert_eq!(serve.get("/acme/journeys/buy.html").status, 200);
    assert_eq!(serve.get("/journeys/buy.html").status, 404);
}

#[test]
fn it_listens_on_loopback_and_says_where() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    // Printed before the first request is answered, but read from the pipe by another
    // thread: waited for, not assumed.
    serve.wait_for_stderr(&format!(
        "serving public at http://127.0.0.1:{}/",
        serve.port
    ));
    serve.wait_for_stderr("built 1 journey and 1 persona");
}

#[test]
fn its_own_writes_do_not_start_another_build() {
    let site = Site::minimal();
    // The output inside the watched site folder: the worst case.
    let serve = Serve::start(&site, &["-o", "site/out"]);
    assert_eq!(serve.get("/journeys/buy.html").status, 200);
    fs::write(site.dir().join("out/extra.txt"), "written by hand").unwrap();
    thread::sleep(Duration::from_secs(2));
    assert_eq!(
        serve.stderr().matches("built 1 journey ").count(),
        1,
        "{}",
        serve.stderr()
    );
    site.persona(
        "anna",
        &common::MINIMAL_PERSONA.replace("Parent", "Teacher"),
    );
    serve.wait_for_stderr_count("built 1 journey ", 2);
    thread::sleep(Duration::from_secs(2));
    assert_eq!(
        serve.stderr().matches("built 1 journey ").count(),
        2,
        "{}",
        serve.stderr()
    );
}

#[cfg(unix)]
#[test]
fn open_starts_the_browser_at_the_site() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::minimal();
    let browser = site.root().join("browser.sh");
    let opened = site.root().join("opened.txt");
    fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    fs::set_permissions(&browser, fs::Permissions::from_mode(0o755)).unwrap();
    let serve = Serve::start_with(&site, &["--open"], &[("BROWSER", browser.as_os_str())]);
    let url = format!("http://127.0.0.1:{}/", serve.port);
    until(
        || fs::read_to_string(&opened).is_ok_and(|t| t.trim() == url),
        "the browser opens",
    );
}

#[test]
fn a_browser_that_cannot_start_is_only_a_warning() {
    let site = Site::minimal();
    let missing = site.root().join("no-such-browser");
    let serve = Serve::start_with(&site, &["--open"], &[("BROWSER", missing.as_os_str())]);
    serve.wait_for_stderr("warning: cannot open a browser");
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn a_port_in_use_is_an_error() {
    let site = Site::minimal();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (code, stderr) = run_to_exit(&site, &["serve", "site", "--port", &port]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
}

#[test]
fn a_missing_site_folder_is_an_error() {
    let site = Site::minimal();
    let port = harness::free_port().to_string();
    let (code, stderr) = run_to_exit(&site, &["serve", "nope", "--port", &port]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("error: there is no folder nope"),
        "{stderr}"
    );
}

/// Runs waymark with `args` in the site's root, expecting it to stop by itself.
fn run_to_exit(site: &Site, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .current_dir(site.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("waymark {args:?} kept running");
        }
        thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    let pipe = child.stderr.take();
    pipe.unwrap().read_to_string(&mut stderr).unwrap();
    (status.code(), stderr)
}

#[test]
fn on_loopback_only_requests_that_name_this_machine_are_answered() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    assert_eq!(serve.get("/index.html").status, 200);
    // A page on another site whose name now points at 127.0.0.1 (DNS rebinding).
    let rebound = serve.request(
        "GET /data/site.json HTTP/1.1\r\nHost: evil.example:1111\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(rebound.status, 421);
    assert!(!rebound.body.contains("generator"));
    let numeric = serve.request(&format!(
        "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        serve.port
    ));
    assert_eq!(numeric.status, 200);
}
