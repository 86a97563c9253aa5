//! What changed in the shape of the portfolio between two states: journeys and personas
//! renamed, personas added and removed, stages added, removed, renamed and reordered
//! within a journey, and each journey's completeness. Journeys and personas are paired as
//! [`super::pairs`] says; stages by id, as emotions are.

use super::pairs::Pairing;
use super::{journey_ref, JourneyRef, State, Verdict};
use crate::model::{Journey, Persona};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonaRef {
    pub id: String,
    pub name: String,
}

/// One thing under its older and its newer id and name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Renamed<T> {
    pub before: T,
    pub after: T,
}

/// A stage added to or removed from a journey.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageChange {
    pub journey: JourneyRef,
    pub stage: String,
    pub stage_name: String,
    /// Where it is (added) or was (removed) in its journey, from 1.
    pub position: usize,
}

/// A stage that kept its id under another name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageRename {
    pub journey: JourneyRef,
    pub stage: String,
    pub before: String,
    pub after: String,
}

/// The stages of a journey found in both states, in another order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageOrder {
    pub journey: JourneyRef,
    /// Their ids in the older order, then in the newer.
    pub before: Vec<String>,
    pub after: Vec<String>,
    /// Their names, in the same orders.
    pub before_names: Vec<String>,
    pub after_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompletenessChange {
    pub journey: JourneyRef,
    /// Scores in percent.
    pub before: u32,
    pub after: u32,
    pub verdict: Verdict,
}

/// The shape of the change, beside [`super::Changes`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Outline {
    pub journeys_renamed: Vec<Renamed<JourneyRef>>,
    pub personas_added: Vec<PersonaRef>,
    pub personas_removed: Vec<PersonaRef>,
    pub personas_renamed: Vec<Renamed<PersonaRef>>,
    pub stages_added: Vec<StageChange>,
    pub stages_removed: Vec<StageChange>,
    pub stages_renamed: Vec<StageRename>,
    pub stages_reordered: Vec<StageOrder>,
    pub completeness_changes: Vec<CompletenessChange>,
}

impl Outline {
    /// How many changes there are of every kind together.
    pub fn total(&self) -> usize {
        self.journeys_renamed.len()
            + self.personas_added.len()
            + self.personas_removed.len()
            + self.personas_renamed.len()
            + self.stages_added.len()
            + self.stages_removed.len()
            + self.stages_renamed.len()
            + self.stages_reordered.len()
            + self.completeness_changes.len()
    }
}

/// The shape of the change from `older` to `newer`, with journeys and personas paired as
/// given. A pair is renamed when its id or its title (a persona's name) differs.
pub fn outline(older: State, newer: State, journeys: &Pairing, personas: &Pairing) -> Outline {
    let mut outline = Outline::default();
    let (old_personas, new_personas) = (&older.site.personas, &newer.site.personas);
    outline.personas_added = personas
        .added
        .iter()
        .map(|&n| persona_ref(&new_personas[n]))
        .collect();
    outline.personas_removed = personas
        .removed
        .iter()
        .map(|&o| persona_ref(&old_personas[o]))
        .collect();
    for &(o, n) in &personas.pairs {
        let (before, after) = (persona_ref(&old_personas[o]), persona_ref(&new_personas[n]));
        if before != after {
            outline.personas_renamed.push(Renamed { before, after });
        }
    }
    for &(o, n) in &journeys.pairs {
        let (old, new) = (&older.site.journeys[o], &newer.site.journeys[n]);
        let (before, at) = (journey_ref(old), journey_ref(new));
        if before != at {
            outline.journeys_renamed.push(Renamed {
                before,
                after: at.clone(),
            });
        }
        stages(old, new, &at, &mut outline);
        let score = |state: State, journey: &Journey| {
            state
                .analysis
                .journeys
                .get(&journey.id)
                .map(|a| a.completeness.score)
        };
        if let (Some(before), Some(after)) = (score(older, old), score(newer, new)) {
            if before != after {
                let verdict = match after > before {
                    true => Verdict::Better,
                    false => Verdict::Worse,
                };
                outline.completeness_changes.push(CompletenessChange {
                    journey: at,
                    before,
                    after,
                    verdict,
                });
            }
        }
    }
    outline
}

fn persona_ref(persona: &Persona) -> PersonaRef {
    PersonaRef {
        id: persona.id.to_string(),
        name: persona.front.name.clone(),
    }
}

fn stages(old: &Journey, new: &Journey, at: &JourneyRef, outline: &mut Outline) {
    let (older, newer) = (&old.front.stages, &new.front.stages);
    let in_older = |id: &crate::model::Id| older.iter().position(|s| &s.id == id);
    let in_newer = |id: &crate::model::Id| newer.iter().position(|s| &s.id == id);
    let change = |stage: &crate::model::Stage, position: usize| StageChange {
        journey: at.clone(),
        stage: stage.id.to_string(),
        stage_name: stage.name.to_string(),
        position: position + 1,
    };
    for (i, stage) in newer.iter().enumerate() {
        match in_older(&stage.id) {
            None => outline.stages_added.push(change(stage, i)),
            Some(o) if older[o].name != stage.name => outline.stages_renamed.push(StageRename {
                journey: at.clone(),
                stage: stage.id.to_string(),
                before: older[o].name.to_string(),
                after: stage.name.to_string(),
            }),
            Some(_) => {}
        }
    }
    for (i, stage) in older.iter().enumerate() {
        if in_newer(&stage.id).is_none() {
            outline.stages_removed.push(change(stage, i));
        }
    }
    // Stages in both, each in its own journey's order: an addition or removal alone
    // moves others' positions but not their order.
    let kept_old: Vec<&crate::model::Stage> =
        older.iter().filter(|s| in_newer(&s.id).is_some()).collect();
    let kept_new: Vec<&crate::model::Stage> =
        newer.iter().filter(|s| in_older(&s.id).is_some()).collect();
    let ids = |stages: &[&crate::model::Stage]| -> Vec<String> {
        stages.iter().map(|s| s.id.to_string()).collect()
    };
    let names = |stages: &[&crate::model::Stage]| -> Vec<String> {
        stages.iter().map(|s| s.name.to_string()).collect()
    };
    if ids(&kept_old) != ids(&kept_new) {
        outline.stages_reordered.push(StageOrder {
            journey: at.clone(),
            before: ids(&kept_old),
            after: ids(&kept_new),
            before_names: names(&kept_old),
            after_names: names(&kept_new),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::pairs;
    use super::*;
    use crate::analysis::analyse;
    use crate::analysis::testutil::*;
    use crate::model::Site;

    fn outline_of(older: &Site, newer: &Site) -> Outline {
        let (old_analysis, new_analysis) = (analyse(older), analyse(newer));
        let old = State {
            site: older,
            analysis: &old_analysis,
        };
        let new = State {
            site: newer,
            analysis: &new_analysis,
        };
        outline(
            old,
            new,
            &pairs::journeys(older, newer),
            &pairs::personas(older, newer),
        )
    }

    fn buy() -> Site {
        site(
            vec![journey(
                "buy",
                vec![
                    stage("look", Some(0)),
                    stage("cart", Some(0)),
                    stage("pay", Some(0)),
                ],
            )],
            vec![],
        )
    }

    #[test]
    fn stages_added_removed_renamed_and_reordered_are_told_apart() {
        let older = buy();
        let mut newer = buy();
        let stages = &mut newer.journeys[0].front.stages;
        // pay moves before cart, look is removed, a stage is added, cart is renamed.
        stages.swap(1, 2);
        stages.remove(0);
        stages.push(stage("ship", None));
        stages[1].name = "Basket".into();
        let outline = outline_of(&older, &newer);
        let ids = |changes: &[StageChange]| -> Vec<(String, usize)> {
            changes
                .iter()
                .map(|c| (c.stage.clone(), c.position))
                .collect()
        };
        assert_eq!(ids(&outline.stages_added), [("ship".to_string(), 3)]);
        assert_eq!(ids(&outline.stages_removed), [("look".to_string(), 1)]);
        assert_eq!(outline.stages_renamed.len(), 1);
        assert_eq!(
            (
                outline.stages_renamed[0].before.as_str(),
                outline.stages_renamed[0].after.as_str()
            ),
            ("Stage cart", "Basket")
        );
        let order = &outline.stages_reordered[0];
        assert_eq!(
            (order.before.clone(), order.after.clone()),
            (
                vec!["cart".to_string(), "pay".to_string()],
                vec!["pay".to_string(), "cart".to_string()]
            )
        );
        assert_eq!(order.after_names, ["Stage pay", "Basket"]);
    }

    #[test]
    fn removing_a_stage_alone_reorders_nothing() {
        let older = buy();
        let mut newer = buy();
        newer.journeys[0].front.stages.remove(1);
        let outline = outline_of(&older, &newer);
        assert_eq!(outline.stages_removed.len(), 1);
        assert!(outline.stages_reordered.is_empty());
    }

    #[test]
    fn a_journey_under_a_new_id_with_the_same_content_is_a_rename() {
        let older = buy();
        let mut newer = buy();
        newer.journeys[0].id = id("purchase");
        let outline = outline_of(&older, &newer);
        assert_eq!(outline.journeys_renamed.len(), 1);
        let renamed = &outline.journeys_renamed[0];
        assert_eq!(
            (renamed.before.id.as_str(), renamed.after.id.as_str()),
            ("buy", "purchase")
        );
        assert_eq!(outline.total(), 1);
    }

    #[test]
    fn personas_renamed_by_name_and_added() {
        let older = buy();
        let mut newer = buy();
        newer.personas[0].front.name = "Ann".into();
        let mut maria = newer.personas[0].clone();
        maria.id = id("maria");
        maria.front.name = "Maria".into();
        newer.personas.push(maria);
        let outline = outline_of(&older, &newer);
        assert_eq!(outline.personas_renamed[0].after.name, "Ann");
        assert_eq!(outline.personas_added[0].id, "maria");
        assert!(outline.personas_removed.is_empty());
    }

    #[test]
    fn completeness_is_judged_by_its_score() {
        let older = buy();
        let mut newer = buy();
        newer.journeys[0].front.stages[0].emotion = None;
        let outline = outline_of(&older, &newer);
        let change = &outline.completeness_changes[0];
        assert!(change.after < change.before);
        assert_eq!(change.verdict, Verdict::Worse);
    }
}
