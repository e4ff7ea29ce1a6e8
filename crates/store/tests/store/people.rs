//! People and talent on both backends: masking of ID numbers and phones in every read, the
//! audited reveal and full roster, all-or-nothing imports naming the row, scope, coverage at
//! its boundaries, and hiring into the pool within the quota.

use super::*;
use chrono::NaiveDate;
use domain::DomainError;
use domain::people::person::check_character;
use domain::people::recruitment::{ApplicantResult, CampaignInput, PositionInput};
use domain::people::talent::{TalentInput, TalentPool};
use domain::people::training::{AttendanceInput, TargetGroup, TrainingInput};
use domain::people::{IncentiveInput, PersonInput, PostInput, entity};
use store::people::{incentives, persons, posts, recruitment, talent, trainings};

const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";
const CHANGFENG: &str = "340803200201";
const TOWN: &str = "340803100000";
const DISTRICT: &str = "340803000000";

fn d(s: &str) -> NaiveDate {
    domain::time::parse_date(s).unwrap()
}

/// A valid ID number born on `birth` (YYYYMMDD) with sequence `seq` (3 digits).
fn id_number(birth: &str, seq: u32) -> String {
    let first = format!("340803{birth}{seq:03}");
    format!("{first}{}", check_character(&first).unwrap())
}

/// The same number with a wrong check character.
fn bad_check(number: &str) -> String {
    let last = if number.ends_with('0') { '1' } else { '0' };
    format!("{}{last}", &number[..17])
}

fn person(region: &str, name: &str, number: &str) -> PersonInput {
    PersonInput {
        region_code: region.into(),
        name: name.into(),
        id_number: number.into(),
        political_status: "中共党员".into(),
        education: "大专".into(),
        phone: "13855665678".into(),
        ..Default::default()
    }
}

fn code_of(e: &StoreError) -> &'static str {
    match e {
        StoreError::Domain(d) => d.code(),
        StoreError::Row { error, .. } => error.code,
        other => panic!("{other:?}"),
    }
}

async fn audit_all(db: &Db) -> Vec<store::audit::AuditRecord> {
    store::audit::list(db, &Scope::system(), &Default::default(), Page::all())
        .await
        .unwrap()
        .0
}

async fn add(db: &Db, who: &Actor, region: &str, name: &str, number: &str) -> String {
    persons::create(db, who, &person(region, name, number).validate().unwrap())
        .await
        .unwrap()
        .id
}

async fn hold(
    db: &Db,
    who: &Actor,
    person_id: &str,
    region: &str,
    post: &str,
    from: &str,
    to: &str,
) -> String {
    let p = PostInput {
        person_id: person_id.into(),
        region_code: region.into(),
        post: post.into(),
        dispatching_unit: "区委组织部".into(),
        starts_on: from.into(),
        ends_on: to.into(),
        ..Default::default()
    };
    posts::create(db, who, &p.validate().unwrap())
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn personal_information_is_masked_and_revealed_only_to_the_admin_audited() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, DISTRICT);
        let cadre = actor(Role::VillageCadre, BAOYING);
        let other = actor(Role::VillageCadre, HONGPU);
        let officer = actor(Role::TownOfficer, TOWN);
        let leader = actor(Role::DistrictLeader, DISTRICT);
        let number = id_number("19800101", 123);
        let input = person(BAOYING, "张三", &number);
        let p = input.validate().unwrap();

        // Scope and roles on writes.
        assert_eq!(
            code_of(&persons::create(db, &other, &p).await.unwrap_err()),
            "common.not_found"
        );
        assert_eq!(
            code_of(&persons::create(db, &leader, &p).await.unwrap_err()),
            "auth.forbidden"
        );
        let created = persons::create(db, &cadre, &p).await.unwrap();
        assert_eq!(
            created.id_number,
            "340803********".to_string() + &number[14..]
        );
        assert_eq!(created.phone, "138****5678");
        // One person per number.
        let again = persons::create(db, &admin, &p).await.unwrap_err();
        assert_eq!(code_of(&again), "people.id_number_taken");
        assert!(!format!("{again:?}").contains(&number));

        // Every read is masked, for everyone.
        let (list, total) = persons::list(db, &cadre.scope, &Default::default(), Page::all())
            .await
            .unwrap();
        assert_eq!((list.len(), total), (1, 1));
        let (all, _) = persons::list(db, &admin.scope, &Default::default(), Page::all())
            .await
            .unwrap();
        let got = persons::get(db, &cadre.scope, &created.id)
            .await
            .unwrap()
            .unwrap();
        let masked_roster = persons::roster(db, &cadre, false).await.unwrap();
        for text in [
            serde_json::to_string(&list).unwrap(),
            serde_json::to_string(&all).unwrap(),
            serde_json::to_string(&got).unwrap(),
            serde_json::to_string(&masked_roster).unwrap(),
            format!("{list:?}{got:?}{masked_roster:?}"),
        ] {
            assert!(!text.contains(&number), "{text}");
            assert!(!text.contains("13855665678"), "{text}");
            assert!(text.contains("138****5678"));
        }
        // Found by the whole number, which is still not shown.
        let by_number = persons::list(
            db,
            &cadre.scope,
            &persons::Filter {
                text: number.clone(),
                ..Default::default()
            },
            Page::all(),
        )
        .await
        .unwrap();
        assert_eq!(by_number.1, 1);
        // Another village sees nothing.
        assert!(
            persons::get(db, &other.scope, &created.id)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            persons::list(db, &other.scope, &Default::default(), Page::all())
                .await
                .unwrap()
                .1,
            0
        );

        // Reveal: the district administrator only, audited without the value.
        for who in [&cadre, &officer, &leader] {
            let err = persons::reveal(db, who, &created.id).await.unwrap_err();
            assert_eq!(code_of(&err), "auth.forbidden");
            let err = persons::roster(db, who, true).await.unwrap_err();
            assert_eq!(code_of(&err), "auth.forbidden");
        }
        assert!(
            audit_all(db)
                .await
                .iter()
                .all(|a| a.action != "reveal" && a.action != "export")
        );
        let full = persons::reveal(db, &admin, &created.id).await.unwrap();
        assert_eq!(
            (full.id_number.as_str(), full.phone.as_str()),
            (number.as_str(), "13855665678")
        );
        let roster = persons::roster(db, &admin, true).await.unwrap();
        assert_eq!(roster[0].id_number, number);
        let log = audit_all(db).await;
        let reveal = log.iter().find(|a| a.action == "reveal").unwrap();
        assert_eq!(
            (reveal.entity.as_str(), reveal.entity_id.as_str()),
            (entity::PERSON, created.id.as_str())
        );
        assert!(
            log.iter()
                .any(|a| a.action == "export" && a.entity == entity::PERSON)
        );
        for a in &log {
            let text = format!("{a:?}");
            assert!(
                !text.contains(&number) && !text.contains("13855665678"),
                "{text}"
            );
        }

        // Updates, photos and archiving are audited and stay masked.
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 1];
        let with_photo = persons::set_photo(db, &cadre, &created.id, Some(&png))
            .await
            .unwrap();
        assert!(with_photo.has_photo);
        let (t, bytes) = persons::photo(db, &cadre.scope, &created.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((t.as_str(), bytes.len()), ("image/png", png.len()));
        assert!(
            persons::photo(db, &other.scope, &created.id)
                .await
                .unwrap()
                .is_none()
        );
        let bad = persons::set_photo(db, &cadre, &created.id, Some(b"%PDF-1.7"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&bad), "people.photo_type");
        let moved = PersonInput {
            name: "张三丰".into(),
            ..input.clone()
        }
        .validate()
        .unwrap();
        let updated = persons::update(db, &cadre, &created.id, &moved)
            .await
            .unwrap();
        assert_eq!(updated.name, "张三丰");
        let archived = persons::set_archived(db, &cadre, &created.id, true)
            .await
            .unwrap();
        assert!(archived.archived);
        assert_eq!(
            persons::list(db, &cadre.scope, &Default::default(), Page::all())
                .await
                .unwrap()
                .1,
            0
        );
        for a in audit_all(db).await {
            assert!(!format!("{a:?}").contains(&number));
        }
    });
}

#[tokio::test]
async fn imports_write_all_or_nothing_and_name_the_row() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, DISTRICT);
        let n1 = id_number("19800101", 101);
        let n2 = id_number("19850505", 202);
        let n3 = id_number("19900909", 302);
        let rows = vec![
            (2, person(BAOYING, "甲", &n1)),
            (3, person(HONGPU, "乙", &bad_check(&n2))),
            (4, person(HONGPU, "丙", &n3)),
        ];
        let err = persons::import(db, &admin, &rows).await.unwrap_err();
        match &err {
            StoreError::Row { row, error } => {
                assert_eq!(
                    (*row, error.code, error.field),
                    (3, "people.id_number_invalid", "id_number")
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            persons::list(db, &admin.scope, &Default::default(), Page::all())
                .await
                .unwrap()
                .1,
            0
        );
        assert!(
            audit_all(db)
                .await
                .iter()
                .all(|a| !a.entity.starts_with("people_"))
        );
        // The same number twice in the file.
        let twice = vec![
            (2, person(BAOYING, "甲", &n1)),
            (3, person(HONGPU, "乙", &n1)),
        ];
        let err = persons::import(db, &admin, &twice).await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Row { row: 3, error } if error.code == "people.id_number_taken")
        );
        // A village cadre imports only into their village.
        let cadre = actor(Role::VillageCadre, BAOYING);
        let err = persons::import(
            db,
            &cadre,
            &[
                (2, person(BAOYING, "甲", &n1)),
                (3, person(HONGPU, "乙", &n2)),
            ],
        )
        .await
        .unwrap_err();
        assert!(matches!(&err, StoreError::Row { row: 3, error } if error.field == "region_code"));
        assert_eq!(
            persons::list(db, &admin.scope, &Default::default(), Page::all())
                .await
                .unwrap()
                .1,
            0
        );

        // Fixed, it imports.
        let good = vec![
            (2, person(BAOYING, "甲", &n1)),
            (3, person(HONGPU, "乙", &n2)),
            (4, person(HONGPU, "丙", &n3)),
        ];
        assert_eq!(persons::import(db, &admin, &good).await.unwrap().created, 3);
        // Against the database.
        let n4 = id_number("19700303", 404);
        let err = persons::import(
            db,
            &admin,
            &[
                (2, person(CHANGFENG, "丁", &n4)),
                (3, person(BAOYING, "甲", &n1)),
            ],
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, StoreError::Row { row: 3, error } if error.code == "people.id_number_taken")
        );
        assert!(!format!("{err:?}").contains(&n1));
        assert_eq!(
            persons::list(db, &admin.scope, &Default::default(), Page::all())
                .await
                .unwrap()
                .1,
            3
        );

        // Posts by ID number: an unknown number names the row; nothing written.
        let post = |number: &str, region: &str, kind: &str| PostInput {
            id_number: number.into(),
            region_code: region.into(),
            post: kind.into(),
            starts_on: "2021-01-01".into(),
            ..Default::default()
        };
        let err = posts::import(
            db,
            &admin,
            &[
                (2, post(&n1, BAOYING, "村党组织书记")),
                (3, post(&n4, HONGPU, "村党组织书记")),
            ],
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, StoreError::Row { row: 3, error } if error.code == "people.person_unknown")
        );
        let err = posts::import(db, &admin, &[(2, post(&n1, BAOYING, "第一书记"))])
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Row { row: 2, error } if error.code == "people.dispatching_unit_required")
        );
        assert!(
            posts::list(db, &admin.scope, &Default::default())
                .await
                .unwrap()
                .is_empty()
        );
        let written = posts::import(
            db,
            &admin,
            &[
                (2, post(&n1, BAOYING, "村党组织书记")),
                (3, post(&n2, HONGPU, "party_secretary")),
                (4, post(&n3, HONGPU, "两委委员")),
            ],
        )
        .await
        .unwrap();
        assert_eq!(written, 3);
        let team = posts::current_team(db, &admin.scope, &code(HONGPU), d("2021-06-01"))
            .await
            .unwrap();
        let names: Vec<&str> = team.iter().map(|p| p.person_name.as_str()).collect();
        assert_eq!(names, vec!["乙", "丙"], "the secretary first");

        // Attendance by ID number.
        let training = trainings::create(
            db,
            &admin,
            &TrainingInput {
                region_code: DISTRICT.into(),
                topic: "头雁培训".into(),
                starts_on: "2021-05-10".into(),
                ends_on: "2021-05-12".into(),
                hours: "24".into(),
                target_group: "party_secretaries".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let row = |number: &str, attended: &str| AttendanceInput {
            id_number: number.into(),
            attended: attended.into(),
            ..Default::default()
        };
        let err = trainings::import_attendance(
            db,
            &admin,
            &training.id,
            &[(2, row(&n1, "是")), (3, row(&bad_check(&n2), "是"))],
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, StoreError::Row { row: 3, error } if error.code == "people.id_number_invalid")
        );
        let err = trainings::import_attendance(
            db,
            &admin,
            &training.id,
            &[(2, row(&n1, "是")), (3, row(&n1, "否"))],
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, StoreError::Row { row: 3, error } if error.code == "people.attendance_duplicate")
        );
        assert!(
            trainings::attendance(db, &admin.scope, &training.id)
                .await
                .unwrap()
                .is_empty()
        );
        let n = trainings::import_attendance(
            db,
            &admin,
            &training.id,
            &[(2, row(&n1, "是")), (3, row(&n2, "否"))],
        )
        .await
        .unwrap();
        assert_eq!(n, 2);
        // A village sees the district's training and only its own people's attendance.
        let cadre_list = trainings::list(db, &cadre.scope, &Default::default())
            .await
            .unwrap();
        assert_eq!(cadre_list.len(), 1);
        let seen = trainings::attendance(db, &cadre.scope, &training.id)
            .await
            .unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].person_name, "甲");
        let village = actor(Role::VillageCadre, BAOYING);
        let err = trainings::import_attendance(db, &village, &training.id, &[(2, row(&n1, "是"))])
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "auth.forbidden");
    });
}

#[tokio::test]
async fn coverage_counts_members_on_the_reference_day() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, DISTRICT);
        let a = add(db, &admin, BAOYING, "甲书记", &id_number("19700101", 11)).await;
        let b = add(db, &admin, HONGPU, "乙书记", &id_number("19710101", 21)).await;
        let c = add(db, &admin, HONGPU, "丙书记", &id_number("19720101", 31)).await;
        let f = add(
            db,
            &admin,
            DISTRICT,
            "丁第一书记",
            &id_number("19880101", 41),
        )
        .await;
        hold(db, &admin, &a, BAOYING, "party_secretary", "2018-01-01", "").await;
        // b left before the reference day; c was appointed after the training.
        hold(
            db,
            &admin,
            &b,
            HONGPU,
            "party_secretary",
            "2018-01-01",
            "2021-09-30",
        )
        .await;
        hold(db, &admin, &c, HONGPU, "party_secretary", "2021-10-01", "").await;
        hold(db, &admin, &f, BAOYING, "first_secretary", "2021-03-01", "").await;
        let training = trainings::create(
            db,
            &admin,
            &TrainingInput {
                region_code: DISTRICT.into(),
                topic: "村党组织书记“头雁”培训".into(),
                organiser: "区委组织部".into(),
                starts_on: "2021-05-10".into(),
                hours: "16".into(),
                target_group: "全体村党组织书记".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        for person in [&a, &b] {
            trainings::set_attendance(
                db,
                &admin,
                &training.id,
                &AttendanceInput {
                    person_id: person.clone(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        }
        let today = d("2026-11-29");
        let groups = trainings::coverage(db, &admin.scope, 2021, today)
            .await
            .unwrap();
        let sec = groups
            .iter()
            .find(|g| g.group == TargetGroup::PartySecretaries)
            .unwrap();
        assert_eq!((sec.total, sec.trained), (2, 1));
        assert_eq!(
            sec.untrained,
            vec![(c.clone(), "丙书记".to_string(), HONGPU.to_string())]
        );
        assert!((sec.share - 0.5).abs() < 1e-9);
        let fs = groups
            .iter()
            .find(|g| g.group == TargetGroup::FirstSecretaries)
            .unwrap();
        assert_eq!((fs.total, fs.trained), (1, 0));
        // Scope: 洪铺村 sees its own secretary only.
        let hongpu = Scope::region(code(HONGPU));
        let groups = trainings::coverage(db, &hongpu, 2021, today).await.unwrap();
        let sec = groups
            .iter()
            .find(|g| g.group == TargetGroup::PartySecretaries)
            .unwrap();
        assert_eq!((sec.total, sec.trained, sec.untrained.len()), (1, 0, 1));
        // On the day before c's appointment, b is still a member, and trained.
        let groups = trainings::coverage(db, &admin.scope, 2021, d("2021-09-30"))
            .await
            .unwrap();
        let sec = groups
            .iter()
            .find(|g| g.group == TargetGroup::PartySecretaries)
            .unwrap();
        assert_eq!((sec.total, sec.trained), (2, 2));
        // The plan metric reads the same figure.
        let plan = domain::mechanism::PlanInput {
            region_code: DISTRICT.into(),
            year: "2021".into(),
            title: "2021年实施方案".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let target = domain::mechanism::plan::TargetInput {
            name: "头雁培训覆盖率".into(),
            kind: "metric".into(),
            metric: "training_coverage".into(),
            target_value: "100".into(),
            unit: "%".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let plan = store::mechanism::plans::create(db, &admin, &plan, &[target])
            .await
            .unwrap();
        let progress = store::mechanism::plans::progress(db, &admin.scope, &plan.id)
            .await
            .unwrap()
            .unwrap();
        let p = progress[0].progress;
        assert_eq!((p.actual, p.available, p.done), (50, true, false));
        // Ending a post is history, once.
        let team = posts::current_team(db, &admin.scope, &code(BAOYING), d("2021-06-01"))
            .await
            .unwrap();
        assert_eq!(team.len(), 2);
        let ended = posts::end(db, &admin, &team[0].id, d("2022-01-31"))
            .await
            .unwrap();
        assert_eq!(ended.ends_on.as_deref(), Some("2022-01-31"));
        let again = posts::end(db, &admin, &team[0].id, d("2022-02-28"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&again), "people.post_ended");
        assert_eq!(
            posts::current_team(db, &admin.scope, &code(BAOYING), d("2022-02-01"))
                .await
                .unwrap()
                .len(),
            1
        );
    });
}

#[tokio::test]
async fn hiring_joins_the_pool_within_the_quota() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, DISTRICT);
        let cadre = actor(Role::VillageCadre, BAOYING);
        let x = add(db, &admin, BAOYING, "应聘甲", &id_number("19980101", 51)).await;
        let y = add(db, &admin, HONGPU, "应聘乙", &id_number("19990202", 62)).await;
        let campaign = CampaignInput {
            region_code: DISTRICT.into(),
            title: "2021年公开招考村级后备干部".into(),
            kind: "reserve_cadre_exam".into(),
            year: "2021".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let position = PositionInput {
            title: "村级后备干部".into(),
            quota: "1".into(),
            region_code: TOWN.into(),
        }
        .validate()
        .unwrap();
        let denied = recruitment::create_campaign(db, &cadre, &campaign, &[])
            .await
            .unwrap_err();
        assert_eq!(code_of(&denied), "common.not_found");
        let c = recruitment::create_campaign(db, &admin, &campaign, &[position])
            .await
            .unwrap();
        let positions = recruitment::positions(db, &admin.scope, &c.id)
            .await
            .unwrap();
        assert_eq!(positions.len(), 1);
        let apply = |person: &str, w: &str, i: &str| domain::people::ApplicantInput {
            person_id: person.into(),
            position_id: positions[0].id.clone(),
            written_score: w.into(),
            interview_score: i.into(),
        };
        let ax =
            recruitment::add_applicant(db, &admin, &apply(&x, "78.5", "81.25").validate().unwrap())
                .await
                .unwrap();
        assert_eq!(ax.total_score.as_deref(), Some("159.75"));
        let ay = recruitment::add_applicant(db, &admin, &apply(&y, "70", "").validate().unwrap())
            .await
            .unwrap();
        assert_eq!(ay.total_score, None);
        let twice = recruitment::add_applicant(db, &admin, &apply(&y, "", "").validate().unwrap())
            .await
            .unwrap_err();
        assert_eq!(code_of(&twice), "people.applicant_exists");
        let scored = recruitment::set_scores(
            db,
            &admin,
            &ay.id,
            domain::decimal::Decimal::parse("70"),
            domain::decimal::Decimal::parse("75.5"),
        )
        .await
        .unwrap();
        assert_eq!(scored.total_score.as_deref(), Some("145.5"));

        let hired = recruitment::decide(db, &admin, &ax.id, ApplicantResult::Hired)
            .await
            .unwrap();
        assert_eq!(hired.result, "hired");
        let talent_id = hired.talent_id.clone().unwrap();
        let entry = talent::get(db, &admin.scope, &talent_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                entry.pool.as_str(),
                entry.status.as_str(),
                entry.person_id.as_str()
            ),
            ("reserve_cadre", "reserve", x.as_str())
        );
        let full = recruitment::decide(db, &admin, &ay.id, ApplicantResult::Hired)
            .await
            .unwrap_err();
        assert_eq!(code_of(&full), "people.quota_full");
        assert!(
            talent::search(
                db,
                &admin.scope,
                &talent::Filter {
                    pool: Some(TalentPool::ReserveCadre),
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .iter()
            .all(|t| t.person_id == x)
        );
        recruitment::decide(db, &admin, &ay.id, ApplicantResult::NotHired)
            .await
            .unwrap();
        let undo = recruitment::decide(db, &admin, &ax.id, ApplicantResult::NotHired)
            .await
            .unwrap_err();
        assert_eq!(code_of(&undo), "people.applicant_hired");
        assert_eq!(
            recruitment::positions(db, &admin.scope, &c.id)
                .await
                .unwrap()[0]
                .hired,
            1
        );
        recruitment::set_status(db, &admin, &c.id, domain::people::CampaignStatus::Closed)
            .await
            .unwrap();
        let closed = recruitment::set_scores(db, &admin, &ay.id, None, None)
            .await
            .unwrap_err();
        assert_eq!(code_of(&closed), "people.campaign_closed");

        // A public-institution hire is recorded only.
        let public = CampaignInput {
            region_code: DISTRICT.into(),
            title: "2021年事业单位招聘".into(),
            kind: "事业单位招聘".into(),
            year: "2021".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let position = PositionInput {
            title: "乡镇事业单位".into(),
            quota: "4".into(),
            region_code: DISTRICT.into(),
        }
        .validate()
        .unwrap();
        let pc = recruitment::create_campaign(db, &admin, &public, &[position])
            .await
            .unwrap();
        let pp = recruitment::positions(db, &admin.scope, &pc.id)
            .await
            .unwrap();
        let a = recruitment::add_applicant(
            db,
            &admin,
            &domain::people::ApplicantInput {
                person_id: y.clone(),
                position_id: pp[0].id.clone(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let h = recruitment::decide(db, &admin, &a.id, ApplicantResult::Hired)
            .await
            .unwrap();
        assert_eq!((h.result.as_str(), h.talent_id), ("hired", None));
        assert_eq!(
            recruitment::applicants(db, &admin.scope, &pc.id)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            recruitment::list_campaigns(db, &cadre.scope, false)
                .await
                .unwrap()
                .is_empty()
        );

        // The pool: a local talent, promoted later; search by age, education and text.
        let t = talent::create(
            db,
            &cadre,
            &TalentInput {
                person_id: x.clone(),
                pool: "乡土人才".into(),
                category: "返乡大学生".into(),
                skills: "电商运营".into(),
                tags: "电商,直播".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let on = Some(d("2021-06-01"));
        let search = |f: talent::Filter| async move {
            talent::search(db, &Scope::system(), &f)
                .await
                .unwrap()
                .len()
        };
        assert_eq!(
            search(talent::Filter {
                min_age: Some(23),
                max_age: Some(23),
                on,
                ..Default::default()
            })
            .await,
            2
        );
        assert_eq!(
            search(talent::Filter {
                max_age: Some(22),
                on,
                ..Default::default()
            })
            .await,
            0
        );
        assert_eq!(
            search(talent::Filter {
                education_at_least: Some(domain::people::Education::Bachelor),
                ..Default::default()
            })
            .await,
            0
        );
        assert_eq!(
            search(talent::Filter {
                text: "直播".into(),
                ..Default::default()
            })
            .await,
            1
        );
        assert_eq!(
            talent::search(db, &Scope::region(code(HONGPU)), &Default::default())
                .await
                .unwrap()
                .len(),
            0,
            "another village sees none"
        );
        let p = hold(db, &admin, &x, BAOYING, "两委委员", "2022-01-01", "").await;
        let used = TalentInput {
            person_id: x.clone(),
            pool: "local_talent".into(),
            category: "returning_graduate".into(),
            status: "used".into(),
            post_id: p.clone(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let promoted = talent::update(db, &cadre, &t.id, &used).await.unwrap();
        assert_eq!(
            (promoted.status.as_str(), promoted.post_id.as_deref()),
            ("used", Some(p.as_str()))
        );
        let back = TalentInput {
            status: "reserve".into(),
            post_id: String::new(),
            ..TalentInput {
                person_id: x.clone(),
                pool: "local_talent".into(),
                ..Default::default()
            }
        }
        .validate()
        .unwrap();
        let err = talent::update(db, &cadre, &t.id, &back).await.unwrap_err();
        assert_eq!(code_of(&err), "people.talent_status_invalid");

        // Incentives, in the person's scope.
        let award = IncentiveInput {
            person_id: x.clone(),
            kind: "award".into(),
            date: "2022-07-01".into(),
            title: "优秀村干部".into(),
            issuer: "区委".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let other = actor(Role::VillageCadre, HONGPU);
        let err = incentives::create(db, &other, &award).await.unwrap_err();
        assert_eq!(code_of(&err), "people.person_unknown");
        incentives::create(db, &cadre, &award).await.unwrap();
        assert_eq!(
            incentives::list(db, &cadre.scope, &Default::default())
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            incentives::list(db, &other.scope, &Default::default())
                .await
                .unwrap()
                .is_empty()
        );
        let _ = DomainError::NotFound;
    });
}
