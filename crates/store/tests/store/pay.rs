//! Pay linkage on both backends: a village's calculation comes from the metrics catalogue
//! and the posts; the town submits, the district approves (never the submitter) and exactly
//! one of N concurrent approvals wins and writes the one draft voucher; returns carry a
//! reason; scope; the 四议两公开 record links only the village's meetings.

use super::ledger::{book, user, voucher};
use super::*;
use domain::DomainError;
use domain::assessment::pay::{
    DeliberationInput, Facts, Kind, Policy, State, calculate, entity, validate_deliberation,
};
use domain::metrics::Metric;
use domain::people::{PersonInput, PostInput};
use store::assessment::pay;
use store::ledger::vouchers;

const BAOYING: &str = "340803100201";
const TOWN: &str = "340803100000";
const OTHER_TOWN: &str = "340803200000";
const DISTRICT: &str = "340803000000";
const N: usize = 8;

fn code_of(e: &StoreError) -> &'static str {
    match e {
        StoreError::Domain(d) => d.code(),
        other => panic!("{other:?}"),
    }
}

fn id_number(seq: u32) -> String {
    let first = format!("34080319800101{seq:03}");
    format!(
        "{first}{}",
        domain::people::person::check_character(&first).unwrap()
    )
}

/// A person of 保婴村 holding `post` from `from` (to `to`, empty: still).
async fn cadre(db: &Db, who: &Actor, seq: u32, name: &str, post: &str, from: &str, to: &str) {
    let p = PersonInput {
        region_code: BAOYING.into(),
        name: name.into(),
        id_number: id_number(seq),
        political_status: "中共党员".into(),
        education: "大专".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let person = store::people::persons::create(db, who, &p).await.unwrap();
    let post = PostInput {
        person_id: person.id,
        region_code: BAOYING.into(),
        post: post.into(),
        starts_on: from.into(),
        ends_on: to.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::posts::create(db, who, &post).await.unwrap();
}

/// 保婴村 with a 2024 book holding 300,000 yuan of posted operating income, three cadres
/// (one only five months in post), and the district's 2024 policy of kind (a).
async fn village(db: &Db) -> (Actor, Actor, pay::PolicyRecord) {
    let (_, b) = book(db).await;
    let kuaiji = user("kuaiji", Role::VillageCadre, BAOYING);
    let town = user("zhen", Role::TownOfficer, TOWN);
    let admin = user("qu", Role::DistrictAdmin, DISTRICT);
    let v = vouchers::create_draft(
        db,
        &kuaiji,
        &b.id,
        &voucher(
            "2024-06-30",
            &[("102", "300000", ""), ("501", "", "300000")],
        ),
    )
    .await
    .unwrap();
    vouchers::review(db, &town, &v.id).await.unwrap();
    vouchers::post(db, &town, &v.id).await.unwrap();
    cadre(
        db,
        &kuaiji,
        1,
        "张书记",
        "party_secretary",
        "2018-01-01",
        "",
    )
    .await;
    cadre(
        db,
        &kuaiji,
        2,
        "李主任",
        "committee_director",
        "2018-01-01",
        "",
    )
    .await;
    cadre(
        db,
        &kuaiji,
        3,
        "王委员",
        "committee_member",
        "2024-08-01",
        "",
    )
    .await;
    let policy = pay::create_policy(
        db,
        &admin,
        &Policy::example(Kind::IncreaseShare, 2024, "2024年报酬挂钩"),
    )
    .await
    .unwrap();
    (town, admin, policy)
}

async fn computed(db: &Db) -> (Actor, Actor, pay::CalculationRecord) {
    let (town, admin, policy) = village(db).await;
    let c = pay::compute(db, &town, &policy.id, &code(BAOYING), 2024)
        .await
        .unwrap();
    (town, admin, c)
}

#[tokio::test]
async fn the_calculation_comes_from_the_catalogue_and_the_posts() {
    on_each_backend!(|db| {
        let (town, admin, c) = computed(db).await;
        let income = store::metrics::value(
            db,
            &town.scope,
            Metric::OperatingIncome,
            &code(BAOYING),
            2024,
        )
        .await
        .unwrap()
        .unwrap()
        .value;
        let (policy, facts, result) = c.snapshot().unwrap();
        assert_eq!(facts.income, income);
        assert_eq!(facts.previous, 0);
        assert_eq!(facts.band, None);
        assert_eq!(facts.posts.len(), 3);
        // The snapshot is what the pure computation gives for the same facts.
        assert_eq!(result, calculate(&policy, &facts).unwrap());
        assert_eq!(c.pool, result.pool);
        assert!(c.pool > 0);
        assert_eq!(c.paid, c.pool);
        assert_eq!(result.shares.iter().map(|s| s.amount).sum::<i64>(), c.pool);
        let short = result.shares.iter().find(|s| s.name == "王委员").unwrap();
        assert_eq!((short.months, short.amount), (5, 0));
        assert_eq!(c.state(), State::Draft);
        // The facts read again give the same.
        let again: Facts = pay::facts(db, &admin.scope, &code(BAOYING), 2024)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again, facts);
        // Audited.
        let log = store::audit::list(db, &Scope::system(), &Default::default(), Page::all())
            .await
            .unwrap()
            .0;
        assert!(
            log.iter()
                .any(|e| e.entity == entity::CALCULATION && e.entity_id == c.id)
        );
        assert!(log.iter().any(|e| e.entity == entity::POLICY));
    });
}

#[tokio::test]
async fn scope_and_roles() {
    on_each_backend!(|db| {
        let (town, _, c) = computed(db).await;
        let other_town = user("shili", Role::TownOfficer, OTHER_TOWN);
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let changfeng = user("cf", Role::VillageCadre, "340803200201");
        assert!(
            pay::get(db, &other_town.scope, &c.id)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            pay::get(db, &changfeng.scope, &c.id)
                .await
                .unwrap()
                .is_none()
        );
        assert!(pay::get(db, &cadre.scope, &c.id).await.unwrap().is_some());
        assert!(
            pay::for_year(db, &other_town.scope, &code(OTHER_TOWN), 2024)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            pay::for_year(db, &town.scope, &code(TOWN), 2024)
                .await
                .unwrap()
                .len(),
            1
        );
        // The district's policy is seen from below; nobody outside the district sees it.
        assert_eq!(pay::policies(db, &cadre.scope).await.unwrap().len(), 1);
        let err = pay::compute(db, &other_town, &c.policy_id, &code(BAOYING), 2024)
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "common.not_found");
        let err = pay::compute(db, &cadre, &c.policy_id, &code(BAOYING), 2024)
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "auth.forbidden");
        let err = pay::submit(db, &other_town, &c.id).await.unwrap_err();
        assert_eq!(code_of(&err), "common.not_found");
        let err = pay::create_policy(db, &town, &Policy::example(Kind::NetShare, 2024, "镇里的"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "auth.forbidden");
        // Not in force before its first year.
        let err = pay::compute(db, &town, &c.policy_id, &code(BAOYING), 2023)
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "pay.not_in_force");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_of_many_approvals_wins_and_writes_one_voucher() {
    on_each_backend!(|db| {
        let (town, _, c) = computed(db).await;
        // Submitted once, however many try.
        let submits = race(N, || {
            let (db, town, id) = (db.clone(), town.clone(), c.id.clone());
            async move { pay::submit(&db, &town, &id).await }
        })
        .await;
        assert_eq!(submits.iter().filter(|r| r.is_ok()).count(), 1);
        for r in submits.iter().filter(|r| r.is_err()) {
            assert_eq!(code_of(r.as_ref().unwrap_err()), "pay.state_changed");
        }
        let today = domain::time::parse_date("2025-01-10").unwrap();
        let approvals = {
            let mut tasks = Vec::new();
            let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(N));
            for i in 0..N {
                let (db, id, barrier) = (db.clone(), c.id.clone(), barrier.clone());
                let admin = user(&format!("qu{i}"), Role::DistrictAdmin, DISTRICT);
                tasks.push(tokio::spawn(async move {
                    barrier.wait().await;
                    pay::approve(&db, &admin, &id, today).await
                }));
            }
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.unwrap());
            }
            out
        };
        let won: Vec<_> = approvals.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(won.len(), 1, "{approvals:?}");
        for r in approvals.iter().filter(|r| r.is_err()) {
            assert_eq!(code_of(r.as_ref().unwrap_err()), "pay.state_changed");
        }
        let approved = won[0];
        assert_eq!(approved.state(), State::Approved);
        let vid = approved.voucher_id.clone().unwrap();
        let (v, lines) = vouchers::get(db, &town.scope, &vid).await.unwrap().unwrap();
        assert_eq!(v.state, "draft");
        assert_eq!(v.origin, "generated");
        // The 2024 book is open: the voucher is dated the pay year's last day.
        assert_eq!(v.date, "2024-12-31");
        assert_eq!(v.total, approved.paid);
        assert_eq!(lines[0].account_code, "513");
        assert_eq!(lines[0].debit, approved.paid);
        let (_, _, result) = approved.snapshot().unwrap();
        let paid: Vec<(String, i64)> = result
            .shares
            .iter()
            .filter(|s| s.amount > 0)
            .map(|s| (s.name.clone(), s.amount))
            .collect();
        let credited: Vec<(String, i64)> = lines[1..]
            .iter()
            .map(|l| (l.summary.clone(), l.credit))
            .collect();
        assert_eq!(credited, paid);
        assert!(lines[1..].iter().all(|l| l.account_code == "212"));
        // Exactly one voucher in the book besides the income.
        let (all, _) = vouchers::list(
            db,
            &town.scope,
            &v.book_id,
            &Default::default(),
            Page::all(),
        )
        .await
        .unwrap();
        assert_eq!(all.len(), 2);
        // Reviewed and posted like any other (by someone other than the approver).
        let reviewer = user("zhen2", Role::TownOfficer, TOWN);
        vouchers::review(db, &reviewer, &vid).await.unwrap();
        vouchers::post(db, &reviewer, &vid).await.unwrap();
        // Approved is final: no recomputing, no second approval.
        let err = pay::compute(db, &town, &c.policy_id, &code(BAOYING), 2024)
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "pay.state_changed");
    });
}

#[tokio::test]
async fn the_submitter_never_approves_and_a_return_needs_a_reason() {
    on_each_backend!(|db| {
        let (town, admin, c) = computed(db).await;
        // Approving a draft: not submitted yet.
        let err = pay::approve(db, &admin, &c.id, domain::time::today())
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "pay.state_changed");
        let err = pay::submit(db, &admin, &c.id).await.unwrap_err();
        assert_eq!(code_of(&err), "auth.forbidden", "the town submits");
        pay::submit(db, &town, &c.id).await.unwrap();
        // A district account under the submitter's own name is refused.
        let same = user("zhen", Role::DistrictAdmin, DISTRICT);
        let err = pay::approve(db, &same, &c.id, domain::time::today())
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "pay.approver_is_submitter");
        let err = pay::return_to_town(db, &admin, &c.id, "  ")
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Domain(DomainError::Invalid(ref e)) if e.field == "reason")
        );
        let back = pay::return_to_town(db, &admin, &c.id, "请补充四议两公开记录")
            .await
            .unwrap();
        assert_eq!(back.state(), State::Returned);
        assert_eq!(back.reason, "请补充四议两公开记录");
        assert!(back.voucher_id.is_none());
        // Recomputed (back to draft), submitted again, approved.
        let again = pay::compute(db, &town, &c.policy_id, &code(BAOYING), 2024)
            .await
            .unwrap();
        assert_eq!(
            (again.id.as_str(), again.state()),
            (c.id.as_str(), State::Draft)
        );
        pay::submit(db, &town, &c.id).await.unwrap();
        let ok = pay::approve(db, &admin, &c.id, domain::time::today())
            .await
            .unwrap();
        assert_eq!(ok.state(), State::Approved);
        assert_eq!(ok.decided_by_name.as_deref(), Some("qu"));
    });
}

#[tokio::test]
async fn the_deliberation_record_links_only_the_villages_meetings() {
    on_each_backend!(|db| {
        let (town, _, c) = computed(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let meeting = |region: &str| domain::mechanism::meeting::MeetingInput {
            type_code: "branch_committee".into(),
            region_code: region.into(),
            date: "2025-01-05".into(),
            start_time: "09:00".into(),
            place: "村委会会议室".into(),
            chair: "张书记".into(),
            agenda: "村干部报酬".into(),
            ..Default::default()
        };
        let ours = store::mechanism::meetings::create(
            db,
            &cadre,
            &meeting(BAOYING).validate().unwrap(),
            &[],
        )
        .await
        .unwrap();
        let theirs = store::mechanism::meetings::create(
            db,
            &town,
            &meeting("340803100202").validate().unwrap(),
            &[],
        )
        .await
        .unwrap();
        let row = |step: &str, on: &str, meeting: &str| DeliberationInput {
            step: step.into(),
            on: on.into(),
            meeting_id: meeting.into(),
            note: String::new(),
        };
        let steps = validate_deliberation(
            &[
                row("party_proposal", "2025-01-05", &ours.id),
                row("committees_discuss", "2025-01-06", ""),
            ],
            2024,
        )
        .unwrap();
        let saved = pay::set_deliberation(db, &cadre, &c.id, &steps)
            .await
            .unwrap();
        assert_eq!(saved.len(), 2);
        assert_eq!(saved[0].meeting_date.as_deref(), Some("2025-01-05"));
        let wrong = validate_deliberation(&[row("party_proposal", "2025-01-05", &theirs.id)], 2024)
            .unwrap();
        let err = pay::set_deliberation(db, &cadre, &c.id, &wrong)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Domain(DomainError::Invalid(ref e)) if e.code == "pay.meeting_unknown")
        );
        // Nothing half written.
        assert_eq!(
            pay::deliberation(db, &town.scope, &c.id)
                .await
                .unwrap()
                .len(),
            2
        );
        let outsider = user("cf", Role::VillageCadre, "340803200201");
        assert!(
            pay::deliberation(db, &outsider.scope, &c.id)
                .await
                .unwrap()
                .is_empty()
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
