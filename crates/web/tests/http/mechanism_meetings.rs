//! Meetings, visits and the calendar through the pages, as a user would use them.

use super::*;
use domain::identity::Scope;
use store::mechanism::problems;

/// A multipart form (text fields and files), as htmx sends the meeting form with its token.
pub(super) fn multipart(
    path: &str,
    session: &Session,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> Request<Body> {
    let boundary = "zxmeeting";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::post(path)
        .header(header::COOKIE, &session.cookie)
        .header("x-csrf-token", &session.csrf)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

const PNG: [u8; 12] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0];

pub(super) async fn user_id(app: &App, username: &str) -> String {
    store::identity::find_for_login(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The fields of a meeting at 保婴村 today, chaired by `chair`, with `town` attending and
/// one decision.
fn meeting_fields<'a>(chair: &'a str, attendee: &'a str, date: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("type_code", "work_promotion"),
        ("region_code", "340803100201"),
        ("date", date),
        ("start_time", "09:30"),
        ("end_time", "11:00"),
        ("place", "保婴村党群服务中心"),
        ("chair_user_id", chair),
        ("chair", ""),
        ("agenda", "研究村道硬化"),
        (
            "minutes_html",
            "<p>会议<strong>议定</strong>硬化村道<script>alert(1)</script></p>",
        ),
        ("attendees[0].user_id", attendee),
        ("attendees[0].name", ""),
        ("attendees[0].status", "present"),
        ("attendees[1].user_id", ""),
        ("attendees[1].name", "李四"),
        ("attendees[1].status", "excused"),
        ("attendees[2].user_id", ""),
        ("attendees[2].name", ""),
        ("attendees[2].status", "present"),
        ("decisions[0].title", ""),
        ("decisions[0].owner_name", ""),
        ("decisions[0].deadline", ""),
        ("decisions[1].title", "硬化保婴村村道"),
        ("decisions[1].owner_name", "王五"),
        ("decisions[1].deadline", "2099-06-30"),
    ]
}

pub(super) fn location(res: &Resp) -> String {
    res.headers
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

async fn create_meeting(app: &App, s: &Session) -> String {
    let chair = user_id(app, "cadre").await;
    let town = user_id(app, "town").await;
    let today = web::base::format::today().to_string();
    let res = app
        .send(multipart(
            "/mechanism/meetings/new",
            s,
            &meeting_fields(&chair, &town, &today),
            &[("现场.png", &PNG)],
        ))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    location(&res)
        .strip_prefix("/mechanism/meetings/")
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_meeting_with_an_attendee_and_a_decision_puts_the_decision_in_the_problem_list() {
    let app = app().await;
    let s = app.login("cadre").await;
    let form = app.get("/mechanism/meetings/new", &s.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("工作推进会") && form.body.contains("保婴村"));
    let id = create_meeting(&app, &s).await;

    // The decision is a problem of the meeting in the problem list.
    let scope = Scope::region(RegionCode::parse("340803100201").unwrap());
    let (list, total) = problems::list(
        &app.db,
        &scope,
        &problems::Filter {
            source_id: Some(id.clone()),
            ..Default::default()
        },
        web::base::format::today(),
        store::Page::all(),
    )
    .await
    .unwrap();
    assert_eq!(total, 1);
    let problem = &list[0].problem;
    assert_eq!(
        (
            problem.title.as_str(),
            problem.owner_name.as_str(),
            problem.source_kind.as_str()
        ),
        ("硬化保婴村村道", "王五", "meeting")
    );

    // The meeting page shows attendees with their status, sanitized minutes, the decision
    // linking to its problem, and the photo.
    let page = app
        .get(&format!("/mechanism/meetings/{id}"), &s.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("town 名") && page.body.contains("李四"));
    assert!(page.body.contains("请假") && page.body.contains("出席"));
    assert!(page.body.contains("<strong>议定</strong>") && !page.body.contains("alert(1)"));
    assert!(
        page.body
            .contains(&format!("/mechanism/problems/{}", problem.id))
    );
    assert!(page.body.contains("硬化保婴村村道"));
    assert!(
        page.body.contains("cadre 名"),
        "the chair's name from the user"
    );
    let marker = "/mechanism/attachments/";
    let start = page.body.find(marker).unwrap() + marker.len();
    let attachment_id = &page.body[start..start + 36];
    let file = app
        .get(
            &format!("/mechanism/attachments/{attachment_id}"),
            &s.cookie,
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers[header::CONTENT_TYPE], "image/png");
    assert!(
        file.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(".png")
    );
    assert_eq!(file.bytes, PNG);

    // The list, its export and the calendar of the month show it.
    let list = app
        .get("/mechanism/meetings?region=340803100201", &s.cookie)
        .await;
    assert!(list.body.contains(&format!("/mechanism/meetings/{id}")));
    let xlsx = app.get("/mechanism/meetings/export.xlsx", &s.cookie).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let rows = usecase::tabular::read("m.xlsx", &xlsx.bytes).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[1].contains(&"保婴村党群服务中心".to_string()));
    let month = &web::base::format::today().to_string()[..7];
    let cal = app
        .get(&format!("/mechanism/calendar?month={month}"), &s.cookie)
        .await;
    assert_eq!(cal.status, StatusCode::OK);
    assert!(cal.body.contains(&format!("/mechanism/meetings/{id}")));

    // Edited: the attendees are replaced, the decision stays; then archived.
    let chair = user_id(&app, "cadre").await;
    let today = web::base::format::today().to_string();
    let mut fields = meeting_fields(&chair, "", &today);
    fields.retain(|(k, _)| !k.starts_with("decisions"));
    fields.retain(|(k, _)| *k != "place");
    fields.push(("place", "村委会"));
    let res = app
        .send(multipart(
            &format!("/mechanism/meetings/{id}/edit"),
            &s,
            &fields,
            &[],
        ))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app
        .get(&format!("/mechanism/meetings/{id}"), &s.cookie)
        .await;
    assert!(page.body.contains("村委会") && page.body.contains("硬化保婴村村道"));
    let res = app
        .post_form(
            &format!("/mechanism/meetings/{id}/archive"),
            &s.cookie,
            &format!("_csrf={}&archived=1", s.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let list = app.get("/mechanism/meetings", &s.cookie).await;
    assert!(!list.body.contains(&format!("/mechanism/meetings/{id}")));
}

#[tokio::test]
async fn a_bad_attachment_or_field_is_refused_with_its_reason_and_nothing_is_written() {
    let app = app().await;
    let s = app.login("cadre").await;
    let chair = user_id(&app, "cadre").await;
    let today = web::base::format::today().to_string();
    let fields = meeting_fields(&chair, "", &today);
    let res = app
        .send(multipart(
            "/mechanism/meetings/new",
            &s,
            &fields,
            &[("现场.png", &PNG), ("photo.png", b"just some text")],
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let i18n = web::i18n::I18n::load().unwrap();
    let expected = i18n.message(
        web::i18n::Locale::ZhCn,
        "mechanism.attachment_type",
        &[("name", "photo.png".to_string())],
    );
    assert!(res.body.contains(&expected), "{}", res.body);
    // The values entered are shown again.
    assert!(res.body.contains("保婴村党群服务中心") && res.body.contains("硬化保婴村村道"));
    let scope = Scope::system();
    let (_, meetings) =
        store::mechanism::meetings::list(&app.db, &scope, &Default::default(), store::Page::all())
            .await
            .unwrap();
    let (_, problems) = problems::list(
        &app.db,
        &scope,
        &Default::default(),
        web::base::format::today(),
        store::Page::all(),
    )
    .await
    .unwrap();
    assert_eq!((meetings, problems), (0, 0));

    // A decision without deadline names its section and form row, next to the rows.
    let mut fields = meeting_fields(&chair, "", &today);
    fields.retain(|(k, _)| *k != "decisions[1].deadline");
    let res = app
        .send(multipart("/mechanism/meetings/new", &s, &fields, &[]))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("会议决定事项第 2 行：请填写“办结时限”"),
        "{}",
        res.body
    );
    assert!(res.body.contains("data-testid=\"field-error\""));
    let (_, meetings) =
        store::mechanism::meetings::list(&app.db, &scope, &Default::default(), store::Page::all())
            .await
            .unwrap();
    assert_eq!(meetings, 0);
}

#[tokio::test]
async fn the_ical_feed_holds_the_meetings_of_its_user_with_a_session_or_a_token() {
    let app = app().await;
    let s = app.login("cadre").await;
    let id = create_meeting(&app, &s).await;
    let uid = format!("UID:{id}@zhenxing");

    let feed = app.get("/mechanism/calendar.ics", &s.cookie).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(feed.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(feed.body.contains(&uid));
    assert!(feed.body.contains("SUMMARY:工作推进会 · 保婴村\r\n"));
    assert!(feed.body.contains("LOCATION:保婴村党群服务中心\r\n"));
    let day = web::base::format::today().format("%Y%m%d").to_string();
    assert!(
        feed.body
            .contains(&format!("DTSTART;TZID=Asia/Shanghai:{day}T093000\r\n"))
    );
    assert!(
        feed.body
            .contains(&format!("DTEND;TZID=Asia/Shanghai:{day}T110000\r\n"))
    );
    let lines: Vec<&str> = feed.body.split('\n').collect();
    assert!(
        lines[..lines.len() - 1].iter().all(|l| l.ends_with('\r')),
        "CRLF lines"
    );

    // The attendee (a town officer) has it too; a user without the meeting does not.
    let town = app.login("town").await;
    let feed = app.get("/mechanism/calendar.ics", &town.cookie).await;
    assert!(feed.body.contains(&uid));
    let admin = app.login("admin").await;
    let feed = app.get("/mechanism/calendar.ics", &admin.cookie).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(!feed.body.contains(&uid));

    // Calendar apps send no cookie: a calendar token in the query, nothing else.
    let none = app.get("/mechanism/calendar.ics", "").await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    let wrong = app.get("/mechanism/calendar.ics?token=zx_wrong", "").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let cadre = store::identity::find_for_login(&app.db, "cadre")
        .await
        .unwrap()
        .unwrap();
    let token = "zx_calendar-token-for-the-test";
    store::identity::create_scoped_token(
        &app.db,
        &cadre.actor().unwrap(),
        &cadre,
        "日历",
        &web::identity::session::sha256_hex(token),
        domain::identity::TokenScope::Calendar,
    )
    .await
    .unwrap();
    let feed = app
        .get(&format!("/mechanism/calendar.ics?token={token}"), "")
        .await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.body.contains(&uid));
}

#[tokio::test]
async fn a_village_cadre_does_not_see_another_villages_meetings_or_visits() {
    let app = app().await;
    let s = app.login("cadre").await;
    let id = create_meeting(&app, &s).await;
    let page = app
        .get(&format!("/mechanism/meetings/{id}"), &s.cookie)
        .await;
    let marker = "/mechanism/attachments/";
    let start = page.body.find(marker).unwrap() + marker.len();
    let attachment_id = page.body[start..start + 36].to_string();

    // A visit with a problem raised, through its form.
    let visit = app
        .post_form(
            "/mechanism/visits/new",
            &s.cookie,
            &format!(
                "_csrf={}&visitor_user_id=&visitor_name={}&region_code=340803100201&household={}&date=2024-05-06&purpose={}&findings=&problems[0].title={}&problems[0].owner_name={}&problems[0].deadline=2024-06-30",
                s.csrf,
                enc("张常委"),
                enc("王某某户"),
                enc("了解产业"),
                enc("灵芝大棚缺水"),
                enc("王五"),
            ),
        )
        .await;
    assert_eq!(visit.status, StatusCode::SEE_OTHER, "{}", visit.body);
    let visit_path = location(&visit);
    let shown = app.get(&visit_path, &s.cookie).await;
    assert!(shown.body.contains("灵芝大棚缺水") && shown.body.contains("/mechanism/problems/"));
    let visits = app.get("/mechanism/visits", &s.cookie).await;
    assert!(visits.body.contains(&visit_path));

    let other = app.login("other").await;
    for path in [
        format!("/mechanism/meetings/{id}"),
        format!("/mechanism/meetings/{id}/edit"),
        format!("/mechanism/attachments/{attachment_id}"),
        visit_path.clone(),
    ] {
        let res = app.get(&path, &other.cookie).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "GET {path}");
    }
    let res = app
        .post_form(
            &format!("/mechanism/meetings/{id}/archive"),
            &other.cookie,
            &format!("_csrf={}&archived=1", other.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let list = app.get("/mechanism/meetings", &other.cookie).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains(&id));
    let asked = app
        .get("/mechanism/meetings?region=340803100201", &other.cookie)
        .await;
    assert!(!asked.body.contains(&id));
    let visits = app.get("/mechanism/visits", &other.cookie).await;
    assert!(!visits.body.contains(&visit_path));
    let month = &web::base::format::today().to_string()[..7];
    let cal = app
        .get(&format!("/mechanism/calendar?month={month}"), &other.cookie)
        .await;
    assert!(!cal.body.contains(&id));
    // Nor may it record one there.
    let chair = user_id(&app, "other").await;
    let today = web::base::format::today().to_string();
    let res = app
        .send(multipart(
            "/mechanism/meetings/new",
            &other,
            &meeting_fields(&chair, "", &today),
            &[],
        ))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_control_character_in_a_multipart_text_field_is_refused_and_nothing_is_written() {
    let app = app().await;
    let s = app.login("cadre").await;
    let chair = user_id(&app, "cadre").await;
    let today = web::base::format::today().to_string();
    let mut fields = meeting_fields(&chair, "", &today);
    for (k, v) in fields.iter_mut() {
        if *k == "place" {
            *v = "保婴村\u{0}党群服务中心";
        }
    }
    let res = app
        .send(multipart("/mechanism/meetings/new", &s, &fields, &[]))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let i18n = web::i18n::I18n::load().unwrap();
    let expected = i18n.message(
        web::i18n::Locale::ZhCn,
        "common.control_char",
        &[("field", "请求内容".to_string())],
    );
    assert!(res.body.contains(&expected), "{}", res.body);
    let (_, meetings) = store::mechanism::meetings::list(
        &app.db,
        &Scope::system(),
        &Default::default(),
        store::Page::all(),
    )
    .await
    .unwrap();
    assert_eq!(meetings, 0);
}
