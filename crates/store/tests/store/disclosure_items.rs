//! Disclosure items on both backends: the workflow (a village prepares, the town approves,
//! never the preparer, a village user never), publishing freezes the snapshot (a voucher
//! posted afterwards changes nothing), a correction keeps both versions with the reason,
//! exactly one of N concurrent publications and approvals wins, scope of cadres'
//! publishing, personal data refused, schedules and overdue disclosures.

use super::ledger::{book, voucher};
use super::*;
use domain::DomainError;
use domain::disclosure::item::{Input, Kind, PeriodSpec, Step, SubsidyRow};
use domain::disclosure::schedule::{Cadence, Rule};
use store::disclosure::items::{self, NewItem};
use store::disclosure::{log, schedules, versions};
use store::ledger::vouchers;

const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";
const CHANGFENG: &str = "340803200201";
const TOWN: &str = "340803100000";
const OTHER_TOWN: &str = "340803200000";
const DISTRICT: &str = "340803000000";
const N: usize = 8;

/// A stored user and the actor acting as them.
async fn person(db: &Db, username: &str, role: Role, region: &str) -> Actor {
    let record = store::identity::create_user(
        db,
        &Actor::system("test"),
        store::identity::NewUser {
            username: username.into(),
            display_name: format!("{username}姓名"),
            role,
            region: code(region),
            password_hash: "x".into(),
        },
    )
    .await
    .unwrap();
    Actor {
        user_id: Some(record.id.parse().unwrap()),
        username: username.into(),
        role: Some(role),
        scope: Scope::region(code(region)),
    }
}

fn code_of(e: &StoreError) -> &'static str {
    match e {
        StoreError::Domain(d) => d.code(),
        other => panic!("{other:?}"),
    }
}

fn finance(region: &str, period: &str) -> NewItem {
    NewItem {
        region_code: region.into(),
        kind: Kind::FinancePeriod,
        period: PeriodSpec::parse(period).unwrap(),
        title: format!("{period}财务公开"),
        major: false,
        approved_on: None,
        input: Input::default(),
    }
}

/// The test's snapshot body: the book's trial balance of the quarter (what the web's builder
/// reads first), so that a later voucher would change a fresh one.
async fn body(db: &Db, book_id: &str) -> serde_json::Value {
    let rows = store::ledger::reports::trial_balance(
        db,
        &Scope::system(),
        book_id,
        domain::ledger::Period::parse("2024-07").unwrap(),
        domain::ledger::Period::parse("2024-09").unwrap(),
    )
    .await
    .unwrap();
    serde_json::json!({ "accounts": rows.iter().filter(|r| r.balance.debit != 0 || r.balance.credit != 0).map(|r| serde_json::json!({"code": r.code, "debit": r.balance.debit, "credit": r.balance.credit})).collect::<Vec<_>>() })
}

fn render(s: &serde_json::Value) -> Result<String, StoreError> {
    Ok(format!(
        "<h2>{}</h2><p>{}</p>",
        s["title"].as_str().unwrap_or_default(),
        s["body"]
    ))
}

async fn publish(
    db: &Db,
    actor: &Actor,
    id: &str,
    body: serde_json::Value,
) -> Result<items::ItemRecord, StoreError> {
    items::step(db, actor, id, Step::Publish, Some((body, &render))).await
}

/// 保婴村's 2024 book with a posted voucher in Q3; the village's cadre, two town officers,
/// another town's officer and the district administrator.
struct Fixture {
    book_id: String,
    cadre: Actor,
    town: Actor,
    town2: Actor,
    other_town: Actor,
    admin: Actor,
}

async fn fixture(db: &Db) -> Fixture {
    let (_, b) = book(db).await;
    let cadre = person(db, "kuaiji", Role::VillageCadre, BAOYING).await;
    let town = person(db, "zhenone", Role::TownOfficer, TOWN).await;
    let town2 = person(db, "zhentwo", Role::TownOfficer, TOWN).await;
    let other_town = person(db, "xiang", Role::TownOfficer, OTHER_TOWN).await;
    let admin = person(db, "quadmin", Role::DistrictAdmin, DISTRICT).await;
    let v = vouchers::create_draft(
        db,
        &cadre,
        &b.id,
        &voucher("2024-08-15", &[("102", "25000", ""), ("501", "", "25000")]),
    )
    .await
    .unwrap();
    vouchers::review(db, &town, &v.id).await.unwrap();
    vouchers::post(db, &town, &v.id).await.unwrap();
    Fixture {
        book_id: b.id,
        cadre,
        town,
        town2,
        other_town,
        admin,
    }
}

#[tokio::test]
async fn a_village_prepares_the_town_approves_and_publishing_freezes() {
    on_each_backend!(|db| {
        let f = fixture(db).await;
        let item = items::create(db, &f.cadre, &finance(BAOYING, "2024-Q3"))
            .await
            .unwrap();
        assert_eq!(item.state, "draft");
        assert_eq!(item.period_from, "2024-07-01");
        assert_eq!(item.period_to, "2024-09-30");
        // Finance is approved by the town (the provincial default): no publishing a draft.
        let e = publish(db, &f.cadre, &item.id, body(db, &f.book_id).await)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "disclosure.state_changed");
        items::step(db, &f.cadre, &item.id, Step::Submit, None)
            .await
            .unwrap();
        // A village user never approves.
        let e = items::step(db, &f.cadre, &item.id, Step::Approve, None)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Domain(DomainError::Forbidden)));
        let approved = items::step(db, &f.town, &item.id, Step::Approve, None)
            .await
            .unwrap();
        assert_eq!(approved.state, "approved");
        assert_eq!(approved.approved_by_name.as_deref(), Some("zhenone姓名"));
        let published = publish(db, &f.cadre, &item.id, body(db, &f.book_id).await)
            .await
            .unwrap();
        assert_eq!(
            (published.state.as_str(), published.current_version),
            ("published", 1)
        );
        let v1 = versions::get(db, &item.id, 1).await.unwrap().unwrap();
        let snap: serde_json::Value = serde_json::from_str(&v1.snapshot).unwrap();
        // The envelope binds the leaf to its context.
        assert_eq!(snap["region_code"], BAOYING);
        assert_eq!(snap["region_name"], "保婴村");
        assert_eq!(snap["period"], "2024年第三季度");
        assert_eq!(snap["version"], 1);
        assert_eq!(snap["publisher"], "kuaiji姓名");
        assert_eq!(snap["published_at"], v1.published_at.as_str());
        assert_eq!(snap["body"]["accounts"][0]["debit"], 2_500_000);
        assert_eq!(
            v1.snapshot_sha256,
            domain::disclosure::snapshot::hex(&domain::disclosure::snapshot::sha256(
                v1.snapshot.as_bytes()
            ))
        );
        assert_eq!(log::size(db).await.unwrap(), 1);
        // A voucher posted into the quarter afterwards (and reversed) changes nothing
        // published; a fresh snapshot differs.
        let later = vouchers::create_draft(
            db,
            &f.cadre,
            &f.book_id,
            &voucher("2024-09-20", &[("102", "7000", ""), ("501", "", "7000")]),
        )
        .await
        .unwrap();
        vouchers::review(db, &f.town, &later.id).await.unwrap();
        vouchers::post(db, &f.town, &later.id).await.unwrap();
        assert_ne!(body(db, &f.book_id).await, snap["body"]);
        let again = versions::get(db, &item.id, 1).await.unwrap().unwrap();
        assert_eq!(again, v1);
        // The audit trail has the item's steps and the version.
        let (audit, _) = store::audit::list(
            db,
            &Scope::system(),
            &store::audit::Filter {
                entity: "disclosure_version".into(),
                ..Default::default()
            },
            Page::all(),
        )
        .await
        .unwrap();
        assert_eq!(audit.len(), 1);
    });
}

#[tokio::test]
async fn the_approver_is_never_the_preparer() {
    on_each_backend!(|db| {
        let f = fixture(db).await;
        // A town officer prepares for the village: another officer approves.
        let item = items::create(db, &f.town, &finance(BAOYING, "2024-Q3"))
            .await
            .unwrap();
        items::step(db, &f.town, &item.id, Step::Submit, None)
            .await
            .unwrap();
        let e = items::step(db, &f.town, &item.id, Step::Approve, None)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "disclosure.approver_is_preparer");
        items::step(db, &f.town2, &item.id, Step::Approve, None)
            .await
            .unwrap();
    });
}

#[tokio::test]
async fn a_correction_keeps_both_versions_with_the_reason() {
    on_each_backend!(|db| {
        let f = fixture(db).await;
        // The district lets villages publish affairs directly (the default) — a subsidy list.
        let mut new = finance(BAOYING, "2024-Q3");
        new.kind = Kind::SubsidyList;
        new.title = "2024年第三季度低保名单".into();
        new.input.rows = vec![SubsidyRow {
            name: "王小明".into(),
            item: "低保".into(),
            amount: 120_000,
        }];
        let item = items::create(db, &f.cadre, &new).await.unwrap();
        publish(db, &f.cadre, &item.id, serde_json::json!({"rows": 1}))
            .await
            .unwrap();
        // A correction needs a reason; a draft cannot be corrected.
        let e = items::correct(db, &f.cadre, &item.id, "  ")
            .await
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::Domain(DomainError::Invalid(fe)) if fe.field == "reason"),
            "{e:?}"
        );
        let corrected = items::correct(db, &f.cadre, &item.id, "金额录入有误")
            .await
            .unwrap();
        assert_eq!(corrected.state, "draft");
        assert_eq!(corrected.correction_reason, "金额录入有误");
        assert_eq!(corrected.current_version, 1, "v1 stays public");
        let e = items::correct(db, &f.cadre, &item.id, "再次")
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "disclosure.state_changed");
        publish(db, &f.cadre, &item.id, serde_json::json!({"rows": 2}))
            .await
            .unwrap();
        let history = versions::history(db, &item.id).await.unwrap();
        let seen: Vec<(i64, &str)> = history
            .iter()
            .map(|v| (v.version, v.reason.as_str()))
            .collect();
        assert_eq!(seen, vec![(1, ""), (2, "金额录入有误")]);
        let v2 = versions::get(db, &item.id, 2).await.unwrap().unwrap();
        assert!(v2.snapshot.contains("\"reason\":\"金额录入有误\""));
        assert_ne!(history[0].snapshot_sha256, history[1].snapshot_sha256);
        let current = items::get(db, &f.cadre.scope, &item.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (current.current_version, current.correction_reason.as_str()),
            (2, "")
        );
    });
}

#[tokio::test]
async fn one_of_concurrent_publications_and_approvals_wins() {
    on_each_backend!(|db| {
        let f = fixture(db).await;
        // Submissions, then approvals: N at once each.
        let item = items::create(db, &f.cadre, &finance(BAOYING, "2024-Q3"))
            .await
            .unwrap();
        let submissions = race(N, || {
            let (db, cadre, id) = (db.clone(), f.cadre.clone(), item.id.clone());
            async move { items::step(&db, &cadre, &id, Step::Submit, None).await }
        })
        .await;
        assert_eq!(submissions.iter().filter(|r| r.is_ok()).count(), 1);
        let approvals = race(N, || {
            let (db, town, id) = (db.clone(), f.town.clone(), item.id.clone());
            async move { items::step(&db, &town, &id, Step::Approve, None).await }
        })
        .await;
        assert_eq!(approvals.iter().filter(|r| r.is_ok()).count(), 1);
        for e in approvals.iter().filter_map(|r| r.as_ref().err()) {
            assert_eq!(code_of(e), "disclosure.state_changed");
        }
        // Publications: N at once, one version, one leaf.
        let b = body(db, &f.book_id).await;
        let publications = race(N, || {
            let (db, cadre, id, b) = (db.clone(), f.cadre.clone(), item.id.clone(), b.clone());
            async move { publish(&db, &cadre, &id, b).await }
        })
        .await;
        assert_eq!(publications.iter().filter(|r| r.is_ok()).count(), 1);
        assert_eq!(versions::history(db, &item.id).await.unwrap().len(), 1);
        assert_eq!(log::size(db).await.unwrap(), 1);
        // Corrections: one wins.
        let corrections = race(N, || {
            let (db, cadre, id) = (db.clone(), f.cadre.clone(), item.id.clone());
            async move { items::correct(&db, &cadre, &id, "更正").await }
        })
        .await;
        assert_eq!(corrections.iter().filter(|r| r.is_ok()).count(), 1);
    });
}

#[tokio::test]
async fn cadres_publish_only_in_their_scope_and_personal_data_is_refused() {
    on_each_backend!(|db| {
        let f = fixture(db).await;
        // A village cadre cannot create for another village; a town officer not in
        // another town.
        let e = items::create(db, &f.cadre, &finance(HONGPU, "2024-Q3"))
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Domain(DomainError::NotFound)));
        let e = items::create(db, &f.town, &finance(CHANGFENG, "2024-Q3"))
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Domain(DomainError::NotFound)));
        // Another town's officer does not find 保婴村's item: it cannot approve or publish it.
        let item = items::create(db, &f.cadre, &finance(BAOYING, "2024-Q3"))
            .await
            .unwrap();
        items::step(db, &f.cadre, &item.id, Step::Submit, None)
            .await
            .unwrap();
        let e = items::step(db, &f.other_town, &item.id, Step::Approve, None)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Domain(DomainError::NotFound)));
        let hongpu_cadre = person(db, "hongpu", Role::VillageCadre, HONGPU).await;
        let e = publish(db, &hongpu_cadre, &item.id, serde_json::json!({}))
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Domain(DomainError::NotFound)));
        // A district leader reads but does not prepare.
        let leader = person(db, "lingdao", Role::DistrictLeader, DISTRICT).await;
        let e = items::create(db, &leader, &finance(BAOYING, "2024-Q4"))
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Domain(DomainError::Forbidden)));
        // A phone number in what would be frozen: refused, nothing published, no leaf.
        let mut other = finance(BAOYING, "2024-Q3");
        other.kind = Kind::Other;
        other.input.text = "联系电话".into();
        let o = items::create(db, &f.cadre, &other).await.unwrap();
        let e = publish(
            db,
            &f.cadre,
            &o.id,
            serde_json::json!({"text": "联系电话 13812345678"}),
        )
        .await
        .unwrap_err();
        assert_eq!(code_of(&e), "disclosure.pii");
        let e = publish(
            db,
            &f.cadre,
            &o.id,
            serde_json::json!({"text": "身份证 11010519491231002X"}),
        )
        .await
        .unwrap_err();
        assert_eq!(code_of(&e), "disclosure.pii");
        let still = items::get(db, &f.cadre.scope, &o.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((still.state.as_str(), still.current_version), ("draft", 0));
        assert_eq!(log::size(db).await.unwrap(), 0);
        // The list is scoped.
        let (mine, total) = items::list(db, &f.other_town.scope, &Default::default(), Page::all())
            .await
            .unwrap();
        assert!(mine.is_empty() && total == 0);
        let (all, _) = items::list(db, &f.admin.scope, &Default::default(), Page::all())
            .await
            .unwrap();
        assert_eq!(all.len(), 2);
    });
}

#[tokio::test]
async fn schedules_are_set_by_the_district_and_overdue_disclosures_counted() {
    on_each_backend!(|db| {
        let f = fixture(db).await;
        let rule = Rule {
            category: domain::disclosure::Category::Finance,
            cadence: Cadence::Quarterly,
            monthly_over_vouchers: Some(0),
            due_days: 15,
            major_days: 3,
            needs_approval: false,
        };
        let e = schedules::save(db, &f.town, rule).await.unwrap_err();
        assert!(matches!(e, StoreError::Domain(DomainError::Forbidden)));
        let bad = Rule {
            due_days: 400,
            ..rule
        };
        let e = schedules::save(db, &f.admin, bad).await.unwrap_err();
        assert!(
            matches!(&e, StoreError::Domain(DomainError::Invalid(fe)) if fe.field == "due_days")
        );
        schedules::save(db, &f.admin, rule).await.unwrap();
        let in_force = schedules::rule_for(db, BAOYING, domain::disclosure::Category::Finance)
            .await
            .unwrap();
        assert_eq!(in_force, rule);
        schedules::set_name_rule(db, &f.admin, domain::disclosure::mask::NameRule::Surname)
            .await
            .unwrap();
        assert_eq!(
            schedules::name_rule(db).await.unwrap(),
            domain::disclosure::mask::NameRule::Surname
        );
        // 2024, seen on 2025-06-01: the village posted one voucher in Q3 (more than 0: Q3
        // is due monthly), so finance is due Q1, Q2, 07, 08, 09, Q4 = 6 periods; affairs
        // and party quarterly = 8 more. Publishing Q3 as a whole covers its three months.
        let today = domain::time::parse_date("2025-06-01").unwrap();
        let villages = vec![BAOYING.to_string(), CHANGFENG.to_string()];
        let town_scope = Scope::region(code(TOWN));
        let before = schedules::overdue_by_village(db, &town_scope, &villages, 2024, today)
            .await
            .unwrap();
        assert_eq!(before.get(BAOYING), Some(&14));
        assert_eq!(before.get(CHANGFENG), None, "outside the town's scope");
        let item = items::create(db, &f.cadre, &finance(BAOYING, "2024-Q3"))
            .await
            .unwrap();
        publish(db, &f.cadre, &item.id, serde_json::json!({}))
            .await
            .unwrap();
        let after = schedules::overdue_by_village(db, &town_scope, &villages, 2024, today)
            .await
            .unwrap();
        assert_eq!(after.get(BAOYING), Some(&11));
        // The metric of the catalogue is the same count (as of today, after 2024's dates),
        // summed over a town's villages (洪铺村: 4 quarters × 3 categories).
        use domain::metrics::Metric;
        let village = store::metrics::value(
            db,
            &town_scope,
            Metric::DisclosuresOverdue,
            &code(BAOYING),
            2024,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(village.value, 11);
        let town = store::metrics::value(
            db,
            &town_scope,
            Metric::DisclosuresOverdue,
            &code(TOWN),
            2024,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(town.value, 11 + 12);
        // On the compliance board a disclosures-on-time rule shows Q3 2024 red for 保婴村:
        // owed then were finance Q2 (due 07-15) and the months 07 and 08 (08-15, 09-15),
        // affairs and party Q2; the Q3 item covers the months but was published long after.
        use domain::mechanism::compliance::{CellStatus, RuleKind};
        use domain::mechanism::period::Every;
        let rule = store::mechanism::rules::create(
            db,
            &f.admin,
            "村务公开及时",
            &RuleKind::DisclosuresOnTime {
                every: Every::Quarter,
            },
        )
        .await
        .unwrap();
        let period = |p: &str| domain::ledger::Period::parse(p).unwrap();
        let board = store::mechanism::compliance::board(
            db,
            &town_scope,
            period("2024-07"),
            period("2024-09"),
            domain::time::today(),
        )
        .await
        .unwrap();
        let cell = board
            .cells
            .iter()
            .find(|c| c.rule == rule.id && c.region == BAOYING)
            .expect("a disclosures cell for 保婴村");
        assert_eq!(
            (cell.status, cell.required, cell.actual),
            (CellStatus::Missed, 5, 0)
        );
        assert!(cell.records.contains(&item.id), "{:?}", cell.records);
        assert!(
            !board
                .cells
                .iter()
                .any(|c| c.rule == rule.id && c.region == CHANGFENG),
            "outside the town's scope"
        );
    });
}

/// Runs `n` copies of `attempt` at once and returns their results.
async fn race<T, F, Fut>(n: usize, attempt: F) -> Vec<Result<T, StoreError>>
where
    T: Send + 'static,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, StoreError>> + Send + 'static,
{
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(n));
    let mut tasks = Vec::new();
    for _ in 0..n {
        let barrier = barrier.clone();
        let fut = attempt();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            fut.await
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}
