//! The work mechanism on both backends: plans and targets, assignments, meetings with
//! attendees, decisions and attachments, visits, the problem workflow under scope, the
//! compliance board, and the audit entry of every write.

use super::*;
use chrono::NaiveDate;
use domain::DomainError;
use domain::mechanism::compliance::{CellStatus, RuleKind};
use domain::mechanism::meeting::AttendeeInput;
use domain::mechanism::plan::{MemberInput, TargetInput};
use domain::mechanism::problem::{ProblemState, SourceKind, Transition};
use domain::mechanism::{
    AssignmentInput, Every, MeetingInput, PlanInput, ProblemInput, VisitInput, entity,
};
use store::mechanism::{assignments, compliance, meetings, plans, problems, rules, visits};

const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";
const TOWN: &str = "340803100000";
const DISTRICT: &str = "340803000000";

fn d(s: &str) -> NaiveDate {
    domain::time::parse_date(s).unwrap()
}

fn p(s: &str) -> domain::ledger::Period {
    domain::ledger::Period::parse(s).unwrap()
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

fn code_of(e: &StoreError) -> &'static str {
    match e {
        StoreError::Domain(d) => d.code(),
        other => panic!("{other:?}"),
    }
}

async fn audited(db: &Db, entity: &str) -> Vec<store::audit::AuditRecord> {
    store::audit::list(
        db,
        &Scope::system(),
        &store::audit::Filter {
            entity: entity.into(),
            ..Default::default()
        },
        Page::all(),
    )
    .await
    .unwrap()
    .0
}

fn problem(title: &str, owner: &str, deadline: &str) -> ProblemInput {
    ProblemInput {
        title: title.into(),
        owner_name: owner.into(),
        deadline: deadline.into(),
        ..Default::default()
    }
}

fn meeting_input(type_code: &str, region: &str, date: &str) -> MeetingInput {
    MeetingInput {
        type_code: type_code.into(),
        region_code: region.into(),
        date: date.into(),
        start_time: "09:00".into(),
        place: "村委会会议室".into(),
        chair: "张书记".into(),
        ..Default::default()
    }
}

const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

#[tokio::test]
async fn plans_carry_their_group_and_targets_and_compute_progress() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user(db, "admin", Role::DistrictAdmin, DISTRICT).await;
        let cadre = user(db, "cadre", Role::VillageCadre, BAOYING).await;
        let plan = PlanInput {
            region_code: DISTRICT.into(),
            year: "2021".into(),
            title: "2021年党建引领乡村振兴实施方案".into(),
            body: "全面推进".into(),
            members: vec![
                MemberInput {
                    name: "区委书记".into(),
                    role: "组长".into(),
                    ..Default::default()
                },
                MemberInput {
                    user_id: cadre.user_id.unwrap().to_string(),
                    role: "成员".into(),
                    ..Default::default()
                },
            ],
        }
        .validate()
        .unwrap();
        let target =
            |name: &str, kind: &str, metric: &str, value: &str, unit: &str, manual: &str| {
                TargetInput {
                    name: name.into(),
                    kind: kind.into(),
                    metric: metric.into(),
                    target_value: value.into(),
                    unit: unit.into(),
                    manual_value: manual.into(),
                    evidence: String::new(),
                }
                .validate()
                .unwrap()
            };
        let targets = [
            target("全年召开会议", "metric", "meetings_held", "2", "次", ""),
            target(
                "问题按期办结率",
                "metric",
                "problems_closed_on_time",
                "90",
                "%",
                "",
            ),
            target("强村数量", "metric", "strong_villages", "5", "个", ""),
            target("培训覆盖率", "metric", "training_coverage", "100", "%", ""),
            target("新建红领工作站", "manual", "", "3", "个", "3"),
        ];
        let denied = plans::create(db, &cadre, &plan, &targets)
            .await
            .unwrap_err();
        assert_eq!(code_of(&denied), "common.not_found");
        let record = plans::create(db, &admin, &plan, &targets).await.unwrap();
        let detail = plans::get(db, &admin.scope, &record.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.members.len(), 2);
        assert_eq!(
            detail.members[1].name, "cadre姓名",
            "a user's name is filled in"
        );
        assert_eq!(detail.targets.len(), 5);
        assert!(
            plans::get(db, &cadre.scope, &record.id)
                .await
                .unwrap()
                .is_none()
        );

        // One meeting in 2021, one outside the year; one problem due in 2021 finished on time.
        let m = meeting_input("branch_committee", BAOYING, "2021-05-10")
            .validate()
            .unwrap();
        meetings::create(db, &admin, &m, &[]).await.unwrap();
        let m = meeting_input("branch_committee", BAOYING, "2022-01-10")
            .validate()
            .unwrap();
        meetings::create(db, &admin, &m, &[]).await.unwrap();
        let pr = problems::create(
            db,
            &admin,
            &ProblemInput {
                region_code: BAOYING.into(),
                ..problem("修路", "王五", "2021-06-30")
            }
            .validate(None)
            .unwrap(),
        )
        .await
        .unwrap();
        let officer = user(db, "officer", Role::TownOfficer, TOWN).await;
        problems::transition(db, &officer, &pr.id, &Transition::Start, d("2021-06-01"))
            .await
            .unwrap();
        problems::transition(
            db,
            &officer,
            &pr.id,
            &Transition::Finish {
                result: "已修好".into(),
                evidence: "照片".into(),
            },
            d("2021-06-20"),
        )
        .await
        .unwrap();

        let progress = plans::progress(db, &admin.scope, &record.id)
            .await
            .unwrap()
            .unwrap();
        let by_name = |n: &str| {
            progress
                .iter()
                .find(|t| t.target.name == n)
                .unwrap()
                .progress
        };
        let meetings_held = by_name("全年召开会议");
        assert_eq!(
            (
                meetings_held.actual,
                meetings_held.done,
                meetings_held.available
            ),
            (1, false, true)
        );
        let on_time = by_name("问题按期办结率");
        assert_eq!((on_time.actual, on_time.done), (100, true));
        let strong = by_name("强村数量");
        assert_eq!((strong.actual, strong.available), (0, true));
        assert!(!by_name("培训覆盖率").available);
        let manual = by_name("新建红领工作站");
        assert_eq!((manual.actual, manual.done), (3, true));

        // Targets change and archive; the plan archives; each write is audited.
        let first = detail.targets[0].clone();
        let changed = plans::update_target(
            db,
            &admin,
            &first.id,
            &target("全年召开会议", "metric", "meetings_held", "1", "次", ""),
        )
        .await
        .unwrap();
        assert_eq!(changed.target_value, 1);
        plans::set_target_archived(db, &admin, &first.id, true)
            .await
            .unwrap();
        let added = plans::add_target(
            db,
            &admin,
            &record.id,
            &target("x", "manual", "", "1", "", ""),
        )
        .await
        .unwrap();
        assert_eq!(added.position, 6);
        plans::update(db, &admin, &record.id, &plan).await.unwrap();
        plans::set_archived(db, &admin, &record.id, true)
            .await
            .unwrap();
        assert!(
            plans::list(db, &admin.scope, false)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(plans::list(db, &admin.scope, true).await.unwrap().len(), 1);
        assert_eq!(audited(db, entity::PLAN).await.len(), 3);
        // 5 created with the plan, 1 added, 1 update, 1 archive.
        assert_eq!(audited(db, entity::TARGET).await.len(), 8);
    });
}

#[tokio::test]
async fn assignments_keep_their_history_and_follow_scope() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user(db, "admin", Role::DistrictAdmin, DISTRICT).await;
        let leader = user(db, "changwei", Role::DistrictLeader, DISTRICT).await;
        let officer = user(db, "officer", Role::TownOfficer, TOWN).await;
        let cadre = user(db, "cadre", Role::VillageCadre, BAOYING).await;
        let input = AssignmentInput {
            leader_user_id: leader.user_id.unwrap().to_string(),
            region_code: BAOYING.into(),
            kind: "guide".into(),
            starts_on: "2021-01-01".into(),
            ..Default::default()
        };
        let a = input.validate().unwrap();
        assert_eq!(
            code_of(&assignments::create(db, &cadre, &a).await.unwrap_err()),
            "auth.forbidden"
        );
        assert_eq!(
            code_of(&assignments::create(db, &leader, &a).await.unwrap_err()),
            "auth.forbidden"
        );
        let outside = AssignmentInput {
            region_code: "340803200201".into(),
            ..input.clone()
        }
        .validate()
        .unwrap();
        assert_eq!(
            code_of(
                &assignments::create(db, &officer, &outside)
                    .await
                    .unwrap_err()
            ),
            "common.not_found"
        );
        let record = assignments::create(db, &admin, &a).await.unwrap();
        assert_eq!(record.leader_name, "changwei姓名");
        let err = assignments::end(db, &admin, &record.id, d("2020-12-31"))
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "mechanism.end_before_start");
        let ended = assignments::end(db, &admin, &record.id, d("2023-06-30"))
            .await
            .unwrap();
        assert_eq!(ended.ends_on.as_deref(), Some("2023-06-30"));
        assert_eq!(
            code_of(
                &assignments::end(db, &admin, &record.id, d("2023-07-30"))
                    .await
                    .unwrap_err()
            ),
            "mechanism.assignment_ended"
        );
        let next = AssignmentInput {
            starts_on: "2023-07-01".into(),
            ..input.clone()
        };
        assignments::create(db, &officer, &next.validate().unwrap())
            .await
            .unwrap();
        let all = assignments::list(db, &cadre.scope, &Default::default())
            .await
            .unwrap();
        assert_eq!(all.len(), 2, "history kept, visible to the village");
        let active = assignments::list(
            db,
            &admin.scope,
            &assignments::Filter {
                active_on: Some(d("2023-08-01")),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(active.len(), 1);
        assert!(active[0].active_on(d("2023-08-01")));
        let other_village = Scope::region(code(HONGPU));
        assert!(
            assignments::list(db, &other_village, &Default::default())
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            assignments::get(db, &other_village, &record.id)
                .await
                .unwrap()
                .is_none()
        );
        assignments::set_note(db, &admin, &record.id, "换届")
            .await
            .unwrap();
        assignments::set_archived(db, &admin, &record.id, true)
            .await
            .unwrap();
        assert_eq!(
            assignments::list(db, &admin.scope, &Default::default())
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(audited(db, entity::ASSIGNMENT).await.len(), 5);

        // A district leader records meetings only where an assignment of theirs is active.
        let june = meeting_input("work_promotion", BAOYING, "2023-06-15")
            .validate()
            .unwrap();
        assert_eq!(
            code_of(&meetings::create(db, &leader, &june, &[]).await.unwrap_err()),
            "auth.forbidden",
            "the assignment of that day is archived"
        );
        let m = meeting_input("work_promotion", BAOYING, "2023-08-05")
            .validate()
            .unwrap();
        meetings::create(db, &leader, &m, &[]).await.unwrap();
        let elsewhere = meeting_input("work_promotion", HONGPU, "2023-08-05")
            .validate()
            .unwrap();
        assert_eq!(
            code_of(
                &meetings::create(db, &leader, &elsewhere, &[])
                    .await
                    .unwrap_err()
            ),
            "auth.forbidden"
        );
    });
}

#[tokio::test]
async fn meetings_store_attendees_decisions_and_checked_attachments() {
    on_each_backend!(|db| {
        seed(db).await;
        let cadre = user(db, "cadre", Role::VillageCadre, BAOYING).await;
        let member = user(db, "dangyuan", Role::VillageCadre, BAOYING).await;
        let member_id = member.user_id.unwrap().to_string();
        let mut input = meeting_input("branch_committee", BAOYING, "2024-05-31");
        input.end_time = "10:30".into();
        input.minutes_html =
            "<p onclick=x>研究<strong>道路</strong>维修<script>alert(1)</script></p>".into();
        input.attendees = vec![
            AttendeeInput {
                user_id: member_id.clone(),
                status: "present".into(),
                ..Default::default()
            },
            AttendeeInput {
                name: "李四".into(),
                status: "请假".into(),
                ..Default::default()
            },
        ];
        input.decisions = vec![
            problem("维修村道", "王五", "2024-06-30"),
            ProblemInput {
                owner_user_id: member_id.clone(),
                ..problem("整治环境", "", "2024-07-15")
            },
        ];
        let m = input.validate().unwrap();

        // A file that is not PNG/JPEG/PDF by content is refused, naming it, and nothing is written.
        let bad = [
            meetings::Upload {
                file_name: "照片.png",
                data: PNG,
            },
            meetings::Upload {
                file_name: "假图片.jpg",
                data: b"GIF89a....",
            },
        ];
        let err = meetings::create(db, &cadre, &m, &bad).await.unwrap_err();
        match &err {
            StoreError::Domain(DomainError::Invalid(e)) => {
                assert_eq!(
                    (e.code, e.args["name"].as_str()),
                    ("mechanism.attachment_type", "假图片.jpg")
                )
            }
            other => panic!("{other:?}"),
        }
        let (none, total) = meetings::list(db, &Scope::system(), &Default::default(), Page::all())
            .await
            .unwrap();
        assert!(none.is_empty() && total == 0);
        let (no_problems, _) = problems::list(
            db,
            &Scope::system(),
            &Default::default(),
            d("2024-06-01"),
            Page::all(),
        )
        .await
        .unwrap();
        assert!(no_problems.is_empty());
        assert!(audited(db, entity::MEETING).await.is_empty());

        // A decision naming an unknown user rolls the whole meeting back too.
        let mut unknown = input.clone();
        unknown.decisions[1].owner_user_id = domain::Id::new().to_string();
        let err = meetings::create(db, &cadre, &unknown.validate().unwrap(), &[])
            .await
            .unwrap_err();
        match &err {
            StoreError::Domain(DomainError::Invalid(e)) => {
                assert_eq!(
                    (e.code, e.args["line"].as_str()),
                    ("mechanism.user_unknown", "2")
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            meetings::list(db, &Scope::system(), &Default::default(), Page::all())
                .await
                .unwrap()
                .1,
            0
        );

        let good = [
            meetings::Upload {
                file_name: "C:\\fakepath\\现场.png",
                data: PNG,
            },
            meetings::Upload {
                file_name: "纪要.pdf",
                data: PDF,
            },
        ];
        let record = meetings::create(db, &cadre, &m, &good).await.unwrap();
        assert_eq!(record.minutes_html, "<p>研究<strong>道路</strong>维修</p>");
        assert_eq!(
            (record.start_time.as_str(), record.end_time.as_deref()),
            ("09:00", Some("10:30"))
        );
        let detail = meetings::get(db, &cadre.scope, &record.id, d("2024-06-01"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.attendees.len(), 2);
        assert_eq!(detail.attendees[0].name, "dangyuan姓名");
        assert_eq!(
            (
                detail.attendees[1].name.as_str(),
                detail.attendees[1].status.as_str()
            ),
            ("李四", "excused")
        );
        let files: Vec<(&str, &str)> = detail
            .attachments
            .iter()
            .map(|a| (a.file_name.as_str(), a.content_type.as_str()))
            .collect();
        assert_eq!(
            files,
            [("现场.png", "image/png"), ("纪要.pdf", "application/pdf")]
        );
        let (meta, bytes) = meetings::attachment(db, &cadre.scope, &detail.attachments[1].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((bytes.as_slice(), meta.size), (PDF, PDF.len() as i64));
        assert!(
            meetings::attachment(db, &Scope::region(code(HONGPU)), &meta.id)
                .await
                .unwrap()
                .is_none()
        );
        // Decisions are problems of the meeting's region, with the meeting as source.
        assert_eq!(detail.decisions.len(), 2);
        let d0 = &detail.decisions[0].problem;
        assert_eq!(
            (
                d0.title.as_str(),
                d0.region_code.as_str(),
                d0.source_kind.as_str(),
                d0.source_id.as_deref()
            ),
            ("维修村道", BAOYING, "meeting", Some(record.id.as_str()))
        );
        assert_eq!(detail.decisions[1].problem.owner_name, "dangyuan姓名");

        // Another village sees nothing of it.
        let other = Scope::region(code(HONGPU));
        assert!(
            meetings::get(db, &other, &record.id, d("2024-06-01"))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            meetings::list(db, &other, &Default::default(), Page::all())
                .await
                .unwrap()
                .0
                .is_empty()
        );

        // More attachments later: checked the same way.
        let big = vec![0xffu8; domain::mechanism::attachment::MAX_BYTES + 1];
        let err = meetings::add_attachment(
            db,
            &cadre,
            &record.id,
            meetings::Upload {
                file_name: "大.jpg",
                data: &big,
            },
        )
        .await
        .unwrap_err();
        assert_eq!(code_of(&err), "mechanism.attachment_too_large");
        meetings::add_attachment(
            db,
            &cadre,
            &record.id,
            meetings::Upload {
                file_name: "a.jpg",
                data: &[0xff, 0xd8, 0xff, 0xe0],
            },
        )
        .await
        .unwrap();
        assert_eq!(
            meetings::attachments(db, &cadre.scope, &record.id)
                .await
                .unwrap()
                .len(),
            3
        );

        // Calendar and the attendee's feed.
        let may = meetings::in_month(
            db,
            &Scope::region(code(TOWN)),
            Some(&code(BAOYING)),
            2024,
            5,
        )
        .await
        .unwrap();
        assert_eq!(may.len(), 1);
        assert!(
            meetings::in_month(db, &cadre.scope, None, 2024, 6)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            meetings::in_month(db, &cadre.scope, Some(&code(HONGPU)), 2024, 5)
                .await
                .unwrap()
                .is_empty()
        );
        let june = problems::due_in_month(db, &cadre.scope, None, 2024, 6)
            .await
            .unwrap();
        assert_eq!(june.len(), 1);
        let feed = meetings::upcoming_for_user(db, &member_id, d("2024-05-01"))
            .await
            .unwrap();
        assert_eq!(feed.len(), 1);
        assert!(
            meetings::upcoming_for_user(db, &member_id, d("2024-06-01"))
                .await
                .unwrap()
                .is_empty()
        );

        // Updates replace the attendees; archiving hides the meeting.
        let mut changed = input.clone();
        changed.attendees.truncate(1);
        changed.decisions.clear();
        changed.place = "党群服务中心".into();
        let updated = meetings::update(db, &cadre, &record.id, &changed.validate().unwrap(), &[])
            .await
            .unwrap();
        assert_eq!(updated.place, "党群服务中心");
        let detail = meetings::get(db, &cadre.scope, &record.id, d("2024-06-01"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((detail.attendees.len(), detail.decisions.len()), (1, 2));
        meetings::set_archived(db, &cadre, &record.id, true)
            .await
            .unwrap();
        assert!(
            meetings::list(db, &cadre.scope, &Default::default(), Page::all())
                .await
                .unwrap()
                .0
                .is_empty()
        );
        assert_eq!(audited(db, entity::MEETING).await.len(), 3);
        assert_eq!(audited(db, entity::ATTACHMENT).await.len(), 1);
        assert_eq!(audited(db, entity::PROBLEM).await.len(), 2);
    });
}

#[tokio::test]
async fn meeting_types_are_data() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user(db, "admin", Role::DistrictAdmin, DISTRICT).await;
        let cadre = user(db, "cadre", Role::VillageCadre, BAOYING).await;
        let seeded = meetings::types(db, false).await.unwrap();
        let codes: Vec<&str> = seeded.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "work_promotion",
                "liaison",
                "special",
                "branch_assembly",
                "branch_committee",
                "party_group",
                "party_lecture",
                "theme_day"
            ]
        );
        assert_eq!(
            code_of(
                &meetings::add_type(db, &cadre, "evaluation", "民主评议", "Evaluation")
                    .await
                    .unwrap_err()
            ),
            "auth.forbidden"
        );
        let added = meetings::add_type(
            db,
            &admin,
            "evaluation",
            "民主评议党员",
            "Member evaluation",
        )
        .await
        .unwrap();
        assert_eq!(added.position, 9);
        assert_eq!(
            code_of(
                &meetings::add_type(db, &admin, "evaluation", "x", "x")
                    .await
                    .unwrap_err()
            ),
            "mechanism.meeting_type_exists"
        );
        // A name too long is refused beside its own input, with that input's limit.
        for (zh, en, field, max) in [
            ("评".repeat(33), "x".to_string(), "name_zh", "32"),
            ("评议".to_string(), "x".repeat(65), "name_en", "64"),
        ] {
            match meetings::add_type(db, &admin, "long_name", &zh, &en).await {
                Err(StoreError::Domain(domain::DomainError::Invalid(f))) => {
                    assert_eq!((f.code, f.field), ("common.too_long", field));
                    assert_eq!(f.args.get("max").map(String::as_str), Some(max));
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            code_of(
                &meetings::add_type(db, &admin, "Bad Code", "x", "x")
                    .await
                    .unwrap_err()
            ),
            "mechanism.type_code_invalid"
        );
        meetings::set_type_active(db, &admin, "special", false)
            .await
            .unwrap();
        assert_eq!(meetings::types(db, false).await.unwrap().len(), 8);
        assert_eq!(meetings::types(db, true).await.unwrap().len(), 9);
        let m = meeting_input("special", BAOYING, "2024-05-01")
            .validate()
            .unwrap();
        assert_eq!(
            code_of(&meetings::create(db, &cadre, &m, &[]).await.unwrap_err()),
            "mechanism.meeting_type_inactive"
        );
        let m = meeting_input("nope", BAOYING, "2024-05-01")
            .validate()
            .unwrap();
        assert_eq!(
            code_of(&meetings::create(db, &cadre, &m, &[]).await.unwrap_err()),
            "mechanism.meeting_type_unknown"
        );
        assert_eq!(audited(db, entity::MEETING_TYPE).await.len(), 2);
    });
}

#[tokio::test]
async fn visits_raise_problems() {
    on_each_backend!(|db| {
        seed(db).await;
        let leader = user(db, "changwei", Role::DistrictLeader, DISTRICT).await;
        let admin = user(db, "admin", Role::DistrictAdmin, DISTRICT).await;
        assignments::create(
            db,
            &admin,
            &AssignmentInput {
                leader_user_id: leader.user_id.unwrap().to_string(),
                region_code: TOWN.into(),
                kind: "包联".into(),
                starts_on: "2024-01-01".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let input = VisitInput {
            visitor_user_id: leader.user_id.unwrap().to_string(),
            region_code: BAOYING.into(),
            household: "王某某户".into(),
            date: "2024-03-08".into(),
            purpose: "走访困难户".into(),
            findings: "房屋漏雨".into(),
            problems: vec![problem("修缮房屋", "村主任", "2024-04-30")],
            ..Default::default()
        };
        let visit = visits::create(db, &leader, &input.validate().unwrap())
            .await
            .unwrap();
        assert_eq!(visit.visitor_name, "changwei姓名");
        let detail = visits::get(
            db,
            &Scope::region(code(BAOYING)),
            &visit.id,
            d("2024-05-01"),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(detail.problems.len(), 1);
        assert!(detail.problems[0].overdue);
        assert_eq!(detail.problems[0].problem.source_kind, "visit");
        // Outside the leader's assignment (another town): refused.
        let outside = VisitInput {
            region_code: "340803200201".into(),
            problems: vec![],
            ..input.clone()
        };
        assert_eq!(
            code_of(
                &visits::create(db, &leader, &outside.validate().unwrap())
                    .await
                    .unwrap_err()
            ),
            "auth.forbidden"
        );
        let mut changed = input.clone();
        changed.findings = "房屋漏雨，已联系施工队".into();
        visits::update(db, &leader, &visit.id, &changed.validate().unwrap())
            .await
            .unwrap();
        let (list, total) = visits::list(
            db,
            &Scope::region(code(TOWN)),
            &visits::Filter {
                from: Some(d("2024-03-08")),
                to: Some(d("2024-03-08")),
                ..Default::default()
            },
            Page::all(),
        )
        .await
        .unwrap();
        assert_eq!((list.len(), total), (1, 1));
        assert!(
            visits::list(
                db,
                &Scope::region(code(HONGPU)),
                &Default::default(),
                Page::all()
            )
            .await
            .unwrap()
            .0
            .is_empty()
        );
        // A later problem on the same visit.
        let later = problems::create_from(
            db,
            &leader,
            SourceKind::Visit,
            &visit.id,
            &problem("低保复核", "民政专干", "2024-05-31")
                .validate(Some(&code(BAOYING)))
                .unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(later.source_id.as_deref(), Some(visit.id.as_str()));
        visits::set_archived(db, &leader, &visit.id, true)
            .await
            .unwrap();
        assert_eq!(audited(db, entity::VISIT).await.len(), 3);
    });
}

#[tokio::test]
async fn the_problem_workflow_under_scope() {
    on_each_backend!(|db| {
        seed(db).await;
        let owner = user(db, "cunzhuren", Role::VillageCadre, BAOYING).await;
        let colleague = user(db, "cunwei", Role::VillageCadre, BAOYING).await;
        let neighbour = user(db, "hongpu", Role::VillageCadre, HONGPU).await;
        let officer = user(db, "officer", Role::TownOfficer, TOWN).await;
        let today = d("2024-04-10");
        let input = ProblemInput {
            region_code: BAOYING.into(),
            owner_user_id: owner.user_id.unwrap().to_string(),
            ..problem("灌溉渠清淤", "", "2024-04-30")
        };
        let pr = problems::create(db, &owner, &input.validate(None).unwrap())
            .await
            .unwrap();
        assert_eq!(
            (pr.state.as_str(), pr.owner_name.as_str()),
            ("todo", "cunzhuren姓名")
        );
        // Another village neither sees nor changes it, nor enters problems for this village.
        assert!(
            problems::get(db, &neighbour.scope, &pr.id, today)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            problems::list(
                db,
                &neighbour.scope,
                &Default::default(),
                today,
                Page::all()
            )
            .await
            .unwrap()
            .0
            .is_empty()
        );
        assert_eq!(
            code_of(
                &problems::transition(db, &neighbour, &pr.id, &Transition::Start, today)
                    .await
                    .unwrap_err()
            ),
            "common.not_found"
        );
        assert_eq!(
            code_of(
                &problems::create(db, &neighbour, &input.validate(None).unwrap())
                    .await
                    .unwrap_err()
            ),
            "common.not_found"
        );
        assert_eq!(
            code_of(
                &problems::set_progress(db, &neighbour, &pr.id, 50)
                    .await
                    .unwrap_err()
            ),
            "common.not_found"
        );

        problems::transition(db, &owner, &pr.id, &Transition::Start, today)
            .await
            .unwrap();
        problems::set_progress(db, &owner, &pr.id, 60)
            .await
            .unwrap();
        let err = problems::transition(
            db,
            &owner,
            &pr.id,
            &Transition::Finish {
                result: "清淤完成".into(),
                evidence: "".into(),
            },
            today,
        )
        .await
        .unwrap_err();
        assert_eq!(code_of(&err), "common.required");
        let done = problems::transition(
            db,
            &owner,
            &pr.id,
            &Transition::Finish {
                result: "清淤完成".into(),
                evidence: "验收照片".into(),
            },
            d("2024-04-20"),
        )
        .await
        .unwrap();
        assert_eq!(
            (done.state.as_str(), done.done_at.as_deref()),
            ("done", Some("2024-04-20"))
        );
        // The owner cannot tick it off (销号); a colleague sends it back; the town closes it.
        let err = problems::transition(db, &owner, &pr.id, &Transition::Close, today)
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "mechanism.problem_owner_confirms");
        let back = problems::transition(
            db,
            &colleague,
            &pr.id,
            &Transition::SendBack {
                reason: "证据不全".into(),
            },
            d("2024-04-21"),
        )
        .await
        .unwrap();
        assert_eq!(
            (back.state.as_str(), back.done_at.as_deref()),
            ("doing", None)
        );
        problems::transition(
            db,
            &owner,
            &pr.id,
            &Transition::Finish {
                result: "清淤完成".into(),
                evidence: "验收照片和签字".into(),
            },
            d("2024-04-22"),
        )
        .await
        .unwrap();
        let closed =
            problems::transition(db, &officer, &pr.id, &Transition::Close, d("2024-04-23"))
                .await
                .unwrap();
        assert_eq!(
            (
                closed.state.as_str(),
                closed.closed_by.as_deref(),
                closed.closed_at.as_deref()
            ),
            ("closed", Some("officer"), Some("2024-04-23"))
        );
        let detail = problems::get(db, &owner.scope, &pr.id, today)
            .await
            .unwrap()
            .unwrap();
        let steps: Vec<(Option<&str>, &str)> = detail
            .events
            .iter()
            .map(|e| (e.from_state.as_deref(), e.to_state.as_str()))
            .collect();
        assert_eq!(
            steps,
            [
                (None, "todo"),
                (Some("todo"), "doing"),
                (Some("doing"), "done"),
                (Some("done"), "doing"),
                (Some("doing"), "done"),
                (Some("done"), "closed")
            ]
        );
        assert_eq!(detail.events[3].note, "证据不全");
        assert_eq!(
            code_of(
                &problems::set_progress(db, &owner, &pr.id, 10)
                    .await
                    .unwrap_err()
            ),
            "mechanism.problem_finished"
        );

        // A parent in the town with weighted children in its villages.
        let parent = problems::create(
            db,
            &officer,
            &ProblemInput {
                region_code: TOWN.into(),
                ..problem("全镇水利整治", "镇水利站", "2024-06-30")
            }
            .validate(None)
            .unwrap(),
        )
        .await
        .unwrap();
        let child = |region: &str, weight: &str, title: &str| ProblemInput {
            region_code: region.into(),
            parent_id: parent.id.clone(),
            weight: weight.into(),
            ..problem(title, "村干部", "2024-03-31")
        };
        let a = problems::create(
            db,
            &officer,
            &child(BAOYING, "3", "保婴村段").validate(None).unwrap(),
        )
        .await
        .unwrap();
        let b = problems::create(
            db,
            &officer,
            &child(HONGPU, "1", "洪铺村段").validate(None).unwrap(),
        )
        .await
        .unwrap();
        problems::set_progress(db, &officer, &a.id, 40)
            .await
            .unwrap();
        for t in [
            Transition::Start,
            Transition::Finish {
                result: "完成".into(),
                evidence: "照片".into(),
            },
        ] {
            problems::transition(db, &officer, &b.id, &t, d("2024-03-20"))
                .await
                .unwrap();
        }
        let view = problems::get(db, &officer.scope, &parent.id, today)
            .await
            .unwrap()
            .unwrap();
        // (3 × 40 + 1 × 100) / 4 = 55.
        assert_eq!(
            (view.view.progress, view.view.children, view.children.len()),
            (55, 2, 2)
        );
        assert_eq!(
            code_of(
                &problems::set_progress(db, &officer, &parent.id, 10)
                    .await
                    .unwrap_err()
            ),
            "mechanism.progress_computed"
        );
        // The village cadre sees only its own child: still not the town's parent.
        let (own, _) = problems::list(db, &owner.scope, &Default::default(), today, Page::all())
            .await
            .unwrap();
        let titles: Vec<&str> = own.iter().map(|v| v.problem.title.as_str()).collect();
        assert_eq!(titles, ["保婴村段", "灌溉渠清淤"]);
        // A child must lie in its parent's region; a parent cannot become its own descendant.
        let outside = ProblemInput {
            region_code: "340803200201".into(),
            parent_id: a.id.clone(),
            ..problem("x", "y", "2024-05-01")
        };
        assert_eq!(
            code_of(
                &problems::create(db, &Actor::system("t"), &outside.validate(None).unwrap())
                    .await
                    .unwrap_err()
            ),
            "mechanism.parent_region_mismatch"
        );
        // Overdue: the open child past its deadline.
        let (overdue, total) = problems::list(
            db,
            &officer.scope,
            &problems::Filter {
                overdue_only: true,
                ..Default::default()
            },
            today,
            Page::all(),
        )
        .await
        .unwrap();
        assert_eq!(total, 1);
        assert_eq!(overdue[0].problem.id, a.id);
        assert!(overdue[0].overdue);
        let (done_list, _) = problems::list(
            db,
            &officer.scope,
            &problems::Filter {
                state: Some(ProblemState::Done),
                ..Default::default()
            },
            today,
            Page::all(),
        )
        .await
        .unwrap();
        assert_eq!(done_list.len(), 1);
        let grandchild = ProblemInput {
            region_code: BAOYING.into(),
            parent_id: a.id.clone(),
            ..problem("第一段", "村干部", "2024-12-31")
        };
        let g = problems::create(db, &officer, &grandchild.validate(None).unwrap())
            .await
            .unwrap();
        let cycle = ProblemInput {
            region_code: BAOYING.into(),
            parent_id: g.id.clone(),
            ..child(BAOYING, "3", "保婴村段")
        };
        assert_eq!(
            code_of(
                &problems::update(db, &officer, &a.id, &cycle.validate(None).unwrap())
                    .await
                    .unwrap_err()
            ),
            "mechanism.problem_parent_cycle"
        );
        problems::set_archived(db, &officer, &b.id, true)
            .await
            .unwrap();
        // Every write audited (refused ones not): 5 creates; 5 transitions and 1 progress on
        // the first; 1 progress, 2 transitions and 1 archive on the children.
        let entries = audited(db, entity::PROBLEM).await;
        assert_eq!(entries.len(), 5 + 5 + 1 + 1 + 2 + 1);
    });
}

#[tokio::test]
async fn one_missed_month_makes_exactly_one_red_cell() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = user(db, "admin", Role::DistrictAdmin, DISTRICT).await;
        // Only the monthly work-promotion rule for guided villages.
        for r in rules::list(db, false).await.unwrap() {
            rules::set_active(db, &admin, &r.id, false).await.unwrap();
        }
        let rule = rules::create(
            db,
            &admin,
            "定点指导村每月至少召开一次工作推进会",
            &RuleKind::PerAssignment {
                assignment_kind: domain::mechanism::AssignmentKind::Guide,
                meeting_type: "work_promotion".into(),
                at_least: 1,
                every: Every::Month,
            },
        )
        .await
        .unwrap();
        assert_eq!(
            code_of(
                &rules::create(
                    db,
                    &admin,
                    "x",
                    &RuleKind::PerVillage {
                        meeting_type: "nope".into(),
                        at_least: 1,
                        every: Every::Month
                    }
                )
                .await
                .unwrap_err()
            ),
            "mechanism.meeting_type_unknown"
        );
        assignments::create(
            db,
            &admin,
            &AssignmentInput {
                leader_name: "张常委".into(),
                region_code: BAOYING.into(),
                kind: "guide".into(),
                starts_on: "2023-01-01".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        for month in [1, 2, 4, 5, 6] {
            let m = meeting_input("work_promotion", BAOYING, &format!("2023-{month:02}-28"))
                .validate()
                .unwrap();
            meetings::create(db, &admin, &m, &[]).await.unwrap();
        }
        // A meeting of another village and one archived do not count.
        let other = meeting_input("work_promotion", HONGPU, "2023-03-15")
            .validate()
            .unwrap();
        meetings::create(db, &admin, &other, &[]).await.unwrap();
        let archived = meeting_input("work_promotion", BAOYING, "2023-03-10")
            .validate()
            .unwrap();
        let archived = meetings::create(db, &admin, &archived, &[]).await.unwrap();
        meetings::set_archived(db, &admin, &archived.id, true)
            .await
            .unwrap();

        let today = d("2023-07-15");
        let board = compliance::board(db, &admin.scope, p("2023-01"), p("2023-07"), today)
            .await
            .unwrap();
        let statuses: Vec<(String, CellStatus)> = board
            .cells
            .iter()
            .map(|c| (c.period.label(), c.status))
            .collect();
        assert_eq!(statuses.len(), 7);
        let red: Vec<&String> = statuses
            .iter()
            .filter(|(_, s)| *s == CellStatus::Missed)
            .map(|(p, _)| p)
            .collect();
        assert_eq!(red, ["2023-03"]);
        assert_eq!(statuses[6], ("2023-07".to_string(), CellStatus::Pending));
        assert!(
            board
                .cells
                .iter()
                .all(|c| c.rule == rule.id && c.region == BAOYING)
        );
        assert_eq!(board.region_name(BAOYING), Some("保婴村"));
        assert_eq!(board.rules.len(), 1);
        // Drill-down: the records behind a green cell.
        let may = &board.cells[4];
        let records = meetings::by_ids(db, &admin.scope, &may.records)
            .await
            .unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].date, "2023-05-28");
        assert!(
            meetings::by_ids(db, &Scope::region(code(HONGPU)), &may.records)
                .await
                .unwrap()
                .is_empty()
        );

        let missed = compliance::missed(db, &admin.scope, p("2023-01"), p("2023-12"), today)
            .await
            .unwrap();
        assert_eq!(missed.len(), 1);
        assert_eq!(
            (
                missed[0].region_name.as_str(),
                missed[0].period.label(),
                missed[0].rule_name.as_str()
            ),
            (
                "保婴村",
                "2023-03".to_string(),
                "定点指导村每月至少召开一次工作推进会"
            )
        );
        let due = compliance::due_soon(db, &Scope::region(code(TOWN)), today)
            .await
            .unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(
            (due[0].period.label(), due[0].last_day),
            ("2023-07".to_string(), d("2023-07-31"))
        );
        assert_eq!(due[0].regions, [BAOYING]);
        // Another village's scope has no cell for it; a bad range is refused.
        let theirs = compliance::board(
            db,
            &Scope::region(code(HONGPU)),
            p("2023-01"),
            p("2023-07"),
            today,
        )
        .await
        .unwrap();
        assert!(theirs.cells.is_empty());
        let err = compliance::board(db, &admin.scope, p("2023-07"), p("2023-01"), today)
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "mechanism.range_invalid");
        // The seeded rules turned back on: every village owes its 支委会 monthly, etc.
        for r in rules::list(db, true).await.unwrap() {
            rules::set_active(db, &admin, &r.id, true).await.unwrap();
        }
        let full = compliance::board(db, &admin.scope, p("2023-01"), p("2023-03"), today)
            .await
            .unwrap();
        let per_village = full
            .cells
            .iter()
            .filter(|c| full.rule(&c.rule).is_some_and(|r| r.kind == "per_village"))
            .count();
        // 3 villages × (3 months of 支委会 + 1 quarter of 党员大会 + 1 quarter of 党课).
        assert_eq!(per_village, 3 * 5);
        assert_eq!(audited(db, entity::RULE).await.len(), 6 + 1 + 7);
    });
}

/// The board for a year over 500 villages, 200 assignments and five years of meetings and
/// problems, on SQLite (run with `--ignored --nocapture`; the benchmark proper lives with the
/// bench command).
#[tokio::test]
#[ignore]
async fn board_speed_on_sqlite() {
    let t = TestDb::sqlite().await;
    let db = &t.db;
    seed(db).await;
    let Db::Sqlite(pool) = db else { unreachable!() };
    let now = domain::time::now_text();
    let mut tx = pool.begin().await.unwrap();
    let mut villages = Vec::new();
    for town in 0..25 {
        let town_code = format!("340803{:03}000", 300 + town);
        sqlx::query("INSERT INTO regions (code, parent_code, level, kind, name, tags, archived, created_at, updated_at) VALUES ($1, '340803000000', 'town', 'town', $2, '', 0, $3, $3)")
            .bind(&town_code).bind(format!("镇{town}")).bind(&now).execute(&mut *tx).await.unwrap();
        for v in 0..20 {
            let code = format!("340803{:03}{:03}", 300 + town, 201 + v);
            sqlx::query("INSERT INTO regions (code, parent_code, level, kind, name, tags, archived, created_at, updated_at) VALUES ($1, $2, 'village', 'village', $3, '', 0, $4, $4)")
                .bind(&code).bind(&town_code).bind(format!("村{town}-{v}")).bind(&now).execute(&mut *tx).await.unwrap();
            villages.push(code);
        }
    }
    let meeting = "INSERT INTO mechanism_meetings (id, type_code, region_code, date, start_time, end_time, place, chair, chair_user_id, agenda, minutes_html, archived, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, '09:00', NULL, '', '', NULL, '', '', 0, 'bench', $5, $5)";
    let mut n = 0;
    for (i, v) in villages.iter().enumerate() {
        if i < 200 {
            sqlx::query("INSERT INTO mechanism_assignments (id, leader_user_id, leader_name, region_code, kind, starts_on, ends_on, note, archived, created_at, updated_at) VALUES ($1, NULL, '领导', $2, 'guide', '2021-01-01', NULL, '', 0, $3, $3)")
                .bind(domain::Id::new().to_string()).bind(v).bind(&now).execute(&mut *tx).await.unwrap();
        }
        for year in 2021..=2025 {
            for month in 1..=12 {
                let mut types = vec!["branch_committee", "theme_day"];
                if month % 3 == 0 {
                    types.extend(["branch_assembly", "party_lecture"]);
                }
                if i < 200 {
                    types.push("work_promotion");
                    if month % 3 == 1 {
                        types.push("liaison");
                    }
                }
                for ty in types {
                    sqlx::query(meeting)
                        .bind(domain::Id::new().to_string())
                        .bind(ty)
                        .bind(v)
                        .bind(format!("{year}-{month:02}-{:02}", 1 + (i % 28)))
                        .bind(&now)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                    n += 1;
                }
                if month % 2 == 0 {
                    sqlx::query("INSERT INTO mechanism_problems (id, region_code, title, description, owner_user_id, owner_name, deadline, source_kind, source_id, parent_id, weight, progress, state, result, evidence, done_at, closed_at, closed_by, archived, created_at, updated_at) VALUES ($1, $2, 't', '', NULL, 'o', $3, 'direct', NULL, NULL, 1, 0, 'done', 'r', 'e', $3, NULL, NULL, 0, $4, $4)")
                        .bind(domain::Id::new().to_string()).bind(v).bind(format!("{year}-{month:02}-15")).bind(&now).execute(&mut *tx).await.unwrap();
                }
            }
        }
    }
    tx.commit().await.unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    let scope = Scope::region(code(DISTRICT));
    for round in 0..3 {
        let start = std::time::Instant::now();
        let board = compliance::board(db, &scope, p("2024-01"), p("2024-12"), d("2025-06-30"))
            .await
            .unwrap();
        eprintln!(
            "round {round}: {} meetings in store, {} cells in {:?}",
            n,
            board.cells.len(),
            start.elapsed()
        );
    }
    t.drop_db().await;
}
