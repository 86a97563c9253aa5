//! Rendering: the model and its analysis into pages, in parallel, through one shared
//! template environment.
//!
//! Every page links to others relatively (`root` in the template context is `""` or
//! `"../"`), so a site works under any path prefix; `base_url` is only used where an
//! absolute URL is required (sitemap, canonical links, the 404 page).

mod charts;
mod context;
mod filters;
mod theme;

pub(crate) use theme::builtin_files as builtin_theme_files;

use crate::analysis::Analysis;
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use context::Shared;
use minijinja::Value;
use rayon::prelude::*;
use std::path::PathBuf;

/// One output file, its path relative to the output folder with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub contents: Vec<u8>,
}

/// What a page is, and so which template and context it gets.
enum Job<'a> {
    Index,
    PainPoints,
    Opportunities,
    NotFound,
    Persona(&'a crate::model::Persona),
    Journey(&'a crate::model::Journey),
}

/// Renders every file of the site, sorted by path.
pub fn render(site: &Site, analysis: &Analysis) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let theme = theme::load(site)?;
    let shared = Shared::new(site, analysis);
    let mut jobs = vec![
        Job::Index,
        Job::PainPoints,
        Job::Opportunities,
        Job::NotFound,
    ];
    jobs.extend(site.personas.iter().map(Job::Persona));
    jobs.extend(site.journeys.iter().map(Job::Journey));

    let results: Vec<Result<Page, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (path, template, ctx) = match job {
                Job::Index => ("index.html".to_string(), "index.html", shared.index()),
                Job::PainPoints => (
                    "pain-points.html".into(),
                    "pain-points.html",
                    shared.pain_points(),
                ),
                Job::Opportunities => (
                    "opportunities.html".into(),
                    "opportunities.html",
                    shared.opportunities(),
                ),
                Job::NotFound => ("404.html".into(), "404.html", shared.not_found()),
                Job::Persona(p) => (
                    format!("personas/{}.html", p.id),
                    "persona.html",
                    shared.persona(p),
                ),
                Job::Journey(j) => (
                    format!("journeys/{}.html", j.id),
                    "journey.html",
                    shared.journey(j),
                ),
            };
            render_template(&theme, template, ctx).map(|html| Page {
                path,
                contents: html.into_bytes(),
            })
        })
        .collect();

    let mut pages = Vec::with_capacity(results.len() + 8);
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(err) => errors.push(err),
        }
    }
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(errors);
    }
    pages.push(Page {
        path: "sitemap.xml".into(),
        contents: sitemap(&site.config.base_url, &pages).into_bytes(),
    });
    pages.push(Page {
        path: "data/site.json".into(),
        contents: shared.site_json(),
    });
    pages.push(Page {
        path: ".nojekyll".into(),
        contents: Vec::new(),
    });
    for (name, bytes) in &theme.assets {
        pages.push(Page {
            path: format!("assets/{name}"),
            contents: bytes.clone(),
        });
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

fn render_template(theme: &theme::Theme, name: &str, ctx: Value) -> Result<String, Diagnostic> {
    let located = |err: minijinja::Error| {
        let template = err.name().unwrap_or(name).to_string();
        let path = theme
            .paths
            .get(&template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(&template));
        theme::template_diagnostic(&path, &err)
    };
    let template = theme.env.get_template(name).map_err(located)?;
    template.render(ctx).map_err(located)
}

/// `base_url` joined with a site path.
pub fn absolute_url(base_url: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base_url.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

fn sitemap(base_url: &str, pages: &[Page]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in pages
        .iter()
        .filter(|p| p.path.ends_with(".html") && p.path != "404.html")
    {
        let loc = absolute_url(base_url, &page.path);
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", xml_escape(&loc)));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
