//! An opportunity's experiment as the content writes it: an A/B test of the change, with
//! the counts of its control and variant arms and what the team decided.
//!
//! Parsing checks each value on its own (a count is a whole number of 0 or more, a date is
//! a date); whether the fields fit together (a rate arm or a mean arm, both arms alike,
//! `ended` after `started`, a metric of site.yaml) is for validation, which locates each
//! problem at its field.

use super::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An A/B test of an opportunity (`experiment:` of an opportunity).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experiment {
    pub name: String,
    /// The site.yaml metric it measures; the opportunity's `metric` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    pub started: Date,
    /// Absent while the experiment is running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Date>,
    /// The planned shares of control and variant (`[50, 50]`), for the sample-ratio check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<Vec<f64>>,
    pub control: ExperimentArm,
    pub variant: ExperimentArm,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

/// One arm as written: `{ n, conversions }` for a rate, `{ n, mean, sd }` for a mean.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentArm {
    pub n: Count,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversions: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
}

/// What an arm measures, once its fields are known to fit together.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Measure {
    Rate { n: u64, conversions: u64 },
    Mean { n: u64, mean: f64, sd: f64 },
}

impl Measure {
    /// Whether the arm is a rate (else a mean).
    pub fn is_rate(&self) -> bool {
        matches!(self, Measure::Rate { .. })
    }
}

/// Why an arm's fields do not make a rate or a mean; `field` names the key to point at
/// (`None`: the arm itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmProblem {
    pub field: Option<&'static str>,
    pub message: &'static str,
}

impl ExperimentArm {
    /// The arm as a rate or a mean, or why its fields make neither.
    pub fn measure(&self) -> Result<Measure, ArmProblem> {
        let n = self.n.0;
        match (self.conversions, self.mean, self.sd) {
            (Some(conversions), None, None) => Ok(Measure::Rate {
                n,
                conversions: conversions.0,
            }),
            (None, Some(mean), Some(sd)) => Ok(Measure::Mean { n, mean, sd }),
            (Some(_), _, _) => Err(ArmProblem {
                field: Some(if self.mean.is_some() { "mean" } else { "sd" }),
                message: "has both `conversions` (a rate) and a mean's fields; an arm is one or the other",
            }),
            (None, Some(_), None) => Err(ArmProblem {
                field: Some("mean"),
                message: "has a `mean` without `sd`; a mean arm needs both",
            }),
            (None, None, Some(_)) => Err(ArmProblem {
                field: Some("sd"),
                message: "has an `sd` without `mean`; a mean arm needs both",
            }),
            (None, None, None) => Err(ArmProblem {
                field: None,
                message: "has only `n`; add `conversions` for a rate, or `mean` and `sd` for a mean",
            }),
        }
    }
}

/// A count of units or conversions: a whole number of 0 or more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u64")]
pub struct Count(pub u64);

impl TryFrom<i64> for Count {
    type Error = String;
    fn try_from(v: i64) -> Result<Self, String> {
        u64::try_from(v)
            .map(Count)
            .map_err(|_| format!("`{v}` is not a count: expected a whole number of 0 or more"))
    }
}

impl From<Count> for u64 {
    fn from(c: Count) -> u64 {
        c.0
    }
}

/// What the team decided on an experiment's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Ship,
    Iterate,
    Stop,
}

impl Decision {
    pub const ALL: &'static [Decision] = &[Decision::Ship, Decision::Iterate, Decision::Stop];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Ship => "ship",
            Decision::Iterate => "iterate",
            Decision::Stop => "stop",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arm(conversions: Option<u64>, mean: Option<f64>, sd: Option<f64>) -> ExperimentArm {
        ExperimentArm {
            n: Count(100),
            conversions: conversions.map(Count),
            mean,
            sd,
        }
    }

    #[test]
    fn an_arm_is_a_rate_or_a_mean_and_never_both() {
        assert_eq!(
            arm(Some(7), None, None).measure(),
            Ok(Measure::Rate {
                n: 100,
                conversions: 7
            })
        );
        assert_eq!(
            arm(None, Some(3.5), Some(0.9)).measure(),
            Ok(Measure::Mean {
                n: 100,
                mean: 3.5,
                sd: 0.9
            })
        );
        let field = |a: ExperimentArm| a.measure().unwrap_err().field;
        assert_eq!(field(arm(Some(7), Some(3.5), Some(0.9))), Some("mean"));
        assert_eq!(field(arm(Some(7), None, Some(0.9))), Some("sd"));
        assert_eq!(field(arm(None, Some(3.5), None)), Some("mean"));
        assert_eq!(field(arm(None, None, Some(0.9))), Some("sd"));
        assert_eq!(field(arm(None, None, None)), None);
    }

    #[test]
    fn counts_are_whole_numbers_of_zero_or_more() {
        assert_eq!(Count::try_from(0), Ok(Count(0)));
        let err = Count::try_from(-3).unwrap_err();
        assert!(err.starts_with("`-3` is not a count"), "{err}");
    }
}
