//! The labels a sheet names its rows (or columns) with, in English, Russian and Latvian,
//! as teams write them: the words of waymark's own pages and those of common templates.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What a label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Label {
    /// The row (or column) of stage names.
    Stage,
    StageId,
    Lane(Lane),
    Field(Field),
}

/// A lane of the map: one value, or a list of items, per stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lane {
    Goal,
    Actions,
    Thoughts,
    Emotion,
    Touchpoints,
    PainPoints,
    Opportunities,
    Frontstage,
    Backstage,
    Support,
    Evidence,
}

/// A field of the whole journey, written as a label and one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Title,
    Persona,
    Kind,
    Scenario,
    Owner,
    Updated,
    CompareTo,
    Draft,
}

impl Lane {
    /// In the order an exported sheet has them.
    pub const ALL: [Lane; 11] = [
        Lane::Goal,
        Lane::Actions,
        Lane::Thoughts,
        Lane::Emotion,
        Lane::Touchpoints,
        Lane::PainPoints,
        Lane::Opportunities,
        Lane::Frontstage,
        Lane::Backstage,
        Lane::Support,
        Lane::Evidence,
    ];

    pub fn is_blueprint(self) -> bool {
        matches!(
            self,
            Lane::Frontstage | Lane::Backstage | Lane::Support | Lane::Evidence
        )
    }

    /// The stage field the lane fills.
    pub fn key(self) -> &'static str {
        match self {
            Lane::Goal => "goal",
            Lane::Actions => "actions",
            Lane::Thoughts => "thoughts",
            Lane::Emotion => "emotion",
            Lane::Touchpoints => "touchpoints",
            Lane::PainPoints => "pain_points",
            Lane::Opportunities => "opportunities",
            Lane::Frontstage => "frontstage",
            Lane::Backstage => "backstage",
            Lane::Support => "support",
            Lane::Evidence => "evidence",
        }
    }
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Title,
        Field::Persona,
        Field::Kind,
        Field::Scenario,
        Field::Owner,
        Field::Updated,
        Field::CompareTo,
        Field::Draft,
    ];
}

impl Label {
    /// The English label an exported sheet uses.
    pub fn english(self) -> &'static str {
        names(self)[0]
    }
}

/// Every way of writing `label`, the English one first; compared in any case, without
/// spaces around them or a trailing `:`.
fn names(label: Label) -> &'static [&'static str] {
    match label {
        Label::Stage => &[
            "Stage",
            "Stages",
            "Phase",
            "Phases",
            "Step",
            "Steps",
            "Этап",
            "Этапы",
            "Стадия",
            "Стадии",
            "Фаза",
            "Фазы",
            "Шаг",
            "Шаги",
            "Posms",
            "Posmi",
            "Fāze",
            "Fāzes",
            "Solis",
            "Soļi",
        ],
        Label::StageId => &[
            "Stage id",
            "Stage ID",
            "Id этапа",
            "ID этапа",
            "Posma id",
            "Posma ID",
        ],
        Label::Lane(lane) => match lane {
            Lane::Goal => &[
                "Goal",
                "Goals",
                "Customer goal",
                "Customer goals",
                "Цель",
                "Цели",
                "Mērķis",
                "Mērķi",
            ],
            Lane::Actions => &[
                "Actions",
                "Action",
                "Doing",
                "Customer actions",
                "Activities",
                "Действия",
                "Действие",
                "Darbības",
                "Darbība",
            ],
            Lane::Thoughts => &[
                "Thoughts",
                "Thinking",
                "Mindset",
                "Mindsets",
                "Quotes",
                "Мысли",
                "Domas",
            ],
            Lane::Emotion => &[
                "Emotion",
                "Emotions",
                "Feeling",
                "Feelings",
                "Mood",
                "Emotional state",
                "Эмоция",
                "Эмоции",
                "Чувства",
                "Настроение",
                "Emocija",
                "Emocijas",
                "Sajūtas",
                "Noskaņojums",
            ],
            Lane::Touchpoints => &[
                "Touchpoints",
                "Touchpoint",
                "Touch points",
                "Channels",
                "Точки контакта",
                "Точки соприкосновения",
                "Каналы",
                "Saskares punkti",
                "Kanāli",
            ],
            Lane::PainPoints => &[
                "Pain points",
                "Pain point",
                "Pains",
                "Painpoints",
                "Problems",
                "Болевые точки",
                "Боли",
                "Проблемы",
                "Sāpju punkti",
                "Problēmas",
            ],
            Lane::Opportunities => &[
                "Opportunities",
                "Opportunity",
                "Ideas",
                "Improvements",
                "Возможности",
                "Идеи",
                "Улучшения",
                "Iespējas",
                "Idejas",
                "Uzlabojumi",
            ],
            Lane::Frontstage => &[
                "Frontstage",
                "Front stage",
                "Frontstage actions",
                "Фронт-офис",
                "Фронтофис",
                "Видимая часть",
                "Redzamā daļa",
                "Priekšplāns",
            ],
            Lane::Backstage => &[
                "Backstage",
                "Back stage",
                "Backstage actions",
                "Бэк-офис",
                "Бэкофис",
                "Закулисье",
                "Невидимая часть",
                "Aizkulises",
            ],
            Lane::Support => &[
                "Support",
                "Support processes",
                "Supporting processes",
                "Поддерживающие процессы",
                "Вспомогательные процессы",
                "Поддержка",
                "Atbalsta procesi",
                "Atbalsts",
            ],
            Lane::Evidence => &[
                "Evidence",
                "Physical evidence",
                "Материальные свидетельства",
                "Физические свидетельства",
                "Свидетельства",
                "Fiziskie pierādījumi",
                "Pierādījumi",
            ],
        },
        Label::Field(field) => match field {
            Field::Title => &["Title", "Journey title", "Название", "Nosaukums"],
            Field::Persona => &["Persona", "Персона", "Persona"],
            Field::Kind => &["Kind", "Type", "Map type", "Вид", "Тип", "Veids"],
            Field::Scenario => &["Scenario", "Сценарий", "Scenārijs"],
            Field::Owner => &[
                "Owner",
                "Владелец",
                "Ответственный",
                "Īpašnieks",
                "Atbildīgais",
            ],
            Field::Updated => &["Updated", "Last updated", "Обновлено", "Atjaunināts"],
            Field::CompareTo => &["Compare to", "Compare with", "Сравнить с", "Salīdzināt ar"],
            Field::Draft => &["Draft", "Черновик", "Melnraksts"],
        },
    }
}

/// The label `text` names, if any.
pub fn label(text: &str) -> Option<Label> {
    // Labels are short; a long cell is content, and is not lowercased to find out.
    if text.len() > 64 {
        return None;
    }
    static LABELS: OnceLock<HashMap<String, Label>> = OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        let all = [Label::Stage, Label::StageId]
            .into_iter()
            .chain(Lane::ALL.into_iter().map(Label::Lane))
            .chain(Field::ALL.into_iter().map(Label::Field));
        let mut labels = HashMap::new();
        for label in all {
            for name in names(label) {
                labels.entry(normalize(name)).or_insert(label);
            }
        }
        labels
    });
    labels.get(&normalize(text)).copied()
}

/// Lowercase, single spaces, no trailing `:`.
fn normalize(text: &str) -> String {
    let text = text.trim().trim_end_matches(':').trim();
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The lane labels, for a hint.
pub fn lane_names() -> String {
    let names: Vec<&str> = Lane::ALL
        .iter()
        .map(|&l| Label::Lane(l).english())
        .collect();
    names.join(", ")
}

/// The emotion a word of the interface means: `very negative` → -2, `нейтрально` → 0.
pub fn emotion_word(text: &str) -> Option<i64> {
    let words: [(&[&str], i64); 5] = [
        (&["very negative", "очень негативно", "ļoti negatīvi"], -2),
        (&["negative", "негативно", "negatīvi"], -1),
        (&["neutral", "нейтрально", "neitrāli"], 0),
        (&["positive", "позитивно", "pozitīvi"], 1),
        (&["very positive", "очень позитивно", "ļoti pozitīvi"], 2),
    ];
    let text = normalize(text);
    words
        .iter()
        .find(|(names, _)| names.contains(&text.as_str()))
        .map(|(_, value)| *value)
}

/// Whether `text` says "not recorded".
pub fn no_emotion_word(text: &str) -> bool {
    ["not recorded", "не указано", "nav norādīts"].contains(&normalize(text).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_found_in_any_language_and_case() {
        assert_eq!(label("Goal"), Some(Label::Lane(Lane::Goal)));
        assert_eq!(
            label("  pain  POINTS: "),
            Some(Label::Lane(Lane::PainPoints))
        );
        assert_eq!(label("Цель"), Some(Label::Lane(Lane::Goal)));
        assert_eq!(label("Mērķis"), Some(Label::Lane(Lane::Goal)));
        assert_eq!(label("Действия"), Some(Label::Lane(Lane::Actions)));
        assert_eq!(label("Darbības"), Some(Label::Lane(Lane::Actions)));
        assert_eq!(label("Этапы"), Some(Label::Stage));
        assert_eq!(label("Compare to"), Some(Label::Field(Field::CompareTo)));
        assert_eq!(label("Backstage"), Some(Label::Lane(Lane::Backstage)));
        assert_eq!(label("Weather"), None);
        assert_eq!(label(""), None);
    }

    #[test]
    fn emotion_words_of_the_interface() {
        assert_eq!(emotion_word("Very negative"), Some(-2));
        assert_eq!(emotion_word("нейтрально"), Some(0));
        assert_eq!(emotion_word("ļoti pozitīvi"), Some(2));
        assert_eq!(emotion_word("great"), None);
        assert!(no_emotion_word("Not recorded"));
    }
}
