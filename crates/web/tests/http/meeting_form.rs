//! The meeting form as a person uses it: minutes typed as plain text, attendees and
//! decision owners picked from the village's people registry and users, and a refused form
//! that keeps every row typed (rows added by the "add row" button included).

use super::industry_api::villager;
use super::mechanism_meetings::{location, multipart, user_id};
use super::*;
use domain::identity::Scope;
use domain::mechanism::minutes;
use domain::people::PersonInput;
use domain::people::person::check_character;

const BAOYING: &str = "340803100201";

/// What a textarea or input shows, as the browser decodes it (named and numeric references).
fn unescape(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let end = rest[amp..].find(';').map(|e| amp + e).unwrap();
        let name = &rest[amp + 1..end];
        out.push(match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => name
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16).unwrap())
                .or_else(|| name.strip_prefix('#').map(|d| d.parse().unwrap()))
                .and_then(char::from_u32)
                .unwrap(),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The text of the form's minutes box.
fn minutes_box(body: &str) -> String {
    let start = body
        .find("name=\"minutes\"")
        .expect("the form has a minutes box");
    let open = start + body[start..].find('>').unwrap() + 1;
    let close = open + body[open..].find("</textarea>").unwrap();
    unescape(&body[open..close])
}

/// The value of the input named `name`.
fn input_value(body: &str, name: &str) -> Option<String> {
    let at = body.find(&format!("name=\"{name}\""))?;
    let tag_end = at + body[at..].find('>')?;
    let tag = &body[at..tag_end];
    let v = tag.find("value=\"")? + 7;
    let end = v + tag[v..].find('"')?;
    Some(unescape(&tag[v..end]))
}

impl App {
    /// Posts `body` as JSON with the session's cookie and CSRF token.
    async fn send_json(&self, path: &str, s: &Session, body: &serde_json::Value) -> Resp {
        self.send(
            Request::post(path)
                .header(header::COOKIE, &s.cookie)
                .header("x-csrf-token", &s.csrf)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }
}

async fn meeting(app: &App, id: &str) -> store::mechanism::meetings::MeetingDetail {
    let scope = Scope::region(RegionCode::parse(BAOYING).unwrap());
    store::mechanism::meetings::get(&app.db, &scope, id, web::base::format::today())
        .await
        .unwrap()
        .unwrap()
}

async fn records_a_meeting_from_the_registry(app: &App) {
    let person = villager(app, "王守田", "34080319750312001").await;
    let s = app.login("cadre").await;
    let town = store::identity::find_for_login(&app.db, "town")
        .await
        .unwrap()
        .unwrap();

    // The form offers the registry's villager and the users by name; minutes are plain text.
    let form = app.get("/mechanism/meetings/new", &s.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains(&format!("<option value=\"{}\"></option>", person.name)),
        "registry name offered"
    );
    assert!(
        form.body.contains(&format!(
            "<option value=\"{}\"></option>",
            town.display_name
        )),
        "user name offered"
    );
    assert!(form.body.contains("list=\"person-names\""));
    assert!(!form.body.contains("name=\"minutes_html\""));

    let text = "一、村道硬化\n由王守田负责 <b>加急</b> & 按期\n\n二、灵芝大棚排水";
    let today = web::base::format::today().to_string();
    let chair = user_id(app, "cadre").await;
    let fields = [
        ("type_code", "work_promotion"),
        ("region_code", BAOYING),
        ("date", today.as_str()),
        ("start_time", "09:30"),
        ("chair_user_id", chair.as_str()),
        ("minutes", text),
        // Picked from the registry (a villager without an account).
        ("attendees[0].name", person.name.as_str()),
        ("attendees[0].user_id", ""),
        // A user's name picked from the list: linked to the user.
        ("attendees[1].name", town.display_name.as_str()),
        ("attendees[1].user_id", ""),
        // A row the "add row" button added.
        ("attendees[5].name", "来宾 陈"),
        ("attendees[5].status", "excused"),
        ("decisions[0].title", "硬化村道"),
        ("decisions[0].owner_name", ""),
        ("decisions[0].owner_user_id", town.id.as_str()),
        ("decisions[0].deadline", "2099-06-30"),
    ];
    let res = app
        .send(multipart("/mechanism/meetings/new", &s, &fields, &[]))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id = location(&res)
        .trim_start_matches("/mechanism/meetings/")
        .to_string();

    // Stored as HTML: two paragraphs, a line break, the markup typed shown as text.
    let d = meeting(app, &id).await;
    assert_eq!(d.meeting.minutes_html, minutes::to_html(text));
    assert!(
        d.meeting
            .minutes_html
            .starts_with("<p>一、村道硬化<br>由王守田负责 &lt;b&gt;"),
        "{}",
        d.meeting.minutes_html
    );
    let shown = app
        .get(&format!("/mechanism/meetings/{id}"), &s.cookie)
        .await;
    assert!(
        shown.body.contains("<p>二、灵芝大棚排水</p>"),
        "{}",
        shown.body
    );
    assert!(!shown.body.contains("<b>加急</b>"));

    // Attendees: the villager by name, the user linked, the guest from the added row.
    let people: Vec<(Option<String>, String, String)> = d
        .attendees
        .iter()
        .map(|a| (a.user_id.clone(), a.name.clone(), a.status.clone()))
        .collect();
    assert_eq!(
        people,
        vec![
            (None, person.name.clone(), "present".to_string()),
            (
                Some(town.id.clone()),
                town.display_name.clone(),
                "present".to_string()
            ),
            (None, "来宾 陈".to_string(), "excused".to_string()),
        ]
    );
    // The villager picked by name is linked to the registry's person, and the meeting page
    // links the name to the person; the user and the guest are not registry persons.
    let linked: Vec<Option<String>> = d.attendees.iter().map(|a| a.person_id.clone()).collect();
    assert_eq!(linked, vec![Some(person.id.clone()), None, None]);
    assert!(
        shown.body.contains(&format!(
            "<a href=\"/people/persons/{}\" data-testid=\"attendee-person\">{}</a>",
            person.id, person.name
        )),
        "{}",
        shown.body
    );
    // The decision's owner is the user picked, named by the user's name.
    let owner = &d.decisions[0].problem;
    assert_eq!(
        (owner.owner_user_id.as_deref(), owner.owner_name.as_str()),
        (Some(town.id.as_str()), town.display_name.as_str())
    );

    // Editing shows the minutes as the same text again, and saving it unchanged keeps them.
    let edit = app
        .get(&format!("/mechanism/meetings/{id}/edit"), &s.cookie)
        .await;
    assert_eq!(edit.status, StatusCode::OK);
    assert_eq!(minutes_box(&edit.body), text);
    assert_eq!(
        input_value(&edit.body, "attendees[0].name").as_deref(),
        Some(person.name.as_str())
    );
}

async fn a_refused_form_keeps_the_rows_typed(app: &App) {
    let s = app.login("cadre").await;
    let text = "第一段\n\n第二段";
    let fields = [
        ("type_code", "work_promotion"),
        ("region_code", BAOYING),
        ("date", "2024-05-31"),
        ("start_time", "09:30"),
        ("end_time", "08:00"),
        ("chair", "王书记"),
        ("minutes", text),
        ("attendees[0].name", "李委员"),
        ("attendees[6].name", "第七行 张"),
        ("attendees[6].status", "absent"),
        ("decisions[3].title", "第四项决定"),
    ];
    let res = app
        .send(multipart("/mechanism/meetings/new", &s, &fields, &[]))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("data-testid=\"field-error\""));
    // The error stands beside the end time.
    let error_at = res.body.find("data-testid=\"field-error\"").unwrap();
    let end_time = res.body.find("name=\"end_time\"").unwrap();
    let place = res.body.find("name=\"place\"").unwrap();
    assert!(end_time < error_at && error_at < place);
    assert_eq!(minutes_box(&res.body), text);
    assert_eq!(
        input_value(&res.body, "attendees[0].name").as_deref(),
        Some("李委员")
    );
    assert_eq!(
        input_value(&res.body, "attendees[6].name").as_deref(),
        Some("第七行 张")
    );
    assert_eq!(
        input_value(&res.body, "decisions[3].title").as_deref(),
        Some("第四项决定")
    );
    assert_eq!(input_value(&res.body, "end_time").as_deref(), Some("08:00"));
    // Rows after the last one typed can still be added in place.
    assert!(res.body.contains("<template id=\"attendee-row\">"));
    assert!(res.body.contains("name=\"attendees[__i__].name\""));
}

/// A person of 长风村's registry (out of a 保婴村 cadre's reach).
async fn changfeng_person(app: &App, name: &str, first17: &str) -> store::people::PersonRecord {
    let p = PersonInput {
        region_code: "340803200201".into(),
        name: name.into(),
        id_number: format!("{first17}{}", check_character(first17).unwrap()),
        political_status: "群众".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::persons::create(&app.db, &Actor::system("test"), &p)
        .await
        .unwrap()
}

/// A name two persons of the village share is not linked (a guest by name); the API links by
/// `person_id` and refuses a person outside the caller's reach, naming the row.
async fn persons_are_linked_only_when_unambiguous(app: &App) {
    let a = villager(app, "李同名", "34080319800101001").await;
    villager(app, "李同名", "34080319800101002").await;
    let other = changfeng_person(app, "邻村 赵", "34080319800101003").await;
    let s = app.login("cadre").await;
    let chair = user_id(app, "cadre").await;
    let body = |attendees: serde_json::Value| {
        serde_json::json!({
            "type_code": "work_promotion",
            "region_code": BAOYING,
            "date": "2024-05-31",
            "start_time": "09:30",
            "chair_user_id": chair,
            "attendees": attendees,
        })
    };
    let res = app
        .send_json(
            "/api/v1/meetings",
            &s,
            &body(serde_json::json!([
                {"name": "李同名"},
                {"person_id": a.id, "name": ""},
            ])),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let created: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let attendees = &created["attendees"];
    assert_eq!(attendees[0]["person_id"], serde_json::Value::Null);
    assert_eq!(attendees[0]["name"], "李同名");
    assert_eq!(attendees[1]["person_id"], a.id.as_str());
    assert_eq!(
        attendees[1]["name"], "李同名",
        "the person's name is recorded"
    );

    // 邻村's person is outside a 保婴村 cadre's reach: refused, naming the row.
    let res = app
        .send_json(
            "/api/v1/meetings",
            &s,
            &body(serde_json::json!([{"name": "甲"}, {"person_id": other.id}])),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains(&other.id), "{}", res.body);
    assert!(res.body.contains("人员名册"), "{}", res.body);

    // Edited in the form, the person picked by id stays linked though the name is shared;
    // a name typed over it is that name alone (a guest).
    let id = created["id"].as_str().unwrap().to_string();
    let edit_url = format!("/mechanism/meetings/{id}/edit");
    let form = app.get(&edit_url, &s.cookie).await;
    assert_eq!(
        input_value(&form.body, "attendees[1].person_id").as_deref(),
        Some(a.id.as_str())
    );
    let today = "2024-05-31";
    let edit = |second: &'static str| {
        vec![
            ("type_code", "work_promotion".to_string()),
            ("region_code", BAOYING.to_string()),
            ("date", today.to_string()),
            ("start_time", "09:30".to_string()),
            ("chair_user_id", chair.clone()),
            ("attendees[0].name", "李同名".to_string()),
            ("attendees[1].name", second.to_string()),
            (
                "attendees[1].person_id",
                input_value(&form.body, "attendees[1].person_id").unwrap(),
            ),
        ]
    };
    for (second, linked) in [("李同名", Some(a.id.clone())), ("来宾 周", None)] {
        let fields = edit(second);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.send(multipart(&edit_url, &s, &fields, &[])).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let d = meeting(app, &id).await;
        assert_eq!(d.attendees[1].person_id, linked, "{second}");
        assert_eq!(d.attendees[1].name, second);
        assert_eq!(
            d.attendees[0].person_id, None,
            "the shared name links nobody"
        );
    }
}

/// Changing the region of the form fetches that region's names for the pickers.
async fn the_names_follow_the_region(app: &App) {
    let far = changfeng_person(app, "邻村 钱", "34080319800101004").await;
    let s = app.login("admin").await;
    let form = app
        .get(
            &format!("/mechanism/meetings/new?region={BAOYING}"),
            &s.cookie,
        )
        .await;
    assert!(form.body.contains("hx-get=\"/mechanism/person-names\""));
    assert!(!form.body.contains(&far.name));
    let names = app
        .get(
            "/mechanism/person-names?region_code=340803200201",
            &s.cookie,
        )
        .await;
    assert_eq!(names.status, StatusCode::OK);
    assert!(
        names.body.starts_with("<datalist id=\"person-names\">"),
        "{}",
        names.body
    );
    assert!(
        names
            .body
            .contains(&format!("<option value=\"{}\"></option>", far.name))
    );
    // The visit form offers the same names for problem owners, and rows added in place.
    let visit = app.get("/mechanism/visits/new", &s.cookie).await;
    assert!(visit.body.contains("<template id=\"problem-row\">"));
    assert!(visit.body.contains("name=\"problems[__i__].owner_name\""));
    assert!(visit.body.contains("<datalist id=\"person-names\">"));
    // A village cadre asking for another village's names gets none of them.
    let cadre = app.login("cadre").await;
    let names = app
        .get(
            "/mechanism/person-names?region_code=340803200201",
            &cadre.cookie,
        )
        .await;
    assert!(!names.body.contains(&far.name), "{}", names.body);
}

/// A visit's problem owner typed as a user's name is linked to that user.
async fn a_visit_owner_named_is_linked(app: &App) {
    let s = app.login("cadre").await;
    let town = store::identity::find_for_login(&app.db, "town")
        .await
        .unwrap()
        .unwrap();
    let today = web::base::format::today().to_string();
    let form = format!(
        "_csrf={}&visitor_name={}&region_code={BAOYING}&household={}&date={today}&purpose={}\
         &findings=&problems[0].title={}&problems[0].owner_name={}&problems[0].deadline=2099-01-31",
        s.csrf,
        enc("王书记"),
        enc("李家"),
        enc("了解收成"),
        enc("修水渠"),
        enc(&town.display_name),
    );
    let res = app
        .post_form("/mechanism/visits/new", &s.cookie, &form)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let scope = Scope::region(RegionCode::parse(BAOYING).unwrap());
    let (problems, _) = store::mechanism::problems::list(
        &app.db,
        &scope,
        &Default::default(),
        web::base::format::today(),
        store::Page::new(1, 100),
    )
    .await
    .unwrap();
    let p = problems
        .iter()
        .find(|p| p.problem.title == "修水渠")
        .expect("the visit's problem");
    assert_eq!(p.problem.owner_user_id.as_deref(), Some(town.id.as_str()));
}

#[tokio::test]
async fn a_meeting_recorded_from_the_registry_keeps_its_minutes_as_text() {
    let app = app().await;
    records_a_meeting_from_the_registry(&app).await;
    a_refused_form_keeps_the_rows_typed(&app).await;
    persons_are_linked_only_when_unambiguous(&app).await;
    the_names_follow_the_region(&app).await;
    a_visit_owner_named_is_linked(&app).await;
}

#[tokio::test]
async fn a_meeting_recorded_from_the_registry_keeps_its_minutes_as_text_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    records_a_meeting_from_the_registry(&app).await;
    a_refused_form_keeps_the_rows_typed(&app).await;
    persons_are_linked_only_when_unambiguous(&app).await;
    the_names_follow_the_region(&app).await;
    a_visit_owner_named_is_linked(&app).await;
    drop(app);
    pg.drop_db(db).await;
}
