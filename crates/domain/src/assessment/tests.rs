use super::rating::{Candidate, Moved, band_for, quota_cap, rate};
use super::scheme::*;
use super::scoring::{Input, parse_manual, points_text, rule_score, score};
use super::{Band, State, Step};
use crate::identity::Role;
use crate::metrics::{Metric, MetricValue};
use crate::region::RegionCode;
use proptest::prelude::*;

fn computed(key: &str, weight: i64, metric: Metric, basis: Basis, rule: Rule) -> Indicator {
    Indicator {
        key: key.into(),
        name: key.into(),
        weight,
        kind: IndicatorKind::Computed {
            metric,
            basis,
            rule,
        },
    }
}

fn scheme(indicators: Vec<Indicator>) -> Scheme {
    Scheme {
        year: 2021,
        subject_kind: SubjectKind::VillageTeam,
        owner: RegionCode::parse("340803000000").unwrap(),
        title: "2021 村两委班子考核".into(),
        indicators,
        bands: default_bands(),
    }
}

fn valid() -> Scheme {
    scheme(vec![
        computed(
            "income",
            60,
            Metric::OperatingIncome,
            Basis::Value,
            Rule::Linear {
                floor: 0,
                target: 100,
            },
        ),
        Indicator {
            key: "work".into(),
            name: "日常工作".into(),
            weight: 40,
            kind: IndicatorKind::Manual {
                role: Role::TownOfficer,
            },
        },
        Indicator {
            key: "veto".into(),
            name: "一票否决".into(),
            weight: 0,
            kind: IndicatorKind::VetoMetric {
                metric: Metric::ProblemsPastDeadline,
                basis: Basis::Value,
                cmp: Cmp::Gt,
                threshold: 0,
            },
        },
    ])
}

#[test]
fn a_valid_scheme_passes() {
    assert_eq!(valid().check(), Ok(()));
    let s = standard(2021, RegionCode::parse("340803000000").unwrap());
    assert_eq!(s.check(), Ok(()));
    assert_eq!(s.indicators.iter().map(|i| i.weight).sum::<i64>(), 100);
}

#[test]
fn weights_must_sum_to_100() {
    let mut s = valid();
    s.indicators[0].weight = 59;
    let e = s.check().unwrap_err();
    assert_eq!((e.code, e.field), ("assessment.weights_sum", "weight"));
    assert_eq!(e.args.get("sum").map(String::as_str), Some("99"));
    s.indicators[0].weight = 61;
    assert_eq!(s.check().unwrap_err().code, "assessment.weights_sum");
}

#[test]
fn floor_must_be_below_target() {
    let mut s = valid();
    s.indicators[0].kind = IndicatorKind::Computed {
        metric: Metric::OperatingIncome,
        basis: Basis::Value,
        rule: Rule::Linear {
            floor: 100,
            target: 100,
        },
    };
    let e = s.check().unwrap_err();
    assert_eq!(
        (e.code, e.field),
        ("assessment.floor_not_below_target", "floor")
    );
    s.indicators[0].kind = IndicatorKind::Computed {
        metric: Metric::OperatingIncome,
        basis: Basis::Value,
        rule: Rule::Linear {
            floor: 99,
            target: 100,
        },
    };
    assert_eq!(s.check(), Ok(()));
}

#[test]
fn bands_descend_and_quota_is_a_percentage() {
    let mut s = valid();
    s.bands[1].min_points = 90;
    assert_eq!(
        s.check().unwrap_err().code,
        "assessment.thresholds_not_descending"
    );
    let mut s = valid();
    s.bands[0].quota = Some(101);
    assert_eq!(s.check().unwrap_err().code, "assessment.quota_range");
    s.bands[0].quota = Some(100);
    assert_eq!(s.check(), Ok(()));
    s.bands[0].quota = Some(0);
    assert_eq!(s.check(), Ok(()));
    s.bands[0].quota = Some(-1);
    assert_eq!(s.check().unwrap_err().code, "assessment.quota_range");
    let mut s = valid();
    s.bands.swap(0, 1);
    assert_eq!(s.check().unwrap_err().code, "assessment.bands_incomplete");
    let mut s = valid();
    s.bands[4].min_points = 10;
    s.bands[3].min_points = 20;
    assert_eq!(
        s.check().unwrap_err().code,
        "assessment.last_threshold_zero"
    );
}

#[test]
fn indicator_rules() {
    let mut s = valid();
    s.indicators[2].weight = 5;
    s.indicators[0].weight = 55;
    assert_eq!(s.check().unwrap_err().code, "assessment.veto_weight");
    let mut s = valid();
    s.indicators[1].key = "income".into();
    assert_eq!(s.check().unwrap_err().code, "assessment.key_taken");
    let mut s = valid();
    s.indicators[1].key = "Bad key".into();
    assert_eq!(s.check().unwrap_err().code, "assessment.key_invalid");
    let mut s = valid();
    s.indicators[1].kind = IndicatorKind::Manual {
        role: Role::VillageCadre,
    };
    assert_eq!(s.check().unwrap_err().code, "assessment.role_invalid");
    let mut s = valid();
    s.owner = RegionCode::parse("340803100201").unwrap();
    assert_eq!(s.check().unwrap_err().code, "assessment.owner_invalid");
    s.owner = RegionCode::parse("340803100000").unwrap();
    assert_eq!(s.check(), Ok(()));
    s.subject_kind = SubjectKind::TownTeam;
    assert_eq!(s.check().unwrap_err().code, "assessment.owner_invalid");
}

#[test]
fn tiers_descend_within_the_weight() {
    let tiered = |tiers: Vec<(i64, i64)>| {
        let mut s = valid();
        s.indicators[0].kind = IndicatorKind::Computed {
            metric: Metric::MeetingsHeld,
            basis: Basis::Value,
            rule: Rule::Tiered {
                tiers: tiers
                    .into_iter()
                    .map(|(at_least, points)| Tier { at_least, points })
                    .collect(),
            },
        };
        s.check()
    };
    assert_eq!(tiered(vec![(10, 6000), (5, 3000)]), Ok(()));
    assert_eq!(
        tiered(vec![(5, 6000), (10, 3000)]).unwrap_err().code,
        "assessment.tiers_not_descending"
    );
    assert_eq!(
        tiered(vec![(10, 6001)]).unwrap_err().code,
        "assessment.tier_points"
    );
    assert_eq!(tiered(vec![]).unwrap_err().code, "common.required");
}

#[test]
fn linear_at_its_edges() {
    let r = Rule::Linear {
        floor: 10,
        target: 20,
    };
    assert_eq!(rule_score(&r, 1000, Some(9), None), 0);
    assert_eq!(rule_score(&r, 1000, Some(10), None), 0);
    assert_eq!(rule_score(&r, 1000, Some(11), None), 100);
    assert_eq!(rule_score(&r, 1000, Some(15), None), 500);
    assert_eq!(rule_score(&r, 1000, Some(19), None), 900);
    assert_eq!(rule_score(&r, 1000, Some(20), None), 1000);
    assert_eq!(rule_score(&r, 1000, Some(i64::MAX), None), 1000);
    assert_eq!(rule_score(&r, 1000, Some(i64::MIN), None), 0);
    assert_eq!(rule_score(&r, 1000, None, None), 0);
    // Rounded down: a third of 10 points is 3.33.
    let r = Rule::Linear {
        floor: 0,
        target: 3,
    };
    assert_eq!(rule_score(&r, 1000, Some(1), None), 333);
    let r = Rule::Linear {
        floor: i64::MIN,
        target: i64::MAX,
    };
    assert_eq!(rule_score(&r, 1000, Some(0), None), 500);
}

#[test]
fn tiered_at_its_edges() {
    let r = Rule::Tiered {
        tiers: vec![
            Tier {
                at_least: 12,
                points: 1000,
            },
            Tier {
                at_least: 6,
                points: 500,
            },
        ],
    };
    assert_eq!(rule_score(&r, 1000, Some(12), None), 1000);
    assert_eq!(rule_score(&r, 1000, Some(11), None), 500);
    assert_eq!(rule_score(&r, 1000, Some(6), None), 500);
    assert_eq!(rule_score(&r, 1000, Some(5), None), 0);
    assert_eq!(rule_score(&r, 1000, None, None), 0);
}

#[test]
fn ratio_to_the_subjects_own_target() {
    let r = Rule::RatioToTarget;
    assert_eq!(rule_score(&r, 1000, Some(50), Some(100)), 500);
    assert_eq!(rule_score(&r, 1000, Some(100), Some(100)), 1000);
    assert_eq!(rule_score(&r, 1000, Some(150), Some(100)), 1000);
    assert_eq!(rule_score(&r, 1000, Some(-5), Some(100)), 0);
    assert_eq!(rule_score(&r, 1000, Some(1), Some(3)), 333);
    assert_eq!(rule_score(&r, 1000, Some(50), Some(0)), 0);
    assert_eq!(rule_score(&r, 1000, Some(50), None), 0);
    assert_eq!(rule_score(&r, 1000, Some(i64::MAX), Some(1)), 1000);
}

#[test]
fn pass_fail_at_its_edge() {
    let r = Rule::PassFail { threshold: 1 };
    assert_eq!(rule_score(&r, 500, Some(1), None), 500);
    assert_eq!(rule_score(&r, 500, Some(0), None), 0);
    assert_eq!(rule_score(&r, 500, None, None), 0);
}

#[test]
fn percent_basis_reads_the_share() {
    let ind = computed(
        "cov",
        10,
        Metric::TrainingCoverage,
        Basis::Percent,
        Rule::Linear {
            floor: 0,
            target: 100,
        },
    );
    let out = score(
        &ind,
        &Input {
            value: Some(MetricValue {
                value: 1,
                of: Some(4),
            }),
            ..Input::default()
        },
    );
    assert_eq!((out.figure, out.score), (Some(25), 250));
    // Nothing due: a share fully met.
    let out = score(
        &ind,
        &Input {
            value: Some(MetricValue {
                value: 0,
                of: Some(0),
            }),
            ..Input::default()
        },
    );
    assert_eq!((out.figure, out.score), (Some(100), 1000));
    // A growth over a year without income: no percentage, no score.
    let growth = computed(
        "growth",
        10,
        Metric::OperatingIncomeGrowth,
        Basis::Percent,
        Rule::Linear {
            floor: 0,
            target: 10,
        },
    );
    let out = score(
        &growth,
        &Input {
            value: Some(MetricValue {
                value: 500,
                of: Some(0),
            }),
            ..Input::default()
        },
    );
    assert_eq!((out.figure, out.score), (None, 0));
}

#[test]
fn vetoes() {
    let s = valid();
    let veto = &s.indicators[2];
    let at = |v: i64| {
        score(
            veto,
            &Input {
                value: Some(MetricValue::count(v)),
                ..Input::default()
            },
        )
    };
    assert!(at(1).vetoed);
    assert!(!at(0).vetoed);
    assert_eq!(at(1).score, 0);
    assert!(!score(veto, &Input::default()).vetoed);
    let manual = Indicator {
        key: "v".into(),
        name: "v".into(),
        weight: 0,
        kind: IndicatorKind::VetoManual {
            role: Role::DistrictAdmin,
        },
    };
    let m = |x: Option<i64>| {
        score(
            &manual,
            &Input {
                manual: x,
                ..Input::default()
            },
        )
        .vetoed
    };
    assert!(m(Some(1)));
    assert!(!m(Some(0)));
    assert!(!m(None));
}

#[test]
fn manual_scores_are_typed_within_the_weight() {
    let s = valid();
    let work = &s.indicators[1];
    assert_eq!(parse_manual("40", work), Ok(4000));
    assert_eq!(parse_manual("0", work), Ok(0));
    assert_eq!(parse_manual("8.5", work), Ok(850));
    assert_eq!(parse_manual(" 12.34 ", work), Ok(1234));
    for bad in ["40.01", "41", "-1", "1.234", "abc", ".5", "1e3"] {
        let e = parse_manual(bad, work).unwrap_err();
        assert_eq!(
            (e.code, e.field),
            ("assessment.score_range", "score"),
            "{bad}"
        );
    }
    assert_eq!(parse_manual("", work).unwrap_err().code, "common.required");
    assert_eq!(
        score(
            work,
            &Input {
                manual: Some(99_999),
                ..Input::default()
            }
        )
        .score,
        4000
    );
    assert_eq!(points_text(850), "8.5");
    assert_eq!(points_text(800), "8");
    assert_eq!(points_text(1234), "12.34");
    assert_eq!(points_text(5), "0.05");
}

fn cand(total: i64, first: i64) -> Candidate {
    Candidate {
        total,
        first,
        vetoed: false,
    }
}

#[test]
fn bands_follow_thresholds() {
    let b = default_bands();
    assert_eq!(band_for(9000, &b), Band::Excellent);
    assert_eq!(band_for(8999, &b), Band::Good);
    assert_eq!(band_for(8000, &b), Band::Good);
    assert_eq!(band_for(6000, &b), Band::BasicPass);
    assert_eq!(band_for(5999, &b), Band::Fail);
    assert_eq!(band_for(0, &b), Band::Fail);
}

#[test]
fn quota_rounds_down() {
    assert_eq!(quota_cap(20, 17), 3);
    assert_eq!(quota_cap(20, 4), 0);
    assert_eq!(quota_cap(20, 5), 1);
    assert_eq!(quota_cap(100, 5), 5);
    assert_eq!(quota_cap(0, 5), 0);
}

#[test]
fn over_the_quota_moves_one_band_down_in_rank_order() {
    let b = default_bands();
    // 10 subjects, 20 % → 2 优秀.
    let c: Vec<Candidate> = [9500, 9400, 9300, 9200, 8500, 8000, 7000, 6000, 5000, 9100]
        .into_iter()
        .map(|t| cand(t, 0))
        .collect();
    let r = rate(&c, &b);
    assert_eq!(r[0].band, Band::Excellent);
    assert_eq!(r[1].band, Band::Excellent);
    for i in [2, 3, 9] {
        assert_eq!(r[i].band, Band::Good);
        assert_eq!(r[i].by_score, Band::Excellent);
        assert_eq!(r[i].moved, Some(Moved::Quota));
    }
    assert_eq!(r[8].band, Band::Fail);
    assert_eq!(r[9].rank, 5);
    assert_eq!(r[4].rank, 6);
}

#[test]
fn equal_totals_share_a_rank() {
    let r = rate(
        &[cand(8000, 0), cand(9000, 0), cand(8000, 0), cand(7000, 0)],
        &default_bands(),
    );
    assert_eq!(
        r.iter().map(|r| r.rank).collect::<Vec<_>>(),
        vec![2, 1, 2, 4]
    );
}

#[test]
fn a_tie_at_the_boundary_is_broken_by_the_first_indicator() {
    let b = default_bands();
    // 10 subjects → 2 优秀; the 2nd and 3rd tie on 93.
    let mut c: Vec<Candidate> = vec![cand(9500, 0), cand(9300, 2000), cand(9300, 2500)];
    c.extend((0..7).map(|_| cand(7000, 0)));
    let r = rate(&c, &b);
    assert_eq!(r[0].band, Band::Excellent);
    assert_eq!(r[2].band, Band::Excellent);
    assert_eq!(r[1].band, Band::Good);
    assert_eq!(r[1].moved, Some(Moved::QuotaTieBroken));
    assert_eq!(r[1].rank, r[2].rank);
}

#[test]
fn a_full_tie_at_the_boundary_moves_all_down() {
    let b = default_bands();
    let mut c: Vec<Candidate> = vec![cand(9500, 0), cand(9300, 2000), cand(9300, 2000)];
    c.extend((0..7).map(|_| cand(7000, 0)));
    let r = rate(&c, &b);
    assert_eq!(r[0].band, Band::Excellent);
    assert_eq!((r[1].band, r[1].moved), (Band::Good, Some(Moved::QuotaTie)));
    assert_eq!((r[2].band, r[2].moved), (Band::Good, Some(Moved::QuotaTie)));
}

#[test]
fn a_veto_sets_the_lowest_band() {
    let mut c = vec![cand(9900, 0), cand(9000, 0)];
    c[0].vetoed = true;
    let r = rate(&c, &default_bands());
    assert_eq!((r[0].band, r[0].moved), (Band::Fail, Some(Moved::Veto)));
    assert_eq!(r[0].by_score, Band::Excellent);
    assert_eq!(r[0].rank, 1);
}

#[test]
fn quota_cascades_into_the_next_band() {
    let mut b = default_bands();
    b[1].quota = Some(20);
    // 5 subjects: 1 优秀, 1 良好.
    let c: Vec<Candidate> = [9900, 9800, 9700, 8500, 7500]
        .into_iter()
        .map(|t| cand(t, 0))
        .collect();
    let r = rate(&c, &b);
    let bands: Vec<Band> = r.iter().map(|r| r.band).collect();
    assert_eq!(
        bands,
        vec![
            Band::Excellent,
            Band::Good,
            Band::Pass,
            Band::Pass,
            Band::Pass
        ]
    );
}

#[test]
fn steps() {
    assert_eq!(
        Step::Publish.from_to(),
        (&[State::Review][..], State::Published)
    );
    assert!(State::Published.is_frozen());
    assert!(!State::Review.is_frozen());
    for s in State::ALL {
        assert_eq!(State::parse(s.as_str()), Some(s));
    }
}

fn bands_strategy() -> impl Strategy<Value = Vec<super::scheme::BandRule>> {
    (
        proptest::collection::btree_set(1i64..=100, 4),
        proptest::option::of(0i64..=100),
        proptest::option::of(0i64..=100),
    )
        .prop_map(|(mins, q0, q1)| {
            let mut mins: Vec<i64> = mins.into_iter().rev().collect();
            mins.push(0);
            Band::ALL
                .into_iter()
                .zip(mins)
                .enumerate()
                .map(|(i, (band, min_points))| super::scheme::BandRule {
                    band,
                    min_points,
                    quota: match i {
                        0 => q0,
                        1 => q1,
                        _ => None,
                    },
                })
                .collect()
        })
}

fn rule_strategy() -> impl Strategy<Value = Rule> {
    prop_oneof![
        (any::<i64>(), any::<i64>()).prop_filter_map("floor < target", |(a, b)| {
            (a < b).then_some(Rule::Linear {
                floor: a,
                target: b,
            })
        }),
        Just(Rule::RatioToTarget),
        any::<i64>().prop_map(|threshold| Rule::PassFail { threshold }),
        (any::<i64>(), 0i64..=100).prop_map(|(t, p)| Rule::Tiered {
            tiers: vec![Tier {
                at_least: t,
                points: p * 100,
            }]
        }),
    ]
}

proptest! {
    #[test]
    fn scores_stay_within_the_weight(
        rule in rule_strategy(),
        weight in 1i64..=100,
        figure in proptest::option::of(any::<i64>()),
        target in proptest::option::of(any::<i64>()),
    ) {
        let s = rule_score(&rule, weight * 100, figure, target);
        prop_assert!((0..=weight * 100).contains(&s));
    }

    #[test]
    fn bands_follow_thresholds_and_quotas_hold(
        bands in bands_strategy(),
        totals in proptest::collection::vec((0i64..=10_000, 0i64..=3, proptest::bool::weighted(0.1)), 0..40),
    ) {
        prop_assert_eq!(check_bands(&bands), Ok(()));
        let c: Vec<Candidate> = totals
            .iter()
            .map(|&(total, first, vetoed)| Candidate { total, first: first * 100, vetoed })
            .collect();
        let r = rate(&c, &bands);
        prop_assert_eq!(r.len(), c.len());
        for (x, rated) in c.iter().zip(&r) {
            // The band its total reaches is the first threshold met.
            let reached = bands.iter().find(|b| x.total >= b.min_points * 100).map(|b| b.band);
            prop_assert_eq!(Some(rated.by_score), reached);
            // Never above what the total reaches; a veto is the lowest.
            prop_assert!(rated.band >= rated.by_score);
            if x.vetoed {
                prop_assert_eq!(rated.band, Band::Fail);
            }
            // A higher total never ranks lower.
            for (y, other) in c.iter().zip(&r) {
                if x.total > y.total {
                    prop_assert!(rated.rank < other.rank);
                }
            }
        }
        for b in &bands {
            if let (Some(q), true) = (b.quota, b.band != Band::Fail) {
                let held = r.iter().filter(|x| x.band == b.band).count();
                prop_assert!(held <= quota_cap(q, c.len()));
            }
        }
    }
}
