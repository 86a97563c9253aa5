//! Golden tests of [`evaluate`]. Reference values come from mpmath at 50 digits, applying
//! each test's textbook formula to the f64 inputs as written (`mpf(float(x))`): erfc for
//! normal tails, `betainc(df/2, 1/2, 0, df/(df+t²), regularized=True)` for t tails, and
//! bisection on that to 200 halvings for the t quantile.

use super::*;

/// Asserts `got` is within `relative` of `want`.
#[track_caller]
pub(super) fn assert_close(got: f64, want: f64, relative: f64) {
    let allowed = relative * want.abs().max(f64::MIN_POSITIVE);
    assert!(
        (got - want).abs() <= allowed,
        "got {got:e}, want {want:e} (to {relative:e} relative)"
    );
}

/// An ended rate experiment of a higher-is-better metric: `(n, conversions)` per arm.
fn rate(control: (u64, u64), variant: (u64, u64)) -> Experiment {
    let arm = |(n, conversions)| RateArm { n, conversions };
    Experiment {
        arms: Arms::Rate {
            control: arm(control),
            variant: arm(variant),
        },
        split: None,
        ended: true,
        better: Better::Higher,
    }
}

/// An ended mean experiment of a higher-is-better metric: `(n, mean, sd)` per arm.
fn mean(control: (u64, f64, f64), variant: (u64, f64, f64)) -> Experiment {
    let arm = |(n, mean, sd)| MeanArm { n, mean, sd };
    Experiment {
        arms: Arms::Mean {
            control: arm(control),
            variant: arm(variant),
        },
        split: None,
        ended: true,
        better: Better::Higher,
    }
}

fn with_split(mut experiment: Experiment, split: &[f64]) -> Experiment {
    experiment.split = Some(split.to_vec());
    experiment
}

fn verdict_of(experiment: &Experiment) -> Verdict {
    evaluate(experiment).unwrap().verdict
}

/// Every number of a result, options included.
fn numbers(result: &ExperimentResult) -> Vec<f64> {
    let srm = result.srm.map(|s| [s.chi_square, s.p_value]);
    [result.control, result.variant, result.difference]
        .into_iter()
        .chain([result.ci_low, result.ci_high])
        .chain(
            [result.lift, result.lift_low, result.lift_high]
                .into_iter()
                .flatten(),
        )
        .chain(
            [result.statistic, result.df, result.p_value]
                .into_iter()
                .flatten(),
        )
        .chain(srm.into_iter().flatten())
        .collect()
}

#[test]
fn rates_take_the_pooled_z_test_wald_and_log_ratio_intervals() {
    let result = evaluate(&rate((10_000, 310), (10_000, 362))).unwrap();
    assert_eq!(result.kind, Kind::Rate);
    assert_close(result.control, 0.031, 1e-15);
    assert_close(result.variant, 0.0362, 1e-15);
    assert_close(result.difference, 0.0052, 1e-12);
    // z = (p₂ − p₁)/√(p(1−p)(1/n₁ + 1/n₂)) with p pooled, p-value erfc(|z|/√2); the Wald
    // interval d ± 1.959963984540054·√(Σ pᵢ(1−pᵢ)/nᵢ); the lift interval
    // exp(ln(p₂/p₁) ± 1.959963984540054·√(Σ (1−pᵢ)/(nᵢpᵢ))) − 1.
    assert_close(result.statistic.unwrap(), 2.040_517_136_919_261, 1e-9);
    assert_close(result.p_value.unwrap(), 0.041_298_845_965_838_733, 1e-9);
    assert_close(result.ci_low, 0.000_205_799_468_113_362_4, 1e-9);
    assert_close(result.ci_high, 0.010_194_200_531_886_638, 1e-9);
    assert_close(result.lift.unwrap(), 0.167_741_935_483_870_97, 1e-9);
    assert_close(result.lift_low.unwrap(), 0.005_974_717_826_701_714, 1e-9);
    assert_close(result.lift_high.unwrap(), 0.355_522_364_253_419_3, 1e-9);
    assert_eq!(result.df, None);
    assert_eq!(result.verdict, Verdict::Improved);
    assert_eq!(result.srm, None);
    // As the numbers are quoted: z = 2.0405171, p = 0.041298846, interval [0.00020580,
    // 0.01019420], lift +16.774 % [+0.597 %, +35.55 %].
    let quoted = format!(
        "{:.7} {:.9} [{:.8}, {:.8}] {:.3} [{:.3}, {:.2}]",
        result.statistic.unwrap(),
        result.p_value.unwrap(),
        result.ci_low,
        result.ci_high,
        100.0 * result.lift.unwrap(),
        100.0 * result.lift_low.unwrap(),
        100.0 * result.lift_high.unwrap(),
    );
    assert_eq!(
        quoted,
        "2.0405171 0.041298846 [0.00020580, 0.01019420] 16.774 [0.597, 35.55]"
    );
}

#[test]
fn means_take_welch_t_test_with_satterthwaite_degrees_of_freedom() {
    let result = evaluate(&mean((420, 3.6, 0.9), (410, 3.75, 0.95))).unwrap();
    assert_eq!(result.kind, Kind::Mean);
    assert_close(result.difference, 0.149_999_999_999_999_9, 1e-12);
    // t = d/√(s₁²/n₁ + s₂²/n₂); df = (v₁ + v₂)²/(v₁²/(n₁−1) + v₂²/(n₂−1)); the interval
    // d ± t₀.₉₇₅(df)·se, with t₀.₉₇₅(822.98) = 1.9628506953284923.
    assert_close(result.statistic.unwrap(), 2.334_141_742_824_514, 1e-9);
    assert_close(result.df.unwrap(), 822.979_782_031_085_3, 1e-9);
    assert_close(result.p_value.unwrap(), 0.019_828_091_536_664_74, 1e-9);
    assert_close(result.ci_low, 0.023_860_443_478_042_194, 1e-9);
    assert_close(result.ci_high, 0.276_139_556_521_957_63, 1e-9);
    assert_close(result.lift.unwrap(), 0.041_666_666_666_666_641, 1e-9);
    assert_eq!((result.lift_low, result.lift_high), (None, None));
    assert_eq!(result.verdict, Verdict::Improved);
}

#[test]
fn an_ended_experiment_with_no_significant_difference_is_inconclusive() {
    let result = evaluate(&rate((10_000, 310), (10_000, 330))).unwrap();
    assert!(result.p_value.unwrap() > ALPHA);
    assert_eq!(result.verdict, Verdict::Inconclusive);
}

#[test]
fn an_experiment_is_running_until_it_ends_whatever_its_numbers() {
    let mut experiment = rate((10_000, 310), (10_000, 362));
    let ended = evaluate(&experiment).unwrap();
    experiment.ended = false;
    let running = evaluate(&experiment).unwrap();
    assert_eq!(running.verdict, Verdict::Running);
    // The interim numbers are shown all the same.
    assert_eq!(
        running,
        ExperimentResult {
            verdict: Verdict::Running,
            ..ended
        }
    );
    // Running comes before underpowered too.
    let mut small = rate((100, 5), (100, 30));
    small.ended = false;
    assert_eq!(verdict_of(&small), Verdict::Running);
}

#[test]
fn a_rate_arm_with_fewer_than_ten_conversions_or_non_conversions_is_underpowered() {
    // Significant, but 9 conversions are too few for the normal approximation.
    let few = evaluate(&rate((1_000, 9), (1_000, 40))).unwrap();
    assert!(few.p_value.unwrap() < ALPHA);
    assert_eq!(few.verdict, Verdict::Underpowered);
    assert_eq!(
        verdict_of(&rate((1_000, 10), (1_000, 40))),
        Verdict::Improved
    );
    assert_eq!(
        verdict_of(&rate((1_000, 40), (1_000, 9))),
        Verdict::Underpowered
    );
    // Nine non-conversions are as few.
    assert_eq!(
        verdict_of(&rate((1_000, 991), (1_000, 950))),
        Verdict::Underpowered
    );
    assert_eq!(
        verdict_of(&rate((1_000, 990), (1_000, 950))),
        Verdict::Worsened
    );
    assert_eq!(
        verdict_of(&rate((1_000, 950), (1_000, 991))),
        Verdict::Underpowered
    );
}

#[test]
fn a_mean_arm_with_fewer_than_thirty_observations_is_underpowered() {
    let small = evaluate(&mean((29, 10.0, 2.0), (29, 11.5, 2.0))).unwrap();
    // Welch with equal variances and sizes: df = 2(n − 1) = 56, p from mpmath.
    assert_close(small.df.unwrap(), 56.0, 1e-12);
    assert_close(small.p_value.unwrap(), 0.006_009_667_860_805_003, 1e-9);
    assert_close(small.ci_low, 0.447_846_428_194_958_3, 1e-9);
    assert_eq!(small.verdict, Verdict::Underpowered);
    let mixed = mean((30, 10.0, 2.0), (29, 11.5, 2.0));
    assert_eq!(verdict_of(&mixed), Verdict::Underpowered);
    let enough = mean((30, 10.0, 2.0), (30, 11.5, 2.0));
    assert_eq!(verdict_of(&enough), Verdict::Improved);
}

#[test]
fn a_significant_rise_of_a_lower_is_better_metric_is_worsened() {
    let mut conversions = rate((10_000, 310), (10_000, 362));
    conversions.better = Better::Lower;
    assert_eq!(verdict_of(&conversions), Verdict::Worsened);

    // Time in stage falls from 5.0 to 4.6 days.
    let mut time = mean((100, 5.0, 1.0), (100, 4.6, 1.1));
    let result = evaluate(&time).unwrap();
    assert_close(result.statistic.unwrap(), -2.690_691_175_985_252_1, 1e-9);
    assert_close(result.df.unwrap(), 196.228_196_907_593_03, 1e-9);
    assert_close(result.p_value.unwrap(), 0.007_745_376_281_600_57, 1e-9);
    assert_close(result.ci_high, -0.106_822_248_197_705, 1e-9);
    assert_eq!(result.verdict, Verdict::Worsened);
    time.better = Better::Lower;
    assert_eq!(verdict_of(&time), Verdict::Improved);
}

#[test]
fn arms_far_from_the_planned_split_are_a_sample_ratio_mismatch() {
    // χ² = Σ (observed − expected)²/expected on one degree of freedom, p = erfc(√(χ²/2)).
    let srm = |experiment: &Experiment| evaluate(experiment).unwrap().srm.unwrap();
    let broken = srm(&with_split(
        rate((10_000, 310), (10_500, 362)),
        &[50.0, 50.0],
    ));
    assert_close(broken.chi_square, 12.195_121_951_219_512, 1e-12);
    assert_close(broken.p_value, 0.000_479_146_434_587_300_45, 1e-9);
    assert!(broken.mismatch);
    // 10 000 against 10 400 is suspicious (p = 0.0051) but above SRM_ALPHA.
    let close = srm(&with_split(
        rate((10_000, 310), (10_400, 362)),
        &[50.0, 50.0],
    ));
    assert_close(close.chi_square, 7.843_137_254_901_960_8, 1e-12);
    assert_close(close.p_value, 0.005_101_399_646_004_981, 1e-9);
    assert!(!close.mismatch);
    let fine = srm(&with_split(
        rate((10_000, 310), (10_050, 362)),
        &[50.0, 50.0],
    ));
    assert_close(fine.p_value, 0.724_004_270_209_415_4, 1e-9);
    assert!(!fine.mismatch);
    // Uneven splits, in any unit; mean arms alike.
    let uneven = with_split(mean((9_000, 3.6, 0.9), (1_060, 3.75, 0.95)), &[0.9, 0.1]);
    assert_close(srm(&uneven).p_value, 0.072_713_598_112_210_81, 1e-9);
    let same = with_split(rate((10_000, 310), (10_500, 362)), &[1.0, 1.0]);
    assert_eq!(srm(&same), broken);
}

#[test]
fn a_mismatch_is_flagged_whatever_the_verdict() {
    let mut experiment = with_split(rate((10_000, 5), (12_000, 30)), &[50.0, 50.0]);
    let underpowered = evaluate(&experiment).unwrap();
    assert_eq!(underpowered.verdict, Verdict::Underpowered);
    assert!(underpowered.srm.unwrap().mismatch);
    experiment.ended = false;
    let running = evaluate(&experiment).unwrap();
    assert_eq!(running.verdict, Verdict::Running);
    assert!(running.srm.unwrap().mismatch);
}

#[test]
fn rates_of_zero_or_one_leave_undefined_numbers_out() {
    // No conversion anywhere: z is 0/0 and the lift has no base.
    let none = evaluate(&rate((100, 0), (100, 0))).unwrap();
    assert_eq!(
        (none.statistic, none.p_value, none.lift),
        (None, None, None)
    );
    assert_eq!(
        (none.difference, none.ci_low, none.ci_high),
        (0.0, 0.0, 0.0)
    );
    assert_eq!(none.verdict, Verdict::Underpowered);
    // Every visitor converted: no z either, and a lift of exactly 0.
    let all = evaluate(&rate((100, 100), (200, 200))).unwrap();
    assert_eq!((all.statistic, all.p_value), (None, None));
    assert_eq!(
        (all.lift, all.lift_low, all.lift_high),
        (Some(0.0), Some(0.0), Some(0.0))
    );
    // A rate of 0 in one arm: a p-value, but no lift or its interval.
    for experiment in [rate((1_000, 0), (1_000, 20)), rate((1_000, 20), (1_000, 0))] {
        let result = evaluate(&experiment).unwrap();
        assert!(result.p_value.unwrap() < ALPHA);
        assert_eq!(
            (result.lift, result.lift_low, result.lift_high),
            (None, None, None)
        );
    }
    // A mean control of 0 has no lift.
    let zero = evaluate(&mean((50, 0.0, 1.0), (50, 0.5, 1.0))).unwrap();
    assert_eq!(zero.lift, None);
    assert!(zero.p_value.is_some());
}

#[test]
fn invalid_input_is_an_error_naming_the_arm() {
    use StatsError::*;
    let cases = [
        (rate((0, 0), (100, 5)), NoObservations { arm: Arm::Control }),
        (
            rate((100, 5), (100, 101)),
            ConversionsExceedN {
                arm: Arm::Variant,
                conversions: 101,
                n: 100,
            },
        ),
        (
            mean((0, 1.0, 1.0), (40, 1.0, 1.0)),
            NoObservations { arm: Arm::Control },
        ),
        (
            mean((40, 1.0, 1.0), (1, 1.0, 1.0)),
            SingleObservation { arm: Arm::Variant },
        ),
        (
            mean((40, 1.0, 0.0), (40, 1.0, 1.0)),
            InvalidSd {
                arm: Arm::Control,
                sd: 0.0,
            },
        ),
        (
            mean((40, 1.0, 1.0), (40, 1.0, -2.0)),
            InvalidSd {
                arm: Arm::Variant,
                sd: -2.0,
            },
        ),
        (
            mean((40, f64::INFINITY, 1.0), (40, 1.0, 1.0)),
            InvalidMean {
                arm: Arm::Control,
                mean: f64::INFINITY,
            },
        ),
        (
            with_split(rate((100, 5), (100, 6)), &[50.0]),
            SplitLength { found: 1 },
        ),
        (
            with_split(rate((100, 5), (100, 6)), &[50.0, 0.0]),
            InvalidShare { share: 0.0 },
        ),
        (
            with_split(rate((100, 5), (100, 6)), &[-1.0, 50.0]),
            InvalidShare { share: -1.0 },
        ),
        // Valid each, but their difference overflows.
        (mean((40, -1e308, 1.0), (40, 1e308, 1.0)), OutOfRange),
    ];
    for (experiment, want) in cases {
        let error = evaluate(&experiment).unwrap_err();
        assert_eq!(error, want);
        if let Some(arm) = error.arm() {
            assert!(error.to_string().contains(arm.as_str()), "{error}");
        }
    }
    // NaN compares unequal to itself, so match on the variant.
    let nan_sd = evaluate(&mean((40, 1.0, f64::NAN), (40, 1.0, 1.0)));
    assert!(matches!(
        nan_sd,
        Err(InvalidSd {
            arm: Arm::Control,
            ..
        })
    ));
    let nan_share = evaluate(&with_split(rate((100, 5), (100, 6)), &[f64::NAN, 1.0]));
    assert!(matches!(nan_share, Err(InvalidShare { .. })));
}

#[test]
fn no_input_panics_or_yields_a_number_that_is_not_finite() {
    let counts = [0, 1, 9, 10, 1_000, 1 << 53, u64::MAX - 1, u64::MAX];
    let splits = [None, Some(vec![50.0, 50.0]), Some(vec![1e-300, 1e300])];
    for n1 in counts {
        for c1 in counts {
            for n2 in counts {
                for c2 in counts {
                    for split in &splits {
                        let mut experiment = rate((n1, c1), (n2, c2));
                        experiment.split = split.clone();
                        if let Ok(result) = evaluate(&experiment) {
                            assert!(numbers(&result).iter().all(|v| v.is_finite()), "{result:?}");
                        }
                    }
                }
            }
        }
    }
    let sizes = [0, 1, 2, 30, u64::MAX];
    let means = [f64::NAN, f64::INFINITY, -1e308, 0.0, 3.6, 1e308];
    let sds = [f64::NAN, 0.0, 5e-324, 1.0, 1e308, f64::INFINITY];
    let mut arms = Vec::new();
    for n in sizes {
        for m in means {
            for s in sds {
                arms.push((n, m, s));
            }
        }
    }
    for &control in &arms {
        for &variant in &arms {
            if let Ok(result) = evaluate(&mean(control, variant)) {
                assert!(numbers(&result).iter().all(|v| v.is_finite()), "{result:?}");
            }
        }
    }
}

#[test]
fn results_serialize_with_the_verdict_as_written() {
    let experiment = with_split(rate((10_000, 310), (10_000, 362)), &[50.0, 50.0]);
    let json = serde_json::to_value(evaluate(&experiment).unwrap()).unwrap();
    assert_eq!(json["kind"], "rate");
    assert_eq!(json["verdict"], "improved");
    assert_eq!(json["df"], serde_json::Value::Null);
    assert_eq!(json["srm"]["mismatch"], false);
    for verdict in [
        Verdict::Running,
        Verdict::Underpowered,
        Verdict::Improved,
        Verdict::Worsened,
        Verdict::Inconclusive,
    ] {
        assert_eq!(serde_json::to_value(verdict).unwrap(), verdict.as_str());
    }
    assert_eq!(
        serde_json::to_value(Kind::Mean).unwrap(),
        Kind::Mean.as_str()
    );
    assert_eq!(
        serde_json::to_value(Arm::Variant).unwrap(),
        Arm::Variant.as_str()
    );
}
