//! Success is confirmed (issue 13 point 8): a form saved and answered by a redirect shows 已保存
//! on the page it leads to, once; signing out or switching the language says nothing.

use super::*;

fn saved_cookie(res: &Resp) -> Option<String> {
    res.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("zx_saved="))
        .map(|v| v.split(';').next().unwrap().to_string())
}

async fn saved_form_confirmed_once(app: &App) {
    let admin = app.login("admin").await;
    let form = format!(
        "_csrf={}&code=340803100209&parent_code=340803100000&name={}&kind=village&population=&households=&area_km2=&party_members=",
        admin.csrf,
        enc("新建村")
    );
    let res = app.post_form("/regions", &admin.cookie, &form).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let to = res.headers[header::LOCATION].to_str().unwrap().to_string();
    let flag = saved_cookie(&res).expect("the answer sets the saved cookie");
    assert_eq!(
        flag,
        format!("zx_saved={to}"),
        "the cookie names the saved record"
    );

    // The next page confirms, and clears the cookie.
    let page = app.get(&to, &format!("{}; {flag}", admin.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"saved\""), "{}", page.body);
    assert!(page.body.contains("已保存"));
    assert_eq!(saved_cookie(&page).as_deref(), Some("zx_saved="));
    // The page is the saved record itself: no link to where it already is.
    assert!(
        !page.body.contains("data-testid=\"saved-link\""),
        "{}",
        page.body
    );

    // A user saved from the list: the list confirms with a link to the user's page.
    let user = format!(
        "_csrf={}&username=saved_link&display_name={}&role=village_cadre&region_code=340803100201&password={}",
        admin.csrf,
        enc("链接 测试"),
        enc("Zhenxing-2026-test!")
    );
    let res = app.post_form("/admin/users", &admin.cookie, &user).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(
        !res.headers.contains_key("x-zx-saved"),
        "the header stays inside"
    );
    let flag = saved_cookie(&res).unwrap();
    let list = app
        .get(
            res.headers[header::LOCATION].to_str().unwrap(),
            &format!("{}; {flag}", admin.cookie),
        )
        .await;
    let created = store::identity::find_for_login(&app.db, "saved_link")
        .await
        .unwrap()
        .unwrap();
    assert!(
        list.body.contains(&format!(
            "<a href=\"/admin/users/{}\" data-testid=\"saved-link\">查看</a>",
            created.id
        )),
        "{}",
        list.body
    );
    // A cookie naming another site is no link.
    let forged = app
        .get(
            "/",
            &format!("{}; zx_saved=%2F%2Fevil.example%2Fx", admin.cookie),
        )
        .await;
    assert!(forged.body.contains("data-testid=\"saved\""));
    assert!(!forged.body.contains("evil.example"), "{}", forged.body);
    // Without it, nothing is confirmed.
    let again = app.get(&to, &admin.cookie).await;
    assert!(!again.body.contains("data-testid=\"saved\""));

    // A refused form confirms nothing.
    let refused = app.post_form("/regions", &admin.cookie, &form).await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER);
    assert!(saved_cookie(&refused).is_none());

    // The language switch and signing out save nothing.
    let lang = app
        .post_form(
            "/lang",
            &admin.cookie,
            &format!("_csrf={}&lang=en-US&back=/", admin.csrf),
        )
        .await;
    assert_eq!(lang.status, StatusCode::SEE_OTHER);
    assert!(saved_cookie(&lang).is_none());
    let out = app
        .post_form("/logout", &admin.cookie, &format!("_csrf={}", admin.csrf))
        .await;
    assert!(saved_cookie(&out).is_none());
}

#[tokio::test]
async fn a_saved_form_is_confirmed_once() {
    let app = app().await;
    saved_form_confirmed_once(&app).await;
}

/// A refused form sent by htmx answers with its error's status (422), not 200: the page's
/// htmx configuration swaps 4xx answers in place, so the status tells scripts the truth.
#[tokio::test]
async fn a_refused_htmx_form_answers_422() {
    let app = app().await;
    let cadre = app.login("cadre").await;
    let mut req = super::mechanism_meetings::multipart(
        "/mechanism/meetings/new",
        &cadre,
        &[
            ("type_code", "branch_committee"),
            ("region_code", "340803100201"),
            ("date", "not a date"),
            ("start_time", "09:00"),
            ("place", "村委会"),
        ],
        &[],
    );
    req.headers_mut()
        .insert("hx-request", "true".parse().unwrap());
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains("data-testid=\"field-error\""),
        "{}",
        res.body
    );
    assert!(saved_cookie(&res).is_none());
}
