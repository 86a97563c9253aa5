//! Writes a synthetic waymark site of any size: the benchmark input.
//!
//! ```text
//! cargo run --release --example portfolio -- --journeys N --out DIR [--personas P]
//!     [--feedback-rows R]
//! ```
//!
//! With `--feedback-rows`, R rows of customer feedback are spread over the journeys
//! (`feedback/<id>.csv`: ratings, verbatims, tags; one verbatim in fifty holds an e-mail
//! address or a phone number for masking to find). The journeys are the same either way.
//!
//! The output is deterministic (a fixed-seed splitmix64 per file, so `journey-00042`
//! is the same whatever N is, as long as P is) and uses only std, so the benchmark
//! input never changes under a dependency update.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const SEED: u64 = 0x5741_594d_4152_4b21; // "WAYMARK!"
const QUARTERS: [&str; 4] = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"];
use pools::*;

/// The text the content is drawn from, laid out as tables (hence no rustfmt).
#[rustfmt::skip]
mod pools {
    pub const KINDS: [&str; 4] = ["current-state", "future-state", "day-in-the-life", "service-blueprint"];

    /// (id, name, goal, actions, thought, base emotion); `{obj}` is the journey's product.
    pub type StageDef = (&'static str, &'static str, &'static str, [&'static str; 2], &'static str, i64);
    pub const STAGES: [StageDef; 7] = [
        ("awareness", "Problem recognition", "Understand what a {obj} could solve", ["Notices the problem", "Searches for {obj} advice"], "Is this worth the trouble?", 0),
        ("consideration", "Comparing options", "Find the right {obj} for the budget", ["Reads reviews", "Compares three offers"], "Why is every {obj} page so different?", -1),
        ("purchase", "Buying", "Order the {obj} without surprises", ["Fills in the checkout", "Chooses a delivery slot"], "I hope the price is final.", 0),
        ("onboarding", "Getting started", "Get the {obj} working on day one", ["Opens the welcome email", "Follows the setup guide"], "Where do I find the manual?", -1),
        ("usage", "Everyday use", "Rely on the {obj} without thinking about it", ["Uses the {obj} daily", "Checks the app now and then"], "This actually works.", 1),
        ("support", "Getting help", "Fix a problem with the {obj} quickly", ["Opens a support ticket", "Calls the hotline"], "Why do I have to explain this twice?", -2),
        ("renewal", "Renewing", "Decide whether to stay with the {obj}", ["Reads the renewal offer", "Compares with competitors"], "Is loyalty rewarded here?", 0),
    ];

    /// (name, channel, kind, mode): a fixed list, so the channel x stage matrix stays small.
    pub const TOUCHPOINTS: [(&str, &str, &str, &str); 12] = [
        ("Search engine", "web", "indirect", "online"), ("Product page", "web", "direct", "online"),
        ("Comparison site", "web", "indirect", "online"), ("Mobile app", "app", "direct", "online"),
        ("Newsletter", "email", "direct", "online"), ("Order confirmation", "email", "direct", "online"),
        ("Instagram ad", "social", "direct", "online"), ("Friend's recommendation", "word-of-mouth", "indirect", "offline"),
        ("Flagship store", "store", "direct", "offline"), ("Hotline", "phone", "direct", "offline"),
        ("Live chat", "chat", "direct", "online"), ("Delivery driver", "logistics", "indirect", "offline"),
    ];

    /// Customer verbatims, sources and tags of the feedback rows.
    pub const VERBATIMS: [&str; 8] = [
        "The delivery took longer than promised.", "Setup was easy, the app not so much.",
        "Nobody answered the chat in the evening.", "Great value, works as described.",
        "The price on the checkout page was higher than in the ad.",
        "Support solved it on the first call.", "The manual describes another model.",
        "Renewal came without any reminder, annoyed.",
    ];
    pub const SOURCES: [&str; 4] = ["survey", "support", "review", "interview"];
    pub const THEMES: [&str; 8] = ["delivery", "price", "app", "support", "manual", "renewal", "setup", "quality"];

    pub const OBJECTS: [&str; 10] = [
        "humidifier", "smart thermostat", "home insurance policy", "e-bike", "broadband plan",
        "savings account", "coffee machine", "solar panel kit", "payroll tool", "fleet lease",
    ];
    pub const VERBS: [&str; 5] = ["Buying", "Switching to", "Living with", "Renewing", "Getting help with"];
    pub const OWNERS: [&str; 6] = ["E-commerce squad", "Onboarding squad", "Care team", "Retention squad", "Growth team", "Service design"];
    pub const NAMES: [&str; 12] = ["Anna", "Ben", "Chiara", "Deniz", "Emeka", "Fatima", "Gustav", "Hana", "Ivan", "Jun", "Kofi", "Lena"];
    pub const ROLES: [&str; 6] = ["Working parent", "Student", "Retired teacher", "Small-business owner", "Procurement lead", "IT manager"];
    pub const CHANNELS: [&str; 6] = ["Mobile web", "Instagram", "Store", "Email", "Phone", "LinkedIn"];
    pub const PAINS: [&str; 8] = [
        "Jargon nobody explains", "Slow response times", "Hidden fees appear late", "Too many form fields",
        "Conflicting information", "No status updates", "Long waiting times", "Has to repeat the story",
    ];
    pub const FIXES: [&str; 6] = [
        "Rewrite the copy in plain words", "Add proactive status messages", "Show the full price up front",
        "Cut the form to essentials", "Offer a callback slot", "Share one case history across channels",
    ];
    pub const SEVERITIES: [&str; 4] = ["low", "medium", "high", "critical"];
    pub const LEVELS: [&str; 3] = ["low", "medium", "high"];
    pub const STATUSES: [&str; 4] = ["idea", "planned", "in-progress", "done"];
}

/// splitmix64: tiny, fast and good enough for synthetic content.
struct Rng(u64);

impl Rng {
    /// One stream per file, so a file's content does not depend on how many come before.
    fn new(stream: u64) -> Rng {
        Rng(SEED ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn float(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }
}

/// A YAML double-quoted scalar, so no generated text can be misread as YAML syntax.
struct Q<'a>(&'a str);

impl fmt::Display for Q<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let escaped = self.0.replace('\\', "\\\\").replace('"', "\\\"");
        write!(f, "\"{escaped}\"")
    }
}

/// A YAML flow sequence of quoted strings.
struct L<'a, S: AsRef<str>>(&'a [S]);

impl<S: AsRef<str>> fmt::Display for L<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, s) in self.0.iter().enumerate() {
            write!(f, "{}{}", if i > 0 { ", " } else { "" }, Q(s.as_ref()))?;
        }
        f.write_str("]")
    }
}

struct Args {
    journeys: usize,
    personas: Option<usize>,
    feedback_rows: usize,
    out: PathBuf,
}

const USAGE: &str = "usage: portfolio --journeys N --out DIR [--personas P] [--feedback-rows R]";

fn parse_args() -> Result<Args, String> {
    let (mut journeys, mut personas, mut out) = (None, None, None);
    let mut feedback_rows = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        if arg == "-h" || arg == "--help" {
            return Err(USAGE.into());
        }
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (arg, None),
        };
        let value = inline.or_else(|| it.next());
        let value = value.ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = || match value.parse::<usize>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(format!("{flag} expects a positive integer, got `{value}`")),
        };
        match flag.as_str() {
            "--journeys" => journeys = number()?,
            "--personas" => personas = number()?,
            "--feedback-rows" => feedback_rows = number()?,
            "--out" => out = Some(PathBuf::from(&value)),
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        }
    }
    let journeys = journeys.ok_or_else(|| format!("--journeys is required\n{USAGE}"))?;
    let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    Ok(Args {
        journeys,
        personas,
        feedback_rows: feedback_rows.unwrap_or(0),
        out,
    })
}

/// Refuses to clobber anything but an earlier portfolio, whose generated folders are
/// removed so that a smaller N leaves no stale journeys behind.
fn prepare(out: &Path) -> io::Result<()> {
    if out.exists() && fs::read_dir(out)?.next().is_some() && !out.join("site.yaml").is_file() {
        let why =
            "is not empty and not a previous portfolio (no site.yaml); refusing to write there";
        return Err(io::Error::other(why));
    }
    for sub in ["personas", "journeys", "metrics", "feedback"] {
        let dir = out.join(sub);
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
    }
    Ok(())
}

/// "a humidifier", "an e-bike".
fn with_article(noun: &str) -> String {
    let an = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if an { "an" } else { "a" })
}

/// Puts the journey's product into a template, with the right article.
fn fill(template: &str, obj: &str) -> String {
    let template = template.replace("a {obj}", &with_article(obj));
    template.replace("{obj}", obj)
}

/// A buffered file whose errors name it.
fn create(path: &Path) -> io::Result<BufWriter<File>> {
    let file = File::create(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    Ok(BufWriter::with_capacity(64 * 1024, file))
}

fn write_site(out: &Path, journeys: usize, personas: usize) -> io::Result<()> {
    let mut w = create(&out.join("site.yaml"))?;
    write!(
        w,
        "title: Synthetic portfolio — {journeys} customer journeys
description: Generated benchmark input for waymark ({personas} personas)
base_url: /
metrics:
  visitors: {{ label: Visitors, unit: count, better: higher, funnel: true }}
  conversion_rate: {{ label: Conversion, unit: percent, better: higher }}
  csat: {{ label: CSAT, unit: score, better: higher, min: 1, max: 5 }}
  time_in_stage: {{ label: Time in stage, unit: days, better: lower }}
"
    )?;
    w.flush()?;
    let mut w = create(&out.join("index.md"))?;
    write!(
        w,
        "This portfolio is **synthetic**: {journeys} journeys walked by {personas} personas,
written by `examples/portfolio.rs` to benchmark `waymark build`.

Every journey has seven stages and a year of quarterly metrics.
"
    )?;
    w.flush()
}

fn write_persona(out: &Path, id: &str, n: usize) -> io::Result<()> {
    let mut r = Rng::new(1 << 40 | n as u64);
    let name = format!("{} {n}", NAMES[(n - 1) % NAMES.len()]);
    let (role, segment, motivation) = match n % 3 == 2 {
        true => (ROLES[4 + n % 2], "B2B", "Save the team time"),
        false => (ROLES[n % 4], "B2C", "Peace of mind"),
    };
    let obj = r.pick(&OBJECTS);
    let (a, b) = (r.below(CHANNELS.len()), r.below(CHANNELS.len() - 1));
    let b = if b >= a { b + 1 } else { b }; // two distinct channels
    let mut w = create(&out.join("personas").join(format!("{id}.md")))?;
    write!(
        w,
        "---\nname: {}\nrole: {}\nsegment: {segment}\ngoals: {}\nfrustrations: {}
motivations: {}\nchannels: {}\nquote: {}\n---
{name} is a synthetic persona; no interviews stand behind this profile.

- Prefers {}
- Decides within {} days
",
        Q(&name),
        Q(&format!("{role}, {}", 25 + r.below(45))),
        L(&[
            format!("{} that just works", with_article(obj)),
            "Clear prices".into()
        ]),
        L(&[r.pick(&PAINS), r.pick(&PAINS)]),
        L(&[motivation]),
        L(&[CHANNELS[a], CHANNELS[b]]),
        Q(&format!("I just want my {obj} to stop being a project.")),
        CHANNELS[a],
        2 + r.below(20),
    )?;
    w.flush()
}

/// Writes journey `n` (1-based) and its metrics; returns the number of metric rows.
fn write_journey(out: &Path, id: &str, n: usize, persona: &str, prev: &str) -> io::Result<usize> {
    let mut r = Rng::new(n as u64);
    let kind = KINDS[(n - 1) % KINDS.len()];
    let obj = r.pick(&OBJECTS);
    let a_obj = with_article(obj);
    let title = format!("{} {a_obj} #{n}", r.pick(&VERBS));
    let scenario = format!("Needs {a_obj} before the season starts; budget is tight");
    let mut w = create(&out.join("journeys").join(format!("{id}.md")))?;
    write!(
        w,
        "---\ntitle: {}\npersona: {persona}\nkind: {kind}\nscenario: {}
owner: {}\nupdated: 2026-{:02}-{:02}\n",
        Q(&title),
        Q(&scenario),
        Q(r.pick(&OWNERS)),
        1 + r.below(12),
        1 + r.below(28),
    )?;
    // Future-state maps are set against the current-state map just before them.
    if kind == "future-state" {
        writeln!(w, "compare_to: {prev}")?;
    }
    writeln!(w, "stages:")?;
    let lift = i64::from(kind == "future-state");
    let mut pains: Vec<(String, &str, &str)> = Vec::new();
    for (sid, name, goal, actions, thought, base) in STAGES {
        let emotion = (base + lift + r.below(3) as i64 - 1).clamp(-2, 2);
        write!(
            w,
            "  - id: {sid}\n    name: {}\n    goal: {}\n    actions: {}\n    thoughts: {}
    emotion: {emotion}\n    touchpoints:\n",
            Q(name),
            Q(&fill(goal, obj)),
            L(&actions.map(|a| fill(a, obj))),
            L(&[fill(thought, obj)]),
        )?;
        let first = r.below(TOUCHPOINTS.len());
        for k in 0..2 + r.below(2) {
            // Consecutive entries of the list: distinct touchpoints without a set.
            let (tn, ch, tk, mode) = TOUCHPOINTS[(first + k) % TOUCHPOINTS.len()];
            let tn = Q(tn);
            writeln!(
                w,
                "      - {{ name: {tn}, channel: {ch}, kind: {tk}, mode: {mode} }}"
            )?;
        }
        writeln!(w, "    pain_points:")?;
        let stage_pains = 1 + r.below(2);
        for k in 1..=stage_pains {
            let (text, sev) = (r.pick(&PAINS), r.pick(&SEVERITIES));
            let (pid, quoted) = (format!("{sid}-pain-{k}"), Q(text));
            writeln!(
                w,
                "      - {{ id: {pid}, text: {quoted}, severity: {sev} }}"
            )?;
            pains.push((pid, text, sev));
        }
        writeln!(w, "    opportunities:")?;
        for k in 1..=1 + r.below(2) {
            let (text, owner) = (Q(r.pick(&FIXES)), Q(r.pick(&OWNERS)));
            let (impact, effort, status) = (r.pick(&LEVELS), r.pick(&LEVELS), r.pick(&STATUSES));
            let addresses = format!("{sid}-pain-{}", 1 + r.below(stage_pains));
            writeln!(
                w,
                "      - {{ id: {sid}-opp-{k}, text: {text}, impact: {impact}, effort: {effort}, \
                 owner: {owner}, status: {status}, addresses: [{addresses}] }}"
            )?;
        }
        if kind == "service-blueprint" {
            write!(
                w,
                "    blueprint:\n      frontstage: [\"{name} screen\"]
      backstage: [Ops team review, Order system sync]
      support: [CRM, Billing]\n      evidence: [Confirmation email]\n"
            )?;
        }
    }
    write!(
        w,
        "---\n## Context\n\nA synthetic {kind} map of how persona `{persona}` deals with {a_obj}.
The numbers behind it live in `metrics/{id}.csv`.\n\n## Research notes\n\n"
    )?;
    for (pid, text, sev) in pains.iter().take(3) {
        writeln!(w, "- **{pid}** ({sev}): {text}")?;
    }
    writeln!(w, "\n| Stage | Name | Goal |\n|---|---|---|")?;
    for (sid, name, goal, ..) in STAGES {
        writeln!(w, "| {sid} | {name} | {} |", fill(goal, obj))?;
    }
    let quote = fill(STAGES[r.below(STAGES.len())].4, obj);
    writeln!(w, "\n> \"{quote}\" — interview {n}")?;
    w.flush()?;
    write_metrics(out, id, &mut r)
}

/// A funnel that loses 10–40 % per stage except at one bottleneck, where it loses 65–85 %;
/// conversion_rate is the share that reaches the next stage, so the two agree.
fn write_metrics(out: &Path, id: &str, r: &mut Rng) -> io::Result<usize> {
    let bottleneck = 1 + r.below(STAGES.len() - 1);
    let keep: Vec<f64> = (0..7)
        .map(|s| match s {
            0 => 1.0,
            _ if s == bottleneck => r.float(0.15, 0.35),
            _ => r.float(0.6, 0.9),
        })
        .collect();
    let top = r.float(5_000.0, 60_000.0);
    // Fixed per stage, so a KPI trend is judged against a steady target.
    let conv_target: Vec<f64> = (0..7)
        .map(|s| keep.get(s + 1).map_or(60.0, |k| k * 110.0).min(99.0))
        .collect();
    let csat_base: Vec<f64> = (0..7).map(|_| r.float(2.2, 4.6)).collect();
    let days_base: Vec<f64> = (0..7).map(|_| r.float(0.5, 20.0)).collect();
    let mut w = create(&out.join("metrics").join(format!("{id}.csv")))?;
    writeln!(w, "period,stage,metric,value,target")?;
    let mut rows = 0;
    for (q, period) in QUARTERS.iter().enumerate() {
        let mut visitors = [0.0; 7];
        let mut v = top * (1.0 + 0.05 * q as f64) * r.float(0.9, 1.1);
        for (s, slot) in visitors.iter_mut().enumerate() {
            // Noise of at most 1.0 keeps the funnel non-increasing.
            v = (v * keep[s] * r.float(0.97, 1.0)).max(1.0);
            *slot = v.round();
        }
        for (s, (sid, ..)) in STAGES.iter().enumerate() {
            let conv = match visitors.get(s + 1) {
                Some(next) => next / visitors[s] * 100.0,
                None => r.float(30.0, 80.0), // renewal: the share that stays another year
            };
            let csat = (csat_base[s] + 0.1 * q as f64 + r.float(-0.2, 0.2)).clamp(1.0, 5.0);
            let days = (days_base[s] * r.float(0.85, 1.15)).max(0.1);
            let (ct, dt, v) = (conv_target[s], days_base[s] * 0.9, visitors[s]);
            write!(
                w,
                "{period},{sid},visitors,{v},\n{period},{sid},conversion_rate,{conv:.1},{ct:.1}
{period},{sid},csat,{csat:.2},4.2\n{period},{sid},time_in_stage,{days:.1},{dt:.1}\n"
            )?;
            rows += 4;
        }
    }
    w.flush()?;
    Ok(rows)
}

/// Writes `rows` rows of customer feedback for journey `n`, from a random stream of its
/// own so that the journey files do not change with it.
fn write_feedback(out: &Path, id: &str, n: usize, rows: usize) -> io::Result<()> {
    let mut r = Rng::new(0xFEED_0000_0000 ^ n as u64);
    let mut w = create(&out.join("feedback").join(format!("{id}.csv")))?;
    writeln!(w, "id,date,stage,rating,text,source,tags")?;
    for k in 1..=rows {
        let (sid, .., base) = STAGES[r.below(STAGES.len())];
        // Ratings lean the way the stage's emotion does.
        let rating = (3 + base + r.below(3) as i64 - 1).clamp(1, 5);
        let text = match r.below(50) {
            0 => format!(
                "{} Write to me at customer{k}@example.com",
                r.pick(&VERBATIMS)
            ),
            1 => format!(
                "{} Call +371 2{:07}",
                r.pick(&VERBATIMS),
                r.below(10_000_000)
            ),
            n if n < 30 => r.pick(&VERBATIMS).to_string(),
            _ => String::new(),
        };
        let tags = match r.below(3) {
            0 => String::new(),
            1 => r.pick(&THEMES).to_string(),
            _ => format!("{}|{}", r.pick(&THEMES), r.pick(&THEMES)),
        };
        writeln!(
            w,
            "r{k},2026-{:02}-{:02},{sid},{rating},{},{},{tags}",
            1 + r.below(9),
            1 + r.below(28),
            format_args!("\"{}\"", text.replace('"', "\"\"")),
            r.pick(&SOURCES),
        )?;
    }
    w.flush()
}

fn run(args: &Args) -> io::Result<(usize, usize)> {
    let (out, journeys) = (&args.out, args.journeys);
    let personas = args.personas.unwrap_or((journeys / 50).max(3));
    prepare(out)?;
    write_site(out, journeys, personas)?;
    let pwidth = personas.to_string().len();
    let persona_id = |n: usize| format!("persona-{n:0pwidth$}");
    for n in 1..=personas {
        write_persona(out, &persona_id(n), n)?;
    }
    // At least five digits, so ids sort by number in file listings and on the site.
    let jwidth = journeys.to_string().len().max(5);
    let journey_id = |n: usize| format!("journey-{n:0jwidth$}");
    let mut rows = 0;
    for n in 1..=journeys {
        let (id, prev) = (journey_id(n), journey_id(n.max(2) - 1));
        rows += write_journey(out, &id, n, &persona_id(1 + (n - 1) % personas), &prev)?;
        // The first journeys take the rows that do not divide evenly.
        let feedback =
            args.feedback_rows / journeys + usize::from(n <= args.feedback_rows % journeys);
        if feedback > 0 {
            write_feedback(out, &id, n, feedback)?;
        }
    }
    Ok((personas, rows))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok((personas, rows)) => {
            let (n, out) = (args.journeys, args.out.display());
            let feedback = args.feedback_rows;
            println!(
                "wrote {n} journeys, {personas} personas, {rows} metric rows, {feedback} \
                 feedback rows to {out}"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
