//! Experiments: the exact statistics of an A/B test, control against variant, and the
//! verdict they support.
//!
//! An experiment compares its two arms by a rate (conversions out of `n`) or by a mean
//! (`n`, mean and standard deviation). [`evaluate`] gives the difference variant − control
//! with its 95 % interval, the relative lift, the two-sided p-value, a [`Verdict`] and,
//! when the planned split is known, a sample-ratio-mismatch check. It is a pure function
//! of plain numbers: bad input is a [`StatsError`], never a panic, an `inf` or a `NaN`.
//!
//! Rates take the pooled two-proportion z-test, the unpooled Wald interval for the
//! difference and the log-ratio interval for the lift; means take Welch's t-test with
//! Welch–Satterthwaite degrees of freedom; the split takes Pearson's χ² goodness of fit.

mod special;
mod stats;
#[cfg(test)]
mod tests;

use crate::model::Better;
use serde::Serialize;
use stats::Comparison;
use std::fmt;

/// The p-value below which a difference counts as real.
pub const ALPHA: f64 = 0.05;
/// The p-value below which the arms' sizes betray a broken split (a sample-ratio
/// mismatch): stricter than [`ALPHA`], as it judges the experiment, not the change.
pub const SRM_ALPHA: f64 = 0.001;
/// Fewest conversions, and fewest non-conversions, a rate arm needs (`n·p` and `n·(1−p)`)
/// for the normal approximation behind its test.
pub const MIN_RATE_EVENTS: u64 = 10;
/// Fewest observations a mean arm needs for its test.
pub const MIN_MEAN_N: u64 = 30;

/// One arm of a rate experiment: `conversions` out of `n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RateArm {
    pub n: u64,
    pub conversions: u64,
}

/// One arm of a mean experiment: `n` observations with their mean and standard deviation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MeanArm {
    pub n: u64,
    pub mean: f64,
    pub sd: f64,
}

/// The two arms of an experiment, compared by rate or by mean.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Arms {
    Rate { control: RateArm, variant: RateArm },
    Mean { control: MeanArm, variant: MeanArm },
}

/// What [`evaluate`] needs to know of an experiment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Experiment {
    pub arms: Arms,
    /// The planned shares of control and variant, in any unit (`[50, 50]`).
    pub split: Option<Vec<f64>>,
    /// Whether the experiment has stopped collecting data.
    pub ended: bool,
    /// Which direction of the metric is good.
    pub better: Better,
}

/// Which arm a number or a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Arm {
    Control,
    Variant,
}

impl Arm {
    /// The arm as named in content and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Arm::Control => "control",
            Arm::Variant => "variant",
        }
    }
}

/// How the arms are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Rate,
    Mean,
}

impl Kind {
    /// The kind as written in site.json.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Rate => "rate",
            Kind::Mean => "mean",
        }
    }
}

/// What an experiment's numbers support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Still collecting data: any difference may yet change.
    Running,
    /// Ended, but an arm is too small for its test to be trusted.
    Underpowered,
    /// A significant change in the metric's good direction.
    Improved,
    /// A significant change in the metric's bad direction.
    Worsened,
    /// Ended with enough data, and no significant change.
    Inconclusive,
}

impl Verdict {
    /// The verdict as written in site.json and the pages' classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Running => "running",
            Verdict::Underpowered => "underpowered",
            Verdict::Improved => "improved",
            Verdict::Worsened => "worsened",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

/// The χ² goodness of fit of the arms' sizes against the planned split.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SrmResult {
    pub chi_square: f64,
    pub p_value: f64,
    /// `p_value < SRM_ALPHA`: the arms' sizes are unlikely under the planned split, so
    /// assignment or logging is broken and the result is suspect, whatever its verdict.
    pub mismatch: bool,
}

/// An experiment's statistics and verdict. Every number is finite.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExperimentResult {
    pub kind: Kind,
    /// The control's rate or mean.
    pub control: f64,
    /// The variant's rate or mean.
    pub variant: f64,
    /// `variant - control`.
    pub difference: f64,
    /// The 95 % interval of the difference.
    pub ci_low: f64,
    pub ci_high: f64,
    /// `variant / control - 1`; `None` for a control of 0, and for a rate of 0 in either
    /// arm.
    pub lift: Option<f64>,
    /// The 95 % interval of the lift (rates only).
    pub lift_low: Option<f64>,
    pub lift_high: Option<f64>,
    /// z for rates, Welch's t for means; `None` where no arm or every arm converted.
    pub statistic: Option<f64>,
    /// The Welch–Satterthwaite degrees of freedom (means only).
    pub df: Option<f64>,
    /// The two-sided p-value, `None` where the statistic is.
    pub p_value: Option<f64>,
    pub verdict: Verdict,
    /// The sample-ratio check, when the experiment has a planned split.
    pub srm: Option<SrmResult>,
}

/// Why an experiment's numbers cannot be evaluated.
#[derive(Clone, Debug, PartialEq)]
pub enum StatsError {
    /// An arm has no observations.
    NoObservations { arm: Arm },
    /// A rate arm has more conversions than observations.
    ConversionsExceedN { arm: Arm, conversions: u64, n: u64 },
    /// A mean arm has one observation, hence no standard deviation.
    SingleObservation { arm: Arm },
    /// A mean that is not a finite number.
    InvalidMean { arm: Arm, mean: f64 },
    /// A standard deviation that is not a finite number above 0.
    InvalidSd { arm: Arm, sd: f64 },
    /// The planned split gives other than one share per arm.
    SplitLength { found: usize },
    /// A planned share that is not a finite number above 0.
    InvalidShare { share: f64 },
    /// The numbers are valid, but too large or too small for the result to be represented.
    OutOfRange,
}

impl StatsError {
    /// The arm the problem is in, if it is in one.
    pub fn arm(&self) -> Option<Arm> {
        match self {
            StatsError::NoObservations { arm }
            | StatsError::ConversionsExceedN { arm, .. }
            | StatsError::SingleObservation { arm }
            | StatsError::InvalidMean { arm, .. }
            | StatsError::InvalidSd { arm, .. } => Some(*arm),
            StatsError::SplitLength { .. }
            | StatsError::InvalidShare { .. }
            | StatsError::OutOfRange => None,
        }
    }
}

impl fmt::Display for StatsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatsError::NoObservations { arm } => {
                write!(f, "the {} arm has n = 0; an arm needs observations", arm.as_str())
            }
            StatsError::ConversionsExceedN { arm, conversions, n } => write!(
                f,
                "the {} arm has {conversions} conversions out of n = {n}; conversions cannot exceed n",
                arm.as_str()
            ),
            StatsError::SingleObservation { arm } => write!(
                f,
                "the {} arm has n = 1; a mean arm needs at least 2 observations for a standard deviation",
                arm.as_str()
            ),
            StatsError::InvalidMean { arm, mean } => write!(
                f,
                "the {} arm's mean is {mean}; it must be a finite number",
                arm.as_str()
            ),
            StatsError::InvalidSd { arm, sd } => write!(
                f,
                "the {} arm's sd is {sd}; it must be a finite number above 0",
                arm.as_str()
            ),
            StatsError::SplitLength { found } => write!(
                f,
                "the split has {found} shares; it needs 2, control's and variant's (e.g. [50, 50])"
            ),
            StatsError::InvalidShare { share } => write!(
                f,
                "the split has a share of {share}; every share must be a finite number above 0"
            ),
            StatsError::OutOfRange => f.write_str(
                "the numbers are too large or too small for the statistics to be represented",
            ),
        }
    }
}

impl std::error::Error for StatsError {}

/// The statistics and verdict of `experiment`.
///
/// The verdict is [`Verdict::Running`] until the experiment has ended, then
/// [`Verdict::Underpowered`] if a rate arm has fewer than [`MIN_RATE_EVENTS`] conversions
/// or non-conversions, or a mean arm fewer than [`MIN_MEAN_N`] observations; otherwise
/// [`Verdict::Improved`] or [`Verdict::Worsened`] when `p < ALPHA`, by the direction of
/// the difference and the metric's `better`, and [`Verdict::Inconclusive`] when not. The
/// statistics are given whatever the verdict, and so is the sample-ratio check.
pub fn evaluate(experiment: &Experiment) -> Result<ExperimentResult, StatsError> {
    let (kind, comparison, counts, underpowered) = match experiment.arms {
        Arms::Rate { control, variant } => {
            check_rate(Arm::Control, control)?;
            check_rate(Arm::Variant, variant)?;
            let comparison = stats::two_proportions(
                (control.n, control.conversions),
                (variant.n, variant.conversions),
            );
            let small = |arm: RateArm| {
                arm.conversions < MIN_RATE_EVENTS || arm.n - arm.conversions < MIN_RATE_EVENTS
            };
            let underpowered = small(control) || small(variant);
            (Kind::Rate, comparison, [control.n, variant.n], underpowered)
        }
        Arms::Mean { control, variant } => {
            check_mean(Arm::Control, control)?;
            check_mean(Arm::Variant, variant)?;
            let comparison = stats::welch(control, variant).ok_or(StatsError::OutOfRange)?;
            let underpowered = control.n < MIN_MEAN_N || variant.n < MIN_MEAN_N;
            (Kind::Mean, comparison, [control.n, variant.n], underpowered)
        }
    };
    if !comparison.is_finite() {
        return Err(StatsError::OutOfRange);
    }
    let srm = match &experiment.split {
        Some(split) => Some(sample_ratio(&counts, split)?),
        None => None,
    };
    let verdict = verdict(experiment, underpowered, &comparison);
    let Comparison {
        control,
        variant,
        difference,
        interval: (ci_low, ci_high),
        lift,
        lift_interval,
        statistic,
        df,
        p_value,
    } = comparison;
    Ok(ExperimentResult {
        kind,
        control,
        variant,
        difference,
        ci_low,
        ci_high,
        lift,
        lift_low: lift_interval.map(|(low, _)| low),
        lift_high: lift_interval.map(|(_, high)| high),
        statistic,
        df,
        p_value,
        verdict,
        srm,
    })
}

fn check_rate(arm: Arm, rate: RateArm) -> Result<(), StatsError> {
    if rate.n == 0 {
        return Err(StatsError::NoObservations { arm });
    }
    if rate.conversions > rate.n {
        return Err(StatsError::ConversionsExceedN {
            arm,
            conversions: rate.conversions,
            n: rate.n,
        });
    }
    Ok(())
}

fn check_mean(arm: Arm, mean: MeanArm) -> Result<(), StatsError> {
    match mean.n {
        0 => return Err(StatsError::NoObservations { arm }),
        1 => return Err(StatsError::SingleObservation { arm }),
        _ => {}
    }
    if !mean.mean.is_finite() {
        return Err(StatsError::InvalidMean {
            arm,
            mean: mean.mean,
        });
    }
    if !(mean.sd.is_finite() && mean.sd > 0.0) {
        return Err(StatsError::InvalidSd { arm, sd: mean.sd });
    }
    Ok(())
}

fn sample_ratio(counts: &[u64; 2], split: &[f64]) -> Result<SrmResult, StatsError> {
    if split.len() != counts.len() {
        return Err(StatsError::SplitLength { found: split.len() });
    }
    if let Some(&share) = split.iter().find(|s| !(s.is_finite() && **s > 0.0)) {
        return Err(StatsError::InvalidShare { share });
    }
    let (chi_square, p_value) =
        stats::goodness_of_fit(counts, split).ok_or(StatsError::OutOfRange)?;
    Ok(SrmResult {
        chi_square,
        p_value,
        mismatch: p_value < SRM_ALPHA,
    })
}

fn verdict(experiment: &Experiment, underpowered: bool, comparison: &Comparison) -> Verdict {
    if !experiment.ended {
        return Verdict::Running;
    }
    if underpowered {
        return Verdict::Underpowered;
    }
    match comparison.p_value {
        Some(p) if p < ALPHA => {
            let rose = comparison.difference > 0.0;
            if rose == (experiment.better == Better::Higher) {
                Verdict::Improved
            } else {
                Verdict::Worsened
            }
        }
        _ => Verdict::Inconclusive,
    }
}
