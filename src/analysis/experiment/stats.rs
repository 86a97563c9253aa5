//! The three tests behind an experiment's result, on numbers already checked by
//! [`super::evaluate`]: the two-proportion z-test for rates, Welch's t-test for means and
//! Pearson's χ² goodness of fit for the split between the arms.

use super::special::{chi_square_sf, normal_two_sided, student_t_quantile, student_t_two_sided};
use super::MeanArm;
use crate::analysis::ratio;

/// The standard normal's 0.975 quantile: the half-width of a 95 % interval in standard
/// errors.
pub(super) const Z_975: f64 = 1.959_963_984_540_054;

/// What a test says about variant against control.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Comparison {
    /// The control's rate or mean.
    pub control: f64,
    /// The variant's rate or mean.
    pub variant: f64,
    /// `variant - control`.
    pub difference: f64,
    /// The 95 % interval of the difference.
    pub interval: (f64, f64),
    /// `variant / control - 1`.
    pub lift: Option<f64>,
    /// The 95 % interval of the lift.
    pub lift_interval: Option<(f64, f64)>,
    /// z for rates, t for means.
    pub statistic: Option<f64>,
    /// The degrees of freedom of t.
    pub df: Option<f64>,
    /// The two-sided p-value.
    pub p_value: Option<f64>,
}

impl Comparison {
    /// Whether every number is finite, so that no `inf` or `NaN` reaches a page.
    pub fn is_finite(&self) -> bool {
        let (low, high) = self.interval;
        let lift = self
            .lift_interval
            .is_none_or(|(l, h)| l.is_finite() && h.is_finite());
        [self.control, self.variant, self.difference, low, high]
            .into_iter()
            .chain(self.lift)
            .chain(self.statistic)
            .chain(self.df)
            .chain(self.p_value)
            .all(f64::is_finite)
            && lift
    }
}

/// Control `(n, conversions)` against variant, with `0 < n` and `conversions <= n`.
///
/// The p-value is the pooled two-proportion z-test's (`None` when no arm or every arm
/// converted, where z is 0/0); the difference has the unpooled Wald interval; the lift
/// has the log-ratio interval, `exp(ln(p₂/p₁) ± z·√((1−p₁)/(n₁p₁) + (1−p₂)/(n₂p₂))) − 1`,
/// and is `None` when either rate is 0.
pub(super) fn two_proportions(control: (u64, u64), variant: (u64, u64)) -> Comparison {
    let non_conversions = |(n, conversions): (u64, u64)| n.saturating_sub(conversions) as f64;
    let (n1, n2) = (control.0 as f64, variant.0 as f64);
    let (c1, c2) = (control.1 as f64, variant.1 as f64);
    let (f1, f2) = (non_conversions(control), non_conversions(variant));
    // 1 - p from the non-conversions, exact where 1.0 - p would round.
    let (p1, q1, p2, q2) = (c1 / n1, f1 / n1, c2 / n2, f2 / n2);
    let difference = p2 - p1;

    let total = n1 + n2;
    let (pooled, pooled_q) = ((c1 + c2) / total, (f1 + f2) / total);
    let pooled_se = (pooled * pooled_q * (1.0 / n1 + 1.0 / n2)).sqrt();
    let statistic = (pooled_se > 0.0).then(|| difference / pooled_se);

    let se = (p1 * q1 / n1 + p2 * q2 / n2).sqrt();
    let (lift, lift_interval) = if control.1 > 0 && variant.1 > 0 {
        let ln_ratio = (p2 / p1).ln();
        // (1 - p)/(n p) is (1 - p)/conversions.
        let spread = Z_975 * (q1 / c1 + q2 / c2).sqrt();
        let interval = ((ln_ratio - spread).exp_m1(), (ln_ratio + spread).exp_m1());
        (Some(difference / p1), Some(interval))
    } else {
        (None, None)
    };
    Comparison {
        control: p1,
        variant: p2,
        difference,
        interval: (difference - Z_975 * se, difference + Z_975 * se),
        lift,
        lift_interval,
        statistic,
        df: None,
        p_value: statistic.map(normal_two_sided),
    }
}

/// Welch's t-test of variant against control, with `n >= 2`, finite means and finite
/// `sd > 0`; the t quantile of the interval has the same Welch–Satterthwaite degrees of
/// freedom. The lift `m₂/m₁ − 1` has no interval and is `None` when `m₁ = 0`. `None` when
/// the numbers are too large or too small to represent the result.
pub(super) fn welch(control: MeanArm, variant: MeanArm) -> Option<Comparison> {
    // Each mean's standard error, and their root sum of squares, without squaring an sd
    // (which could overflow or underflow).
    let se1 = control.sd / (control.n as f64).sqrt();
    let se2 = variant.sd / (variant.n as f64).sqrt();
    let se = se1.hypot(se2);
    let difference = variant.mean - control.mean;
    if !(se > 0.0 && se.is_finite() && difference.is_finite()) {
        return None;
    }
    // Welch–Satterthwaite, (v₁ + v₂)² / (v₁²/(n₁−1) + v₂²/(n₂−1)), in shares of v₁ + v₂ so
    // that it is scale-free.
    let (w1, w2) = ((se1 / se).powi(2), (se2 / se).powi(2));
    let (free1, free2) = (control.n.saturating_sub(1), variant.n.saturating_sub(1));
    let df = 1.0 / (w1 * w1 / free1 as f64 + w2 * w2 / free2 as f64);
    let t = difference / se;
    let half_width = student_t_quantile(0.975, df)? * se;
    let comparison = Comparison {
        control: control.mean,
        variant: variant.mean,
        difference,
        interval: (difference - half_width, difference + half_width),
        lift: ratio(difference, control.mean),
        lift_interval: None,
        statistic: Some(t),
        df: Some(df),
        p_value: Some(student_t_two_sided(t, df)),
    };
    comparison.is_finite().then_some(comparison)
}

/// Pearson's χ² goodness of fit of the arms' `counts` against their planned `shares` (in
/// any unit: `[50, 50]`, `[1, 1]` and `[0.5, 0.5]` are alike): `(χ², p-value)`, with
/// `counts.len() - 1` degrees of freedom. The caller gives as many shares as counts, every
/// share finite and above 0, and at least one count above 0; `None` when χ² is too large
/// to represent.
pub(super) fn goodness_of_fit(counts: &[u64], shares: &[f64]) -> Option<(f64, f64)> {
    let total: f64 = counts.iter().map(|&n| n as f64).sum();
    // Shares scaled by the largest first, so that their sum cannot overflow.
    let largest = shares.iter().copied().fold(0.0, f64::max);
    let scaled: Vec<f64> = shares.iter().map(|s| s / largest).collect();
    let share_sum: f64 = scaled.iter().sum();
    let chi_square: f64 = counts
        .iter()
        .zip(&scaled)
        .map(|(&observed, share)| {
            let expected = total * share / share_sum;
            (observed as f64 - expected).powi(2) / expected
        })
        .sum();
    let df = counts.len().saturating_sub(1) as f64;
    chi_square
        .is_finite()
        .then(|| (chi_square, chi_square_sf(chi_square, df)))
}
