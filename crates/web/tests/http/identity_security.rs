//! Identity security through the pages and the API (issue 11): sessions and tokens end with a
//! password change or reset, no administration of peers, redirects stay on the site, weak
//! passwords are refused, the password form is throttled, calendar tokens read the feed only.

use super::*;

const NEW_PASSWORD: &str = "Lamp-river-Orchid-47";

/// Signs in with `password`; `None` when the sign-in is refused.
async fn login_with(app: &App, username: &str, password: &str) -> Option<Session> {
    let page = app.get("/login", "").await;
    let anon = set_cookie(&page, "zx_csrf").unwrap();
    let token = csrf_in(&page.body);
    let res = app
        .post_form(
            "/login",
            &format!("zx_csrf={anon}"),
            &format!(
                "_csrf={token}&username={username}&password={}",
                enc(password)
            ),
        )
        .await;
    if res.status != StatusCode::SEE_OTHER {
        return None;
    }
    let cookie = format!("zx_session={}", set_cookie(&res, "zx_session").unwrap());
    let home = app.get("/", &cookie).await;
    Some(Session {
        csrf: csrf_in(&home.body),
        cookie,
    })
}

async fn signed_in(app: &App, s: &Session) -> bool {
    app.get("/", &s.cookie).await.status == StatusCode::OK
}

/// A full API token made on the account page.
async fn account_token(app: &App, s: &Session) -> String {
    let page = app
        .post_form(
            "/account/tokens",
            &s.cookie,
            &format!("_csrf={}&name=sync", s.csrf),
        )
        .await;
    let marker = "data-testid=\"new-token\">";
    let start = page.body.find(marker).expect("token shown") + marker.len();
    page.body[start..].split('<').next().unwrap().to_string()
}

async fn me_with(app: &App, token: &str) -> StatusCode {
    app.send(
        Request::get("/api/v1/me")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .status
}

async fn change_password(app: &App, s: &Session, current: &str, new: &str) -> Resp {
    app.post_form(
        "/account/password",
        &s.cookie,
        &format!(
            "_csrf={}&current={}&password={}&confirm={}",
            s.csrf,
            enc(current),
            enc(new),
            enc(new)
        ),
    )
    .await
}

async fn user_id(app: &App, username: &str) -> String {
    store::identity::find_for_login(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn a_password_change_ends_other_sessions_and_revokes_tokens_but_keeps_this_one() {
    let app = app().await;
    let here = app.login("town").await;
    let elsewhere = app.login("town").await;
    let token = account_token(&app, &here).await;
    assert_eq!(me_with(&app, &token).await, StatusCode::OK);

    let res = change_password(&app, &here, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("密码已修改"), "{}", res.body);
    assert!(
        signed_in(&app, &here).await,
        "the session that changed it stays"
    );
    assert!(!signed_in(&app, &elsewhere).await, "another session ends");
    assert_eq!(
        me_with(&app, &token).await,
        StatusCode::UNAUTHORIZED,
        "the old bearer token is revoked"
    );
    let account = app.get("/account", &here.cookie).await;
    assert!(account.body.contains("已撤销"), "the list shows it revoked");
    assert!(login_with(&app, "town", PASSWORD).await.is_none());
    assert!(login_with(&app, "town", NEW_PASSWORD).await.is_some());
}

#[tokio::test]
async fn an_administrators_reset_ends_sessions_and_revokes_tokens() {
    let app = app().await;
    let cadre = app.login("cadre").await;
    let token = account_token(&app, &cadre).await;
    assert_eq!(me_with(&app, &token).await, StatusCode::OK);
    let town = app.login("town").await;
    let id = user_id(&app, "cadre").await;
    let res = app
        .post_form(
            &format!("/admin/users/{id}"),
            &town.cookie,
            &format!(
                "_csrf={}&display_name=x&role=village_cadre&region_code=340803100201&password={}&active=on",
                town.csrf,
                enc(NEW_PASSWORD)
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(!signed_in(&app, &cadre).await, "the cadre's session ends");
    assert_eq!(me_with(&app, &token).await, StatusCode::UNAUTHORIZED);
    assert!(login_with(&app, "cadre", NEW_PASSWORD).await.is_some());
}

#[tokio::test]
async fn a_town_officer_cannot_take_over_another_town_officer() {
    let app = app().await;
    let hash = usecase::credentials::hash(PASSWORD.into()).await.unwrap();
    store::identity::create_user(
        &app.db,
        &Actor::system("test"),
        store::identity::NewUser {
            username: "town2".into(),
            display_name: "town2 名".into(),
            role: Role::TownOfficer,
            region: RegionCode::parse("340803100000").unwrap(),
            password_hash: hash,
        },
    )
    .await
    .unwrap();
    let peer = user_id(&app, "town2").await;
    let own = user_id(&app, "town").await;
    let cadre = user_id(&app, "cadre").await;
    let s = app.login("town").await;
    let form = |role: &str, password: &str, active: &str| {
        format!(
            "_csrf={}&display_name=x&role={role}&region_code=340803100000&password={}{active}",
            s.csrf,
            enc(password)
        )
    };
    assert_eq!(
        app.get(&format!("/admin/users/{peer}"), &s.cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    for (what, body) in [
        ("reset", form("town_officer", NEW_PASSWORD, "&active=on")),
        ("edit", form("town_officer", "", "&active=on")),
        ("deactivate", form("town_officer", "", "")),
    ] {
        let res = app
            .post_form(&format!("/admin/users/{peer}"), &s.cookie, &body)
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{what}: {}", res.body);
    }
    // Nor oneself through administration.
    let res = app
        .post_form(
            &format!("/admin/users/{own}"),
            &s.cookie,
            &form("town_officer", NEW_PASSWORD, "&active=on"),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The peer still signs in with their own password; nothing of theirs changed.
    assert!(login_with(&app, "town2", NEW_PASSWORD).await.is_none());
    let peer_session = login_with(&app, "town2", PASSWORD).await.unwrap();
    // The list offers editing only for the users below.
    let list = app.get("/admin/users", &s.cookie).await;
    assert!(list.body.contains(&format!("/admin/users/{cadre}")));
    assert!(!list.body.contains(&format!("/admin/users/{peer}")));
    assert!(!list.body.contains(&format!("/admin/users/{own}")));

    // A district admin administers town officers.
    let admin = app.login("admin").await;
    let res = app
        .post_form(
            &format!("/admin/users/{peer}"),
            &admin.cookie,
            &format!(
                "_csrf={}&display_name=x&role=town_officer&region_code=340803100000&password={}&active=on",
                admin.csrf,
                enc(NEW_PASSWORD)
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(!signed_in(&app, &peer_session).await);
    assert!(login_with(&app, "town2", NEW_PASSWORD).await.is_some());
}

#[tokio::test]
async fn next_stays_on_the_site() {
    let app = app().await;
    let s = app.login("cadre").await;
    let page = app.get("/login", "").await;
    let anon = set_cookie(&page, "zx_csrf").unwrap();
    let token = csrf_in(&page.body);
    for (next, expected) in [
        ("/%5Cevil.example/", "/"),
        ("//evil.example", "/"),
        ("/%09/evil", "/"),
        ("/%0D%0ASet-Cookie:%20x=1", "/"),
        ("/ok%0Aevil", "/"),
        ("https://evil.example", "/"),
        ("/", "/"),
        ("/ledger/orgs", "/ledger/orgs"),
    ] {
        // Signed in, the sign-in page sends the user on at once.
        let res = app.get(&format!("/login?next={next}"), &s.cookie).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next}: {}", res.body);
        assert_eq!(res.headers[header::LOCATION], expected, "GET {next}");
        // Signing in sends the user there too.
        let res = app
            .post_form(
                "/login",
                &format!("zx_csrf={anon}"),
                &format!(
                    "_csrf={token}&username=cadre&password={}&next={next}",
                    enc(PASSWORD)
                ),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next}: {}", res.body);
        assert_eq!(res.headers[header::LOCATION], expected, "POST {next}");
    }
    // The form carries only the safe value.
    let page = app.get("/login?next=/%5Cevil.example/", "").await;
    assert!(
        page.body
            .contains("<input type=\"hidden\" name=\"next\" value=\"/\">"),
        "{}",
        page.body
    );
    // The language switch goes back to a local path only, too.
    for (back, expected) in [("/%5Cevil.example/", "/"), ("/ledger/orgs", "/ledger/orgs")] {
        let res = app
            .post_form(
                "/lang",
                &s.cookie,
                &format!("_csrf={}&lang=zh-CN&back={back}", s.csrf),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.headers[header::LOCATION], expected, "back={back}");
    }
}

#[tokio::test]
async fn weak_passwords_are_refused_and_a_strong_one_is_accepted() {
    let app = app().await;
    let s = app.login("town").await;
    for weak in ["          1a", "aaaaaaaaa1", "Passw0rd!!"] {
        let res = change_password(&app, &s, PASSWORD, weak).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{weak:?}");
        assert!(
            res.body.contains("密码太容易被猜到"),
            "{weak:?}: {}",
            res.body
        );
        assert!(!res.body.contains("easy to guess"), "no English in zh-CN");
    }
    // The reason is told in the user's language.
    let res = change_password(&app, &s, PASSWORD, "aaaaaaaaa1").await;
    assert!(res.body.contains("重复的字符"), "{}", res.body);
    let res = change_password(&app, &s, PASSWORD, "password123").await;
    assert!(res.body.contains("常见密码"), "{}", res.body);
    // None of them took: the old password still signs in.
    assert!(login_with(&app, "town", PASSWORD).await.is_some());
    // The same rule when an administrator sets a password.
    let res = app
        .post_form(
            "/admin/users",
            &s.cookie,
            &format!(
                "_csrf={}&username=weakling&display_name=x&role=village_cadre&region_code=340803100201&password={}&active=on",
                s.csrf,
                enc("Passw0rd!!")
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("密码太容易被猜到"));
    let res = change_password(&app, &s, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(login_with(&app, "town", NEW_PASSWORD).await.is_some());
}

#[tokio::test]
async fn wrong_current_passwords_lock_the_change_form() {
    let app = app().await;
    let s = app.login("town").await;
    for i in 0..web::identity::pages::MAX_FAILURES_PER_ACCOUNT {
        let res = change_password(&app, &s, "Wrong-guess-1", NEW_PASSWORD).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
        assert!(res.body.contains("当前密码不正确"), "{}", res.body);
    }
    // The sixth wrong guess, and now even the right password, meet the sign-in lock.
    for current in ["Wrong-guess-1", PASSWORD] {
        let res = change_password(&app, &s, current, NEW_PASSWORD).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
        assert!(res.body.contains("登录失败次数过多"), "{}", res.body);
    }
    assert!(signed_in(&app, &s).await);
    // The password did not change, and sign-in is locked for the account as well.
    let (hash,) = (store::identity::find_for_login(&app.db, "town")
        .await
        .unwrap()
        .unwrap()
        .password_hash,);
    assert!(usecase::credentials::verify(PASSWORD.into(), hash).await);
    assert!(login_with(&app, "town", PASSWORD).await.is_none());
}

#[tokio::test]
async fn a_calendar_token_reads_the_feed_and_nothing_else() {
    let app = app().await;
    let s = app.login("town").await;
    let page = app
        .post_form(
            "/mechanism/calendar/token",
            &s.cookie,
            &format!("_csrf={}&name=phone-feed", s.csrf),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let marker = "data-testid=\"feed-url\">";
    let start = page.body.find(marker).expect("feed URL shown") + marker.len();
    let url = page.body[start..].split('<').next().unwrap().to_string();
    let path = url
        .strip_prefix("http://127.0.0.1:8080")
        .expect("an absolute URL on the site")
        .replace("&amp;", "&");
    assert!(
        path.starts_with("/mechanism/calendar.ics?token=zx_"),
        "{path}"
    );
    let token = path.rsplit('=').next().unwrap().to_string();

    let feed = app.get(&path, "").await;
    assert_eq!(feed.status, StatusCode::OK, "{}", feed.body);
    assert!(feed.body.starts_with("BEGIN:VCALENDAR"));
    // Not a bearer token for the API, nor for the pages.
    assert_eq!(me_with(&app, &token).await, StatusCode::UNAUTHORIZED);
    let page = app
        .send(
            Request::get("/regions")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    // A full API token is refused in the feed URL.
    let full = account_token(&app, &s).await;
    assert_eq!(me_with(&app, &full).await, StatusCode::OK);
    let refused = app
        .get(&format!("/mechanism/calendar.ics?token={full}"), "")
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    // The account page lists both with what they are for, and revokes them the same way.
    let account = app.get("/account", &s.cookie).await;
    assert!(account.body.contains("仅日历订阅") && account.body.contains("接口读写"));
    let tokens = store::identity::list_tokens(&app.db, &user_id(&app, "town").await)
        .await
        .unwrap();
    let cal = tokens.iter().find(|t| t.name == "phone-feed").unwrap();
    app.post_form(
        &format!("/account/tokens/{}/revoke", cal.id),
        &s.cookie,
        &format!("_csrf={}", s.csrf),
    )
    .await;
    assert_eq!(app.get(&path, "").await.status, StatusCode::UNAUTHORIZED);
}
