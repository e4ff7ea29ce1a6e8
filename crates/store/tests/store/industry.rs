//! Industry projects on both backends: scope, the status workflow, and the regulated use of
//! funds (a disbursement is a draft voucher; over budget is refused and writes nothing;
//! an approval lifts the limit; budget figures follow the vouchers' states).

use super::ledger::{book, user};
use super::*;
use domain::DomainError;
use domain::industry::project::Status;
use domain::industry::{
    ApprovalInput, BudgetLineInput, DisbursementInput, FundingInput, MilestoneInput, ProjectInput,
};
use store::industry::{funds, projects};
use store::ledger::vouchers;

const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";

pub(crate) fn code_of(e: &StoreError) -> &'static str {
    match e {
        StoreError::Domain(d) => d.code(),
        other => panic!("{other:?}"),
    }
}

pub(crate) async fn project(db: &Db, cadre: &Actor, org_id: &str) -> projects::ProjectRecord {
    let p = ProjectInput {
        region_code: BAOYING.into(),
        org_id: org_id.into(),
        sector: "种植业".into(),
        title: "灵芝大棚种植".into(),
        description: "5 个大棚种植灵芝".into(),
        responsible_name: "张书记".into(),
        applied_on: "2024-02-01".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    projects::create(db, cadre, &p).await.unwrap()
}

pub(crate) async fn voucher_count(db: &Db, book_id: &str) -> i64 {
    vouchers::list(
        db,
        &Scope::system(),
        book_id,
        &vouchers::Filter::default(),
        Page::all(),
    )
    .await
    .unwrap()
    .1
}

#[tokio::test]
async fn projects_follow_scope_and_workflow() {
    on_each_backend!(|db| {
        let (org, _book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let other = user("hongpu", Role::VillageCadre, HONGPU);
        let p = project(db, &cadre, &org.id).await;
        assert_eq!(p.status, "applied");
        // Defaults of the 2023 chart (the book is 2024).
        assert_eq!(
            (
                p.income_account.as_str(),
                p.labour_cost_account.as_str(),
                p.labour_payable_account.as_str()
            ),
            ("501", "401", "213")
        );

        // Another village's cadre sees nothing and cannot write.
        assert!(
            projects::get(db, &other.scope, &p.id)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            projects::list(db, &other.scope, None, false)
                .await
                .unwrap()
                .is_empty()
        );
        let e = projects::transition(db, &other, &p.id, Status::Approved, "", d("2024-03-01"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "common.not_found");
        assert_eq!(
            projects::list(db, &cadre.scope, Some(&code(BAOYING)), false)
                .await
                .unwrap()
                .len(),
            1
        );

        // A district leader reads but does not write.
        let leader = user("leader", Role::DistrictLeader, "340803000000");
        assert!(matches!(
            projects::transition(db, &leader, &p.id, Status::Approved, "", d("2024-03-01")).await,
            Err(StoreError::Domain(DomainError::Forbidden))
        ));

        // Only forward, one step at a time.
        let e = projects::transition(db, &cadre, &p.id, Status::Implementing, "", d("2024-03-01"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.transition_invalid");
        projects::transition(db, &cadre, &p.id, Status::Approved, "", d("2024-03-01"))
            .await
            .unwrap();
        let e = projects::transition(db, &cadre, &p.id, Status::Applied, "", d("2024-03-01"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.transition_invalid");
        let e = projects::transition(db, &cadre, &p.id, Status::Terminated, "  ", d("2024-03-01"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.reason_required");
        let e = projects::transition(
            db,
            &cadre,
            &p.id,
            Status::Terminated,
            "香菇试种失败",
            d("2024-02-15"),
        )
        .await
        .unwrap_err();
        assert_eq!(code_of(&e), "industry.date_before_previous");
        let t = projects::transition(
            db,
            &cadre,
            &p.id,
            Status::Terminated,
            "香菇试种失败",
            d("2024-05-10"),
        )
        .await
        .unwrap();
        assert_eq!(t.terminated_reason.as_deref(), Some("香菇试种失败"));
        // The history keeps the dates the changes were decided, in their order.
        let history = projects::get(db, &cadre.scope, &p.id)
            .await
            .unwrap()
            .unwrap()
            .events;
        let decided: Vec<(&str, Option<&str>)> = history
            .iter()
            .map(|e| (e.to_status.as_str(), e.decided_on.as_deref()))
            .collect();
        assert_eq!(
            decided,
            [
                ("applied", Some("2024-02-01")),
                ("approved", Some("2024-03-01")),
                ("terminated", Some("2024-05-10")),
            ]
        );
        let e = projects::transition(db, &cadre, &p.id, Status::Operating, "", d("2024-03-01"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.transition_invalid");

        // Funding, milestones and the rolled-up progress.
        let f = FundingInput {
            source: "fiscal".into(),
            amount: "500000".into(),
            note: String::new(),
        }
        .validate()
        .unwrap();
        projects::add_funding(db, &cadre, &p.id, &f).await.unwrap();
        for (title, weight, progress) in [("建棚", "1", "100"), ("种植", "3", "0")] {
            let m = MilestoneInput {
                title: title.into(),
                due_on: "2024-06-30".into(),
                weight: weight.into(),
                progress: progress.into(),
            }
            .validate()
            .unwrap();
            projects::add_milestone(db, &cadre, &p.id, &m)
                .await
                .unwrap();
        }
        let detail = projects::get(db, &cadre.scope, &p.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.events.len(), 3);
        assert_eq!(detail.funding[0].amount, 50_000_000);
        assert_eq!(detail.progress, 25);
        let second = detail
            .milestones
            .iter()
            .find(|m| m.title == "种植")
            .unwrap();
        projects::set_milestone_progress(db, &cadre, &second.id, 50)
            .await
            .unwrap();
        let e = projects::set_milestone_progress(db, &cadre, &second.id, 101)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.number_invalid");
        let detail = projects::get(db, &cadre.scope, &p.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.progress, 62);
        projects::set_archived(db, &cadre, &p.id, true)
            .await
            .unwrap();
        assert!(
            projects::list(db, &cadre.scope, None, false)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            projects::list(db, &cadre.scope, None, true)
                .await
                .unwrap()
                .len(),
            1
        );
        // Archived, it takes no more records until it is restored.
        let e = projects::add_funding(db, &cadre, &p.id, &f)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.project_archived");
        assert_eq!(
            projects::get(db, &cadre.scope, &p.id)
                .await
                .unwrap()
                .unwrap()
                .funding
                .len(),
            1
        );
        projects::set_archived(db, &cadre, &p.id, false)
            .await
            .unwrap();
        projects::add_funding(db, &cadre, &p.id, &f).await.unwrap();

        // A responsible person must be someone the actor can see.
        let stranger = domain::people::PersonInput {
            region_code: HONGPU.into(),
            name: "李四".into(),
            id_number: id_number_of(42),
            political_status: "群众".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let stranger = store::people::persons::create(db, &Actor::system("test"), &stranger)
            .await
            .unwrap();
        let led_by_stranger = ProjectInput {
            region_code: BAOYING.into(),
            org_id: p.org_id.clone(),
            sector: "种植业".into(),
            title: "外村人负责的项目".into(),
            responsible_person_id: stranger.id.clone(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let e = projects::create(db, &cadre, &led_by_stranger)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.person_unknown");
    });
}

#[tokio::test]
async fn disbursements_stay_within_budget_and_approvals() {
    on_each_backend!(|db| {
        let (org, book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let p = project(db, &cadre, &org.id).await;
        let line = projects::add_budget_line(
            db,
            &cadre,
            &p.id,
            &BudgetLineInput {
                name: "大棚建设".into(),
                amount: "100000".into(),
                account_code: "401".into(),
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let pay = |amount: &str| {
            DisbursementInput {
                date: "2024-03-15".into(),
                amount: amount.into(),
                summary: "支付大棚建设款".into(),
            }
            .validate()
            .unwrap()
        };

        // Money goes out only once the project is approved: nothing is written before.
        let before = voucher_count(db, &book.id).await;
        let e = funds::disburse(db, &cadre, &line.id, &pay("1"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.project_not_paying");
        assert_eq!(voucher_count(db, &book.id).await, before);
        projects::transition(db, &cadre, &p.id, Status::Approved, "", d("2024-03-01"))
            .await
            .unwrap();

        let (d1, v1) = funds::disburse(db, &cadre, &line.id, &pay("60000"))
            .await
            .unwrap();
        assert_eq!(d1.voucher_id, v1.id);
        assert_eq!(v1.state, "draft");
        let (_, lines) = vouchers::get(db, &cadre.scope, &v1.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (lines[0].account_code.as_str(), lines[0].debit),
            ("401", 6_000_000)
        );
        assert_eq!(
            (lines[1].account_code.as_str(), lines[1].credit),
            ("102", 6_000_000)
        );

        // Over budget without approval: refused, nothing written.
        let before = voucher_count(db, &book.id).await;
        let e = funds::disburse(db, &cadre, &line.id, &pay("50000"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.over_budget");
        match &e {
            StoreError::Domain(DomainError::Invalid(f)) => {
                assert_eq!(f.args["line"], "大棚建设");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(voucher_count(db, &book.id).await, before);
        assert_eq!(
            funds::project_disbursements(db, &cadre.scope, &p.id)
                .await
                .unwrap()
                .len(),
            1
        );

        // With an approval of the extra it passes.
        funds::approve(
            db,
            &cadre,
            &line.id,
            &ApprovalInput {
                amount: "10000".into(),
                approved_by: "村民代表大会".into(),
                approved_on: "2024-03-10".into(),
                reason: "钢材涨价".into(),
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        funds::disburse(db, &cadre, &line.id, &pay("50000"))
            .await
            .unwrap();
        let e = funds::disburse(db, &cadre, &line.id, &pay("0.01"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.over_budget");
        // The project's disbursements in one read are the line's, in date order.
        let all = funds::project_disbursements(db, &cadre.scope, &p.id)
            .await
            .unwrap();
        assert!(all.iter().all(|d| d.budget_line_id == line.id));
        assert_eq!(
            all.iter().map(|d| d.amount).collect::<Vec<_>>(),
            [6_000_000, 5_000_000]
        );

        // Figures follow the vouchers' states.
        let s = funds::budget_status(db, &cadre.scope, &p.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (s[0].budget, s[0].approved, s[0].committed, s[0].spent),
            (10_000_000, 1_000_000, 11_000_000, 0)
        );
        let reviewer = user("shenhe", Role::VillageCadre, BAOYING);
        vouchers::review(db, &reviewer, &v1.id).await.unwrap();
        vouchers::post(db, &reviewer, &v1.id).await.unwrap();
        let s = funds::budget_status(db, &cadre.scope, &p.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((s[0].committed, s[0].spent), (11_000_000, 6_000_000));

        // Out of scope: nothing.
        let other = user("hongpu", Role::VillageCadre, HONGPU);
        assert!(
            funds::project_disbursements(db, &other.scope, &p.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            funds::budget_status(db, &other.scope, &p.id)
                .await
                .unwrap()
                .is_none()
        );
        let e = funds::disburse(db, &other, &line.id, &pay("1"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "common.not_found");
    });
}

async fn worker(db: &Db, cadre: &Actor, name: &str, seq: u32) -> String {
    let first = format!("340803{}{seq:03}", "19800101");
    let number = format!(
        "{first}{}",
        domain::people::person::check_character(&first).unwrap()
    );
    let p = domain::people::PersonInput {
        region_code: BAOYING.into(),
        name: name.into(),
        id_number: number,
        political_status: "群众".into(),
        education: "初中".into(),
        phone: "13855665678".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::persons::create(db, cadre, &p)
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn a_sale_is_one_balanced_income_voucher_and_labour_is_payable_then_paid() {
    use domain::industry::{BatchInput, LogInput, UnitInput};
    use store::industry::production;
    on_each_backend!(|db| {
        let (org, book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let p = project(db, &cadre, &org.id).await;
        let unit = production::create_unit(
            db,
            &cadre,
            &p.id,
            &UnitInput {
                kind: "greenhouse".into(),
                name: "1号大棚".into(),
                area_m2: "600.5".into(),
                built_on: "2024-02-01".into(),
                asset_note: String::new(),
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(unit.area_m2, "600.5");
        let batch = production::create_batch(
            db,
            &cadre,
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
        let log = |kind: &str, f: &dyn Fn(&mut LogInput)| {
            let mut l = LogInput {
                kind: kind.into(),
                date: "2024-09-10".into(),
                ..Default::default()
            };
            f(&mut l);
            l.validate().unwrap()
        };

        let harvest = log("harvest", &|l| {
            l.item = "灵芝子实体".into();
            l.quantity = "120".into();
            l.unit = "kg".into();
            l.grade = "一级".into();
        });
        let (_, v) = production::add_log(db, &cadre, &batch.id, &harvest)
            .await
            .unwrap();
        assert!(v.is_none());
        // A sale in 斤 converts to the product's kg; in 袋 it does not.
        let bad = log("sale", &|l| {
            l.item = "灵芝子实体".into();
            l.quantity = "10".into();
            l.unit = "袋".into();
            l.unit_price = "10".into();
            l.buyer = "药材公司".into();
        });
        let e = production::add_log(db, &cadre, &batch.id, &bad)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.unit_mismatch");

        let before = voucher_count(db, &book.id).await;
        let sale = log("sale", &|l| {
            l.item = "灵芝子实体".into();
            l.quantity = "200".into();
            l.unit = "斤".into();
            l.unit_price = "60.50".into();
            l.buyer = "药材公司".into();
        });
        let (record, v) = production::add_log(db, &cadre, &batch.id, &sale)
            .await
            .unwrap();
        assert_eq!(record.amount, Some(1_210_000));
        let v = v.unwrap();
        assert_eq!(voucher_count(db, &book.id).await, before + 1);
        assert_eq!(record.voucher_id.as_deref(), Some(v.id.as_str()));
        let (_, lines) = vouchers::get(db, &cadre.scope, &v.id)
            .await
            .unwrap()
            .unwrap();
        let debit: i64 = lines.iter().map(|l| l.debit).sum();
        let credit: i64 = lines.iter().map(|l| l.credit).sum();
        assert_eq!(debit, credit);
        let income: i64 = lines
            .iter()
            .filter(|l| l.account_code == p.income_account)
            .map(|l| l.credit)
            .sum();
        assert_eq!(income, 1_210_000);
        // Posted, the books' income for September equals the project's gross income.
        let reviewer = user("shenhe", Role::VillageCadre, BAOYING);
        vouchers::review(db, &reviewer, &v.id).await.unwrap();
        vouchers::post(db, &reviewer, &v.id).await.unwrap();
        let sept = domain::ledger::Period::parse("2024-09").unwrap();
        let rows = store::ledger::reports::trial_balance(db, &cadre.scope, &book.id, sept, sept)
            .await
            .unwrap();
        let books_income = rows
            .iter()
            .find(|r| r.code == "501")
            .unwrap()
            .balance
            .credit;
        let r = store::industry::results::results(
            db,
            &cadre.scope,
            &store::industry::results::Selection::Project(p.id.clone()),
            Some(2024),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(r.gross_income, books_income);

        // Labour: an 应付劳务费 entry each, then one payment settling both.
        let a = worker(db, &cadre, "王大", 1).await;
        let mut ids = Vec::new();
        for wage in ["150", "300"] {
            let labour = log("labour", &|l| {
                l.person_id = a.clone();
                l.days = "1.5".into();
                l.wage = wage.into();
            });
            let (r, v) = production::add_log(db, &cadre, &batch.id, &labour)
                .await
                .unwrap();
            let (_, lines) = vouchers::get(db, &cadre.scope, &v.unwrap().id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(lines[0].account_code, "401");
            assert_eq!(
                (lines[1].account_code.as_str(), lines[1].credit),
                ("213", r.wage.unwrap())
            );
            ids.push(r.id);
        }
        // A log named twice is refused (it would be paid twice); nothing is written.
        let before = voucher_count(db, &book.id).await;
        let twice = [ids[0].clone(), ids[0].clone()];
        let e = production::pay_labour(db, &cadre, &twice, d("2024-09-30"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.log_repeated");
        assert_eq!(voucher_count(db, &book.id).await, before);
        let paid = production::pay_labour(db, &cadre, &ids, d("2024-09-30"))
            .await
            .unwrap();
        assert_eq!(paid.total, 45_000);
        let vouchers_after_payment = voucher_count(db, &book.id).await;
        let e = production::pay_labour(db, &cadre, &ids, d("2024-09-30"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.already_paid");
        assert_eq!(voucher_count(db, &book.id).await, vouchers_after_payment);
        assert_eq!(
            production::units(db, &cadre.scope, &p.id).await.unwrap()[0].id,
            unit.id
        );
        assert_eq!(
            production::batches(db, &cadre.scope, &p.id).await.unwrap()[0].id,
            batch.id
        );
        let logs = production::logs(db, &cadre.scope, &p.id).await.unwrap();
        assert_eq!(logs.len(), 4);
        assert!(
            logs.iter()
                .filter(|l| l.kind == "labour")
                .all(|l| l.paid_voucher_id.as_deref() == Some(paid.id.as_str()))
        );
        let other = user("hongpu", Role::VillageCadre, HONGPU);
        assert!(
            production::units(db, &other.scope, &p.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            production::logs(db, &other.scope, &p.id)
                .await
                .unwrap()
                .is_empty()
        );
    });
}

fn d(s: &str) -> chrono::NaiveDate {
    domain::time::parse_date(s).unwrap()
}

#[tokio::test]
async fn results_count_a_worker_in_two_batches_once() {
    use domain::industry::{BatchInput, LogInput, UnitInput};
    use store::industry::production;
    use store::industry::results::{Selection, results, set_household};
    on_each_backend!(|db| {
        let (org, _book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let p = project(db, &cadre, &org.id).await;
        let a = worker(db, &cadre, "王大", 1).await;
        let b = worker(db, &cadre, "王二", 2).await;
        set_household(db, &cadre, &b, "王大户").await.unwrap();
        set_household(db, &cadre, &a, "王大户").await.unwrap();
        let mut batches = Vec::new();
        for (name, area) in [("1号大棚", "400"), ("2号大棚", "600")] {
            let unit = production::create_unit(
                db,
                &cadre,
                &p.id,
                &UnitInput {
                    kind: "greenhouse".into(),
                    name: name.into(),
                    area_m2: area.into(),
                    ..Default::default()
                }
                .validate()
                .unwrap(),
            )
            .await
            .unwrap();
            let batch = production::create_batch(
                db,
                &cadre,
                &unit.id,
                &BatchInput {
                    crop: "灵芝".into(),
                    started_on: "2024-03-01".into(),
                    size: "2000".into(),
                    size_unit: "袋".into(),
                    ..Default::default()
                }
                .validate()
                .unwrap(),
            )
            .await
            .unwrap();
            batches.push(batch.id);
        }
        let add = |batch: String, l: LogInput| {
            let cadre = cadre.clone();
            async move {
                production::add_log(db, &cadre, &batch, &l.validate().unwrap())
                    .await
                    .unwrap()
            }
        };
        for (i, batch) in batches.iter().enumerate() {
            add(
                batch.clone(),
                LogInput {
                    kind: "harvest".into(),
                    date: "2024-09-01".into(),
                    item: "灵芝子实体".into(),
                    quantity: if i == 0 { "300".into() } else { "1000".into() },
                    unit: if i == 0 { "kg".into() } else { "斤".into() },
                    ..Default::default()
                },
            )
            .await;
            add(
                batch.clone(),
                LogInput {
                    kind: "labour".into(),
                    date: "2024-08-01".into(),
                    person_id: a.clone(),
                    days: "2".into(),
                    wage: "300".into(),
                    ..Default::default()
                },
            )
            .await;
        }
        add(
            batches[1].clone(),
            LogInput {
                kind: "labour".into(),
                date: "2024-08-02".into(),
                person_id: b.clone(),
                days: "1".into(),
                wage: "150".into(),
                ..Default::default()
            },
        )
        .await;
        add(
            batches[1].clone(),
            LogInput {
                kind: "sale".into(),
                date: "2024-09-05".into(),
                item: "灵芝子实体".into(),
                quantity: "800".into(),
                unit: "kg".into(),
                amount: "200000".into(),
                buyer: "药材公司".into(),
                ..Default::default()
            },
        )
        .await;

        let r = results(
            db,
            &cadre.scope,
            &Selection::Project(p.id.clone()),
            Some(2024),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(r.gross_income, 20_000_000);
        assert_eq!(r.distinct_workers, 2);
        assert_eq!(r.person_days, "5");
        assert_eq!(r.wages, 75_000);
        assert_eq!(r.yields[0].total, "800");
        assert_eq!(r.yields[0].unit, "kg");
        assert_eq!(r.yields[0].per_m2.as_deref(), Some("0.8"));
        assert_eq!(r.yields[0].per_greenhouse.as_deref(), Some("400"));
        assert_eq!(r.households.len(), 1);
        assert_eq!(r.households[0].household, "王大户");
        assert_eq!(r.households[0].income, 75_000);

        let one = results(
            db,
            &cadre.scope,
            &Selection::Batch(batches[0].clone()),
            None,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(one.distinct_workers, 1);
        assert_eq!(one.yields[0].per_m2.as_deref(), Some("0.75"));
        let empty = results(
            db,
            &cadre.scope,
            &Selection::Project(p.id.clone()),
            Some(2023),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(empty.distinct_workers, 0);
        let other = user("hongpu", Role::VillageCadre, HONGPU);
        assert!(
            results(db, &other.scope, &Selection::Project(p.id.clone()), None)
                .await
                .unwrap()
                .is_none()
        );
    });
}

/// The ID number `worker` gives a person of sequence `seq`.
fn id_number_of(seq: u32) -> String {
    let first = format!("340803{}{seq:03}", "19800101");
    format!(
        "{first}{}",
        domain::people::person::check_character(&first).unwrap()
    )
}

async fn log_count(db: &Db, project_id: &str) -> usize {
    store::industry::production::logs(db, &Scope::system(), project_id)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn an_import_of_logs_writes_all_or_nothing_and_names_the_bad_row() {
    use domain::industry::{BatchInput, LogInput, UnitInput};
    use store::industry::production::{self, ImportRow};
    on_each_backend!(|db| {
        let (org, book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let p = project(db, &cadre, &org.id).await;
        let unit = production::create_unit(
            db,
            &cadre,
            &p.id,
            &UnitInput {
                kind: "greenhouse".into(),
                name: "1号大棚".into(),
                area_m2: "500".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let batch = production::create_batch(
            db,
            &cadre,
            &unit.id,
            &BatchInput {
                crop: "灵芝".into(),
                started_on: "2024-03-01".into(),
                size: "1000".into(),
                size_unit: "袋".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        worker(db, &cadre, "王大", 1).await;
        worker(db, &cadre, "王二", 2).await;
        // A person of another village: unknown to this cadre.
        let stranger = domain::people::PersonInput {
            region_code: HONGPU.into(),
            name: "李四".into(),
            id_number: id_number_of(9),
            political_status: "群众".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let stranger = store::people::persons::create(db, &Actor::system("test"), &stranger)
            .await
            .unwrap();

        let harvest = |row: usize, quantity: &str, unit: &str| ImportRow {
            row,
            input: LogInput {
                kind: "harvest".into(),
                date: "2024-09-01".into(),
                item: "灵芝子实体".into(),
                quantity: quantity.into(),
                unit: unit.into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let sale = |row: usize, quantity: &str, unit: &str| ImportRow {
            row,
            input: LogInput {
                kind: "sale".into(),
                date: "2024-09-05".into(),
                item: "灵芝子实体".into(),
                quantity: quantity.into(),
                unit: unit.into(),
                unit_price: "80".into(),
                buyer: "药材公司".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let labour = |row: usize, number: String, name: &str| ImportRow {
            row,
            input: LogInput {
                kind: "labour".into(),
                date: "2024-08-01".into(),
                days: "2".into(),
                wage: "300".into(),
                ..Default::default()
            },
            id_number: number,
            name: name.into(),
        };

        // A good file: every log and one voucher per sale and labour row.
        let good = vec![
            harvest(2, "100", "kg"),
            sale(3, "20", "kg"),
            sale(4, "40", "斤"),
            labour(5, id_number_of(1), "王大"),
            labour(6, id_number_of(2), ""),
        ];
        let vouchers_before = voucher_count(db, &book.id).await;
        let n = production::import_logs(db, &cadre, &batch.id, &good)
            .await
            .unwrap();
        assert_eq!(n, good.len());
        assert_eq!(log_count(db, &p.id).await, good.len());
        let with_voucher = good.iter().filter(|r| r.input.kind != "harvest").count() as i64;
        assert_eq!(
            voucher_count(db, &book.id).await,
            vouchers_before + with_voucher
        );
        let logs = production::logs(db, &cadre.scope, &p.id).await.unwrap();
        assert!(
            logs.iter()
                .filter(|l| l.kind != "harvest")
                .all(|l| l.voucher_id.is_some())
        );
        assert_eq!(
            production::voucher_labels(db, &cadre.scope, &p.id)
                .await
                .unwrap()
                .len() as i64,
            with_voucher
        );

        // Files with one bad row write nothing and name the row and the field.
        let logs_before = log_count(db, &p.id).await;
        let vouchers_before = voucher_count(db, &book.id).await;
        let cases: Vec<(Vec<ImportRow>, usize, &str, &str)> = vec![
            (
                vec![sale(2, "5", "kg"), labour(3, id_number_of(7), "")],
                3,
                "people.person_unknown",
                "id_number",
            ),
            (
                vec![labour(2, id_number_of(1), "王大"), sale(3, "5", "袋")],
                3,
                "industry.unit_mismatch",
                "unit",
            ),
            (
                vec![sale(2, "5", "kg"), labour(3, id_number_of(1), "王二")],
                3,
                "industry.name_mismatch",
                "name",
            ),
            (
                vec![labour(2, id_number_of(9), "李四")],
                2,
                "people.person_unknown",
                "id_number",
            ),
            (
                vec![harvest(2, "1", "kg"), harvest(3, "-1", "kg")],
                3,
                "industry.quantity_invalid",
                "quantity",
            ),
        ];
        for (rows, row, code, field) in cases {
            match production::import_logs(db, &cadre, &batch.id, &rows).await {
                Err(StoreError::Row { row: r, error }) => {
                    assert_eq!((r, error.code, error.field), (row, code, field));
                }
                other => panic!("{code}: {other:?}"),
            }
            assert_eq!(log_count(db, &p.id).await, logs_before);
            assert_eq!(voucher_count(db, &book.id).await, vouchers_before);
        }

        // Entered one by one, a worker of another village is as unknown as in a file.
        let log = LogInput {
            kind: "labour".into(),
            date: "2024-09-03".into(),
            person_id: stranger.id.clone(),
            days: "1".into(),
            wage: "150".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let e = production::add_log(db, &cadre, &batch.id, &log)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.person_unknown");
        assert_eq!(log_count(db, &p.id).await, logs_before);
        assert_eq!(voucher_count(db, &book.id).await, vouchers_before);

        // Another village's cadre cannot import into this batch.
        let other = user("hongpu", Role::VillageCadre, HONGPU);
        let e = production::import_logs(db, &other, &batch.id, &[harvest(2, "1", "kg")])
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "common.not_found");
        assert_eq!(log_count(db, &p.id).await, logs_before);
    });
}
