//! The talent pool, recruitment and training pages: coverage at its boundaries read from the
//! page, hiring beyond the quota, an attendance import with a bad row, the talent filters,
//! scoping for a village cadre, and no full ID number in any page or export for non-admins.

use super::*;
use domain::people::person::check_character;
use domain::people::{PersonInput, PostInput, TalentInput, TrainingInput};
use web::i18n::{I18n, Locale, Tr};

fn zh() -> Tr {
    Tr::new(std::sync::Arc::new(I18n::load().unwrap()), Locale::ZhCn)
}

fn system() -> Actor {
    Actor::system("test")
}

/// A valid ID number of the district with this birth date (`YYYYMMDD`) and serial.
fn id_number(birth: &str, serial: &str) -> String {
    let first = format!("340803{birth}{serial}");
    format!("{first}{}", check_character(&first).unwrap())
}

async fn person(app: &App, region: &str, name: &str, number: &str, education: &str) -> String {
    let p = PersonInput {
        region_code: region.into(),
        name: name.into(),
        id_number: number.into(),
        political_status: "中共党员".into(),
        education: education.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::persons::create(&app.db, &system(), &p)
        .await
        .unwrap()
        .id
}

async fn post(app: &App, person: &str, region: &str, starts: &str, ends: &str) {
    let p = PostInput {
        person_id: person.into(),
        region_code: region.into(),
        post: "村党组织书记".into(),
        starts_on: starts.into(),
        ends_on: ends.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::posts::create(&app.db, &system(), &p)
        .await
        .unwrap();
}

fn location(res: &Resp) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.headers[header::LOCATION].to_str().unwrap().to_string()
}

/// The text of the element with this `data-testid` (up to the next tag).
fn cell(body: &str, testid: &str) -> String {
    let marker = format!("data-testid=\"{testid}\">");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("{testid}: {body}"))
        + marker.len();
    body[start..].split('<').next().unwrap().trim().to_string()
}

async fn training(app: &App, starts: &str) -> String {
    let t = TrainingInput {
        region_code: "340803000000".into(),
        topic: "头雁培训".into(),
        organiser: "区委组织部".into(),
        starts_on: starts.into(),
        hours: "16".into(),
        target_group: "party_secretaries".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::trainings::create(&app.db, &system(), &t)
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn coverage_page_counts_at_the_boundaries_as_the_store_does() {
    let app = app().await;
    let tr = zh();
    let a = id_number("19700101", "001");
    let b = id_number("19710101", "002");
    let c = id_number("19720101", "003");
    let pa = person(&app, "340803100201", "甲书记", &a, "大专").await;
    let pb = person(&app, "340803200201", "乙书记", &b, "高中").await;
    let pc = person(&app, "340803200201", "丙书记", &c, "本科").await;
    post(&app, &pa, "340803100201", "2018-01-01", "").await;
    // 乙 left before the year's end; 丙 succeeded him after the training.
    post(&app, &pb, "340803200201", "2018-01-01", "2021-09-30").await;
    post(&app, &pc, "340803200201", "2021-10-01", "").await;

    // The training is created on its page and attendance marked per person.
    let admin = app.login("admin").await;
    let created = app
        .post_form(
            "/people/trainings/new",
            &admin.cookie,
            &format!(
                "_csrf={}&region_code=340803000000&topic={}&organiser={}&starts_on=2021-05-10&ends_on=2021-05-12&hours=16&target_group=party_secretaries",
                admin.csrf,
                enc("头雁工程培训班"),
                enc("区委组织部")
            ),
        )
        .await;
    let page = location(&created);
    for p in [&pa, &pb] {
        let marked = app
            .post_form(
                &format!("{page}/attendance"),
                &admin.cookie,
                &format!("_csrf={}&person_id={p}&attended=yes", admin.csrf),
            )
            .await;
        location(&marked);
    }
    let detail = app.get(&page, &admin.cookie).await;
    assert_eq!(
        detail
            .body
            .matches("data-testid=\"attendance-row\"")
            .count(),
        2
    );

    let res = app
        .get("/people/trainings/coverage?year=2021", &admin.cookie)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let store = store::people::trainings::coverage(
        &app.db,
        &domain::identity::Scope::system(),
        2021,
        web::base::format::today(),
    )
    .await
    .unwrap();
    let sec = store
        .iter()
        .find(|g| g.group == domain::people::TargetGroup::PartySecretaries)
        .unwrap();
    assert_eq!((sec.total, sec.trained), (2, 1));
    assert_eq!(
        cell(&res.body, "total-party_secretaries"),
        sec.total.to_string()
    );
    assert_eq!(
        cell(&res.body, "trained-party_secretaries"),
        sec.trained.to_string()
    );
    assert_eq!(
        cell(&res.body, "share-party_secretaries"),
        format!("{}%", sec.percent().unwrap())
    );
    assert!(res.body.contains(&tr.t("pt-group-party_secretaries")));
    // 丙 (appointed after the training) is listed as untrained, masked; 乙 (left) not at all.
    let untrained = res
        .body
        .split("data-testid=\"untrained-party_secretaries\"")
        .nth(1)
        .unwrap();
    let untrained = untrained.split("</table>").next().unwrap();
    assert!(untrained.contains("丙书记"), "{untrained}");
    assert!(untrained.contains(&domain::people::mask_id_number(&c)));
    assert!(!untrained.contains("乙书记") && !untrained.contains("甲书记"));
    assert!(!res.body.contains(&c));

    // The export carries the same figures.
    let x = app
        .get(
            "/people/trainings/coverage/export.xlsx?year=2021",
            &admin.cookie,
        )
        .await;
    assert_eq!(x.status, StatusCode::OK);
    let rows = usecase::tabular::read("c.xlsx", &x.bytes).unwrap();
    let group_row = rows
        .iter()
        .find(|r| r[0] == tr.t("pt-group-party_secretaries") && !r[1].is_empty())
        .unwrap();
    assert_eq!((group_row[1].as_str(), group_row[2].as_str()), ("2", "1"));
    assert!(rows.iter().any(|r| r[4] == "丙书记"));
}

#[tokio::test]
async fn hiring_beyond_the_quota_is_refused_and_writes_nothing() {
    let app = app().await;
    let tr = zh();
    let p1 = person(
        &app,
        "340803100201",
        "报名甲",
        &id_number("19950101", "011"),
        "本科",
    )
    .await;
    let p2 = person(
        &app,
        "340803100201",
        "报名乙",
        &id_number("19960101", "012"),
        "本科",
    )
    .await;
    let town = app.login("town").await;
    let created = app
        .post_form(
            "/people/recruitment/new",
            &town.cookie,
            &format!(
                "_csrf={}&region_code=340803100000&title={}&kind=reserve_cadre_exam&year=2021&positions[0].title={}&positions[0].quota=1&positions[0].region_code=&positions[1].title=&positions[1].quota=",
                town.csrf,
                enc("2021年公开招考村级后备干部"),
                enc("村级后备干部")
            ),
        )
        .await;
    let page = location(&created);
    let campaign_id = page.rsplit('/').next().unwrap().to_string();
    let positions = store::people::recruitment::positions(
        &app.db,
        &domain::identity::Scope::system(),
        &campaign_id,
    )
    .await
    .unwrap();
    assert_eq!(positions.len(), 1, "the empty row is not saved");
    let position = &positions[0].id;
    for p in [&p1, &p2] {
        let added = app
            .post_form(
                &format!("{page}/applicants"),
                &town.cookie,
                &format!(
                    "_csrf={}&person_id={p}&position_id={position}&written_score=78.5&interview_score=81.25",
                    town.csrf
                ),
            )
            .await;
        location(&added);
    }
    let applicants = store::people::recruitment::applicants(
        &app.db,
        &domain::identity::Scope::system(),
        &campaign_id,
    )
    .await
    .unwrap();
    let shown = app.get(&page, &town.cookie).await;
    assert!(shown.body.contains("159.75"), "the exact total is shown");
    let hire = |aid: String| {
        let path = format!("{page}/applicants/{aid}/decide");
        let form = format!("_csrf={}&result=hired", town.csrf);
        let app = &app;
        let cookie = town.cookie.clone();
        async move { app.post_form(&path, &cookie, &form).await }
    };
    location(&hire(applicants[0].id.clone()).await);
    let refused = hire(applicants[1].id.clone()).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body.contains(&tr.t("people-quota_full")),
        "{}",
        refused.body
    );
    let after = store::people::recruitment::applicants(
        &app.db,
        &domain::identity::Scope::system(),
        &campaign_id,
    )
    .await
    .unwrap();
    assert_eq!(after[1].result, "pending");
    assert_eq!(after.iter().filter(|a| a.result == "hired").count(), 1);
    let pool = store::people::talent::search(
        &app.db,
        &domain::identity::Scope::system(),
        &Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(pool.len(), 1, "only the one hire joined the reserve pool");
    assert_eq!(cell(&refused.body, "hired"), "1");

    // The applicants' export has their results.
    let x = app
        .get(&format!("{page}/applicants.xlsx"), &town.cookie)
        .await;
    let rows = usecase::tabular::read("a.xlsx", &x.bytes).unwrap();
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .any(|r| r[1] == "报名甲" && r[6] == "159.75" && r[7] == tr.t("pt-result-hired"))
    );
}

#[tokio::test]
async fn an_attendance_file_with_a_bad_row_writes_nothing_and_names_the_row() {
    let app = app().await;
    let tr = zh();
    let a = id_number("19700101", "021");
    let b = id_number("19710101", "022");
    let pa = person(&app, "340803100201", "参训甲", &a, "").await;
    person(&app, "340803200201", "参训乙", &b, "").await;
    post(&app, &pa, "340803100201", "2018-01-01", "").await;
    let id = training(&app, "2021-05-10").await;
    let admin = app.login("admin").await;
    let template = app
        .get("/people/trainings/attendance-template.xlsx", &admin.cookie)
        .await;
    let header = &usecase::tabular::read("t.xlsx", &template.bytes).unwrap()[0];
    assert_eq!(
        header,
        &vec!["身份证号".to_string(), "是否参加".into(), "学时".into()]
    );

    let bad_number = format!("{}{}", &b[..17], if b.ends_with('0') { '1' } else { '0' });
    let csv = format!("身份证号,是否参加,学时\n{a},是,16\n{bad_number},是,16\n");
    let path = format!("/people/trainings/{id}/import");
    let res = app
        .send(upload_request(
            &path,
            &admin,
            "attendance.csv",
            csv.as_bytes(),
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("data-testid=\"import-error\""),
        "{}",
        res.body
    );
    let message = cell(&res.body, "import-error");
    assert!(
        message.contains("attendance.csv")
            && message.contains("第 3 行")
            && message.contains("身份证号"),
        "{message}"
    );
    assert!(message.contains(&tr.t("import-refused")));
    assert!(!res.body.contains(&bad_number));
    let written =
        store::people::trainings::attendance(&app.db, &domain::identity::Scope::system(), &id)
            .await
            .unwrap();
    assert!(written.is_empty(), "nothing written: {written:?}");

    // Fixed, the whole file goes in.
    let csv = format!("身份证号,是否参加,学时\n{a},是,16\n{b},否,\n");
    let res = app
        .send(upload_request(
            &path,
            &admin,
            "attendance.csv",
            csv.as_bytes(),
        ))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-ok\""),
        "{}",
        res.body
    );
    let written =
        store::people::trainings::attendance(&app.db, &domain::identity::Scope::system(), &id)
            .await
            .unwrap();
    assert_eq!(written.len(), 2);
}

/// Adds a person to the local talent pool through the page; returns the entry's page.
async fn add_talent(app: &App, s: &Session, person: &str) -> String {
    let res = app
        .post_form(
            "/people/talent/new",
            &s.cookie,
            &format!(
                "_csrf={}&person_id={person}&pool=local_talent&category=returning_graduate&skills={}&tags={}",
                s.csrf,
                enc("电商运营"),
                enc("电商、直播")
            ),
        )
        .await;
    location(&res)
}

fn names_in(body: &str) -> Vec<String> {
    body.split("data-testid=\"talent-row\"")
        .skip(1)
        .map(|row| {
            let link = row.split("<a href=\"/people/talent/").nth(1).unwrap();
            link.split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn talent_filters_select_by_age_and_education() {
    let app = app().await;
    let today = web::base::format::today();
    let year = |age: i32| format!("{}0101", chrono::Datelike::year(&today) - age);
    // Ages on today: 30 (bachelor), 41 (college), 66 (junior).
    let young = person(
        &app,
        "340803100201",
        "青年甲",
        &id_number(&year(30), "031"),
        "本科",
    )
    .await;
    let middle = person(
        &app,
        "340803100201",
        "中年乙",
        &id_number(&year(41), "032"),
        "大专",
    )
    .await;
    let old = person(
        &app,
        "340803100201",
        "老年丙",
        &id_number(&year(66), "033"),
        "初中",
    )
    .await;
    let cadre = app.login("cadre").await;
    for p in [&young, &middle, &old] {
        add_talent(&app, &cadre, p).await;
    }
    let all = app.get("/people/talent", &cadre.cookie).await;
    assert_eq!(names_in(&all.body).len(), 3);
    let res = app
        .get(
            "/people/talent?min_age=30&max_age=45&education=college",
            &cadre.cookie,
        )
        .await;
    let mut names = names_in(&res.body);
    names.sort();
    assert_eq!(names, vec!["中年乙".to_string(), "青年甲".to_string()]);
    let res = app
        .get("/people/talent?education=bachelor", &cadre.cookie)
        .await;
    assert_eq!(names_in(&res.body), vec!["青年甲".to_string()]);
    let res = app.get("/people/talent?max_age=30", &cadre.cookie).await;
    assert_eq!(names_in(&res.body), vec!["青年甲".to_string()]);
    let res = app.get("/people/talent?min_age=42", &cadre.cookie).await;
    assert_eq!(names_in(&res.body), vec!["老年丙".to_string()]);
    let bad = app.get("/people/talent?min_age=abc", &cadre.cookie).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains(&zh().t1("pt-age-invalid", "value", &"abc"))
    );
    // The export follows the filter.
    let x = app
        .get(
            "/people/talent/export.xlsx?education=bachelor",
            &cadre.cookie,
        )
        .await;
    let rows = usecase::tabular::read("t.xlsx", &x.bytes).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "青年甲");
}

#[tokio::test]
async fn a_village_cadre_sees_only_its_villages_talent() {
    let app = app().await;
    let mine = person(
        &app,
        "340803100201",
        "本村人才",
        &id_number("19900101", "041"),
        "",
    )
    .await;
    let theirs = person(
        &app,
        "340803200201",
        "外村人才",
        &id_number("19910101", "042"),
        "",
    )
    .await;
    let cadre = app.login("cadre").await;
    let other = app.login("other").await;
    let my_page = add_talent(&app, &cadre, &mine).await;
    let their_page = add_talent(&app, &other, &theirs).await;
    let list = app.get("/people/talent", &cadre.cookie).await;
    assert_eq!(names_in(&list.body), vec!["本村人才".to_string()]);
    assert_eq!(
        app.get(&my_page, &cadre.cookie).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&their_page, &cadre.cookie).await.status,
        StatusCode::NOT_FOUND
    );
    // Nor may the cadre change it, nor add a person of another village.
    let edit = app
        .post_form(
            &format!("{their_page}/edit"),
            &cadre.cookie,
            &format!("_csrf={}&category=other", cadre.csrf),
        )
        .await;
    assert_eq!(edit.status, StatusCode::NOT_FOUND);
    let picker = app.get("/people/talent/new", &cadre.cookie).await;
    assert!(picker.body.contains("本村人才") && !picker.body.contains("外村人才"));
    // The town sees both.
    let town = app.login("town").await;
    let list = app
        .get("/people/talent?region=340803000000", &town.cookie)
        .await;
    assert_eq!(names_in(&list.body), vec!["本村人才".to_string()]);
    let admin = app.login("admin").await;
    let list = app.get("/people/talent", &admin.cookie).await;
    assert_eq!(names_in(&list.body).len(), 2);

    // Status moves forward; 已使用 needs a post.
    let advance = app
        .post_form(
            &format!("{my_page}/status"),
            &cadre.cookie,
            &format!("_csrf={}&status=used&post_id=", cadre.csrf),
        )
        .await;
    assert_eq!(advance.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        advance
            .body
            .contains(&zh().t("people-talent_post_required"))
    );
    let advance = app
        .post_form(
            &format!("{my_page}/status"),
            &cadre.cookie,
            &format!("_csrf={}&status=training", cadre.csrf),
        )
        .await;
    location(&advance);
    let shown = app.get(&my_page, &cadre.cookie).await;
    assert_eq!(cell(&shown.body, "status"), zh().t("pt-status-training"));
}

#[tokio::test]
async fn no_full_id_number_in_any_page_or_export_for_non_admins() {
    let app = app().await;
    let numbers = [
        id_number("19700101", "051"),
        id_number("19800101", "052"),
        id_number("19900101", "053"),
    ];
    let p1 = person(&app, "340803100201", "信息甲", &numbers[0], "本科").await;
    let p2 = person(&app, "340803100201", "信息乙", &numbers[1], "大专").await;
    person(&app, "340803200201", "信息丙", &numbers[2], "高中").await;
    post(&app, &p1, "340803100201", "2018-01-01", "").await;
    let tid = training(&app, "2021-05-10").await;
    let system = system();
    for (p, yes) in [(&p1, "是"), (&p2, "否")] {
        store::people::trainings::set_attendance(
            &app.db,
            &system,
            &tid,
            &domain::people::AttendanceInput {
                person_id: p.to_string(),
                attended: yes.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    for p in [&p1, &p2] {
        let t = TalentInput {
            person_id: p.to_string(),
            pool: "reserve_cadre".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store::people::talent::create(&app.db, &system, &t)
            .await
            .unwrap();
    }
    let town = app.login("town").await;
    let created = app
        .post_form(
            "/people/recruitment/new",
            &town.cookie,
            &format!(
                "_csrf={}&region_code=340803100000&title=T&kind=public_institution&year=2021&positions[0].title=P&positions[0].quota=2",
                town.csrf
            ),
        )
        .await;
    let campaign = location(&created);
    let cid = campaign.rsplit('/').next().unwrap();
    let position =
        store::people::recruitment::positions(&app.db, &domain::identity::Scope::system(), cid)
            .await
            .unwrap()[0]
            .id
            .clone();
    location(
        &app.post_form(
            &format!("{campaign}/applicants"),
            &town.cookie,
            &format!("_csrf={}&person_id={p1}&position_id={position}", town.csrf),
        )
        .await,
    );
    let talent = store::people::talent::search(
        &app.db,
        &domain::identity::Scope::system(),
        &Default::default(),
    )
    .await
    .unwrap();
    let mut paths = vec![
        "/people/talent".to_string(),
        "/people/talent/export.xlsx".into(),
        "/people/talent/new".into(),
        format!("/people/talent/{}", talent[0].id),
        "/people/recruitment".into(),
        "/people/recruitment/export.xlsx".into(),
        campaign.clone(),
        format!("{campaign}/applicants.xlsx"),
        "/people/trainings".into(),
        "/people/trainings/export.xlsx".into(),
        format!("/people/trainings/{tid}"),
        "/people/trainings/coverage?year=2021".into(),
        "/people/trainings/coverage/export.xlsx?year=2021".into(),
    ];
    paths.push("/people/trainings/coverage?year=2020".into());
    for user in ["town", "cadre"] {
        let s = app.login(user).await;
        for path in &paths {
            let res = app.get(path, &s.cookie).await;
            if user == "cadre" && path.starts_with(&campaign) {
                // The town's campaign lies outside the village's scope.
                assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
                continue;
            }
            assert_eq!(res.status, StatusCode::OK, "{user} {path}: {}", res.body);
            let text = if path.contains(".xlsx") {
                usecase::tabular::read("x.xlsx", &res.bytes)
                    .unwrap()
                    .concat()
                    .join("|")
            } else {
                res.body.clone()
            };
            for n in &numbers {
                assert!(!text.contains(n.as_str()), "{user} {path} shows {n}");
                assert!(
                    !text.contains(&n[6..14]),
                    "{user} {path} shows a birth date part"
                );
            }
        }
        // The masked form is what they see.
        let list = app.get("/people/talent", &s.cookie).await;
        assert!(
            list.body
                .contains(&domain::people::mask_id_number(&numbers[0]))
        );
    }
}

#[test]
fn every_value_of_the_enumerations_has_its_label_in_both_languages() {
    use domain::people::post::PostKind;
    use domain::people::recruitment::{ApplicantResult, CampaignKind, CampaignStatus};
    use domain::people::talent::{TalentCategory, TalentPool, TalentStatus};
    use domain::people::{Education, PoliticalStatus, Sex, TargetGroup};
    let i18n = I18n::load().unwrap();
    let keys: Vec<String> = std::iter::empty()
        .chain(Sex::ALL.iter().map(|v| format!("pt-sex-{}", v.as_str())))
        .chain(
            PoliticalStatus::ALL
                .iter()
                .map(|v| format!("pt-political-{}", v.as_str())),
        )
        .chain(
            Education::ALL
                .iter()
                .map(|v| format!("pt-education-{}", v.as_str())),
        )
        .chain(
            TalentPool::ALL
                .iter()
                .map(|v| format!("pt-pool-{}", v.as_str())),
        )
        .chain(
            TalentCategory::ALL
                .iter()
                .map(|v| format!("pt-category-{}", v.as_str())),
        )
        .chain(
            TalentStatus::ALL
                .iter()
                .map(|v| format!("pt-status-{}", v.as_str())),
        )
        .chain(
            PostKind::ALL
                .iter()
                .map(|v| format!("pt-post-{}", v.as_str())),
        )
        .chain(
            CampaignKind::ALL
                .iter()
                .map(|v| format!("pt-kind-{}", v.as_str())),
        )
        .chain(
            CampaignStatus::ALL
                .iter()
                .map(|v| format!("pt-cstatus-{}", v.as_str())),
        )
        .chain(
            ApplicantResult::ALL
                .iter()
                .map(|v| format!("pt-result-{}", v.as_str())),
        )
        .chain(
            TargetGroup::ALL
                .iter()
                .map(|v| format!("pt-group-{}", v.as_str())),
        )
        .collect();
    for key in keys {
        assert!(
            i18n.has(Locale::ZhCn, &key) && i18n.has(Locale::EnUs, &key),
            "{key}"
        );
    }
}

#[tokio::test]
async fn the_pages_read_in_english_too() {
    let app = app().await;
    let id = training(&app, "2021-05-10").await;
    let admin = app.login("admin").await;
    let res = app
        .post_form(
            "/lang",
            &admin.cookie,
            &format!("_csrf={}&lang=en-US&back=/people/talent", admin.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let cookie = format!("{}; zx_lang=en-US", admin.cookie);
    for (path, text) in [
        ("/people/talent", "Reserve cadres and talent pool"),
        ("/people/recruitment", "Recruitment"),
        ("/people/recruitment/new", "Positions"),
        ("/people/trainings", "All village Party secretaries"),
        (
            &format!("/people/trainings/{id}") as &str,
            "Import attendance",
        ),
        (
            "/people/trainings/coverage?year=2021",
            "Training coverage 2021",
        ),
    ] {
        let page = app.get(path, &cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains(text), "{path}: {}", page.body);
        assert!(!page.body.contains("pt-"), "{path} has an untranslated id");
    }
}

#[tokio::test]
async fn coverage_narrows_to_a_village() {
    let app = app().await;
    let a = person(
        &app,
        "340803100201",
        "保婴书记",
        &id_number("19700101", "061"),
        "",
    )
    .await;
    let b = person(
        &app,
        "340803200201",
        "长风书记",
        &id_number("19710101", "062"),
        "",
    )
    .await;
    post(&app, &a, "340803100201", "2018-01-01", "").await;
    post(&app, &b, "340803200201", "2018-01-01", "").await;
    let admin = app.login("admin").await;
    let all = app
        .get("/people/trainings/coverage?year=2021", &admin.cookie)
        .await;
    assert_eq!(cell(&all.body, "total-party_secretaries"), "2");
    assert_eq!(cell(&all.body, "share-party_secretaries"), "0%");
    let one = app
        .get(
            "/people/trainings/coverage?year=2021&region=340803200201",
            &admin.cookie,
        )
        .await;
    assert_eq!(cell(&one.body, "total-party_secretaries"), "1");
    assert!(one.body.contains("长风书记") && !one.body.contains("保婴书记"));
    // An empty group shows no share.
    assert_eq!(cell(&one.body, "share-first_secretaries"), "—");
}
