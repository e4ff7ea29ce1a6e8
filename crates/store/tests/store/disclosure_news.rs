//! News (工作动态) and villagers' feedback (村民意见) on both backends: feedback is stored with
//! its phone masked (the full number only through the audited reveal), moderated under
//! scope and role, accepted into the problem list, answered in public with the days taken;
//! rejected feedback is never public; every state change is won by exactly one of N
//! concurrent attempts. News is written, submitted, published by someone other than its
//! author (never a village cadre), withdrawn, and only published news is public.

use super::*;
use domain::DomainError;
use domain::audit::entity;
use domain::disclosure::feedback::FeedbackInput;
use domain::mechanism::ProblemInput;
use store::disclosure::feedback::{self, Moderation};

const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";
const TOWN: &str = "340803100000";
const CHANGFENG: &str = "340803200201";
const N: usize = 8;

/// A stored user and the actor acting as them.
pub(super) async fn user(db: &Db, username: &str, role: Role, region: &str) -> Actor {
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

async fn send(db: &Db, region: &str, text: &str, phone: &str) -> feedback::FeedbackRecord {
    let f = FeedbackInput {
        text: text.into(),
        name: "王小明".into(),
        phone: phone.into(),
    }
    .validate()
    .unwrap();
    feedback::submit(db, region, &f).await.unwrap()
}

fn accept(owner: &str) -> Moderation {
    Moderation::Accept(ProblemInput {
        title: "修复村口路灯".into(),
        owner_name: owner.into(),
        deadline: "2026-12-31".into(),
        ..Default::default()
    })
}

#[tokio::test]
async fn feedback_keeps_the_phone_masked_but_for_the_audited_reveal() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = user(db, "zhen", Role::TownOfficer, TOWN).await;
        let r = send(db, BAOYING, "村口路灯坏了", "13812345678").await;
        assert_eq!(r.phone_masked, "138****5678");
        assert_eq!(r.state, "received");
        assert!(r.ref_no.starts_with("YJ"), "{}", r.ref_no);
        // No read but the reveal carries the number.
        let (rows, total) = feedback::list(db, &town.scope, &Default::default(), Page::all())
            .await
            .unwrap();
        assert_eq!(total, 1);
        let listed = format!("{rows:?}");
        assert!(!listed.contains("13812345678"), "{listed}");
        let one = format!(
            "{:?}",
            feedback::get(db, &town.scope, &r.id)
                .await
                .unwrap()
                .unwrap()
        );
        assert!(!one.contains("13812345678"));
        assert!(audited(db, entity::FEEDBACK).await.iter().all(|e| {
            !e.after_json
                .as_deref()
                .unwrap_or("")
                .contains("13812345678")
        }));
        // The reveal: in scope and by a moderator only, audited without the number.
        let leader = user(db, "lingdao", Role::DistrictLeader, "340803000000").await;
        assert_eq!(
            code_of(&feedback::reveal(db, &leader, &r.id).await.unwrap_err()),
            "auth.forbidden"
        );
        let other = user(db, "shili", Role::TownOfficer, "340803200000").await;
        assert_eq!(
            code_of(&feedback::reveal(db, &other, &r.id).await.unwrap_err()),
            "common.not_found"
        );
        assert_eq!(
            feedback::reveal(db, &town, &r.id).await.unwrap(),
            "13812345678"
        );
        let reveals: Vec<_> = audited(db, entity::FEEDBACK)
            .await
            .into_iter()
            .filter(|e| e.action == "reveal")
            .collect();
        assert_eq!(reveals.len(), 1);
        assert_eq!(reveals[0].actor_name, "zhen");
        // A town is no village: nobody sends feedback to it.
        let f = FeedbackInput {
            text: "x".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(
            code_of(&feedback::submit(db, TOWN, &f).await.unwrap_err()),
            "common.not_found"
        );
    });
}

#[tokio::test]
async fn moderation_accepts_into_the_problem_list_and_answers_in_public() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = user(db, "zhen", Role::TownOfficer, TOWN).await;
        let cadre = user(db, "cun", Role::VillageCadre, BAOYING).await;
        let hongpu = user(db, "hongpu", Role::VillageCadre, HONGPU).await;
        let ok = send(db, BAOYING, "村口路灯坏了", "").await;
        let bad = send(db, BAOYING, "广告内容", "").await;
        // A village cadre neither accepts nor rejects; another village does not see it.
        assert_eq!(
            code_of(
                &feedback::moderate(db, &cadre, &ok.id, &accept("cun姓名"))
                    .await
                    .unwrap_err()
            ),
            "auth.forbidden"
        );
        assert_eq!(
            code_of(
                &feedback::moderate(db, &hongpu, &ok.id, &accept("x"))
                    .await
                    .unwrap_err()
            ),
            "common.not_found"
        );
        // A rejection needs its reason; then it is never public.
        let empty = Moderation::Reject { reason: " ".into() };
        assert_eq!(
            code_of(
                &feedback::moderate(db, &town, &bad.id, &empty)
                    .await
                    .unwrap_err()
            ),
            "common.required"
        );
        let rejected = feedback::moderate(
            db,
            &town,
            &bad.id,
            &Moderation::Reject {
                reason: "与村务无关".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(rejected.state, "rejected");
        // Accepting opens the problem, owned and dated, in the village.
        let accepted = feedback::moderate(db, &town, &ok.id, &accept("cun姓名"))
            .await
            .unwrap();
        assert_eq!(accepted.state, "accepted");
        let problem_id = accepted.problem_id.clone().unwrap();
        let p =
            store::mechanism::problems::get(db, &town.scope, &problem_id, domain::time::today())
                .await
                .unwrap()
                .unwrap()
                .view
                .problem;
        assert_eq!(p.region_code, BAOYING);
        assert_eq!(p.owner_name, "cun姓名");
        assert_eq!(p.deadline, "2026-12-31");
        assert!(p.description.contains("村口路灯坏了"));
        assert!(
            feedback::answered_for_region(db, BAOYING, 10)
                .await
                .unwrap()
                .is_empty(),
            "not public before it is answered"
        );
        // The village's cadre answers; the answer is public with the days taken.
        let answered = feedback::moderate(
            db,
            &cadre,
            &ok.id,
            &Moderation::Answer {
                answer: "路灯已于本周修复。".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(answered.state, "answered");
        assert_eq!(answered.answered_by, "cun姓名");
        let public = feedback::answered_for_region(db, BAOYING, 10)
            .await
            .unwrap();
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].body, "村口路灯坏了");
        assert_eq!(public[0].answer, "路灯已于本周修复。");
        assert_eq!(public[0].days_taken, 0);
        let text = format!("{public:?}");
        assert!(!text.contains("广告内容") && !text.contains("王小明"));
        // The response-time metric counts it.
        let year: i32 = domain::time::today()
            .format("%Y")
            .to_string()
            .parse()
            .unwrap();
        let today = domain::time::today();
        let counts = feedback::response_by_village(db, &town.scope, year, today)
            .await
            .unwrap();
        // The answered one in time; the received and accepted ones are not due yet; the
        // rejected one does not count.
        assert_eq!(counts.get(BAOYING), Some(&(1, 1)));
        assert!(
            feedback::response_by_village(db, &Scope::region(code(CHANGFENG)), year, today)
                .await
                .unwrap()
                .is_empty()
        );
        // One more, not answered: not due today, late sixteen days on.
        send(db, BAOYING, "水渠堵了", "").await;
        let counts = feedback::response_by_village(db, &town.scope, year, today)
            .await
            .unwrap();
        assert_eq!(counts.get(BAOYING), Some(&(1, 1)));
        let later = today + chrono::Duration::days(16);
        let counts = feedback::response_by_village(db, &town.scope, year, later)
            .await
            .unwrap();
        assert_eq!(counts.get(BAOYING), Some(&(1, 2)));
        // Filters: by state and by village.
        let (rows, _) = feedback::list(
            db,
            &town.scope,
            &feedback::Filter {
                state: Some(domain::disclosure::feedback::State::Rejected),
                ..Default::default()
            },
            Page::all(),
        )
        .await
        .unwrap();
        assert_eq!(rows.len(), 1);
        let (rows, _) = feedback::list(
            db,
            &town.scope,
            &feedback::Filter {
                region: Some(code(HONGPU)),
                ..Default::default()
            },
            Page::all(),
        )
        .await
        .unwrap();
        assert!(rows.is_empty());
        // Every step is audited.
        assert!(audited(db, entity::FEEDBACK).await.len() >= 5);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_moderations_exactly_one_wins() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = user(db, "zhen", Role::TownOfficer, TOWN).await;
        let r = send(db, BAOYING, "水渠堵塞", "").await;
        let results = race(N, || {
            let (db, town, id) = (db.clone(), town.clone(), r.id.clone());
            async move { feedback::moderate(&db, &town, &id, &accept("张三")).await }
        })
        .await;
        let wins = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(wins, 1, "{results:?}");
        for e in results.iter().filter_map(|r| r.as_ref().err()) {
            assert_eq!(code_of(e), "feedback.state_changed");
        }
        // One problem, not N.
        let (problems, _) = store::mechanism::problems::list(
            db,
            &town.scope,
            &Default::default(),
            domain::time::today(),
            Page::all(),
        )
        .await
        .unwrap();
        assert_eq!(problems.len(), 1);
        // Accept against reject: one of them.
        let r2 = send(db, BAOYING, "垃圾清运不及时", "").await;
        let results = race(N, || {
            let (db, town, id) = (db.clone(), town.clone(), r2.id.clone());
            async move {
                feedback::moderate(
                    &db,
                    &town,
                    &id,
                    &Moderation::Reject {
                        reason: "重复".into(),
                    },
                )
                .await
            }
        })
        .await;
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
        // Answers: one.
        let results = race(N, || {
            let (db, town, id) = (db.clone(), town.clone(), r.id.clone());
            async move {
                feedback::moderate(
                    &db,
                    &town,
                    &id,
                    &Moderation::Answer {
                        answer: "已安排清理".into(),
                    },
                )
                .await
            }
        })
        .await;
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
        let _ = DomainError::NotFound;
    });
}

mod news {
    use super::*;
    use domain::disclosure::news::{NewsInput, Step};
    use store::disclosure::news;

    fn item(title: &str, body: &str) -> domain::disclosure::news::News {
        NewsInput {
            title: title.into(),
            body: body.into(),
        }
        .validate()
        .unwrap()
    }

    #[tokio::test]
    async fn news_is_published_by_another_than_its_author_and_only_published_is_public() {
        on_each_backend!(|db| {
            seed(db).await;
            let cadre = user(db, "cun", Role::VillageCadre, BAOYING).await;
            let town = user(db, "zhen", Role::TownOfficer, TOWN).await;
            let town2 = user(db, "zhen2", Role::TownOfficer, TOWN).await;
            let other = user(db, "shili", Role::TownOfficer, "340803200000").await;
            let n = news::create(
                db,
                &cadre,
                &code(BAOYING),
                &item("灵芝丰收", "<p>保婴村灵芝<script>x</script>首季丰收</p>"),
            )
            .await
            .unwrap();
            assert_eq!(n.body_html, "<p>保婴村灵芝首季丰收</p>");
            assert_eq!(n.author_name, "cun姓名");
            // Outside the scope: not found; a village cadre writes only its village.
            assert_eq!(
                code_of(
                    &news::create(db, &cadre, &code(HONGPU), &item("t", "b"))
                        .await
                        .unwrap_err()
                ),
                "common.not_found"
            );
            assert!(news::get(db, &other.scope, &n.id).await.unwrap().is_none());
            let img = news::add_image(db, &cadre, &n.id, b"\xff\xd8jpeg", 10, 10)
                .await
                .unwrap();
            assert!(news::public_image(db, &img.id).await.unwrap().is_none());
            let n = news::get(db, &cadre.scope, &n.id).await.unwrap().unwrap();
            assert!(
                n.body_html
                    .contains(&format!("/public/news/images/{}", img.id))
            );
            // Publishing a draft is a conflict; a village cadre never publishes.
            assert_eq!(
                code_of(
                    &news::step(db, &town, &n.id, Step::Publish)
                        .await
                        .unwrap_err()
                ),
                "news.state_changed"
            );
            news::step(db, &cadre, &n.id, Step::Submit).await.unwrap();
            assert_eq!(
                code_of(
                    &news::step(db, &cadre, &n.id, Step::Publish)
                        .await
                        .unwrap_err()
                ),
                "auth.forbidden"
            );
            assert!(
                news::published_for_region(db, BAOYING, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            let p = news::step(db, &town, &n.id, Step::Publish).await.unwrap();
            assert_eq!(
                (p.state.as_str(), p.publisher_name.as_str()),
                ("published", "zhen姓名")
            );
            let public = news::published_for_region(db, BAOYING, 10).await.unwrap();
            assert_eq!(public.len(), 1);
            assert_eq!(public[0].summary, "保婴村灵芝首季丰收");
            assert!(public[0].published_at.ends_with("+08:00"));
            assert!(
                news::published_for_region(db, TOWN, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            assert_eq!(
                news::public_image(db, &img.id).await.unwrap().unwrap(),
                b"\xff\xd8jpeg"
            );
            // Published: no more edits.
            assert_eq!(
                code_of(
                    &news::update(db, &cadre, &n.id, &item("x", "y"))
                        .await
                        .unwrap_err()
                ),
                "news.state_changed"
            );
            // The author never publishes their own item.
            let own = news::create(db, &town, &code(TOWN), &item("镇动态", "<p>内容</p>"))
                .await
                .unwrap();
            news::step(db, &town, &own.id, Step::Submit).await.unwrap();
            assert_eq!(
                code_of(
                    &news::step(db, &town, &own.id, Step::Publish)
                        .await
                        .unwrap_err()
                ),
                "news.own_item"
            );
            news::step(db, &town2, &own.id, Step::Publish)
                .await
                .unwrap();
            // Withdrawn: gone from the public side, images too; archived, not deleted.
            news::step(db, &town, &n.id, Step::Withdraw).await.unwrap();
            assert!(
                news::published_for_region(db, BAOYING, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            assert!(news::published(db, &n.id).await.unwrap().is_none());
            assert!(news::public_image(db, &img.id).await.unwrap().is_none());
            news::archive(db, &cadre, &n.id).await.unwrap();
            let (listed, _) = news::list(db, &town.scope, &Default::default(), Page::all())
                .await
                .unwrap();
            assert_eq!(listed.len(), 1, "the archived one left the list");
            let kept = news::get(db, &town.scope, &n.id).await.unwrap().unwrap();
            assert!(kept.archived);
            let log = audited(db, entity::NEWS_ITEM).await;
            assert!(log.iter().any(|e| e.action == "post"));
            assert_eq!(audited(db, entity::NEWS_IMAGE).await.len(), 1);
        });
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn of_concurrent_steps_exactly_one_wins() {
        on_each_backend!(|db| {
            seed(db).await;
            let cadre = user(db, "cun", Role::VillageCadre, BAOYING).await;
            let town = user(db, "zhen", Role::TownOfficer, TOWN).await;
            let n = news::create(db, &cadre, &code(BAOYING), &item("标题", "<p>正文</p>"))
                .await
                .unwrap();
            for (who, s) in [
                (&cadre, Step::Submit),
                (&town, Step::Publish),
                (&town, Step::Withdraw),
            ] {
                let results = race(N, || {
                    let (db, who, id) = (db.clone(), who.clone(), n.id.clone());
                    async move { news::step(&db, &who, &id, s).await }
                })
                .await;
                assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{s:?}");
                for e in results.iter().filter_map(|r| r.as_ref().err()) {
                    assert_eq!(code_of(e), "news.state_changed");
                }
            }
            let posts = audited(db, entity::NEWS_ITEM)
                .await
                .into_iter()
                .filter(|e| e.action == "post")
                .count();
            assert_eq!(posts, 1);
        });
    }
}
