//! References stay in scope, on both backends: a person or user named on a record (a post's
//! holder, a training's attendee, a meeting's chair and attendees, a problem's owner, a
//! visit's visitor) must be one the actor may name. Anyone else reads exactly like an
//! unknown person or user: the same code on the same field, and no name.

use super::*;
use domain::DomainError;
use domain::mechanism::meeting::AttendeeInput;
use domain::mechanism::{MeetingInput, ProblemInput, VisitInput};
use domain::people::person::check_character;
use domain::people::training::{AttendanceInput, TrainingInput};
use domain::people::{PersonInput, PostInput};
use domain::{FieldError, Id};
use store::mechanism::{meetings, problems, visits};
use store::people::{persons, posts, trainings};

const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";
const CHANGFENG: &str = "340803200201";
const TOWN: &str = "340803100000";
const DISTRICT: &str = "340803000000";

/// A valid ID number with sequence `seq`.
fn id_number(seq: u32) -> String {
    let first = format!("34080319800101{seq:03}");
    format!("{first}{}", check_character(&first).unwrap())
}

/// A stored user and the actor acting as them.
async fn user(db: &Db, username: &str, role: Role, region: &str) -> Actor {
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

fn uid(a: &Actor) -> String {
    a.user_id.unwrap().to_string()
}

/// The field error of a refusal (panics on anything else).
fn field_error(e: StoreError) -> FieldError {
    match e {
        StoreError::Domain(DomainError::Invalid(f)) => f,
        StoreError::Row { error, .. } => error,
        other => panic!("{other:?}"),
    }
}

/// What a refusal tells: the code, the field and the argument names (values differ with the
/// reference typed; an argument carrying a name would show up here).
fn shape(f: &FieldError) -> (&'static str, &'static str, Vec<String>) {
    (
        f.code,
        f.field,
        f.args.keys().map(|k| k.to_string()).collect(),
    )
}

async fn person(db: &Db, region: &str, name: &str, seq: u32) -> persons::PersonRecord {
    let p = PersonInput {
        region_code: region.into(),
        name: name.into(),
        id_number: id_number(seq),
        political_status: "中共党员".into(),
        education: "大专".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    persons::create(db, &Actor::system("test"), &p)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_post_takes_only_a_person_in_the_actors_scope() {
    on_each_backend!(|db| {
        seed(db).await;
        let cadre = user(db, "baoying", Role::VillageCadre, BAOYING).await;
        let own = person(db, BAOYING, "王保婴", 1).await;
        let other = person(db, HONGPU, "李洪铺", 2).await;
        let by_number = |number: &str| PostInput {
            id_number: number.into(),
            region_code: BAOYING.into(),
            post: "两委委员".into(),
            starts_on: "2024-01-01".into(),
            ..Default::default()
        };

        // Another village's person, by ID number: refused like a number never registered,
        // and the answer carries no name.
        let outside = field_error(
            posts::create(db, &cadre, &by_number(&id_number(2)).validate().unwrap())
                .await
                .unwrap_err(),
        );
        let unknown = field_error(
            posts::create(db, &cadre, &by_number(&id_number(9)).validate().unwrap())
                .await
                .unwrap_err(),
        );
        assert_eq!(outside.code, "people.person_unknown");
        assert_eq!(outside.field, "id_number");
        assert_eq!(shape(&outside), shape(&unknown));
        assert_eq!(
            outside.args.get("value").map(String::as_str),
            Some(domain::people::mask_id_number(&id_number(2)).as_str())
        );
        let told = format!("{outside:?}");
        assert!(
            !told.contains(&other.name) && !told.contains(&other.id),
            "{told}"
        );

        // By the person's id: the same.
        let by_id = PostInput {
            person_id: other.id.clone(),
            ..by_number("")
        };
        let outside = field_error(
            posts::create(db, &cadre, &by_id.validate().unwrap())
                .await
                .unwrap_err(),
        );
        let unknown = field_error(
            posts::create(
                db,
                &cadre,
                &PostInput {
                    person_id: Id::new().to_string(),
                    ..by_number("")
                }
                .validate()
                .unwrap(),
            )
            .await
            .unwrap_err(),
        );
        assert_eq!(shape(&outside), shape(&unknown));
        assert_eq!(outside.field, "person_id");

        // An import row: the same refusal, naming the row; nothing written.
        let e = posts::import(
            db,
            &cadre,
            &[(2, by_number(&id_number(1))), (3, by_number(&id_number(2)))],
        )
        .await
        .unwrap_err();
        assert!(matches!(&e, StoreError::Row { row: 3, .. }), "{e:?}");
        assert_eq!(field_error(e).code, "people.person_unknown");
        let held = posts::list(db, &Scope::system(), &posts::Filter::default())
            .await
            .unwrap();
        assert!(held.is_empty(), "{held:?}");

        // The village's own person: recorded, with the name.
        let post = posts::create(db, &cadre, &by_number(&id_number(1)).validate().unwrap())
            .await
            .unwrap();
        assert_eq!(post.person_name, own.name);
        // The town officer may name both villages' people.
        let town = user(db, "town", Role::TownOfficer, TOWN).await;
        let post = posts::create(
            db,
            &town,
            &PostInput {
                region_code: BAOYING.into(),
                ..by_number(&id_number(2))
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(post.person_name, other.name);
    });
}

#[tokio::test]
async fn an_attendee_out_of_scope_reads_as_unknown() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user(db, "admin", Role::DistrictAdmin, DISTRICT).await;
        let town = user(db, "town", Role::TownOfficer, TOWN).await;
        person(db, BAOYING, "王保婴", 1).await;
        person(db, CHANGFENG, "赵长风", 3).await;
        let training = trainings::create(
            db,
            &admin,
            &TrainingInput {
                region_code: DISTRICT.into(),
                topic: "头雁培训".into(),
                starts_on: "2024-05-10".into(),
                hours: "16".into(),
                target_group: "party_secretaries".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let row = |number: &str| AttendanceInput {
            id_number: number.into(),
            attended: "是".into(),
            ..Default::default()
        };
        // Another town's person, by ID number: the same answer as an unregistered number
        // (the field typed, the number masked; never the person's internal id).
        let outside = field_error(
            trainings::set_attendance(db, &town, &training.id, &row(&id_number(3)))
                .await
                .unwrap_err(),
        );
        let unknown = field_error(
            trainings::set_attendance(db, &town, &training.id, &row(&id_number(9)))
                .await
                .unwrap_err(),
        );
        assert_eq!(shape(&outside), shape(&unknown));
        assert_eq!(outside.field, "id_number");
        assert_eq!(
            outside.args.get("value").map(String::as_str),
            Some(domain::people::mask_id_number(&id_number(3)).as_str())
        );
        let e = trainings::import_attendance(
            db,
            &town,
            &training.id,
            &[(2, row(&id_number(1))), (3, row(&id_number(3)))],
        )
        .await
        .unwrap_err();
        assert!(matches!(&e, StoreError::Row { row: 3, .. }), "{e:?}");
        assert_eq!(shape(&field_error(e)), shape(&unknown));
        // The town's own person is recorded.
        let list = trainings::set_attendance(db, &town, &training.id, &row(&id_number(1)))
            .await
            .unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].person_name, "王保婴");
    });
}

fn meeting(chair: Option<&Actor>, attendees: &[&Actor]) -> MeetingInput {
    MeetingInput {
        type_code: "branch_committee".into(),
        region_code: BAOYING.into(),
        date: "2024-05-31".into(),
        start_time: "09:00".into(),
        place: "村委会会议室".into(),
        chair: if chair.is_some() { "" } else { "张书记" }.into(),
        chair_user_id: chair.map(uid).unwrap_or_default(),
        attendees: attendees
            .iter()
            .map(|a| AttendeeInput {
                user_id: uid(a),
                status: "present".into(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

#[tokio::test]
async fn meetings_problems_and_visits_name_only_users_in_scope_or_above() {
    on_each_backend!(|db| {
        seed(db).await;
        let cadre = user(db, "baoying", Role::VillageCadre, BAOYING).await;
        let neighbour = user(db, "hongpu", Role::VillageCadre, HONGPU).await;
        let far = user(db, "changfeng", Role::VillageCadre, CHANGFENG).await;
        let town = user(db, "town", Role::TownOfficer, TOWN).await;
        let leader = user(db, "leader", Role::DistrictLeader, DISTRICT).await;
        let ghost = Actor {
            user_id: Some(Id::new()),
            ..cadre.clone()
        };
        let refused = |e: StoreError| shape(&field_error(e));

        // A chair or attendee of another village: refused like a user that does not exist.
        let as_chair = refused(
            meetings::create(
                db,
                &cadre,
                &meeting(Some(&neighbour), &[]).validate().unwrap(),
                &[],
            )
            .await
            .unwrap_err(),
        );
        let ghost_chair = refused(
            meetings::create(
                db,
                &cadre,
                &meeting(Some(&ghost), &[]).validate().unwrap(),
                &[],
            )
            .await
            .unwrap_err(),
        );
        assert_eq!(as_chair, ghost_chair);
        assert_eq!(as_chair.0, "mechanism.user_unknown");
        assert_eq!(as_chair.1, "chair_user_id");
        let e = meetings::create(
            db,
            &cadre,
            &meeting(None, &[&cadre, &neighbour]).validate().unwrap(),
            &[],
        )
        .await
        .unwrap_err();
        let f = field_error(e);
        assert_eq!((f.code, f.field), ("mechanism.user_unknown", "user_id"));
        assert_eq!(f.args.get("line").map(String::as_str), Some("2"));
        assert!(!format!("{f:?}").contains("hongpu姓名"));
        // Nothing was written, so the neighbour's calendar feed stays empty.
        let feed = meetings::upcoming_for_user(db, &uid(&neighbour), d("2024-01-01"))
            .await
            .unwrap();
        assert!(feed.is_empty(), "{feed:?}");

        // The village's own users, and the town officer and district leader above it, take
        // part; the leader's calendar then shows the meeting.
        let m = meetings::create(
            db,
            &cadre,
            &meeting(Some(&town), &[&cadre, &leader]).validate().unwrap(),
            &[],
        )
        .await
        .unwrap();
        assert_eq!(m.chair, "town姓名");
        let feed = meetings::upcoming_for_user(db, &uid(&leader), d("2024-01-01"))
            .await
            .unwrap();
        assert_eq!(feed.len(), 1);
        // Changing the meeting checks again.
        let e = meetings::update(
            db,
            &cadre,
            &m.id,
            &meeting(Some(&town), &[&far]).validate().unwrap(),
            &[],
        )
        .await
        .unwrap_err();
        assert_eq!(
            refused(e),
            (
                "mechanism.user_unknown",
                "user_id",
                vec!["line".into(), "value".into()]
            )
        );
        // The town officer's scope holds both of its villages: they may name the neighbour
        // on 保婴村's meeting, not a user of another town.
        meetings::update(
            db,
            &town,
            &m.id,
            &meeting(Some(&neighbour), &[]).validate().unwrap(),
            &[],
        )
        .await
        .unwrap();
        let e = meetings::update(
            db,
            &town,
            &m.id,
            &meeting(Some(&far), &[]).validate().unwrap(),
            &[],
        )
        .await
        .unwrap_err();
        assert_eq!(refused(e).1, "chair_user_id");

        // A problem's owner.
        let problem = |owner: &Actor| ProblemInput {
            region_code: BAOYING.into(),
            title: "维修村道".into(),
            owner_user_id: uid(owner),
            deadline: "2024-06-30".into(),
            ..Default::default()
        };
        let outside = refused(
            problems::create(db, &cadre, &problem(&neighbour).validate(None).unwrap())
                .await
                .unwrap_err(),
        );
        let unknown = refused(
            problems::create(db, &cadre, &problem(&ghost).validate(None).unwrap())
                .await
                .unwrap_err(),
        );
        assert_eq!(outside, unknown);
        assert_eq!(outside.1, "owner_user_id");
        let p = problems::create(db, &cadre, &problem(&town).validate(None).unwrap())
            .await
            .unwrap();
        assert_eq!(p.owner_name, "town姓名");
        let e = problems::update(
            db,
            &cadre,
            &p.id,
            &problem(&neighbour).validate(None).unwrap(),
        )
        .await
        .unwrap_err();
        assert_eq!(refused(e), unknown);

        // A visit's visitor.
        let visit = |visitor: &Actor| VisitInput {
            visitor_user_id: uid(visitor),
            region_code: BAOYING.into(),
            household: "王某某户".into(),
            date: "2024-03-08".into(),
            purpose: "走访困难户".into(),
            ..Default::default()
        };
        let outside = refused(
            visits::create(db, &cadre, &visit(&neighbour).validate().unwrap())
                .await
                .unwrap_err(),
        );
        let unknown = refused(
            visits::create(db, &cadre, &visit(&ghost).validate().unwrap())
                .await
                .unwrap_err(),
        );
        assert_eq!(outside, unknown);
        assert_eq!(outside.1, "visitor_user_id");
        let v = visits::create(db, &cadre, &visit(&leader).validate().unwrap())
            .await
            .unwrap();
        assert_eq!(v.visitor_name, "leader姓名");
    });
}

fn d(s: &str) -> chrono::NaiveDate {
    domain::time::parse_date(s).unwrap()
}
