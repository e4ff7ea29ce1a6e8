//! Talent-pool dates (入库日期 / 出库日期) and the `reserve_cadres` metric as of a date: an
//! entry counts when it entered the pool on or before the date and had not left it; a
//! promoted entry leaves on its post's start; archived entries and other pools never count;
//! a reserve-cadre exam's hire enters the pool in the exam's year.

use super::*;
use domain::metrics::Metric;
use domain::people::person::check_character;
use domain::people::recruitment::{ApplicantInput, ApplicantResult, CampaignInput, PositionInput};
use domain::people::talent::{TalentInput, in_pool_on};
use domain::people::{PersonInput, PostInput};
use store::people::{persons, posts, recruitment, talent};

const DISTRICT: &str = "340803000000";
const TOWN: &str = "340803100000";
const BAOYING: &str = "340803100201";

fn d(s: &str) -> chrono::NaiveDate {
    domain::time::parse_date(s).unwrap()
}

async fn person(db: &Db, admin: &Actor, name: &str, seq: u32) -> String {
    let first17 = format!("340803199501011{seq:02}");
    let number = format!("{first17}{}", check_character(&first17).unwrap());
    let p = PersonInput {
        region_code: BAOYING.into(),
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

async fn post(db: &Db, admin: &Actor, person: &str, from: &str) -> String {
    let p = PostInput {
        person_id: person.into(),
        region_code: BAOYING.into(),
        post: "committee_member".into(),
        starts_on: from.into(),
        ..Default::default()
    };
    posts::create(db, admin, &p.validate().unwrap())
        .await
        .unwrap()
        .id
}

async fn reserve_cadres(db: &Db, year: i32) -> i64 {
    store::metrics::value(
        db,
        &Scope::system(),
        Metric::ReserveCadres,
        &code(BAOYING),
        year,
    )
    .await
    .unwrap()
    .unwrap()
    .value
}

/// Names of the reserve cadres (not archived) in the pool on `day`, by the domain's rule.
async fn in_pool(db: &Db, day: &str) -> Vec<String> {
    let all = talent::search(
        db,
        &Scope::system(),
        &talent::Filter {
            include_archived: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut names: Vec<String> = all
        .into_iter()
        .filter(|t| t.pool == "reserve_cadre" && !t.archived)
        .filter(|t| in_pool_on(d(&t.entered_on), t.left_on.as_deref().map(d), d(day)))
        .map(|t| t.person_name)
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn reserve_cadres_count_the_entries_in_the_pool_on_the_date() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, DISTRICT);
        let entry = |p: &str, pool: &str, entered: &str, left: &str| TalentInput {
            person_id: p.into(),
            pool: pool.into(),
            entered_on: entered.into(),
            left_on: left.into(),
            ..Default::default()
        };
        // 甲 since March 2021; 乙 only from 2022; 丙 left on 1 January 2022 (in the pool all
        // of 2021); 丁 left on 31 December 2021 (not in the pool on that day); 戊 archived;
        // 己 is a local talent.
        let rows = [
            ("甲", "reserve_cadre", "2021-03-01", ""),
            ("乙", "reserve_cadre", "2022-05-01", ""),
            ("丙", "reserve_cadre", "2021-03-01", "2022-01-01"),
            ("丁", "reserve_cadre", "2021-03-01", "2021-12-31"),
            ("戊", "reserve_cadre", "2021-01-01", ""),
            ("己", "local_talent", "2021-01-01", ""),
        ];
        let mut ids = Vec::new();
        for (i, (name, pool, entered, left)) in rows.iter().enumerate() {
            let p = person(db, &admin, name, i as u32 + 1).await;
            let t = entry(&p, pool, entered, left).validate().unwrap();
            let r = talent::create(db, &admin, &t).await.unwrap();
            assert_eq!(
                (r.entered_on.as_str(), r.left_on.as_deref().unwrap_or("")),
                (*entered, *left)
            );
            ids.push(r.id);
        }
        talent::set_archived(db, &admin, &ids[4], true)
            .await
            .unwrap();

        assert_eq!(in_pool(db, "2021-12-31").await, ["丙", "甲"]);
        assert_eq!(in_pool(db, "2022-12-31").await, ["乙", "甲"]);
        assert_eq!(in_pool(db, "2020-12-31").await, Vec::<String>::new());
        for (year, day) in [
            (2020, "2020-12-31"),
            (2021, "2021-12-31"),
            (2022, "2022-12-31"),
        ] {
            assert_eq!(
                reserve_cadres(db, year).await,
                in_pool(db, day).await.len() as i64,
                "{year}"
            );
        }
        // The town counts its villages' entries.
        let town = store::metrics::value(
            db,
            &Scope::system(),
            Metric::ReserveCadres,
            &code(TOWN),
            2021,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(town.value, reserve_cadres(db, 2021).await);

        // Promoted (used) to a post starting 1 July 2022: 甲 leaves the pool on that day, and
        // still counts in 2021 whatever today's status.
        let p = talent::get(db, &Scope::system(), &ids[0])
            .await
            .unwrap()
            .unwrap();
        let post_id = post(db, &admin, &p.person_id, "2022-07-01").await;
        let used = TalentInput {
            status: "used".into(),
            post_id: post_id.clone(),
            ..entry(&p.person_id, "reserve_cadre", &p.entered_on, "")
        };
        let r = talent::update(db, &admin, &ids[0], &used.validate().unwrap())
            .await
            .unwrap();
        assert_eq!(
            (r.status.as_str(), r.left_on.as_deref()),
            ("used", Some("2022-07-01"))
        );
        assert_eq!(in_pool(db, "2021-12-31").await, ["丙", "甲"]);
        assert_eq!(in_pool(db, "2022-12-31").await, ["乙"]);
        assert_eq!(reserve_cadres(db, 2021).await, 2);
        assert_eq!(reserve_cadres(db, 2022).await, 1);

        // A post that starts before the entry (promoted before being recorded): out on the
        // day in, so 乙 never counts.
        let q = talent::get(db, &Scope::system(), &ids[1])
            .await
            .unwrap()
            .unwrap();
        let early = post(db, &admin, &q.person_id, "2022-01-01").await;
        let used = TalentInput {
            status: "used".into(),
            post_id: early,
            ..entry(&q.person_id, "reserve_cadre", &q.entered_on, "")
        };
        let r = talent::update(db, &admin, &ids[1], &used.validate().unwrap())
            .await
            .unwrap();
        assert_eq!(r.left_on.as_deref(), Some(q.entered_on.as_str()));
        assert_eq!(in_pool(db, "2022-12-31").await, Vec::<String>::new());
        assert_eq!(reserve_cadres(db, 2022).await, 0);
        // A day out typed before the day in is refused beside the field.
        let back = entry(&q.person_id, "reserve_cadre", "2022-05-01", "2022-04-30").validate();
        assert_eq!(
            back.map(|_| ()).unwrap_err().code,
            "people.talent_left_before_entered"
        );
    });
}

#[tokio::test]
async fn an_exam_hire_enters_the_pool_in_the_exam_year() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, DISTRICT);
        let c = CampaignInput {
            region_code: DISTRICT.into(),
            title: "2021年公开招考村级后备干部".into(),
            kind: "reserve_cadre_exam".into(),
            year: "2021".into(),
            note: String::new(),
        }
        .validate()
        .unwrap();
        let position = PositionInput {
            title: "海口镇村级后备干部".into(),
            quota: "2".into(),
            region_code: TOWN.into(),
        }
        .validate()
        .unwrap();
        let campaign = recruitment::create_campaign(db, &admin, &c, &[position])
            .await
            .unwrap();
        let position = recruitment::positions(db, &Scope::system(), &campaign.id)
            .await
            .unwrap()
            .remove(0);
        for (i, name) in ["张甲", "张乙"].iter().enumerate() {
            let p = person(db, &admin, name, 20 + i as u32).await;
            let a = ApplicantInput {
                person_id: p,
                position_id: position.id.clone(),
                written_score: "80.50".into(),
                interview_score: "81.00".into(),
            }
            .validate()
            .unwrap();
            let a = recruitment::add_applicant(db, &admin, &a).await.unwrap();
            let hired = recruitment::decide(db, &admin, &a.id, ApplicantResult::Hired)
                .await
                .unwrap();
            let entry = talent::get(db, &Scope::system(), hired.talent_id.as_deref().unwrap())
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (entry.entered_on.clone(), entry.left_on),
                (recruitment::hire_entered_on(2021).to_string(), None)
            );
            assert!(entry.entered_on.starts_with("2021-"));
        }
        // Both count in 2021, the exam's year.
        assert_eq!(in_pool(db, "2021-12-31").await, ["张乙", "张甲"]);
        assert_eq!(reserve_cadres(db, 2021).await, 2);
        assert_eq!(reserve_cadres(db, 2020).await, 0);
    });
}

#[tokio::test]
async fn a_talent_import_is_all_or_nothing_with_its_dates() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, DISTRICT);
        let numbers: Vec<String> = [31u32, 32]
            .iter()
            .map(|seq| {
                let first17 = format!("340803199501011{seq:02}");
                format!("{first17}{}", check_character(&first17).unwrap())
            })
            .collect();
        person(db, &admin, "导入甲", 31).await;
        person(db, &admin, "导入乙", 32).await;
        let row = |entered: &str, left: &str| TalentInput {
            pool: "后备干部".into(),
            entered_on: entered.into(),
            left_on: left.into(),
            ..Default::default()
        };
        // The second row's day out lies before its day in: refused at row 3, nothing written.
        let rows = vec![
            (2, numbers[0].clone(), row("2021-09-01", "")),
            (3, numbers[1].clone(), row("2021-09-01", "2021-08-01")),
        ];
        let e = talent::import(db, &admin, &rows).await.unwrap_err();
        match &e {
            StoreError::Row { row, error } => {
                assert_eq!(
                    (*row, error.code, error.field),
                    (3, "people.talent_left_before_entered", "left_on")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(in_pool(db, "2030-01-01").await.is_empty());
        // An unknown number: refused at its row.
        let first17 = "34080319950101199";
        let unknown = format!("{first17}{}", check_character(first17).unwrap());
        let e = talent::import(db, &admin, &[(2, unknown, row("", ""))])
            .await
            .unwrap_err();
        assert!(
            matches!(e, StoreError::Row { row: 2, ref error } if error.code == "people.person_unknown")
        );
        // Both rows good: written, with their dates (empty: today).
        let rows = vec![
            (2, numbers[0].clone(), row("2021-09-01", "")),
            (3, numbers[1].clone(), row("", "")),
        ];
        assert_eq!(talent::import(db, &admin, &rows).await.unwrap(), 2);
        assert_eq!(in_pool(db, "2021-12-31").await, ["导入甲"]);
        let today = domain::time::today().to_string();
        assert_eq!(in_pool(db, &today).await, ["导入乙", "导入甲"]);
        // Again: the person is already in the pool, refused at the row, nothing more written.
        let e = talent::import(db, &admin, &rows[..1]).await.unwrap_err();
        assert!(
            matches!(e, StoreError::Row { row: 2, ref error } if error.code == "people.talent_exists")
        );
        assert_eq!(in_pool(db, &today).await.len(), 2);
    });
}
