//! The people pages: masking of ID numbers and phones in every page and export for
//! non-administrators, the administrator's audited reveal and full export, the all-or-nothing
//! roster import with its row error, and the village scope.

use super::*;
use domain::people::person::check_character;
use domain::people::{IncentiveInput, PersonInput, PostInput};

/// A valid ID number: the 17 digits and their check character.
fn id_number(first17: &str) -> String {
    format!("{first17}{}", check_character(first17).unwrap())
}

struct Fixture {
    /// (person id, full ID number, full phone) of 保婴村's person.
    baoying: (String, String, String),
    /// The same for 长风村's person.
    changfeng: (String, String, String),
}

async fn fixture(app: &App) -> Fixture {
    let system = Actor::system("test");
    let mut made = Vec::new();
    for (name, first17, phone, region) in [
        ("王守田", "34080319750312001", "13855661234", "340803100201"),
        ("李长风", "34080319820705002", "13955667788", "340803200201"),
    ] {
        let number = id_number(first17);
        let p = PersonInput {
            region_code: region.into(),
            name: name.into(),
            id_number: number.clone(),
            political_status: "中共党员".into(),
            education: "大专".into(),
            phone: phone.into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let rec = store::people::persons::create(&app.db, &system, &p)
            .await
            .unwrap();
        let post = PostInput {
            person_id: rec.id.clone(),
            region_code: region.into(),
            post: "村党组织书记".into(),
            starts_on: "2021-01-01".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store::people::posts::create(&app.db, &system, &post)
            .await
            .unwrap();
        let inc = IncentiveInput {
            person_id: rec.id.clone(),
            kind: "award".into(),
            date: "2022-07-01".into(),
            title: "优秀村党组织书记".into(),
            issuer: "区委".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store::people::incentives::create(&app.db, &system, &inc)
            .await
            .unwrap();
        made.push((rec.id, number, phone.to_string()));
    }
    let changfeng = made.pop().unwrap();
    let baoying = made.pop().unwrap();
    Fixture { baoying, changfeng }
}

/// Everything a response shows: the text of a page, or every cell of a spreadsheet.
fn shown(path: &str, res: &Resp) -> String {
    if path.ends_with(".xlsx") {
        usecase::tabular::read("f.xlsx", &res.bytes)
            .unwrap()
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("|")
    } else {
        res.body.clone()
    }
}

#[tokio::test]
async fn no_full_id_number_or_phone_in_any_page_or_export_for_non_admins() {
    let app = app().await;
    let f = fixture(&app).await;
    for user in ["cadre", "town"] {
        let s = app.login(user).await;
        let mut paths = vec![
            "/people".to_string(),
            "/people/persons".to_string(),
            "/people/persons?archived=1".to_string(),
            "/people/persons/export.xlsx".to_string(),
            "/people/persons/new".to_string(),
            "/people/posts".to_string(),
            "/people/posts/export.xlsx".to_string(),
            "/people/posts/new".to_string(),
            "/people/incentives".to_string(),
            "/people/incentives/export.xlsx".to_string(),
            "/people/incentives/new".to_string(),
            "/people/import".to_string(),
            "/people/import/persons/template.xlsx".to_string(),
            "/people/import/posts/template.xlsx".to_string(),
            "/regions/340803100201".to_string(),
        ];
        for (id, _, _) in [&f.baoying, &f.changfeng] {
            paths.push(format!("/people/persons/{id}"));
            paths.push(format!("/people/persons/{id}/edit"));
        }
        let mut seen_baoying = false;
        for path in &paths {
            let res = app.get(path, &s.cookie).await;
            assert!(
                res.status == StatusCode::OK || res.status == StatusCode::NOT_FOUND,
                "{user} {path}: {}",
                res.status
            );
            let text = shown(path, &res);
            for (_, number, phone) in [&f.baoying, &f.changfeng] {
                assert!(
                    !text.contains(number.as_str()),
                    "{user} {path} shows a full ID number"
                );
                assert!(
                    !text.contains(phone.as_str()),
                    "{user} {path} shows a full phone"
                );
            }
            if path == "/people/persons" {
                assert!(text.contains("王守田"));
                assert!(text.contains(&domain::people::mask_id_number(&f.baoying.1)));
                seen_baoying = true;
            }
        }
        assert!(seen_baoying);
        // The region's profile shows its current team.
        let profile = app.get("/regions/340803100201", &s.cookie).await;
        assert!(profile.body.contains("现任班子") && profile.body.contains("王守田"));
        // Neither may reveal or export the full roster.
        let reveal = app
            .post_form(
                &format!("/people/persons/{}/reveal", f.baoying.0),
                &s.cookie,
                &format!("_csrf={}", s.csrf),
            )
            .await;
        assert_eq!(reveal.status, StatusCode::FORBIDDEN);
        assert!(!reveal.body.contains(&f.baoying.1));
        let full = app
            .post_form(
                "/people/persons/export-full.xlsx",
                &s.cookie,
                &format!("_csrf={}&confirm=yes", s.csrf),
            )
            .await;
        assert_eq!(full.status, StatusCode::FORBIDDEN);
        assert!(!full.body.contains(&f.baoying.1));
    }
}

async fn audit_actions(app: &App) -> Vec<String> {
    let (rows, _) = store::audit::list(
        &app.db,
        &Actor::system("test").scope,
        &store::audit::Filter {
            entity: "people_person".into(),
            ..Default::default()
        },
        store::Page::all(),
    )
    .await
    .unwrap();
    rows.into_iter().map(|r| r.action).collect()
}

#[tokio::test]
async fn the_admin_reveals_a_number_once_and_exports_the_full_roster_both_audited() {
    let app = app().await;
    let f = fixture(&app).await;
    let s = app.login("admin").await;
    // The person's page (a GET) is masked for the admin too.
    let page = app
        .get(&format!("/people/persons/{}", f.baoying.0), &s.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(&f.baoying.1));
    assert!(page.body.contains("查看完整身份证号"));
    assert!(!audit_actions(&app).await.contains(&"reveal".to_string()));

    let revealed = app
        .post_form(
            &format!("/people/persons/{}/reveal", f.baoying.0),
            &s.cookie,
            &format!("_csrf={}", s.csrf),
        )
        .await;
    assert_eq!(revealed.status, StatusCode::OK);
    assert!(revealed.body.contains(&f.baoying.1));
    assert!(revealed.body.contains(&f.baoying.2));
    assert_eq!(
        revealed.headers[header::CACHE_CONTROL].to_str().unwrap(),
        "no-store"
    );
    assert!(audit_actions(&app).await.contains(&"reveal".to_string()));
    // Without the token it is refused.
    let no_token = app
        .post_form(
            &format!("/people/persons/{}/reveal", f.baoying.0),
            &s.cookie,
            "",
        )
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);

    // The masked export holds no full number; the full one, once confirmed, holds both.
    let masked = app.get("/people/persons/export.xlsx", &s.cookie).await;
    let text = shown("x.xlsx", &masked);
    assert!(text.contains("王守田") && !text.contains(&f.baoying.1));
    let unconfirmed = app
        .post_form(
            "/people/persons/export-full.xlsx",
            &s.cookie,
            &format!("_csrf={}", s.csrf),
        )
        .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!audit_actions(&app).await.contains(&"export".to_string()));
    let full = app
        .post_form(
            "/people/persons/export-full.xlsx",
            &s.cookie,
            &format!("_csrf={}&confirm=yes", s.csrf),
        )
        .await;
    assert_eq!(full.status, StatusCode::OK);
    let text = shown("x.xlsx", &full);
    assert!(text.contains(&f.baoying.1) && text.contains(&f.changfeng.1));
    assert!(text.contains(&f.changfeng.2));
    assert!(audit_actions(&app).await.contains(&"export".to_string()));
}

#[tokio::test]
async fn a_roster_with_one_bad_row_writes_nothing_and_the_fixed_file_imports() {
    let app = app().await;
    let s = app.login("admin").await;
    let good1 = id_number("34080319900101003");
    let good2 = id_number("34080319910202004");
    // A wrong check character: any other character than the right one.
    let right = check_character("34080319920303005").unwrap();
    let wrong = if right == '1' { '2' } else { '1' };
    let bad = format!("34080319920303005{wrong}");
    let fixed = id_number("34080319920303005");
    let csv = |third: &str| {
        format!(
            "姓名,性别,出生日期,民族,身份证号,政治面貌,学历,手机,所属区划\n\
             赵一,,,汉族,{good1},中共党员,大专,13800001111,340803100201\n\
             钱二,,,汉族,{good2},群众,高中,,340803100201\n\
             孙三,,,汉族,{third},共青团员,本科,,340803200201\n"
        )
    };
    let res = app
        .send(upload_request(
            "/people/import/persons",
            &s,
            "roster.csv",
            csv(&bad).as_bytes(),
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("import-error"), "{}", res.body);
    assert!(
        res.body.contains("roster.csv")
            && res.body.contains("第 4 行")
            && res.body.contains("身份证号"),
        "{}",
        res.body
    );
    assert!(res.body.contains("没有写入任何数据"));
    assert!(
        !res.body.contains(&bad),
        "the error repeats the full number"
    );
    assert_eq!(count(&app.db).await, 0);

    // A number twice in the file is refused too.
    let twice = app
        .send(upload_request(
            "/people/import/persons",
            &s,
            "roster.csv",
            csv(&good1).as_bytes(),
        ))
        .await;
    assert!(
        twice.body.contains("第 4 行") && twice.body.contains("已登记"),
        "{}",
        twice.body
    );
    assert_eq!(count(&app.db).await, 0);

    let ok = app
        .send(upload_request(
            "/people/import/persons",
            &s,
            "roster.csv",
            csv(&fixed).as_bytes(),
        ))
        .await;
    assert!(
        ok.body.contains("import-ok") && ok.body.contains("新增 3 人"),
        "{}",
        ok.body
    );
    assert_eq!(count(&app.db).await, 3);
    let list = app.get("/people/persons", &s.cookie).await;
    assert!(
        list.body.contains("孙三") && list.body.contains(&domain::people::mask_id_number(&fixed))
    );
    assert!(!list.body.contains(&fixed));

    // The same file again: every number is already registered.
    let again = app
        .send(upload_request(
            "/people/import/persons",
            &s,
            "roster.csv",
            csv(&fixed).as_bytes(),
        ))
        .await;
    assert!(
        again.body.contains("第 2 行") && again.body.contains("已登记"),
        "{}",
        again.body
    );
    assert_eq!(count(&app.db).await, 3);

    // A posts file naming them by number.
    let posts = format!(
        "身份证号,区划代码,职务,派出单位,任职起始日期\n{good1},340803100201,第一书记,区委组织部,2021-03-01\n"
    );
    let res = app
        .send(upload_request(
            "/people/import/posts",
            &s,
            "posts.csv",
            posts.as_bytes(),
        ))
        .await;
    assert!(res.body.contains("import-ok"), "{}", res.body);
    let profile = app.get("/regions/340803100201", &s.cookie).await;
    assert!(profile.body.contains("第一书记") && profile.body.contains("赵一"));
}

#[tokio::test]
async fn a_village_cadre_sees_only_its_villages_people() {
    let app = app().await;
    let f = fixture(&app).await;
    let s = app.login("cadre").await;
    let list = app.get("/people/persons", &s.cookie).await;
    assert!(list.body.contains("王守田") && !list.body.contains("李长风"));
    let posts = app.get("/people/posts", &s.cookie).await;
    assert!(posts.body.contains("王守田") && !posts.body.contains("李长风"));
    let incentives = app.get("/people/incentives/export.xlsx", &s.cookie).await;
    let text = shown("x.xlsx", &incentives);
    assert!(text.contains("王守田") && !text.contains("李长风"));
    for path in [
        format!("/people/persons/{}", f.changfeng.0),
        format!("/people/persons/{}/edit", f.changfeng.0),
        format!("/people/persons/{}/photo", f.changfeng.0),
    ] {
        assert_eq!(
            app.get(&path, &s.cookie).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Archiving another village's person is not found either.
    let res = app
        .post_form(
            &format!("/people/persons/{}/archive", f.changfeng.0),
            &s.cookie,
            &format!("_csrf={}", s.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // Its own person it can edit (the number is kept when left blank).
    let res = app
        .post_form(
            &format!("/people/persons/{}/edit", f.baoying.0),
            &s.cookie,
            &format!(
                "_csrf={}&name={}&political_status=party_member&education=bachelor&ethnicity={}&region_code=340803100201&keep_phone=1",
                s.csrf,
                enc("王守田"),
                enc("汉族")
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app
        .get(&format!("/people/persons/{}", f.baoying.0), &s.cookie)
        .await;
    assert!(page.body.contains("本科"));
    assert!(
        page.body
            .contains(&domain::people::mask_id_number(&f.baoying.1))
    );
    assert!(
        page.body
            .contains(&domain::people::mask_phone(&f.baoying.2))
    );
}

async fn count(db: &store::Db) -> i64 {
    store::people::persons::list(
        db,
        &Actor::system("t").scope,
        &Default::default(),
        store::Page::all(),
    )
    .await
    .unwrap()
    .1
}

fn photo_request(path: &str, session: &Session, bytes: &[u8]) -> Request<Body> {
    let boundary = "zxphoto";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.png\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
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

#[tokio::test]
async fn a_photo_is_checked_by_content_and_shown_on_the_persons_page() {
    let app = app().await;
    let f = fixture(&app).await;
    let s = app.login("cadre").await;
    let path = format!("/people/persons/{}/photo", f.baoying.0);
    let refused = app
        .send(photo_request(&path, &s, b"%PDF-1.7 not an image"))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("PNG 或 JPEG"), "{}", refused.body);
    assert_eq!(
        app.get(&path, &s.cookie).await.status,
        StatusCode::NOT_FOUND
    );
    let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    let saved = app.send(photo_request(&path, &s, &png)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let got = app.get(&path, &s.cookie).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(got.bytes, png);
    let page = app
        .get(&format!("/people/persons/{}", f.baoying.0), &s.cookie)
        .await;
    assert!(page.body.contains(&format!("src=\"{path}\"")));
    // English pages are complete.
    let en = app
        .send(
            Request::get("/people/persons")
                .header(header::COOKIE, format!("{}; zx_lang=en-US", s.cookie))
                .header(header::ACCEPT_LANGUAGE, "en-US")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(en.status, StatusCode::OK);
}

#[tokio::test]
async fn a_person_is_registered_through_the_form_and_a_bad_number_is_named_masked() {
    let app = app().await;
    let s = app.login("cadre").await;
    let good = id_number("34080319851111007");
    let right = check_character("34080319851111007").unwrap();
    let bad = format!("34080319851111007{}", if right == '3' { '4' } else { '3' });
    let form = |number: &str| {
        format!(
            "_csrf={}&name={}&id_number={number}&political_status=masses&education=senior&ethnicity={}&phone=13912345678&region_code=340803100201",
            s.csrf,
            enc("周新"),
            enc("汉族")
        )
    };
    let refused = app
        .post_form("/people/persons/new", &s.cookie, &form(&bad))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("身份证号码") && refused.body.contains("校验码"));
    assert!(!refused.body.contains(&bad));
    assert_eq!(count(&app.db).await, 0);
    let created = app
        .post_form("/people/persons/new", &s.cookie, &form(&good))
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let to = created.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let page = app.get(&to, &s.cookie).await;
    assert!(page.body.contains("周新") && page.body.contains("群众") && page.body.contains("高中"));
    assert!(page.body.contains("1985-11-11") && !page.body.contains(&good));
    assert!(page.body.contains("139****5678"));
    // The same number again is refused, masked.
    let again = app
        .post_form("/people/persons/new", &s.cookie, &form(&good))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("已登记") && !again.body.contains(&good));
}
