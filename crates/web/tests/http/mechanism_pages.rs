//! The mechanism's pages: the problem workflow, scoping of the problem list, the compliance
//! board with its drill-down and missed export, and the start page's due-soon section.

use super::*;
use domain::mechanism::{AssignmentInput, MeetingInput};
use web::i18n::{I18n, Locale, Tr};

fn zh() -> Tr {
    Tr::new(std::sync::Arc::new(I18n::load().unwrap()), Locale::ZhCn)
}

fn location(res: &Resp) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.headers[header::LOCATION].to_str().unwrap().to_string()
}

async fn user_id(app: &App, username: &str) -> String {
    store::identity::find_for_login(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn a_problem_is_ticked_off_by_someone_other_than_its_owner() {
    let app = app().await;
    let tr = zh();
    let cadre = app.login("cadre").await;
    let owner = user_id(&app, "cadre").await;
    let created = app
        .post_form(
            "/mechanism/problems",
            &cadre.cookie,
            &format!(
                "_csrf={}&region_code=340803100201&title={}&owner_user_id={owner}&deadline=2099-12-31&weight=1",
                cadre.csrf,
                enc("灌溉渠渗漏")
            ),
        )
        .await;
    let page = location(&created);
    assert!(page.starts_with("/mechanism/problems/"));
    let detail = app.get(&page, &cadre.cookie).await;
    assert!(
        detail.body.contains(&tr.t("mp-state-todo")),
        "{}",
        detail.body
    );

    // 办理, then 办结 without evidence: the form comes back naming the field.
    let start = app
        .post_form(
            &format!("{page}/start"),
            &cadre.cookie,
            &format!("_csrf={}", cadre.csrf),
        )
        .await;
    location(&start);
    let no_evidence = app
        .post_form(
            &format!("{page}/finish"),
            &cadre.cookie,
            &format!("_csrf={}&result={}&evidence=", cadre.csrf, enc("已修好")),
        )
        .await;
    assert_eq!(no_evidence.status, StatusCode::UNPROCESSABLE_ENTITY);
    let required = tr.field_error(&domain::FieldError::new("common.required", "evidence"));
    assert!(required.contains(&tr.t("field-evidence")));
    assert!(
        no_evidence.body.contains("data-testid=\"finish-error\"")
            && no_evidence.body.contains(&required),
        "{}",
        no_evidence.body
    );
    assert!(no_evidence.body.contains("已修好"), "what was typed stays");
    let finished = app
        .post_form(
            &format!("{page}/finish"),
            &cadre.cookie,
            &format!(
                "_csrf={}&result={}&evidence={}",
                cadre.csrf,
                enc("已修好"),
                enc("现场照片 3 张")
            ),
        )
        .await;
    location(&finished);

    // The owner may not tick it off: the translated error, the state unchanged.
    let refused = app
        .post_form(
            &format!("{page}/close"),
            &cadre.cookie,
            &format!("_csrf={}", cadre.csrf),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .contains(&tr.t("mechanism-problem_owner_confirms")),
        "{}",
        refused.body
    );
    let state_done = format!("data-testid=\"state\">{}", tr.t("mp-state-done"));
    assert!(refused.body.contains(&state_done), "{}", refused.body);
    let again = app.get(&page, &cadre.cookie).await;
    assert!(again.body.contains(&state_done));

    // Someone else (the town officer) ticks it off.
    let town = app.login("town").await;
    let closed = app
        .post_form(
            &format!("{page}/close"),
            &town.cookie,
            &format!("_csrf={}", town.csrf),
        )
        .await;
    location(&closed);
    let after = app.get(&page, &town.cookie).await;
    assert!(
        after.body.contains(&format!(
            "data-testid=\"state\">{}",
            tr.t("mp-state-closed")
        )),
        "{}",
        after.body
    );
    // The history holds every step.
    assert!(after.body.contains(&tr.t("mp-state-doing")));

    // Another village's cadre neither opens it nor sees it in the list or the export.
    let other = app.login("other").await;
    assert_eq!(
        app.get(&page, &other.cookie).await.status,
        StatusCode::NOT_FOUND
    );
    let close_other = app
        .post_form(
            &format!("{page}/close"),
            &other.cookie,
            &format!("_csrf={}", other.csrf),
        )
        .await;
    assert_eq!(close_other.status, StatusCode::NOT_FOUND);
    let list = app.get("/mechanism/problems", &other.cookie).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("灌溉渠渗漏"));
    let own_list = app.get("/mechanism/problems", &cadre.cookie).await;
    assert!(own_list.body.contains("灌溉渠渗漏"));
    let xlsx = app
        .get("/mechanism/problems/export.xlsx", &other.cookie)
        .await;
    let rows = usecase::tabular::read("p.xlsx", &xlsx.bytes).unwrap();
    assert_eq!(rows.len(), 1, "only the header: {rows:?}");
    let xlsx = app
        .get("/mechanism/problems/export.xlsx", &cadre.cookie)
        .await;
    let rows = usecase::tabular::read("p.xlsx", &xlsx.bytes).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][2], "灌溉渠渗漏");
}

async fn meeting(app: &App, date: &str) {
    let m = MeetingInput {
        type_code: "work_promotion".into(),
        region_code: "340803100201".into(),
        date: date.into(),
        start_time: "09:00".into(),
        chair: "李书记".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::mechanism::meetings::create(&app.db, &Actor::system("test"), &m, &[])
        .await
        .unwrap();
}

/// Only one rule: a monthly work-promotion meeting for every guided village.
async fn one_rule(app: &App) -> store::mechanism::RuleRecord {
    let system = Actor::system("test");
    for r in store::mechanism::rules::list(&app.db, true).await.unwrap() {
        store::mechanism::rules::set_active(&app.db, &system, &r.id, false)
            .await
            .unwrap();
    }
    store::mechanism::rules::create(
        &app.db,
        &system,
        "定点指导村每月至少召开一次工作推进会",
        &domain::mechanism::RuleKind::PerAssignment {
            assignment_kind: domain::mechanism::AssignmentKind::Guide,
            meeting_type: "work_promotion".into(),
            at_least: 1,
            every: domain::mechanism::Every::Month,
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_board_shows_the_missed_month_red_until_its_meeting_is_recorded() {
    let app = app().await;
    let tr = zh();
    let rule = one_rule(&app).await;
    let a = AssignmentInput {
        leader_name: "王常委".into(),
        region_code: "340803100201".into(),
        kind: "guide".into(),
        starts_on: "2024-01-01".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::mechanism::assignments::create(&app.db, &Actor::system("test"), &a)
        .await
        .unwrap();
    meeting(&app, "2024-01-15").await;
    meeting(&app, "2024-03-31").await;

    let admin = app.login("admin").await;
    let board = app
        .get("/mechanism/board?from=2024-01&to=2024-03", &admin.cookie)
        .await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    assert_eq!(board.body.matches("data-status=\"missed\"").count(), 1);
    assert_eq!(board.body.matches("data-status=\"met\"").count(), 2);
    assert!(board.body.contains("✗ 0/1") && board.body.contains("✓ 1/1"));
    assert!(board.body.contains("王常委"));
    // The plain-language rule and the translated period labels.
    assert!(
        board
            .body
            .contains("每个定点指导村每月至少召开 1 次工作推进会"),
        "{}",
        board.body
    );
    let feb = domain::mechanism::period::Span::parse("2024-02").unwrap();
    let feb_label = web::mechanism::board::period_label(&tr, feb);
    assert!(board.body.contains(&feb_label));

    // The red cell drills down to its assignment and (no) meetings.
    let href = format!(
        "/mechanism/board/cell?rule={}&region=340803100201&period=2024-02",
        rule.id
    )
    .replace('&', "&#38;");
    let start = board
        .body
        .find(&href)
        .unwrap_or_else(|| panic!("{}", board.body));
    let end = start + board.body[start..].find('"').unwrap();
    let cell = app
        .get(&board.body[start..end].replace("&#38;", "&"), &admin.cookie)
        .await;
    assert_eq!(cell.status, StatusCode::OK, "{}", cell.body);
    assert!(cell.body.contains(&tr.t("mp-status-missed")) && cell.body.contains("王常委"));
    assert!(cell.body.contains("data-testid=\"no-records\""));

    // The missed list holds exactly that cell.
    let xlsx = app
        .get(
            "/mechanism/board/missed.xlsx?from=2024-01&to=2024-03",
            &admin.cookie,
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let rows = usecase::tabular::read("m.xlsx", &xlsx.bytes).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[1],
        vec![
            "保婴村".to_string(),
            "340803100201".into(),
            rule.name.clone(),
            feb_label.clone(),
            "1".into(),
            "0".into(),
        ]
    );

    // The meeting of February, recorded late, turns the cell green.
    meeting(&app, "2024-02-29").await;
    let board = app
        .get("/mechanism/board?from=2024-01&to=2024-03", &admin.cookie)
        .await;
    assert_eq!(board.body.matches("data-status=\"missed\"").count(), 0);
    assert_eq!(board.body.matches("data-status=\"met\"").count(), 3);
    let start = board.body.find(&href).unwrap();
    let end = start + board.body[start..].find('"').unwrap();
    let cell = app
        .get(&board.body[start..end].replace("&#38;", "&"), &admin.cookie)
        .await;
    assert!(cell.body.contains(&tr.t("mp-status-met")));
    assert!(cell.body.contains("/mechanism/meetings/"));
    let xlsx = app
        .get(
            "/mechanism/board/missed.xlsx?from=2024-01&to=2024-03",
            &admin.cookie,
        )
        .await;
    assert_eq!(
        usecase::tabular::read("m.xlsx", &xlsx.bytes).unwrap().len(),
        1
    );

    // A bad range is named on the page.
    let bad = app
        .get("/mechanism/board?from=2024-05&to=2024-01", &admin.cookie)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("data-testid=\"error\""));
}

#[tokio::test]
async fn the_start_page_lists_rules_due_soon_only_when_there_are_some() {
    let app = app().await;
    let tr = zh();
    // The standing rules: every village owes its 支委会 this month.
    let rules = store::mechanism::rules::list(&app.db, false).await.unwrap();
    let monthly = rules
        .iter()
        .find(|r| r.kind == "per_village" && r.params.contains("\"month\""))
        .unwrap();
    let cadre = app.login("cadre").await;
    let home = app.get("/", &cadre.cookie).await;
    assert!(
        home.body.contains("data-testid=\"due-soon\"")
            && home.body.contains(&tr.t("mp-due-soon-title"))
            && home.body.contains(&monthly.name),
        "{}",
        home.body
    );
    assert!(home.body.contains("保婴村") && !home.body.contains("长风村"));
    let landing = app.get("/mechanism", &cadre.cookie).await;
    assert_eq!(landing.status, StatusCode::OK);
    assert!(landing.body.contains("data-testid=\"due-soon\""));
    assert!(landing.body.contains("/mechanism/meetings"));

    // Without active rules nothing is due: no section.
    let system = Actor::system("test");
    for r in &rules {
        store::mechanism::rules::set_active(&app.db, &system, &r.id, false)
            .await
            .unwrap();
    }
    let home = app.get("/", &cadre.cookie).await;
    assert!(!home.body.contains("data-testid=\"due-soon\""));
}

#[tokio::test]
async fn plans_assignments_rules_and_types_in_the_pages() {
    let app = app().await;
    let tr = zh();
    let admin = app.login("admin").await;
    let csrf = format!("_csrf={}", admin.csrf);

    // A plan with its leading group; a bad year is named and nothing is written.
    let bad = app
        .post_form(
            "/mechanism/plans",
            &admin.cookie,
            &format!("{csrf}&region_code=340803000000&year=21&title=x"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(&tr.field_error(
        &domain::FieldError::new("mechanism.year_invalid", "year").arg("value", "21")
    )));
    let created = app
        .post_form(
            "/mechanism/plans",
            &admin.cookie,
            &format!(
                "{csrf}&region_code=340803000000&year=2021&title={}&member_role={}&member_name={}&member_user_id=&member_role=&member_name=&member_user_id=",
                enc("2021年党建引领乡村振兴实施方案"),
                enc("组长"),
                enc("赵书记")
            ),
        )
        .await;
    let plan = location(&created);
    let detail = app.get(&plan, &admin.cookie).await;
    assert!(detail.body.contains("赵书记") && detail.body.contains("组长"));
    let target = app
        .post_form(
            &format!("{plan}/targets"),
            &admin.cookie,
            &format!(
                "{csrf}&name={}&kind=manual&target_value=30&unit={}&manual_value=31&evidence={}",
                enc("招录后备干部"),
                enc("人"),
                enc("招录公告")
            ),
        )
        .await;
    location(&target);
    let detail = app.get(&plan, &admin.cookie).await;
    assert!(detail.body.contains("招录后备干部") && detail.body.contains("31 人"));
    assert!(detail.body.contains(&tr.t("mp-reached")));
    // A village cadre sees no district plan.
    let cadre = app.login("cadre").await;
    assert_eq!(
        app.get(&plan, &cadre.cookie).await.status,
        StatusCode::NOT_FOUND
    );

    // An assignment, ended later: the history keeps it.
    let a = app
        .post_form(
            "/mechanism/assignments",
            &admin.cookie,
            &format!(
                "{csrf}&leader_name={}&region_code=340803100201&kind=guide&starts_on=2021-01-01",
                enc("王常委")
            ),
        )
        .await;
    location(&a);
    let list = app.get("/mechanism/assignments", &admin.cookie).await;
    assert!(list.body.contains("王常委") && list.body.contains(&tr.t("mp-kind-guide")));
    let id = store::mechanism::assignments::list(
        &app.db,
        &domain::identity::Scope::system(),
        &Default::default(),
    )
    .await
    .unwrap()[0]
        .id
        .clone();
    let ended = app
        .post_form(
            &format!("/mechanism/assignments/{id}/end"),
            &admin.cookie,
            &format!("{csrf}&ends_on=2025-12-31"),
        )
        .await;
    location(&ended);
    let list = app
        .get("/mechanism/assignments?active_on=2026-06-01", &admin.cookie)
        .await;
    assert!(!list.body.contains("王常委"));
    let list = app.get("/mechanism/assignments", &admin.cookie).await;
    assert!(list.body.contains("2025-12-31"));

    // Rules read in plain language; a new one is added and deactivated.
    let rules = app.get("/mechanism/rules", &admin.cookie).await;
    assert!(
        rules
            .body
            .contains("每个定点指导村每月至少召开 1 次工作推进会"),
        "{}",
        rules.body
    );
    let new_rule = app
        .post_form(
            "/mechanism/rules",
            &admin.cookie,
            &format!(
                "{csrf}&name={}&kind=per_village&assignment_kind=guide&meeting_type=theme_day&at_least=1&every=month",
                enc("每月主题党日")
            ),
        )
        .await;
    location(&new_rule);
    let rules = app.get("/mechanism/rules", &admin.cookie).await;
    assert!(rules.body.contains("每个村每月至少召开 1 次主题党日"));
    let bad_rule = app
        .post_form(
            "/mechanism/rules",
            &admin.cookie,
            &format!(
                "{csrf}&name=x&kind=per_village&meeting_type=theme_day&at_least=0&every=month"
            ),
        )
        .await;
    assert_eq!(bad_rule.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_rule.body.contains(&tr.t("field-at_least")));
    // Only the administrator changes rules.
    let town = app.login("town").await;
    let refused = app
        .post_form(
            "/mechanism/rules",
            &town.cookie,
            &format!(
                "_csrf={}&name=x&kind=problems_on_time&every=month",
                town.csrf
            ),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Meeting types: added, renamed, deactivated.
    let added = app
        .post_form(
            "/mechanism/types",
            &admin.cookie,
            &format!(
                "{csrf}&code=council&name_zh={}&name_en=Council",
                enc("议事会")
            ),
        )
        .await;
    location(&added);
    let renamed = app
        .post_form(
            "/mechanism/types/council",
            &admin.cookie,
            &format!("{csrf}&name_zh={}&name_en=Council", enc("村民议事会")),
        )
        .await;
    location(&renamed);
    let off = app
        .post_form(
            "/mechanism/types/council/active",
            &admin.cookie,
            &format!("{csrf}&active=0"),
        )
        .await;
    location(&off);
    let types = app.get("/mechanism/types", &admin.cookie).await;
    assert!(types.body.contains("村民议事会") && types.body.contains(&tr.t("mp-inactive")));
    for path in [
        "/mechanism/plans/export.xlsx",
        "/mechanism/assignments/export.xlsx",
        "/mechanism/rules/export.xlsx",
        "/mechanism/types/export.xlsx",
        &format!("{plan}/targets.xlsx"),
    ] {
        let res = app.get(path, &admin.cookie).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert!(
            usecase::tabular::read("x.xlsx", &res.bytes).unwrap().len() >= 2,
            "{path}"
        );
    }

    // Every page reads fully translated in both languages (a missing message shows its id).
    let problem = app
        .post_form(
            "/mechanism/problems",
            &admin.cookie,
            &format!(
                "{csrf}&region_code=340803100201&title=x&owner_name={}&deadline=2020-01-01",
                enc("李四")
            ),
        )
        .await;
    let problem = location(&problem);
    for lang in ["zh-CN", "en-US"] {
        let res = app
            .post_form(
                "/lang",
                &admin.cookie,
                &format!("{csrf}&lang={lang}&back=/"),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        for path in [
            "/",
            "/mechanism",
            "/mechanism/problems",
            "/mechanism/problems/new",
            problem.as_str(),
            "/mechanism/board?from=2026-01&to=2026-03",
            "/mechanism/plans",
            "/mechanism/plans/new",
            plan.as_str(),
            "/mechanism/assignments",
            "/mechanism/rules",
            "/mechanism/types",
        ] {
            let res = app.get(path, &admin.cookie).await;
            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(res.body.contains(&format!("<html lang=\"{lang}\">")));
            assert!(
                !res.body.contains("mp-") && !res.body.contains("field-"),
                "{lang} {path}: {}",
                res.body
            );
        }
    }
}
