//! `store::metrics::value`: scoped like every read, a metric only for the levels it applies
//! to, and the ledger metrics equal to the classification's figures.

use super::*;
use domain::metrics::Metric;

const BAOYING: &str = "340803100201";
const TOWN: &str = "340803100000";
const DISTRICT: &str = "340803000000";

#[tokio::test]
async fn metric_values_are_scoped_and_follow_the_classification() {
    on_each_backend!(|db| {
        seed(db).await;
        let code = |c: &str| RegionCode::parse(c).unwrap();
        let village = Scope::region(code(BAOYING));
        let district = Scope::region(code(DISTRICT));
        // Outside the scope: nothing, whatever the metric.
        for m in Metric::ALL {
            let v = store::metrics::value(db, &village, m, &code(TOWN), 2021)
                .await
                .unwrap();
            assert_eq!(v, None, "{}", m.as_str());
        }
        // A class is a village's only.
        let v = store::metrics::value(db, &district, Metric::VillageClass, &code(TOWN), 2021)
            .await
            .unwrap();
        assert_eq!(v, None);
        let c = store::ledger::classification::classify(db, &district, 2021)
            .await
            .unwrap();
        let row = c.rows.iter().find(|r| r.region_code == BAOYING).unwrap();
        let income =
            store::metrics::value(db, &village, Metric::OperatingIncome, &code(BAOYING), 2021)
                .await
                .unwrap()
                .unwrap();
        assert_eq!(income.value, row.figure);
        let class = store::metrics::value(db, &village, Metric::VillageClass, &code(BAOYING), 2021)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            domain::ledger::Class::ALL.get(class.value as usize),
            Some(&row.class)
        );
        let total: i64 = c.rows.iter().map(|r| r.figure).sum();
        let all = store::metrics::value(
            db,
            &district,
            Metric::OperatingIncome,
            &code(DISTRICT),
            2021,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(all.value, total);
    });
}

mod issue_14 {
    //! The five metrics of issue 14 at their boundaries (the date: 31 December of the year),
    //! and `by_village` equal to `value` for every metric and village, with towns the sum of
    //! their villages and themselves for the additive ones.

    use super::super::industry::project;
    use super::super::ledger::book;
    use super::*;
    use chrono::Datelike;
    use domain::industry::MilestoneInput;
    use domain::industry::project::Status;
    use domain::mechanism::compliance::CellStatus;
    use domain::mechanism::meeting::MeetingInput;
    use domain::mechanism::problem::{ProblemInput, Transition};
    use domain::metrics::MetricValue;
    use domain::people::person::check_character;
    use domain::people::talent::TalentInput;
    use domain::people::{PersonInput, PostInput};
    use store::industry::projects;
    use store::mechanism::{compliance, meetings, problems};
    use store::people::{persons, posts, talent};

    const HONGPU: &str = "340803100202";
    const CHANGFENG: &str = "340803200201";
    const YEAR: i32 = 2024;

    fn d(s: &str) -> chrono::NaiveDate {
        domain::time::parse_date(s).unwrap()
    }

    async fn person(db: &Db, admin: &Actor, region: &str, name: &str, seq: u32) -> String {
        let first17 = format!("340803198001011{seq:02}");
        let number = format!("{first17}{}", check_character(&first17).unwrap());
        let p = PersonInput {
            region_code: region.into(),
            name: name.into(),
            id_number: number,
            political_status: "中共党员".into(),
            ..Default::default()
        };
        persons::create(db, admin, &p.validate().unwrap())
            .await
            .unwrap()
            .id
    }

    async fn post(db: &Db, admin: &Actor, person: &str, region: &str, from: &str, to: &str) {
        let p = PostInput {
            person_id: person.into(),
            region_code: region.into(),
            post: "first_secretary".into(),
            dispatching_unit: "区委组织部".into(),
            starts_on: from.into(),
            ends_on: to.into(),
            ..Default::default()
        };
        posts::create(db, admin, &p.validate().unwrap())
            .await
            .unwrap();
    }

    async fn problem(db: &Db, admin: &Actor, region: &str, deadline: &str) -> String {
        let p = ProblemInput {
            region_code: region.into(),
            title: format!("问题{deadline}"),
            owner_name: "王五".into(),
            deadline: deadline.into(),
            ..Default::default()
        };
        problems::create(db, admin, &p.validate(None).unwrap())
            .await
            .unwrap()
            .id
    }

    async fn finish(db: &Db, admin: &Actor, id: &str, on: &str) {
        problems::transition(db, admin, id, &Transition::Start, d(on))
            .await
            .unwrap();
        let t = Transition::Finish {
            result: "已办结".into(),
            evidence: "照片".into(),
        };
        problems::transition(db, admin, id, &t, d(on))
            .await
            .unwrap();
    }

    async fn meeting(db: &Db, admin: &Actor, region: &str, type_code: &str, date: &str) {
        let m = MeetingInput {
            type_code: type_code.into(),
            region_code: region.into(),
            date: date.into(),
            start_time: "09:00".into(),
            place: "村委会会议室".into(),
            chair: "张书记".into(),
            ..Default::default()
        };
        meetings::create(db, admin, &m.validate().unwrap(), &[])
            .await
            .unwrap();
    }

    async fn figure(db: &Db, m: Metric, region: &str) -> MetricValue {
        let all = Scope::system();
        store::metrics::value(db, &all, m, &code(region), YEAR)
            .await
            .unwrap()
            .unwrap()
    }

    #[tokio::test]
    async fn the_new_metrics_count_at_the_end_of_the_year_and_by_village_is_value() {
        on_each_backend!(|db| {
            let (org, _book) = book(db).await;
            let admin = actor(Role::DistrictAdmin, DISTRICT);
            let cadre = super::super::ledger::user("kuaiji", Role::VillageCadre, BAOYING);

            // First secretaries: 保婴村's in post all year; 洪铺村's left on 30 December;
            // 长风村's arrives in the next year.
            let a = person(db, &admin, BAOYING, "李一", 1).await;
            let b = person(db, &admin, HONGPU, "李二", 2).await;
            let c = person(db, &admin, CHANGFENG, "李三", 3).await;
            post(db, &admin, &a, BAOYING, "2023-03-01", "").await;
            post(db, &admin, &b, HONGPU, "2023-03-01", "2024-12-30").await;
            post(db, &admin, &c, CHANGFENG, "2025-01-01", "").await;
            let fs = figure(db, Metric::FirstSecretaryInPost, DISTRICT).await;
            let villages = store::region::villages_under(db, &Scope::system(), &code(DISTRICT))
                .await
                .unwrap();
            assert_eq!(fs.of, Some(villages.len() as i64));
            assert_eq!(
                figure(db, Metric::FirstSecretaryInPost, BAOYING)
                    .await
                    .value,
                1
            );
            assert_eq!(
                figure(db, Metric::FirstSecretaryInPost, HONGPU).await.value,
                0
            );
            assert_eq!(
                figure(db, Metric::FirstSecretaryInPost, CHANGFENG)
                    .await
                    .value,
                0
            );
            assert_eq!(fs.value, 1);

            // Problems: past their deadline on 31 December when still open then.
            let open = problem(db, &admin, BAOYING, "2024-06-30").await;
            let late = problem(db, &admin, BAOYING, "2024-03-31").await;
            finish(db, &admin, &late, "2025-01-05").await;
            let done = problem(db, &admin, HONGPU, "2024-05-31").await;
            finish(db, &admin, &done, "2024-05-20").await;
            problem(db, &admin, HONGPU, "2024-12-31").await; // due on the date: not past it
            let _ = open;
            assert_eq!(
                figure(db, Metric::ProblemsPastDeadline, BAOYING)
                    .await
                    .value,
                2
            );
            assert_eq!(
                figure(db, Metric::ProblemsPastDeadline, HONGPU).await.value,
                0
            );
            assert_eq!(
                figure(db, Metric::ProblemsPastDeadline, TOWN).await.value,
                2
            );

            // Reserve cadres: the reserve-cadre pool only, not a local talent nor one used.
            for (i, pool) in ["reserve_cadre", "reserve_cadre", "local_talent"]
                .iter()
                .enumerate()
            {
                let p = person(db, &admin, HONGPU, "后备", 10 + i as u32).await;
                let t = TalentInput {
                    person_id: p,
                    pool: (*pool).into(),
                    skills: "电商".into(),
                    ..Default::default()
                };
                talent::create(db, &admin, &t.validate().unwrap())
                    .await
                    .unwrap();
            }
            let this_year = domain::time::today().year();
            let reserve = store::metrics::value(
                db,
                &Scope::system(),
                Metric::ReserveCadres,
                &code(HONGPU),
                this_year,
            )
            .await
            .unwrap()
            .unwrap();
            assert_eq!(reserve.value, 2);
            // Entered today: not in the pool at the end of a year gone by.
            assert_eq!(figure(db, Metric::ReserveCadres, HONGPU).await.value, 0);

            // Projects: under way (实施) since 2024 — one with a milestone overdue on the
            // date, one whose milestone is complete; one approved only is not under way.
            let mut ids = Vec::new();
            for _ in 0..3 {
                ids.push(project(db, &cadre, &org.id).await.id);
            }
            for (i, id) in ids.iter().enumerate() {
                projects::transition(db, &cadre, id, Status::Approved, "", d("2024-03-01"))
                    .await
                    .unwrap();
                if i < 2 {
                    projects::transition(db, &cadre, id, Status::Implementing, "", d("2024-04-01"))
                        .await
                        .unwrap();
                }
                let m = MilestoneInput {
                    title: "大棚建成".into(),
                    due_on: "2024-10-31".into(),
                    progress: if i == 1 { "100" } else { "60" }.into(),
                    ..Default::default()
                };
                projects::add_milestone(db, &cadre, id, &m.validate().unwrap())
                    .await
                    .unwrap();
            }
            let on = figure(db, Metric::ProjectsOnSchedule, BAOYING).await;
            assert_eq!((on.value, on.of), (1, Some(2)));
            // Before the milestone fell due, both were on schedule (the date of 2023: none
            // under way yet).
            let before = store::metrics::value(
                db,
                &Scope::system(),
                Metric::ProjectsOnSchedule,
                &code(BAOYING),
                2023,
            )
            .await
            .unwrap()
            .unwrap();
            assert_eq!((before.value, before.of), (0, Some(0)));

            // Meeting compliance: the board's meeting-rule cells of the year, met of due.
            meeting(db, &admin, BAOYING, "branch_committee", "2024-01-15").await;
            meeting(db, &admin, BAOYING, "branch_assembly", "2024-02-15").await;
            let from = domain::ledger::Period::new(YEAR, 1).unwrap();
            let to = domain::ledger::Period::new(YEAR, 12).unwrap();
            let today = domain::time::today();
            let board = compliance::board(db, &Scope::region(code(BAOYING)), from, to, today)
                .await
                .unwrap();
            let meeting_rule = |id: &str| {
                board
                    .rule(id)
                    .and_then(|r| r.rule())
                    .is_some_and(|r| r.kind.meeting_type().is_some())
            };
            let cells: Vec<_> = board
                .cells
                .iter()
                .filter(|c| meeting_rule(&c.rule))
                .collect();
            let met = cells.iter().filter(|c| c.status == CellStatus::Met).count() as i64;
            let due = cells
                .iter()
                .filter(|c| c.status != CellStatus::Pending)
                .count() as i64;
            let mc = figure(db, Metric::MeetingCompliance, BAOYING).await;
            assert_eq!((mc.value, mc.of), (met, Some(due)));
            assert!(met >= 2 && due > met, "{mc:?}");

            // Every metric: each village's figure from by_village (of the district and of
            // its town) is value's for it; additive figures of a town are its villages' sum.
            let all = Scope::system();
            for year in [2023, YEAR, this_year] {
                for m in Metric::ALL {
                    let rows = store::metrics::by_village(db, &all, m, &code(DISTRICT), year)
                        .await
                        .unwrap();
                    assert_eq!(rows.len(), villages.len());
                    for (v, f) in &rows {
                        let alone = store::metrics::value(db, &all, m, v, year).await.unwrap();
                        assert_eq!(*f, alone, "{} {v} {year}", m.as_str());
                    }
                    let town = store::metrics::by_village(db, &all, m, &code(TOWN), year)
                        .await
                        .unwrap();
                    let expected: Vec<_> = rows
                        .iter()
                        .filter(|(v, _)| v.as_str().starts_with(code(TOWN).subtree_prefix()))
                        .cloned()
                        .collect();
                    assert_eq!(town, expected, "{}", m.as_str());
                    if matches!(
                        m,
                        Metric::FirstSecretaryInPost
                            | Metric::ProblemsPastDeadline
                            | Metric::ReserveCadres
                            | Metric::ProjectsOnSchedule
                            | Metric::StrongVillages
                            | Metric::OperatingIncome
                    ) {
                        let whole = store::metrics::value(db, &all, m, &code(DISTRICT), year)
                            .await
                            .unwrap()
                            .unwrap();
                        let value: i64 = rows.iter().map(|(_, f)| f.unwrap().value).sum();
                        let of: Option<i64> =
                            rows.iter().map(|(_, f)| f.unwrap().of).sum::<Option<i64>>();
                        assert_eq!((whole.value, whole.of), (value, of), "{}", m.as_str());
                    }
                }
            }
        });
    }
}
