//! Exactly once under races, on both backends: N concurrent disbursements against one
//! budget line never commit more than the line allows; N concurrent payments of the same
//! labour logs pay them once (one settling voucher); N concurrent status changes of a
//! project move it once. The losers get a clear error and write nothing.

use super::ledger::{book, user};
use super::*;
use domain::industry::project::Status;
use domain::industry::{BatchInput, BudgetLineInput, DisbursementInput, LogInput};
use domain::industry::{UnitInput, entity};
use store::industry::{funds, production, projects};

const BAOYING: &str = "340803100201";
/// How many attempts race each time.
const N: usize = 12;

fn d(s: &str) -> chrono::NaiveDate {
    domain::time::parse_date(s).unwrap()
}

/// The outcome of each attempt, short: `ok` or the error's code.
fn outcomes<T>(results: &[Result<T, StoreError>]) -> Vec<&'static str> {
    results
        .iter()
        .map(|r| r.as_ref().map_or_else(code_of, |_| "ok"))
        .collect()
}

use crate::industry::{code_of, project, voucher_count};

/// Runs `n` copies of `attempt` at once (each on its own task) and returns their results.
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_disbursements_never_exceed_the_budget() {
    on_each_backend!(|db| {
        let (org, book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let p = project(db, &cadre, &org.id).await;
        projects::transition(db, &cadre, &p.id, Status::Approved, "", d("2024-03-01"))
            .await
            .unwrap();
        let line = projects::add_budget_line(
            db,
            &cadre,
            &p.id,
            &BudgetLineInput {
                name: "大棚建设".into(),
                amount: "1000".into(),
                account_code: "401".into(),
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let pay = DisbursementInput {
            date: "2024-03-15".into(),
            amount: "300".into(),
            summary: "支付大棚建设款".into(),
        }
        .validate()
        .unwrap();
        // What the line allows: whole payments within its budget (no approvals).
        let allowed = usize::try_from(line.amount / pay.amount.fen()).unwrap();
        assert!(allowed > 0 && allowed < N, "{allowed}");
        let vouchers_before = voucher_count(db, &book.id).await;

        let results = race(N, || {
            let (db, cadre, line_id, pay) =
                (db.clone(), cadre.clone(), line.id.clone(), pay.clone());
            async move { funds::disburse(&db, &cadre, &line_id, &pay).await }
        })
        .await;
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, allowed, "{:?}", outcomes(&results));
        for e in results.iter().filter_map(|r| r.as_ref().err()) {
            assert_eq!(code_of(e), "industry.over_budget", "{e:?}");
        }

        let status = funds::budget_status(db, &cadre.scope, &p.id)
            .await
            .unwrap()
            .unwrap();
        let s = status.iter().find(|s| s.line.id == line.id).unwrap();
        assert!(s.committed <= s.budget + s.approved, "{s:?}");
        assert_eq!(s.committed, pay.amount.fen() * allowed as i64);
        let paid = funds::project_disbursements(db, &cadre.scope, &p.id)
            .await
            .unwrap();
        assert_eq!(paid.len(), allowed);
        // One draft voucher per disbursement, none for a refusal.
        assert_eq!(
            voucher_count(db, &book.id).await - vouchers_before,
            allowed as i64
        );
    });
}

/// A unit, a batch and `logs` labour logs of one worker; returns the project and log ids.
async fn labour(
    db: &Db,
    cadre: &Actor,
    org_id: &str,
    logs: usize,
) -> (projects::ProjectRecord, Vec<String>) {
    let p = project(db, cadre, org_id).await;
    let unit = production::create_unit(
        db,
        cadre,
        &p.id,
        &UnitInput {
            kind: "greenhouse".into(),
            name: "1号大棚".into(),
            area_m2: "600".into(),
            built_on: "2024-02-01".into(),
            asset_note: String::new(),
        }
        .validate()
        .unwrap(),
    )
    .await
    .unwrap();
    let batch = production::create_batch(
        db,
        cadre,
        &unit.id,
        &BatchInput {
            crop: "灵芝".into(),
            variety: "赤芝".into(),
            started_on: "2024-03-01".into(),
            size: "5000".into(),
            size_unit: "袋".into(),
        }
        .validate()
        .unwrap(),
    )
    .await
    .unwrap();
    let first = "340803198001010017";
    let number = format!(
        "{}{}",
        &first[..17],
        domain::people::person::check_character(&first[..17]).unwrap()
    );
    let worker = store::people::persons::create(
        db,
        cadre,
        &domain::people::PersonInput {
            region_code: BAOYING.into(),
            name: "王大".into(),
            id_number: number,
            political_status: "群众".into(),
            education: "初中".into(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
    )
    .await
    .unwrap();
    let mut ids = Vec::new();
    for i in 0..logs {
        let l = LogInput {
            kind: "labour".into(),
            date: "2024-09-10".into(),
            person_id: worker.id.clone(),
            days: "1".into(),
            wage: format!("{}", 100 + i),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let (r, _) = production::add_log(db, cadre, &batch.id, &l).await.unwrap();
        ids.push(r.id);
    }
    (p, ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_labour_payments_pay_once() {
    for logs in [1, 3] {
        on_each_backend!(|db| {
            let (org, book) = book(db).await;
            let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
            let (p, ids) = labour(db, &cadre, &org.id, logs).await;
            let vouchers_before = voucher_count(db, &book.id).await;

            let results = race(N, || {
                let (db, cadre, ids) = (db.clone(), cadre.clone(), ids.clone());
                async move { production::pay_labour(&db, &cadre, &ids, d("2024-09-30")).await }
            })
            .await;
            let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
            assert_eq!(winners.len(), 1, "{logs} logs: {:?}", outcomes(&results));
            for e in results.iter().filter_map(|r| r.as_ref().err()) {
                assert!(
                    ["industry.already_paid", "industry.labour_paid_meanwhile"]
                        .contains(&code_of(e)),
                    "{e:?}"
                );
            }
            // One settling voucher, of the logs' wages, and every log points to it.
            assert_eq!(voucher_count(db, &book.id).await - vouchers_before, 1);
            let all = production::logs(db, &cadre.scope, &p.id).await.unwrap();
            let wages: i64 = all.iter().filter_map(|l| l.wage).sum();
            assert_eq!(winners[0].total, wages);
            assert!(
                all.iter()
                    .all(|l| l.paid_voucher_id.as_deref() == Some(winners[0].id.as_str())),
                "{all:?}"
            );
            // One payment entry in the audit log per log.
            let entries = store::audit::list(
                db,
                &Scope::system(),
                &store::audit::Filter {
                    entity: entity::LOG.into(),
                    ..Default::default()
                },
                Page::all(),
            )
            .await
            .unwrap()
            .0;
            let payments = entries.iter().filter(|e| e.action == "update").count();
            assert_eq!(payments, logs);
        });
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_status_changes_move_a_project_once() {
    on_each_backend!(|db| {
        let (org, _) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let p = project(db, &cadre, &org.id).await;
        let events_before = projects::get(db, &cadre.scope, &p.id)
            .await
            .unwrap()
            .unwrap()
            .events
            .len();
        let results = race(N, || {
            let (db, cadre, id) = (db.clone(), cadre.clone(), p.id.clone());
            async move {
                projects::transition(&db, &cadre, &id, Status::Approved, "", d("2024-03-01")).await
            }
        })
        .await;
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{:?}",
            outcomes(&results)
        );
        for e in results.iter().filter_map(|r| r.as_ref().err()) {
            assert!(
                ["industry.transition_invalid", "industry.status_changed"].contains(&code_of(e)),
                "{e:?}"
            );
        }
        let detail = projects::get(db, &cadre.scope, &p.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.project.status, "approved");
        assert_eq!(detail.events.len(), events_before + 1);
    });
}
