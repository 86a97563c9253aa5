//! The map resolved against an export's header: the columns of each entry found, the
//! entries checked against the journey, and the columns of personal data named.

use super::map::{DateFormat, Entry, MapFile};
use super::ImportOptions;
use crate::diagnostics::Diagnostic;
use crate::feedback::reader::parse_scale;
use crate::metrics::raw::sniff;
use crate::model::{Id, Scale, SiteConfig};
use crate::yaml::{self, Seg};
use std::collections::BTreeMap;
use std::io::{self, Read as _};
use std::path::Path;

/// Column names that hold personal data, compared without case, spaces, `_` or `-`:
/// what Qualtrics, SurveyMonkey, Typeform and Zendesk call the respondent's or
/// requester's name, address, e-mail, phone and network location.
const PERSONAL: [&str; 20] = [
    "recipientemail",
    "recipientfirstname",
    "recipientlastname",
    "ipaddress",
    "locationlatitude",
    "locationlongitude",
    "emailaddress",
    "email",
    "firstname",
    "lastname",
    "name",
    "fullname",
    "phone",
    "phonenumber",
    "networkid",
    "requester",
    "requesteremail",
    "requestername",
    "address",
    "customdata",
];

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a column of this name holds personal data.
pub fn is_personal(name: &str) -> bool {
    PERSONAL.contains(&normalized(name).as_str())
}

/// One entry of the map with its columns found.
pub(super) struct Part {
    pub(super) stage: Option<usize>,
    pub(super) stage_column: Option<usize>,
    pub(super) stage_values: BTreeMap<String, String>,
    pub(super) rating: Option<usize>,
    pub(super) rating_values: BTreeMap<String, f64>,
    pub(super) scale: Option<Scale>,
    pub(super) scale_text: Option<String>,
    pub(super) text: Option<usize>,
}

/// The map resolved against the export's header: what to read from each response.
pub struct Plan<'a> {
    pub(super) stages: &'a [Id],
    pub(super) site_scale: Scale,
    pub(super) header_rows: usize,
    /// The header rows, trimmed.
    pub(super) header: Vec<Vec<String>>,
    pub(super) delimiter: u8,
    pub(super) id: usize,
    pub(super) date: usize,
    pub(super) date_format: DateFormat,
    pub(super) source: Option<String>,
    pub(super) channel: Option<usize>,
    pub(super) segment: Option<usize>,
    pub(super) tags: Option<usize>,
    pub(super) map: MapFile,
    pub(super) parts: Vec<Part>,
    /// Columns of personal data in the export, none of them copied.
    pub dropped: Vec<String>,
}

/// Problems of the map: located in the map file at `key` when it has one, else in the
/// export's header.
struct MapErrors<'t> {
    map_path: Option<&'t Path>,
    map_text: Option<&'t str>,
    export: &'t Path,
    errors: Vec<Diagnostic>,
}

impl MapErrors<'_> {
    fn push(&mut self, at: &[Seg], message: String, hint: Option<String>) {
        let mut d = match (self.map_path, self.map_text) {
            (Some(path), Some(text)) => {
                let (line, column) = yaml::locate(text, at);
                Diagnostic::error(path, line, column, message)
            }
            _ => Diagnostic::error(self.export, 1, 1, message),
        };
        d.hint = hint;
        self.errors.push(d);
    }
}

impl<'a> Plan<'a> {
    /// Reads the export's header rows and finds every column the map names.
    pub fn new(
        options: &'a ImportOptions,
        map: &MapFile,
        map_text: Option<&str>,
        stages: &'a [Id],
        config: &SiteConfig,
    ) -> Result<Plan<'a>, Vec<Diagnostic>> {
        let export = &options.file;
        let file = std::fs::File::open(export).map_err(|e| {
            vec![Diagnostic::in_file(
                export,
                format!("cannot read the file: {e}"),
            )]
        })?;
        let mut input = io::BufReader::new(file);
        let sniffed = sniff(&mut input).map_err(|e| {
            vec![Diagnostic::in_file(
                export,
                format!("cannot read the file: {e}"),
            )]
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sniffed.delimiter)
            .from_reader(io::Cursor::new(sniffed.prefix).chain(input));
        let header_rows = options.format.header_rows();
        let mut header = Vec::new();
        for record in reader.records().take(header_rows) {
            let record = record.map_err(|e| {
                vec![Diagnostic::in_file(
                    export,
                    format!("cannot read the file: {e}"),
                )]
            })?;
            header.push(
                record
                    .iter()
                    .map(|f| f.trim().to_string())
                    .collect::<Vec<_>>(),
            );
        }
        if header.len() < header_rows {
            let message = format!(
                "the file ends within its header: a {} export has {header_rows} header row{}",
                options.format.as_str(),
                if header_rows == 1 { "" } else { "s" }
            );
            return Err(vec![Diagnostic::error(export, 1, 1, message)]);
        }
        let dropped: Vec<String> = header[0]
            .iter()
            .filter(|name| is_personal(name))
            .cloned()
            .collect();
        let mut errors = MapErrors {
            map_path: options.map.as_deref(),
            map_text,
            export,
            errors: Vec::new(),
        };
        let find = |name: &str| {
            let wanted = name.trim().to_lowercase();
            header
                .iter()
                .find_map(|row| row.iter().position(|cell| cell.to_lowercase() == wanted))
        };
        let known = header[0]
            .iter()
            .take(12)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let mut column = |key: &[Seg], name: Option<&String>| -> Option<usize> {
            let name = name?;
            let Some(at) = find(name) else {
                errors.push(
                    key,
                    format!("no column `{name}` in the export"),
                    Some(format!("its columns: {known}")),
                );
                return None;
            };
            // The header rows may differ in length (the reader is flexible), and the name
            // may have been found in a later one: the column is personal data if any of
            // its header rows says so.
            let mut names = header.iter().filter_map(|row| row.get(at));
            if names.any(|name| is_personal(name)) {
                errors.push(
                    key,
                    format!("column `{name}` holds personal data and is never imported"),
                    Some("map a column of answers instead".into()),
                );
                return None;
            }
            Some(at)
        };
        let id = column(&[Seg::Key("id")], map.id.as_ref());
        let date = column(&[Seg::Key("date")], map.date.as_ref());
        let channel = column(&[Seg::Key("channel")], map.channel.as_ref());
        let segment = column(&[Seg::Key("segment")], map.segment.as_ref());
        let tags = column(&[Seg::Key("tags")], map.tags.as_ref());
        let mut parts = Vec::new();
        let entries = map.stages.clone().unwrap_or_default();
        for (i, entry) in entries.iter().enumerate() {
            let at = |key: &'static str| [Seg::Key("stages"), Seg::Index(i), Seg::Key(key)];
            let part = Part {
                stage: None,
                stage_column: column(&at("stage_column"), entry.stage_column.as_ref()),
                stage_values: entry
                    .stage_values
                    .clone()
                    .or_else(|| map.stage_values.clone())
                    .unwrap_or_default(),
                rating: column(&at("rating"), entry.rating.as_ref()),
                rating_values: entry
                    .rating_values
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.to_lowercase(), *v))
                    .collect(),
                scale: None,
                scale_text: entry.scale.clone(),
                text: column(&at("text"), entry.text.as_ref()),
            };
            parts.push(part);
        }
        let parts: Vec<Part> = parts
            .into_iter()
            .zip(&entries)
            .enumerate()
            .map(|(i, (part, entry))| check_entry(i, entry, part, stages, config, &mut errors))
            .collect();
        if parts.is_empty() {
            errors.push(
                &[Seg::Key("stages")],
                "the map names no stages: which columns are the rating and the text of which \
                 stage?"
                    .into(),
                Some(format!(
                    "a {} export needs a map file (`--map map.yaml`) with `stages:`; see \
                     \"Importing feedback\" in the documentation",
                    options.format.as_str()
                )),
            );
        }
        if map.id.is_none() {
            errors.push(
                &[Seg::Key("id")],
                "the map names no `id` column".into(),
                Some(
                    "the id is how a second import of the export knows what is already there"
                        .into(),
                ),
            );
        }
        let mut errors = errors.errors;
        if let Some(source) = &map.source {
            if source.contains(['\n', '\r']) {
                errors.push(Diagnostic::in_file(export, "`source` is one line of text"));
            }
        }
        if map.date.is_none() {
            errors.push(Diagnostic::in_file(
                export,
                "the map names no `date` column: when was each answer given?",
            ));
        }
        let (Some(id), Some(date), true) = (id, date, errors.is_empty()) else {
            return Err(errors);
        };
        Ok(Plan {
            stages,
            site_scale: config.feedback.scale,
            header_rows,
            header,
            delimiter: sniffed.delimiter,
            id,
            date,
            date_format: map.date_format.unwrap_or(DateFormat::Iso),
            source: map.source.clone(),
            channel,
            segment,
            tags,
            map: map.clone(),
            parts,
            dropped,
        })
    }
}

/// Checks what an entry of the map says beyond its columns: one way to its stage, stage
/// ids of the journey, a scale, a rating or a text.
fn check_entry(
    i: usize,
    entry: &Entry,
    mut part: Part,
    stages: &[Id],
    config: &SiteConfig,
    errors: &mut MapErrors,
) -> Part {
    let at = |key: &'static str| [Seg::Key("stages"), Seg::Index(i), Seg::Key(key)];
    let stage_list = || {
        let ids: Vec<&str> = stages.iter().map(Id::as_str).collect();
        format!("stages of the journey: {}", ids.join(", "))
    };
    match (&entry.stage, &entry.stage_column) {
        (Some(stage), None) => {
            part.stage = stages.iter().position(|s| s.as_str() == stage);
            if part.stage.is_none() {
                errors.push(
                    &at("stage"),
                    format!("no stage `{stage}` in the journey"),
                    Some(stage_list()),
                );
            }
        }
        (None, Some(_)) => {
            for (answer, stage) in &part.stage_values {
                if !stages.iter().any(|s| s.as_str() == stage) {
                    errors.push(
                        &at("stage_values"),
                        format!(
                            "answer `{answer}` maps to `{stage}`, which is no stage of the journey"
                        ),
                        Some(stage_list()),
                    );
                }
            }
        }
        _ => errors.push(
            &[Seg::Key("stages"), Seg::Index(i)],
            "an entry names its stage with `stage` (a stage id) or `stage_column` (a column \
             whose answer is the stage), one of them"
                .into(),
            None,
        ),
    }
    if entry.rating.is_none() && entry.text.is_none() {
        errors.push(
            &[Seg::Key("stages"), Seg::Index(i)],
            "an entry needs a `rating` column, a `text` column or both".into(),
            None,
        );
    }
    if let Some(scale) = &entry.scale {
        match parse_scale(scale, b',') {
            Ok(scale) => part.scale = Some(scale),
            Err(msg) => errors.push(&at("scale"), msg, None),
        }
    }
    for (word, value) in &part.rating_values {
        let scale = part.scale.unwrap_or(config.feedback.scale);
        if !scale.contains(*value) {
            errors.push(
                &at("rating_values"),
                format!("rating {value} of `{word}` is outside the scale {scale}"),
                None,
            );
        }
    }
    part
}
