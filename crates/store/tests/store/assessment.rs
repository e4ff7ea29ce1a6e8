//! Assessment: schemes (validated, copied), runs computed from the metrics catalogue, manual
//! scores (never by the subject's own village), guarded steps (one publish of many wins),
//! frozen results after publication, corrections as new versions, scope.

use super::ledger::{credit_code, user, voucher};
use super::*;
use domain::DomainError;
use domain::assessment::scheme::{
    Basis, Cmp, Indicator, IndicatorKind, Rule, Scheme, SubjectKind, Tier, default_bands,
};
use domain::assessment::scoring::{self, rule_score};
use domain::assessment::{Band, Step};
use domain::metrics::Metric;
use store::assessment::{self as asm, ManualInput, runs, schemes};
use store::ledger::{books, vouchers};

const DISTRICT: &str = "340803000000";
const HAIKOU: &str = "340803100000";
const SHILIPU: &str = "340803200000";
const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";
const CHANGFENG: &str = "340803200201";

fn income_rule() -> Rule {
    Rule::Linear {
        floor: 0,
        target: 100_000_000,
    }
}

fn scheme_2021() -> Scheme {
    let ind = |key: &str, weight: i64, kind: IndicatorKind| Indicator {
        key: key.into(),
        name: format!("指标 {key}"),
        weight,
        kind,
    };
    Scheme {
        year: 2021,
        subject_kind: SubjectKind::VillageTeam,
        owner: code(DISTRICT),
        title: "2021年度村两委班子考核".into(),
        indicators: vec![
            ind(
                "income",
                40,
                IndicatorKind::Computed {
                    metric: Metric::OperatingIncome,
                    basis: Basis::Value,
                    rule: income_rule(),
                },
            ),
            ind(
                "meetings",
                20,
                IndicatorKind::Computed {
                    metric: Metric::MeetingsHeld,
                    basis: Basis::Value,
                    rule: Rule::Tiered {
                        tiers: vec![Tier {
                            at_least: 0,
                            points: 1000,
                        }],
                    },
                },
            ),
            ind(
                "on_time",
                10,
                IndicatorKind::Computed {
                    metric: Metric::ProblemsClosedOnTime,
                    basis: Basis::Percent,
                    rule: Rule::PassFail { threshold: 90 },
                },
            ),
            ind(
                "work",
                30,
                IndicatorKind::Manual {
                    role: Role::TownOfficer,
                },
            ),
            ind(
                "loss",
                0,
                IndicatorKind::VetoMetric {
                    metric: Metric::OperatingIncome,
                    basis: Basis::Value,
                    cmp: Cmp::Lt,
                    threshold: 0,
                },
            ),
        ],
        bands: default_bands(),
    }
}

/// A 2021 book for `village` with one posted voucher of `amount` yuan of operating income.
async fn income(db: &Db, village: &str, n: u32, amount: &str) -> String {
    let admin = user("admin", Role::DistrictAdmin, DISTRICT);
    let org = books::create_org(db, &admin, &code(village), "合作社", &credit_code(n))
        .await
        .unwrap();
    let b = books::open_book(db, &admin, &org.id, 2021, None)
        .await
        .unwrap();
    books::check_openings(db, &admin, &b.id).await.unwrap();
    post(db, &b.id, amount).await;
    b.id
}

async fn post(db: &Db, book: &str, amount: &str) {
    let admin = user("admin", Role::DistrictAdmin, DISTRICT);
    let checker = user("zhang", Role::TownOfficer, HAIKOU);
    let v = vouchers::create_draft(
        db,
        &admin,
        book,
        &voucher("2021-06-30", &[("102", amount, ""), ("511", "", amount)]),
    )
    .await
    .unwrap();
    vouchers::review(db, &checker, &v.id).await.unwrap();
    vouchers::post(db, &checker, &v.id).await.unwrap();
}

fn input<'a>(score: &'a str, reason: &'a str) -> ManualInput<'a> {
    ManualInput {
        score,
        reason,
        evidence: None,
    }
}

fn field(e: StoreError) -> (&'static str, &'static str) {
    match e {
        StoreError::Domain(DomainError::Invalid(f)) => (f.code, f.field),
        other => panic!("not a field error: {other:?}"),
    }
}

fn conflict(e: StoreError) -> &'static str {
    match e {
        StoreError::Domain(DomainError::Conflict(c)) => c,
        other => panic!("not a conflict: {other:?}"),
    }
}

/// Scores every manual indicator of every subject as the town officers (not of the village).
async fn score_all(db: &Db, run: &str) {
    for (village, town) in [(BAOYING, HAIKOU), (HONGPU, HAIKOU), (CHANGFENG, SHILIPU)] {
        let officer = user("town", Role::TownOfficer, town);
        runs::set_manual(
            db,
            &officer,
            run,
            &code(village),
            "work",
            input("25.5", "会议记录齐全"),
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn schemes_are_validated_owned_and_copied() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user("admin", Role::DistrictAdmin, DISTRICT);
        let town = user("town", Role::TownOfficer, HAIKOU);
        let mut bad = scheme_2021();
        bad.indicators[0].weight = 39;
        assert_eq!(
            field(schemes::create(db, &admin, &bad).await.unwrap_err()),
            ("assessment.weights_sum", "weight")
        );
        // A town officer does not own the district's scheme.
        assert!(matches!(
            schemes::create(db, &town, &scheme_2021()).await,
            Err(StoreError::Domain(DomainError::NotFound))
        ));
        let s = schemes::create(db, &admin, &scheme_2021()).await.unwrap();
        assert_eq!(s.scheme, scheme_2021());
        // One a year: a second is refused beside the year.
        assert_eq!(
            field(
                schemes::create(db, &admin, &scheme_2021())
                    .await
                    .unwrap_err()
            ),
            ("assessment.scheme_exists", "year")
        );
        let copy = schemes::copy(db, &admin, &s.record.id, 2022).await.unwrap();
        assert_eq!(copy.scheme.year, 2022);
        assert_eq!(copy.scheme.title, "2022年度村两委班子考核");
        assert_eq!(copy.scheme.indicators, s.scheme.indicators);
        assert_eq!(copy.scheme.bands, s.scheme.bands);
        assert_eq!(
            copy.record.copied_from.as_deref(),
            Some(s.record.id.as_str())
        );
        assert_eq!(
            field(
                schemes::copy(db, &admin, &s.record.id, 2022)
                    .await
                    .unwrap_err()
            ),
            ("assessment.scheme_exists", "year")
        );
        // Seen from the district and from below; edits audited.
        let village = Scope::region(code(BAOYING));
        assert_eq!(
            schemes::list(db, &village, Some(2021)).await.unwrap().len(),
            1
        );
        let mut edited = s.scheme.clone();
        edited.title = "2021年度村两委班子考核（修订）".into();
        let e = schemes::update(db, &admin, &s.record.id, &edited)
            .await
            .unwrap();
        assert_eq!(e.scheme.title, edited.title);
        let (log, _) = store::audit::list(
            db,
            &Scope::system(),
            &store::audit::Filter {
                entity: domain::assessment::entity::SCHEME.into(),
                entity_id: s.record.id.clone(),
                ..Default::default()
            },
            Page::all(),
        )
        .await
        .unwrap();
        assert_eq!(log.len(), 2);
    });
}

#[tokio::test]
async fn a_run_is_computed_scored_published_frozen_and_corrected() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user("admin", Role::DistrictAdmin, DISTRICT);
        let baoying_book = income(db, BAOYING, 11, "600,000").await;
        income(db, HONGPU, 12, "60,000").await;
        let s = schemes::create(db, &admin, &scheme_2021()).await.unwrap();
        let run = runs::open(db, &admin, &s.record.id).await.unwrap();
        assert_eq!(
            conflict(runs::open(db, &admin, &s.record.id).await.unwrap_err()),
            "assessment.run_exists"
        );
        // Not yet computed: no review.
        assert_eq!(
            conflict(
                runs::step(db, &admin, &run.id, Step::Review)
                    .await
                    .unwrap_err()
            ),
            "assessment.state_changed"
        );
        runs::step(db, &admin, &run.id, Step::Compute)
            .await
            .unwrap();
        let district = Scope::region(code(DISTRICT));
        let view = runs::view(db, &district, &run.id).await.unwrap().unwrap();
        assert_eq!(view.subjects.len(), 3);
        assert_eq!(view.subject_count, 3);
        // The indicator's value is the catalogue's figure; its score the rule's.
        for subject in &view.subjects {
            let region = code(&subject.result.region_code);
            let v = store::metrics::value(db, &district, Metric::OperatingIncome, &region, 2021)
                .await
                .unwrap();
            let row = subject
                .scores
                .iter()
                .find(|x| x.indicator_key == "income")
                .unwrap();
            assert_eq!(row.value, v.map(|v| v.value));
            assert_eq!(
                row.score,
                rule_score(&income_rule(), 4000, v.map(|v| v.value), None)
            );
            assert!(subject.scores.iter().all(|x| !x.vetoed));
        }
        let baoying = view
            .subjects
            .iter()
            .find(|x| x.result.region_code == BAOYING)
            .unwrap();
        assert!(baoying.scores[0].score > 0);

        // Manual scores: the town officers; never the village's own cadre; only in reach.
        let cadre = user("cadre", Role::VillageCadre, BAOYING);
        assert!(matches!(
            runs::set_manual(
                db,
                &cadre,
                &run.id,
                &code(BAOYING),
                "work",
                input("30", "自评")
            )
            .await,
            Err(StoreError::Domain(DomainError::NotFound))
        ));
        let haikou = user("town", Role::TownOfficer, HAIKOU);
        assert!(matches!(
            runs::set_manual(
                db,
                &haikou,
                &run.id,
                &code(CHANGFENG),
                "work",
                input("30", "x")
            )
            .await,
            Err(StoreError::Domain(DomainError::NotFound))
        ));
        assert_eq!(
            field(
                runs::set_manual(
                    db,
                    &haikou,
                    &run.id,
                    &code(BAOYING),
                    "work",
                    input("31", "x")
                )
                .await
                .unwrap_err()
            ),
            ("assessment.score_range", "score")
        );
        assert_eq!(
            field(
                runs::set_manual(
                    db,
                    &haikou,
                    &run.id,
                    &code(BAOYING),
                    "work",
                    input("20", " ")
                )
                .await
                .unwrap_err()
            ),
            ("common.required", "reason")
        );
        // Publishing needs every manual score.
        runs::step(db, &admin, &run.id, Step::Review).await.unwrap();
        assert_eq!(
            conflict(
                runs::step(db, &admin, &run.id, Step::Publish)
                    .await
                    .unwrap_err()
            ),
            "assessment.manual_missing"
        );
        score_all(db, &run.id).await;
        let view = runs::view(db, &district, &run.id).await.unwrap().unwrap();
        let work = view.scheme.scheme.indicators[3].clone();
        for subject in &view.subjects {
            let row = subject
                .scores
                .iter()
                .find(|x| x.indicator_key == "work")
                .unwrap();
            assert_eq!(row.score, scoring::parse_manual("25.5", &work).unwrap());
            assert_eq!(
                subject.result.total,
                subject.scores.iter().map(|x| x.score).sum::<i64>()
            );
        }

        // A village sees nothing before publication; the town only its villages.
        let village = Scope::region(code(BAOYING));
        assert!(runs::view(db, &village, &run.id).await.unwrap().is_none());
        assert_eq!(
            asm::published_band(db, &code(BAOYING), 2021).await.unwrap(),
            None
        );
        let town_view = runs::view(db, &Scope::region(code(HAIKOU)), &run.id)
            .await
            .unwrap()
            .unwrap();
        let mut seen: Vec<&str> = town_view
            .subjects
            .iter()
            .map(|x| x.result.region_code.as_str())
            .collect();
        seen.sort();
        assert_eq!(seen, vec![BAOYING, HONGPU]);

        let published = runs::step(db, &admin, &run.id, Step::Publish)
            .await
            .unwrap();
        assert_eq!(published.state, "published");
        let before = runs::view(db, &district, &run.id).await.unwrap().unwrap();
        let own = runs::view(db, &village, &run.id).await.unwrap().unwrap();
        assert_eq!(own.subjects.len(), 1);
        assert_eq!(own.subjects[0].result.region_code, BAOYING);
        let band = Band::parse(&own.subjects[0].result.band);
        assert_eq!(
            asm::published_band(db, &code(BAOYING), 2021).await.unwrap(),
            band
        );

        // Frozen: a voucher posted afterwards moves the catalogue, not the published scores.
        let old =
            store::metrics::value(db, &district, Metric::OperatingIncome, &code(BAOYING), 2021)
                .await
                .unwrap();
        post(db, &baoying_book, "300,000").await;
        let new =
            store::metrics::value(db, &district, Metric::OperatingIncome, &code(BAOYING), 2021)
                .await
                .unwrap();
        assert_ne!(old, new);
        let after = runs::view(db, &district, &run.id).await.unwrap().unwrap();
        assert_eq!(after.subjects, before.subjects);
        assert_eq!(
            conflict(
                runs::step(db, &admin, &run.id, Step::Compute)
                    .await
                    .unwrap_err()
            ),
            "assessment.state_changed"
        );
        assert_eq!(
            conflict(
                runs::set_manual(
                    db,
                    &haikou,
                    &run.id,
                    &code(BAOYING),
                    "work",
                    input("20", "改")
                )
                .await
                .unwrap_err()
            ),
            "assessment.frozen"
        );
        assert_eq!(
            conflict(
                schemes::update(db, &admin, &s.record.id, &scheme_2021())
                    .await
                    .unwrap_err()
            ),
            "assessment.scheme_published"
        );

        // A correction is a new version with a reason; the published one stays readable.
        assert_eq!(
            field(runs::correct(db, &admin, &run.id, "  ").await.unwrap_err()),
            ("common.required", "reason")
        );
        let v2 = runs::correct(db, &admin, &run.id, "补录凭证")
            .await
            .unwrap();
        assert_eq!((v2.version, v2.state.as_str()), (2, "open"));
        assert_eq!(
            conflict(
                runs::correct(db, &admin, &run.id, "again")
                    .await
                    .unwrap_err()
            ),
            "assessment.run_exists"
        );
        runs::step(db, &admin, &v2.id, Step::Compute).await.unwrap();
        runs::step(db, &admin, &v2.id, Step::Review).await.unwrap();
        runs::step(db, &admin, &v2.id, Step::Publish).await.unwrap();
        let corrected = runs::view(db, &district, &v2.id).await.unwrap().unwrap();
        let b2 = corrected
            .subjects
            .iter()
            .find(|x| x.result.region_code == BAOYING)
            .unwrap();
        assert_eq!(b2.scores[0].value, new.map(|v| v.value));
        assert_eq!(
            runs::view(db, &district, &run.id)
                .await
                .unwrap()
                .unwrap()
                .subjects,
            before.subjects
        );
        assert_eq!(
            asm::published_band(db, &code(BAOYING), 2021).await.unwrap(),
            Band::parse(&b2.result.band)
        );
    });
}

#[tokio::test]
async fn one_of_concurrent_publishes_wins() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user("admin", Role::DistrictAdmin, DISTRICT);
        let s = schemes::create(db, &admin, &scheme_2021()).await.unwrap();
        let run = runs::open(db, &admin, &s.record.id).await.unwrap();
        runs::step(db, &admin, &run.id, Step::Compute)
            .await
            .unwrap();
        score_all(db, &run.id).await;
        runs::step(db, &admin, &run.id, Step::Review).await.unwrap();
        let attempts: Vec<_> = (0..6)
            .map(|_| {
                let (db, admin, id) = (db.clone(), admin.clone(), run.id.clone());
                tokio::spawn(async move { runs::step(&db, &admin, &id, Step::Publish).await })
            })
            .collect();
        let mut won = 0;
        for a in attempts {
            match a.await.unwrap() {
                Ok(_) => won += 1,
                Err(e) => assert_eq!(conflict(e), "assessment.state_changed"),
            }
        }
        assert_eq!(won, 1);
        let (log, _) = store::audit::list(
            db,
            &Scope::system(),
            &store::audit::Filter {
                entity: domain::assessment::entity::RUN.into(),
                entity_id: run.id.clone(),
                ..Default::default()
            },
            Page::all(),
        )
        .await
        .unwrap();
        // Open, compute, review, one publish.
        assert_eq!(log.len(), 4);
    });
}

#[tokio::test]
async fn an_assessor_holding_a_post_in_the_village_is_refused() {
    use domain::people::{PersonInput, PostInput};
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user("admin", Role::DistrictAdmin, DISTRICT);
        // A town officer who is also 保婴村's secretary (the registry names the same person).
        let officer = store::identity::create_user(
            db,
            &Actor::system("test"),
            store::identity::NewUser {
                username: "wangfang".into(),
                display_name: "王芳".into(),
                role: Role::TownOfficer,
                region: code(HAIKOU),
                password_hash: "x".into(),
            },
        )
        .await
        .unwrap();
        let first = "340803198001010123".to_string();
        let number = format!(
            "{}{}",
            &first[..17],
            domain::people::person::check_character(&first[..17]).unwrap()
        );
        let person = store::people::persons::create(
            db,
            &admin,
            &PersonInput {
                region_code: BAOYING.into(),
                name: "王芳".into(),
                id_number: number,
                political_status: "中共党员".into(),
                education: "大专".into(),
                phone: "13855665678".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        store::people::posts::create(
            db,
            &admin,
            &PostInput {
                person_id: person.id.clone(),
                region_code: BAOYING.into(),
                post: "村党组织书记".into(),
                dispatching_unit: "海口镇党委".into(),
                starts_on: "2020-01-01".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let s = schemes::create(db, &admin, &scheme_2021()).await.unwrap();
        let run = runs::open(db, &admin, &s.record.id).await.unwrap();
        runs::step(db, &admin, &run.id, Step::Compute)
            .await
            .unwrap();
        let wang = Actor {
            user_id: Some(officer.id.parse().unwrap()),
            username: "wangfang".into(),
            role: Some(Role::TownOfficer),
            scope: Scope::region(code(HAIKOU)),
        };
        assert_eq!(
            field(
                runs::set_manual(
                    db,
                    &wang,
                    &run.id,
                    &code(BAOYING),
                    "work",
                    input("30", "好")
                )
                .await
                .unwrap_err()
            ),
            ("assessment.assessor_own_subject", "score")
        );
        // Another village of the town is scored, under the assessor's name.
        let m = runs::set_manual(db, &wang, &run.id, &code(HONGPU), "work", input("28", "好"))
            .await
            .unwrap();
        assert_eq!(m.assessor_name, "王芳");
        // A district administrator is not of the manual indicator's role.
        assert!(matches!(
            runs::set_manual(
                db,
                &admin,
                &run.id,
                &code(HONGPU),
                "work",
                input("28", "好")
            )
            .await,
            Err(StoreError::Domain(DomainError::Forbidden))
        ));
    });
}

#[tokio::test]
async fn a_ratio_reads_the_villages_own_plan_target_and_the_plans_figure() {
    use domain::mechanism::{PlanInput, TargetInput};
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user("admin", Role::DistrictAdmin, DISTRICT);
        income(db, BAOYING, 11, "600,000").await;
        // 保婴村's own plan: 1,200,000 yuan of operating income (in fen, the metric's unit).
        let plan = PlanInput {
            region_code: BAOYING.into(),
            year: "2021".into(),
            title: "保婴村2021年实施方案".into(),
            body: String::new(),
            members: vec![],
        }
        .validate()
        .unwrap();
        let target = TargetInput {
            name: "经营收益".into(),
            kind: "metric".into(),
            metric: "operating_income".into(),
            target_value: "120000000".into(),
            unit: "分".into(),
            manual_value: String::new(),
            evidence: String::new(),
        }
        .validate()
        .unwrap();
        let p = store::mechanism::plans::create(db, &admin, &plan, &[target])
            .await
            .unwrap();
        let mut s = scheme_2021();
        s.indicators[0].kind = IndicatorKind::Computed {
            metric: Metric::OperatingIncome,
            basis: Basis::Value,
            rule: Rule::RatioToTarget,
        };
        let s = schemes::create(db, &admin, &s).await.unwrap();
        let run = runs::open(db, &admin, &s.record.id).await.unwrap();
        runs::step(db, &admin, &run.id, Step::Compute)
            .await
            .unwrap();
        let view = runs::view(db, &Scope::region(code(DISTRICT)), &run.id)
            .await
            .unwrap()
            .unwrap();
        let progress = store::mechanism::plans::progress(db, &Scope::region(code(DISTRICT)), &p.id)
            .await
            .unwrap()
            .unwrap();
        let on_plan = &progress[0].progress;
        let score_of = |region: &str| {
            let s = view
                .subjects
                .iter()
                .find(|x| x.result.region_code == region)
                .unwrap();
            s.scores[0].clone()
        };
        let baoying = score_of(BAOYING);
        // The same figure on the plan and in the assessment, scored against the plan's target.
        assert!(on_plan.available);
        assert_eq!(baoying.value, Some(on_plan.actual));
        assert_eq!(baoying.target, Some(on_plan.target));
        assert_eq!(
            baoying.score,
            rule_score(
                &Rule::RatioToTarget,
                4000,
                Some(on_plan.actual),
                Some(on_plan.target)
            )
        );
        assert_eq!(baoying.score, 2000);
        // A village without a plan target scores 0 on it.
        let hongpu = score_of(HONGPU);
        assert_eq!((hongpu.target, hongpu.score), (None, 0));
    });
}

#[tokio::test]
async fn town_teams_are_the_towns_and_a_town_does_not_score_itself() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user("admin", Role::DistrictAdmin, DISTRICT);
        let mut s = scheme_2021();
        s.subject_kind = SubjectKind::TownTeam;
        s.title = "2021年度乡镇领导班子考核".into();
        let s = schemes::create(db, &admin, &s).await.unwrap();
        let run = runs::open(db, &admin, &s.record.id).await.unwrap();
        runs::step(db, &admin, &run.id, Step::Compute)
            .await
            .unwrap();
        let view = runs::view(db, &Scope::region(code(DISTRICT)), &run.id)
            .await
            .unwrap()
            .unwrap();
        let mut towns: Vec<&str> = view
            .subjects
            .iter()
            .map(|x| x.result.region_code.as_str())
            .collect();
        towns.sort();
        assert_eq!(towns, vec![HAIKOU, SHILIPU]);
        let haikou = user("town", Role::TownOfficer, HAIKOU);
        assert_eq!(
            field(
                runs::set_manual(
                    db,
                    &haikou,
                    &run.id,
                    &code(HAIKOU),
                    "work",
                    input("30", "自评")
                )
                .await
                .unwrap_err()
            ),
            ("assessment.assessor_own_subject", "score")
        );
        // A town's scheme is for its villages only.
        let town = user("town", Role::TownOfficer, HAIKOU);
        let mut own = scheme_2021();
        own.owner = code(HAIKOU);
        own.subject_kind = SubjectKind::TownTeam;
        assert_eq!(
            field(schemes::create(db, &town, &own).await.unwrap_err()),
            ("assessment.owner_invalid", "owner")
        );
        own.subject_kind = SubjectKind::VillageTeam;
        let mine = schemes::create(db, &town, &own).await.unwrap();
        let r = runs::open(db, &town, &mine.record.id).await.unwrap();
        runs::step(db, &town, &r.id, Step::Compute).await.unwrap();
        let v = runs::view(db, &Scope::region(code(HAIKOU)), &r.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(v.subject_count, 2);
    });
}
