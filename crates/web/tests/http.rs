//! HTTP tests against the real router on a temporary SQLite database (and, for the
//! storage-dependent paths, the same code the store tests run on PostgreSQL).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use domain::identity::{Actor, Role};
use domain::region::{RegionCode, RegionInput};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use store::Db;
use tower::ServiceExt;

const PASSWORD: &str = "Test-pass-2026";

struct App {
    router: Router,
    db: Db,
}

struct Resp {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
    bytes: Vec<u8>,
}

async fn app() -> App {
    app_at("http://127.0.0.1:8080").await
}

async fn app_at(public_url: &str) -> App {
    let dir = std::env::temp_dir().join(format!("zx-web-{}", domain::Id::new()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
        .await
        .unwrap();
    app_on(db, public_url).await
}

/// A fresh PostgreSQL database on the server `ZHENXING_TEST_POSTGRES` names, migrated;
/// `None` when the variable is not set. [`PgTestDb::drop_db`] removes it.
struct PgTestDb {
    admin: Db,
    name: String,
}

impl PgTestDb {
    async fn create() -> Option<(Db, PgTestDb)> {
        let Ok(admin_url) = std::env::var("ZHENXING_TEST_POSTGRES") else {
            eprintln!("ZHENXING_TEST_POSTGRES not set: skipped");
            return None;
        };
        let name = format!("zx_web_{}", domain::Id::new().to_string().replace('-', ""));
        let admin = Db::connect(&admin_url).await.unwrap();
        let pg = PgTestDb { admin, name };
        pg.execute(&format!("CREATE DATABASE {}", pg.name)).await;
        let base = admin_url.rsplit_once('/').unwrap().0;
        let db = Db::connect(&format!("{base}/{}", pg.name)).await.unwrap();
        db.migrate().await.unwrap();
        Some((db, pg))
    }

    async fn execute(&self, sql: &str) {
        let Db::Postgres(pool) = &self.admin else {
            unreachable!("ZHENXING_TEST_POSTGRES names a PostgreSQL server")
        };
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(pool)
            .await
            .unwrap();
    }

    /// Closes `db` and drops its database.
    async fn drop_db(self, db: Db) {
        db.close().await;
        self.execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .await;
        self.admin.close().await;
    }
}

/// The test application on `db` of either backend: migrated (again, harmlessly, when it
/// already is), with the fixture regions and users.
async fn app_on(db: Db, public_url: &str) -> App {
    let config = web::WebConfig {
        public_url: public_url.into(),
        demo: true,
        trust_proxy: public_url.starts_with("https://"),
        ..Default::default()
    };
    app_configured(db, config).await
}

/// The first sheet of an .xlsx answer, row by row (calamine).
fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = wb.sheet_names()[0].clone();
    wb.worksheet_range(&name)
        .unwrap()
        .rows()
        .map(<[calamine::Data]>::to_vec)
        .collect()
}

/// [`app_on`] with the web settings `config`.
async fn app_configured(db: Db, config: web::WebConfig) -> App {
    db.migrate().await.unwrap();
    let rows: Vec<(usize, domain::region::Region)> = [
        ("340803000000", "", "大观区", "区", ""),
        ("340803100000", "340803000000", "海口镇", "镇", ""),
        ("340803200000", "340803000000", "十里铺乡", "乡", ""),
        ("340803100201", "340803100000", "保婴村", "村", "重点村"),
        ("340803200201", "340803200000", "长风村", "村", ""),
    ]
    .iter()
    .enumerate()
    .map(|(i, (code, parent, name, kind, tags))| {
        let input = RegionInput {
            code: (*code).into(),
            parent_code: (*parent).into(),
            name: (*name).into(),
            kind: (*kind).into(),
            tags: (*tags).into(),
            ..Default::default()
        };
        (i + 2, input.validate().unwrap())
    })
    .collect();
    let system = Actor::system("test");
    store::region::import(&db, &system, &rows).await.unwrap();
    let hash = usecase::credentials::hash(PASSWORD.into()).await.unwrap();
    for (username, role, region) in [
        ("admin", Role::DistrictAdmin, "340803000000"),
        ("town", Role::TownOfficer, "340803100000"),
        ("cadre", Role::VillageCadre, "340803100201"),
        ("other", Role::VillageCadre, "340803200201"),
    ] {
        store::identity::create_user(
            &db,
            &system,
            store::identity::NewUser {
                username: username.into(),
                display_name: format!("{username} 名"),
                role,
                region: RegionCode::parse(region).unwrap(),
                password_hash: hash.clone(),
            },
        )
        .await
        .unwrap();
    }
    let state = web::AppState::new(db.clone(), config).unwrap();
    App {
        router: web::router(state),
        db,
    }
}

impl App {
    async fn send(&self, mut req: Request<Body>) -> Resp {
        // As `zhenxing serve` does, every request carries its peer's address (here loopback,
        // unless the test set another).
        if req.extensions().get::<ConnectInfo<SocketAddr>>().is_none() {
            req.extensions_mut()
                .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50000))));
        }
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    async fn get(&self, path: &str, cookie: &str) -> Resp {
        self.send(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    async fn post_form(&self, path: &str, cookie: &str, form: &str) -> Resp {
        self.send(
            Request::post(path)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.to_string()))
                .unwrap(),
        )
        .await
    }

    /// Signs in through the login form; returns the session cookie and its CSRF token.
    async fn login(&self, username: &str) -> Session {
        let page = self.get("/login", "").await;
        let anon = set_cookie(&page, "zx_csrf").unwrap();
        let token = csrf_in(&page.body);
        let res = self
            .post_form(
                "/login",
                &format!("zx_csrf={anon}"),
                &format!(
                    "_csrf={token}&username={username}&password={}",
                    enc(PASSWORD)
                ),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let cookie = format!("zx_session={}", set_cookie(&res, "zx_session").unwrap());
        let home = self.get("/", &cookie).await;
        assert_eq!(home.status, StatusCode::OK);
        Session {
            csrf: csrf_in(&home.body),
            cookie,
        }
    }
}

struct Session {
    cookie: String,
    csrf: String,
}

/// A multipart upload of one `file` field, as the import forms send it (htmx adds the token).
fn upload_request(path: &str, session: &Session, name: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "zxupload";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
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

fn enc(s: &str) -> String {
    web::base::url::encode(s)
}

fn set_cookie(res: &Resp, name: &str) -> Option<String> {
    res.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.split(';')
                .next()
                .and_then(|kv| kv.split_once('='))
                .filter(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
}

fn csrf_in(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    html[start..start + 64].to_string()
}

#[tokio::test]
async fn login_page_is_chinese_and_sign_in_works() {
    let app = app().await;
    let res = app.get("/", "").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        res.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    let page = app.get("/login", "").await;
    assert!(page.body.contains("<html lang=\"zh-CN\">"));
    assert!(page.body.contains("登录"));
    assert!(page.body.contains("示例数据"), "demo banner");
    let s = app.login("admin").await;
    let home = app.get("/", &s.cookie).await;
    assert!(home.body.contains("大观区"));
    // Signing out ends the session.
    let out = app
        .post_form("/logout", &s.cookie, &format!("_csrf={}", s.csrf))
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/", &s.cookie).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn wrong_passwords_are_refused_then_throttled() {
    let app = app().await;
    let page = app.get("/login", "").await;
    let anon = format!("zx_csrf={}", set_cookie(&page, "zx_csrf").unwrap());
    let token = csrf_in(&page.body);
    for _ in 0..web::identity::pages::MAX_FAILURES_PER_ACCOUNT {
        let res = app
            .post_form(
                "/login",
                &anon,
                &format!("_csrf={token}&username=admin&password=wrong"),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert!(res.body.contains("用户名或密码"), "{}", res.body);
    }
    // Now even the right password waits.
    let res = app
        .post_form(
            "/login",
            &anon,
            &format!("_csrf={token}&username=admin&password={}", enc(PASSWORD)),
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(set_cookie(&res, "zx_session").is_none());
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token() {
    let app = app().await;
    // Without a token the login form is refused before any password is checked.
    let page = app.get("/login", "").await;
    let anon = format!("zx_csrf={}", set_cookie(&page, "zx_csrf").unwrap());
    let res = app
        .post_form(
            "/login",
            &anon,
            &format!("username=admin&password={}", enc(PASSWORD)),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let s = app.login("admin").await;
    let form = "name=%E4%BF%9D%E5%A9%B4%E6%9D%91&kind=village&population=999";
    let refused = app
        .post_form("/regions/340803100201", &s.cookie, form)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let wrong = app
        .post_form(
            "/regions/340803100201",
            &s.cookie,
            &format!("{form}&_csrf={}", "0".repeat(64)),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let unchanged = store::region::get(&app.db, &domain::identity::Scope::system(), "340803100201")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.population, None);
    let ok = app
        .post_form(
            "/regions/340803100201",
            &s.cookie,
            &format!("{form}&_csrf={}", s.csrf),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let changed = store::region::get(&app.db, &domain::identity::Scope::system(), "340803100201")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(changed.population, Some(999));
    // htmx sends the token as a header.
    let res = app
        .send(
            Request::post("/lang")
                .header(header::COOKIE, &s.cookie)
                .header("x-csrf-token", &s.csrf)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("lang=en-US&back=/"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_village_user_gets_404_for_another_villages_data() {
    let app = app().await;
    let s = app.login("other").await;
    let mine = app.get("/regions/340803200201", &s.cookie).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains("长风村"));
    for path in [
        "/regions/340803100201",
        "/regions/340803100201/edit",
        "/regions/new?parent=340803100000",
        "/api/v1/regions/340803100201",
        "/api/v1/regions/340803100000",
    ] {
        let res = app.get(path, &s.cookie).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "GET {path}");
    }
    for path in ["/regions/340803100201", "/regions/340803100201/archive"] {
        let res = app
            .post_form(
                path,
                &s.cookie,
                &format!("_csrf={}&name=x&kind=village", s.csrf),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "POST {path}");
    }
    let put = app
        .send(
            Request::put("/api/v1/regions/340803100201")
                .header(header::COOKIE, &s.cookie)
                .header("x-csrf-token", &s.csrf)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"name":"x","kind":"village"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(put.status, StatusCode::NOT_FOUND);
    let list = app.get("/api/v1/regions", &s.cookie).await;
    let json: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(json["items"][0]["code"], "340803200201");
    // Lists and exports hold only its own village.
    let tree = app.get("/regions", &s.cookie).await;
    assert!(
        !tree.body.contains("/regions/340803100201") && tree.body.contains("/regions/340803200201")
    );
    let csv = app.get("/regions/export.csv", &s.cookie).await;
    assert!(csv.body.contains("长风村") && !csv.body.contains("保婴村"));
}

#[tokio::test]
async fn security_headers_are_present() {
    let app = app().await;
    for path in ["/login", "/healthz", "/no-such-page", "/api/v1/me"] {
        let res = app.get(path, "").await;
        let csp = res.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(res.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(res.headers[header::REFERRER_POLICY], "same-origin");
    }
    let login = app.get("/login", "").await;
    assert!(!login.body.contains("<script>"), "no inline script");
    let cookie = login.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite="));
    let missing = app.get("/no-such-page", "").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("<html lang=\"zh-CN\">"),
        "friendly page"
    );
}

#[tokio::test]
async fn the_api_needs_a_token_or_session() {
    let app = app().await;
    let res = app.get("/api/v1/me", "").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(json["code"], "auth.unauthorized");
    assert!(json["message"].as_str().unwrap().len() > 3);
    let bad = app
        .send(
            Request::get("/api/v1/me")
                .header(header::AUTHORIZATION, "Bearer zx_nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    // A token made on the account page works without cookies or CSRF, until revoked.
    let s = app.login("town").await;
    let page = app
        .post_form(
            "/account/tokens",
            &s.cookie,
            &format!("_csrf={}&name=sync", s.csrf),
        )
        .await;
    let marker = "data-testid=\"new-token\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let token = page.body[start..].split('<').next().unwrap().to_string();
    assert!(token.starts_with("zx_"));
    let bearer = format!("Bearer {token}");
    let me = app
        .send(
            Request::get("/api/v1/me")
                .header(header::AUTHORIZATION, &bearer)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&me.body).unwrap();
    assert_eq!(
        (json["username"].as_str(), json["region_code"].as_str()),
        (Some("town"), Some("340803100000"))
    );
    let create = app.send(Request::post("/api/v1/regions").header(header::AUTHORIZATION, &bearer).header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"code":"340803100202","parent_code":"340803100000","name":"洪铺村","kind":"村","tags":["supported_village"],"population":1500}"#)).unwrap()).await;
    assert_eq!(create.status, StatusCode::CREATED, "{}", create.body);
    let bad = app.send(Request::post("/api/v1/regions").header(header::AUTHORIZATION, &bearer).header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"code":"340803200202","parent_code":"340803100000","name":"错村","kind":"村"}"#)).unwrap()).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = serde_json::from_str(&bad.body).unwrap();
    assert_eq!(json["code"], "region.parent_mismatch");
    assert_eq!(json["field"], "parent_code");
    let garbled = app
        .send(
            Request::post("/api/v1/regions")
                .header(header::AUTHORIZATION, &bearer)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"code": 340803100203}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(garbled.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = serde_json::from_str(&garbled.body).unwrap();
    assert_eq!(json["code"], "json.invalid");
    let tokens = store::identity::list_tokens(
        &app.db,
        &store::identity::find_for_login(&app.db, "town")
            .await
            .unwrap()
            .unwrap()
            .id,
    )
    .await
    .unwrap();
    assert!(
        tokens
            .iter()
            .all(|t| t.token_hash != token && t.token_hash.len() == 64),
        "only the hash is stored"
    );
    app.post_form(
        &format!("/account/tokens/{}/revoke", tokens[0].id),
        &s.cookie,
        &format!("_csrf={}", s.csrf),
    )
    .await;
    let me = app
        .send(
            Request::get("/api/v1/me")
                .header(header::AUTHORIZATION, &bearer)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let app = app().await;
    let res = app.get("/api/openapi.json", "").await;
    let doc: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        ("/api/v1/me", "get"),
        ("/api/v1/regions", "get"),
        ("/api/v1/regions", "post"),
        ("/api/v1/regions/{code}", "get"),
        ("/api/v1/regions/{code}", "put"),
    ];
    for (path, method) in expected {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing from the document"
        );
    }
    // Every API path written anywhere in the web crate's source is documented: a route added
    // with a plain `.route("/api/v1/…")` would be served but missing from the document.
    let mut sources = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    let mut literals = Vec::new();
    while let Some(dir) = sources.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split("\"/api/v1").skip(1) {
                    let rest = piece.split('"').next().unwrap();
                    literals.push(format!("/api/v1{rest}"));
                }
            }
        }
    }
    assert!(literals.len() >= 5, "{literals:?}");
    for literal in literals {
        assert!(
            paths.contains_key(&literal),
            "{literal} is in the source but not in /api/openapi.json"
        );
    }
    // And the document describes nothing the router does not serve.
    let s = app.login("admin").await;
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let concrete = path
                .replace("{code}", "340803100201")
                .replace("{org}", "no-org-3408")
                .replace("{id}", "no-id-3408")
                .replace("{key}", "no-key-3408");
            let req = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&concrete)
                .header(header::COOKIE, &s.cookie)
                .header("x-csrf-token", &s.csrf)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let res = app.send(req).await;
            assert!(
                res.status != StatusCode::METHOD_NOT_ALLOWED
                    && !(res.status == StatusCode::NOT_FOUND
                        && res.body.contains("common.not_found")
                        && !concrete.contains("3408")),
                "{method} {path}: {}",
                res.status
            );
        }
    }
}

#[tokio::test]
async fn both_locales_have_the_same_keys() {
    use web::i18n::{Locale, message_ids, sources};
    let keys = |l: Locale| {
        let mut all: Vec<String> = sources(l)
            .iter()
            .flat_map(|(_, text)| message_ids(text))
            .collect();
        all.sort();
        all
    };
    let zh = keys(Locale::ZhCn);
    let en = keys(Locale::EnUs);
    let only_zh: Vec<_> = zh.iter().filter(|k| !en.contains(k)).collect();
    let only_en: Vec<_> = en.iter().filter(|k| !zh.contains(k)).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "only zh-CN: {only_zh:?}; only en-US: {only_en:?}"
    );
    assert!(zh.len() > 100);
    // Every key a template uses exists (a missing key renders as itself).
    let i18n = web::i18n::I18n::load().unwrap();
    for key in [
        "login-title",
        "nav-logout",
        "demo-banner",
        "region-code_invalid",
        "import-row-error",
        "role-first_secretary",
    ] {
        assert!(
            i18n.has(Locale::ZhCn, key) && i18n.has(Locale::EnUs, key),
            "{key}"
        );
    }
    // Keys made from enumerations: every value has its label in both languages.
    let families = domain::audit::Action::ALL
        .iter()
        .map(|a| format!("audit-action-{}", a.as_str()))
        .chain(Role::ALL.iter().map(|r| format!("role-{}", r.as_str())))
        .chain(
            domain::region::RegionKind::ALL
                .iter()
                .map(|k| format!("region-kind-{}", k.as_str())),
        )
        .chain(
            domain::region::RegionTag::ALL
                .iter()
                .map(|t| format!("region-tag-{}", t.as_str())),
        )
        .chain(
            domain::audit::entity::ALL
                .iter()
                .map(|e| format!("audit-entity-{e}")),
        )
        .chain(
            usecase::region::COLUMNS
                .iter()
                .map(|c| format!("field-{c}")),
        );
    // Every error code raised anywhere in the source has its message.
    let mut dirs: Vec<std::path::PathBuf> = ["domain", "store", "usecase", "web", "app"]
        .iter()
        .map(|c| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join(c)
                .join("src")
        })
        .collect();
    let mut codes = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in [
                "FieldError::new(\"",
                "Conflict(\"",
                "StatusCode::BAD_REQUEST, \"",
                "StatusCode::FORBIDDEN, \"",
                "_TOO_LARGE, \"",
            ] {
                for piece in text.split(marker).skip(1) {
                    codes.push(piece.split('"').next().unwrap().to_string());
                }
            }
        }
    }
    assert!(codes.len() > 30, "{codes:?}");
    let families = families.chain(codes);
    for key in families {
        assert!(
            i18n.has(Locale::ZhCn, &key) && i18n.has(Locale::EnUs, &key),
            "{key}"
        );
    }
}

#[tokio::test]
async fn language_choice_is_remembered_per_user() {
    let app = app().await;
    let s = app.login("cadre").await;
    let res = app
        .post_form(
            "/lang",
            &s.cookie,
            &format!("_csrf={}&lang=en-US&back=/regions", s.csrf),
        )
        .await;
    assert_eq!(res.headers[header::LOCATION], "/regions");
    // A new session without the language cookie still opens in English.
    let again = app.login("cadre").await;
    let page = app.get("/regions/340803100201", &again.cookie).await;
    assert!(page.body.contains("<html lang=\"en-US\">"));
    assert!(page.body.contains("Sign out") && page.body.contains("Key village"));
    let res = app
        .post_form(
            "/lang",
            &again.cookie,
            &format!("_csrf={}&lang=zh-CN&back=//evil.example", again.csrf),
        )
        .await;
    assert_eq!(res.headers[header::LOCATION], "/", "never an open redirect");
}

#[tokio::test]
async fn region_export_imports_back_unchanged_and_a_bad_row_is_named() {
    let app = app().await;
    let s = app.login("admin").await;
    let xlsx = app.get("/regions/export.xlsx", &s.cookie).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let upload = |name: &str, bytes: &[u8]| upload_request("/regions/import", &s, name, bytes);
    let before = store::region::all(&app.db, &domain::identity::Scope::system())
        .await
        .unwrap();
    let res = app.send(upload("regions.xlsx", &xlsx.bytes)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains("data-testid=\"import-ok\""),
        "{}",
        res.body
    );
    let after = store::region::all(&app.db, &domain::identity::Scope::system())
        .await
        .unwrap();
    assert_eq!(before, after, "the export imports back unchanged");
    // A CSV with one good new village and one bad code: nothing is written, row 3 named.
    let csv = "区划代码,上级区划代码,名称,类型,标签\n340803100203,340803100000,光明村,村,\n34080310020X,340803100000,坏村,村,\n";
    let res = app.send(upload("new.csv", csv.as_bytes())).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a refused file is 422"
    );
    assert!(
        res.body.contains("data-testid=\"import-error\""),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("new.csv")
            && res.body.contains("第 3 行")
            && res.body.contains("区划代码"),
        "{}",
        res.body
    );
    assert!(
        store::region::get(&app.db, &domain::identity::Scope::system(), "340803100203")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn user_admin_stays_within_scope_and_rank() {
    let app = app().await;
    let s = app.login("town").await;
    let page = app.get("/admin/users", &s.cookie).await;
    assert!(
        page.body.contains("cadre")
            && !page.body.contains(">other<")
            && !page.body.contains(">admin<")
    );
    let form = |username: &str, role: &str, region: &str| {
        format!(
            "_csrf={}&username={username}&display_name=x&role={role}&region_code={region}&password={}&active=on",
            s.csrf,
            enc(PASSWORD)
        )
    };
    let res = app
        .post_form(
            "/admin/users",
            &s.cookie,
            &form("newcadre", "village_cadre", "340803100201"),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = app
        .post_form(
            "/admin/users",
            &s.cookie,
            &form("boss", "district_admin", "340803000000"),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .post_form(
            "/admin/users",
            &s.cookie,
            &form("far", "village_cadre", "340803200201"),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(
        store::identity::find_for_login(&app.db, "boss")
            .await
            .unwrap()
            .is_none()
    );
    let weak = format!(
        "_csrf={}&username=weak&display_name=x&role=village_cadre&region_code=340803100201&password=short",
        s.csrf
    );
    let res = app.post_form("/admin/users", &s.cookie, &weak).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("10"), "names the rule");
    let cadre = app.login("cadre").await;
    assert_eq!(
        app.get("/admin/users", &cadre.cookie).await.status,
        StatusCode::FORBIDDEN
    );
    let xlsx = app.get("/admin/users/export.xlsx", &s.cookie).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"));
}

#[tokio::test]
async fn audit_page_filters_and_exports() {
    let app = app().await;
    let s = app.login("admin").await;
    let page = app
        .get("/audit?entity=region&region=340803100201", &s.cookie)
        .await;
    assert!(page.body.contains("340803100201") && !page.body.contains("340803200201"));
    let xlsx = app
        .get("/audit/export.xlsx?entity=session", &s.cookie)
        .await;
    assert!(xlsx.bytes.starts_with(b"PK"));
    let cadre = app.login("cadre").await;
    let page = app.get("/audit", &cadre.cookie).await;
    assert!(!page.body.contains("340803200201"), "scoped");
}

#[tokio::test]
async fn operations_endpoints() {
    let app = app().await;
    assert_eq!(app.get("/healthz", "").await.status, StatusCode::OK);
    assert_eq!(app.get("/readyz", "").await.status, StatusCode::OK);
    app.get("/login", "").await;
    let metrics = app.get("/metrics", "").await.body;
    assert!(
        metrics.contains(
            "zhenxing_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "zhenxing_http_request_duration_seconds_bucket{route=\"/login\",le=\"+Inf\"} 1"
        )
    );
    assert!(metrics.contains("zhenxing_db_pool_connections{backend=\"sqlite\"}"));
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let app = app_at("https://zhenxing.example.gov.cn").await;
    let page = app.get("/login", "").await;
    let anon = page.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(anon.contains("; Secure"), "{anon}");
    let token = csrf_in(&page.body);
    let res = app
        .post_form(
            "/login",
            &format!("zx_csrf={}", set_cookie(&page, "zx_csrf").unwrap()),
            &format!("_csrf={token}&username=admin&password={}", enc(PASSWORD)),
        )
        .await;
    let session = res
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("zx_session="))
        .unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && session.contains("; Secure"),
        "{session}"
    );
    let plain = app_at("http://127.0.0.1:8080")
        .await
        .get("/login", "")
        .await;
    assert!(
        !plain.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Secure")
    );
}

// ------------------------------------------------------------------ ledger

#[tokio::test]
async fn ledger_books_from_organisation_to_trial_balance_in_the_pages() {
    fn credit_code(n: u32) -> String {
        let body = format!("N2340803MF{n:07}");
        format!(
            "{body}{}",
            domain::ledger::credit_code::check_char(&body).unwrap()
        )
    }
    fn location(res: &Resp) -> String {
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        res.headers[header::LOCATION].to_str().unwrap().to_string()
    }
    let app = app().await;
    let cadre = app.login("cadre").await;
    let csrf = format!("_csrf={}", cadre.csrf);

    // The organisation: a bad credit code is named on the page, a good one is registered.
    let list = app.get("/ledger", &cadre.cookie).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("集体经济组织") && list.body.contains("value=\"340803100201\""));
    let name = enc("保婴村股份经济合作社");
    let bad = app
        .post_form(
            "/ledger/orgs",
            &cadre.cookie,
            &format!("{csrf}&region_code=340803100201&name={name}&credit_code=N2340803MF00000010"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("统一社会信用代码“N2340803MF00000010”无效"),
        "{}",
        bad.body
    );
    let org_url = location(
        &app.post_form(
            "/ledger/orgs",
            &cadre.cookie,
            &format!(
                "{csrf}&region_code=340803100201&name={name}&credit_code={}",
                credit_code(1)
            ),
        )
        .await,
    );
    assert!(org_url.starts_with("/ledger/orgs/"));
    let org_page = app.get(&org_url, &cadre.cookie).await;
    assert!(org_page.body.contains("保婴村股份经济合作社"));

    // The 2024 book follows the 2023 chart.
    let book_url = location(
        &app.post_form(
            &format!("{org_url}/books"),
            &cadre.cookie,
            &format!("{csrf}&year=2024"),
        )
        .await,
    );
    let book_id = book_url.trim_start_matches("/ledger/books/").to_string();
    let page = app.get(&book_url, &cadre.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("财会〔2023〕14号") && page.body.contains("库存现金"));
    assert!(page.body.contains("name=\"opening.102\""));

    // Openings: unbalanced ones fail the check, with the totals named; balanced ones pass.
    let saved = app
        .post_form(
            &format!("{book_url}/openings"),
            &cadre.cookie,
            &format!("{csrf}&opening.102=10%2C000&opening.301=9000"),
        )
        .await;
    assert!(location(&saved).ends_with("done=openings_saved"));
    let check = app
        .post_form(&format!("{book_url}/openings/check"), &cadre.cookie, &csrf)
        .await;
    assert_eq!(check.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        check.body.contains("期初余额试算不平衡") && check.body.contains("10000.00"),
        "{}",
        check.body
    );
    let bad_amount = app
        .post_form(
            &format!("{book_url}/openings"),
            &cadre.cookie,
            &format!("{csrf}&opening.102=1.001&opening.301=10000"),
        )
        .await;
    assert_eq!(bad_amount.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_amount.body.contains("102 银行存款") && bad_amount.body.contains("1.001"));
    app.post_form(
        &format!("{book_url}/openings"),
        &cadre.cookie,
        &format!("{csrf}&opening.102=10000&opening.301=10000"),
    )
    .await;
    let checked = app
        .post_form(&format!("{book_url}/openings/check"), &cadre.cookie, &csrf)
        .await;
    assert!(location(&checked).ends_with("done=openings_checked"));
    let (book, _) =
        store::ledger::books::get_book(&app.db, &domain::identity::Scope::system(), &book_id)
            .await
            .unwrap()
            .unwrap();
    assert!(book.opening_checked);

    // A sub-account for the lingzhi sales.
    let added = app
        .post_form(
            &format!("{book_url}/accounts"),
            &cadre.cookie,
            &format!("{csrf}&parent=501&code=501001&name={}", enc("灵芝销售收入")),
        )
        .await;
    assert!(location(&added).ends_with("done=account_added"));

    // The entry form: six rows at least, leaf accounts only.
    let form = app
        .get(&format!("{book_url}/vouchers/new"), &cadre.cookie)
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"lines[5].account_code\""));
    assert!(form.body.contains("501001 灵芝销售收入") && !form.body.contains(">501 经营收入<"));
    let entry = |lines: &[(&str, &str, &str)]| {
        let mut body = format!(
            "{csrf}&date=2024-03-10&summary={}&attachments=2",
            enc("灵芝销售收入")
        );
        for (i, (code, debit, credit)) in lines.iter().enumerate() {
            body.push_str(&format!(
                "&lines[{i}].account_code={code}&lines[{i}].debit={}&lines[{i}].credit={}&lines[{i}].summary=",
                enc(debit),
                enc(credit)
            ));
        }
        body
    };
    let new_url = format!("{book_url}/vouchers/new");
    let unbalanced = app
        .post_form(
            &new_url,
            &cadre.cookie,
            &entry(&[("102", "200,000", ""), ("501001", "", "190000")]),
        )
        .await;
    assert_eq!(unbalanced.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unbalanced.body.contains("借贷不平衡"),
        "{}",
        unbalanced.body
    );
    assert!(unbalanced.body.contains("value=\"190000\""), "values kept");
    // A line on a parent account is named by its row in the form, blank rows counted.
    let parent = app
        .post_form(
            &new_url,
            &cadre.cookie,
            &entry(&[("102", "200000", ""), ("", "", ""), ("501", "", "200000")]),
        )
        .await;
    assert_eq!(parent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        parent.body.contains("第 3 行：") && parent.body.contains("科目“501”下设有明细科目"),
        "{}",
        parent.body
    );
    let (none, total) = store::ledger::vouchers::list(
        &app.db,
        &domain::identity::Scope::system(),
        &book_id,
        &Default::default(),
        store::Page::all(),
    )
    .await
    .unwrap();
    assert!(none.is_empty() && total == 0, "nothing stored");
    let voucher_url = location(
        &app.post_form(
            &new_url,
            &cadre.cookie,
            &entry(&[
                ("102", "200,000", ""),
                ("", "", ""),
                ("501001", "", "200000"),
            ]),
        )
        .await,
    );
    let voucher = app.get(&voucher_url, &cadre.cookie).await;
    assert!(voucher.body.contains("记-0001") && voucher.body.contains("200,000.00"));
    assert!(voucher.body.contains("制单人不能审核自己填制的凭证"));
    let own = app
        .post_form(&format!("{voucher_url}/review"), &cadre.cookie, &csrf)
        .await;
    assert_eq!(own.status, StatusCode::CONFLICT);
    assert!(own.body.contains("审核人不能是制单人本人"));

    // The town officer reviews and posts it.
    let town = app.login("town").await;
    let town_csrf = format!("_csrf={}", town.csrf);
    let early = app
        .post_form(&format!("{voucher_url}/post"), &town.cookie, &town_csrf)
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "not reviewed yet");
    location(
        &app.post_form(&format!("{voucher_url}/review"), &town.cookie, &town_csrf)
            .await,
    );
    location(
        &app.post_form(&format!("{voucher_url}/post"), &town.cookie, &town_csrf)
            .await,
    );
    let posted = app.get(&voucher_url, &cadre.cookie).await;
    assert!(posted.body.contains("已记账") && posted.body.contains("town"));
    assert!(posted.body.contains(&format!("{voucher_url}/reverse")));

    // The trial balance shows what the store computed, and it balances.
    let march = domain::ledger::Period::parse("2024-03").unwrap();
    let rows = store::ledger::reports::trial_balance(
        &app.db,
        &domain::identity::Scope::system(),
        &book_id,
        domain::ledger::Period::parse("2024-01").unwrap(),
        march,
    )
    .await
    .unwrap();
    let bank = rows.iter().find(|r| r.code == "102").unwrap().balance;
    assert_eq!((bank.debit, bank.closing()), (20_000_000, 21_000_000));
    let tb = app
        .get(
            &format!("{book_url}/trial-balance?from=2024-01&to=2024-03"),
            &cadre.cookie,
        )
        .await;
    assert_eq!(tb.status, StatusCode::OK);
    let bank_row = tb.body.split("data-code=\"102\"").nth(1).unwrap();
    let bank_row = bank_row.split("</tr>").next().unwrap();
    assert!(
        bank_row.contains(&web::base::format::yuan(bank.debit))
            && bank_row.contains(&web::base::format::yuan(bank.closing()))
            && bank_row.contains("10,000.00"),
        "{bank_row}"
    );
    assert!(tb.body.contains("灵芝销售收入") && tb.body.contains("data-testid=\"balanced\""));
    let totals = tb.body.split("data-testid=\"totals\"").nth(1).unwrap();
    let totals = totals.split("</tr>").next().unwrap();
    let figures: Vec<&str> = totals
        .split("<th class=\"num\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(
        figures,
        [
            "10,000.00",
            "10,000.00",
            "200,000.00",
            "200,000.00",
            "210,000.00",
            "210,000.00"
        ]
    );
    let xlsx = app
        .get(
            &format!("{book_url}/trial-balance/export.xlsx?from=2024-01&to=2024-03"),
            &cadre.cookie,
        )
        .await;
    assert!(xlsx.bytes.starts_with(b"PK"));
    // The list and its export; the voucher file round-trips through the domain parser.
    let list = app
        .get(&format!("{book_url}/vouchers"), &cadre.cookie)
        .await;
    assert!(list.body.contains("记-0001") && list.body.contains("已记账"));
    let export = app
        .get(&format!("{book_url}/vouchers/export.xlsx"), &cadre.cookie)
        .await;
    // Named by village, year and what it holds; it imports back as it was.
    let name = paper::saved_name(&export);
    assert!(
        name.starts_with("保婴村-") && name.ends_with("-记账凭证.xlsx"),
        "{name}"
    );
    let sheet = usecase::tabular::read("v.xlsx", &export.bytes).unwrap();
    let parsed = domain::ledger::voucher_file::parse(&sheet).unwrap();
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].voucher.total_debit(), domain::Money(20_000_000));
    for path in [
        "/ledger/export.xlsx",
        &format!("{org_url}/export.xlsx"),
        &format!("{book_url}/accounts.xlsx"),
    ] {
        assert!(
            app.get(path, &cadre.cookie).await.bytes.starts_with(b"PK"),
            "{path}"
        );
    }
    // Red ink: the reversal is a draft linked to the original.
    let reversal_url = location(
        &app.post_form(
            &format!("{voucher_url}/reverse"),
            &cadre.cookie,
            &format!("{csrf}&date=2024-03-20&summary="),
        )
        .await,
    );
    let reversal = app.get(&reversal_url, &cadre.cookie).await;
    assert!(reversal.body.contains("-200,000.00") && reversal.body.contains(&voucher_url));
    // The village profile lists the organisation and its book.
    let profile = app.get("/regions/340803100201", &cadre.cookie).await;
    assert!(profile.body.contains("section-ledger") && profile.body.contains(&book_url));
}

#[tokio::test]
async fn ledger_pages_and_api_are_404_outside_the_callers_village() {
    use domain::identity::Scope;
    use store::ledger::{books, vouchers};
    let app = app().await;
    let body = "N2340803MF0000007";
    let code = format!(
        "{body}{}",
        domain::ledger::credit_code::check_char(body).unwrap()
    );
    let cadre = Actor {
        user_id: None,
        username: "cadre".into(),
        role: Some(Role::VillageCadre),
        scope: Scope::region(RegionCode::parse("340803100201").unwrap()),
    };
    let org = books::create_org(
        &app.db,
        &cadre,
        &RegionCode::parse("340803100201").unwrap(),
        "保婴村股份经济合作社",
        &code,
    )
    .await
    .unwrap();
    let book = books::open_book(&app.db, &cadre, &org.id, 2024, None)
        .await
        .unwrap();
    let voucher = domain::ledger::VoucherInput {
        date: "2024-02-01".into(),
        summary: "收到发包款".into(),
        attachments: "1".into(),
        lines: vec![
            domain::ledger::LineInput {
                account_code: "102".into(),
                debit: "500".into(),
                ..Default::default()
            },
            domain::ledger::LineInput {
                account_code: "501".into(),
                credit: "500".into(),
                ..Default::default()
            },
        ],
    }
    .validate()
    .unwrap();
    let v = vouchers::create_draft(&app.db, &cadre, &book.id, &voucher)
        .await
        .unwrap();
    let other = app.login("other").await;
    let list = app.get("/ledger", &other.cookie).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("保婴村股份经济合作社"));
    let api_orgs = app.get("/api/v1/orgs", &other.cookie).await;
    assert_eq!(api_orgs.body, "[]");
    let (o, b, id) = (&org.id, &book.id, &v.id);
    for path in [
        format!("/ledger/orgs/{o}"),
        format!("/ledger/orgs/{o}/export.xlsx"),
        format!("/ledger/books/{b}"),
        format!("/ledger/books/{b}/accounts.xlsx"),
        format!("/ledger/books/{b}/vouchers"),
        format!("/ledger/books/{b}/vouchers/new"),
        format!("/ledger/books/{b}/vouchers/export.xlsx"),
        format!("/ledger/books/{b}/trial-balance"),
        format!("/ledger/books/{b}/trial-balance/export.xlsx"),
        format!("/ledger/vouchers/{id}"),
        format!("/ledger/vouchers/{id}/edit"),
        format!("/api/v1/orgs/{o}/vouchers"),
        format!("/api/v1/orgs/{o}/vouchers/{id}"),
        format!("/api/v1/orgs/{o}/reports/trial-balance?from=2024-01&to=2024-02"),
    ] {
        let res = app.get(&path, &other.cookie).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "GET {path}");
    }
    let csrf = format!("_csrf={}", other.csrf);
    for (path, form) in [
        (format!("/ledger/orgs/{o}/books"), "year=2025".to_string()),
        (format!("/ledger/books/{b}/openings"), "opening.102=1".into()),
        (format!("/ledger/books/{b}/openings/check"), String::new()),
        (
            format!("/ledger/books/{b}/accounts"),
            "parent=501&code=501009&name=x".into(),
        ),
        (format!("/ledger/books/{b}/periods/2024-01/close"), String::new()),
        (
            format!("/ledger/books/{b}/vouchers/new"),
            "date=2024-02-02&summary=x&lines[0].account_code=102&lines[0].debit=1&lines[1].account_code=501&lines[1].credit=1".into(),
        ),
        (format!("/ledger/vouchers/{id}/review"), String::new()),
        (format!("/ledger/vouchers/{id}/post"), String::new()),
        (format!("/ledger/vouchers/{id}/reverse"), "date=2024-02-03".into()),
        (format!("/ledger/vouchers/{id}/edit"), "date=2024-02-02".into()),
    ] {
        let res = app
            .post_form(&path, &other.cookie, &format!("{csrf}&{form}"))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "POST {path}");
    }
    for path in [
        format!("/api/v1/orgs/{o}/vouchers"),
        format!("/api/v1/orgs/{o}/vouchers/{id}/review"),
        format!("/api/v1/orgs/{o}/vouchers/{id}/post"),
        format!("/api/v1/orgs/{o}/vouchers/{id}/reverse"),
    ] {
        let res = app
            .send(
                Request::post(path.as_str())
                    .header(header::COOKIE, &other.cookie)
                    .header("x-csrf-token", &other.csrf)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(
                        r#"{"date":"2024-02-02","summary":"x","lines":[{"account_code":"102","debit":100},{"account_code":"501","credit":100}]}"#,
                    ))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "POST {path}");
        let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(json["code"], "common.not_found");
    }
    // Nothing changed: still one draft, no 2025 book.
    let (all, _) = vouchers::list(
        &app.db,
        &Scope::system(),
        b,
        &Default::default(),
        store::Page::all(),
    )
    .await
    .unwrap();
    assert_eq!((all.len(), all[0].state.as_str()), (1, "draft"));
    assert_eq!(
        books::list_books(&app.db, &Scope::system(), o)
            .await
            .unwrap()
            .len(),
        1
    );
    // The organisation's own village and the town above it see it.
    let town = app.login("town").await;
    assert_eq!(
        app.get(&format!("/ledger/books/{b}"), &town.cookie)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn ledger_api_drafts_reviews_posts_and_reports_in_fen() {
    use domain::identity::Scope;
    use store::ledger::books;
    let app = app().await;
    let body = "N2340803MF0000009";
    let code = format!(
        "{body}{}",
        domain::ledger::credit_code::check_char(body).unwrap()
    );
    let actor = Actor {
        user_id: None,
        username: "cadre".into(),
        role: Some(Role::VillageCadre),
        scope: Scope::region(RegionCode::parse("340803100201").unwrap()),
    };
    let org = books::create_org(
        &app.db,
        &actor,
        &RegionCode::parse("340803100201").unwrap(),
        "保婴村股份经济合作社",
        &code,
    )
    .await
    .unwrap();
    let book = books::open_book(&app.db, &actor, &org.id, 2024, None)
        .await
        .unwrap();
    books::set_openings(
        &app.db,
        &actor,
        &book.id,
        &[("101".into(), 50_000), ("301".into(), -50_000)],
    )
    .await
    .unwrap();
    books::check_openings(&app.db, &actor, &book.id)
        .await
        .unwrap();

    let cadre = app.login("cadre").await;
    let json_post = |path: String, cookie: &str, csrf: &str, body: &str| {
        Request::post(path.as_str())
            .header(header::COOKIE, cookie)
            .header("x-csrf-token", csrf)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let vouchers_path = format!("/api/v1/orgs/{}/vouchers", org.id);
    // Unbalanced: refused with its stable code, nothing stored.
    let bad = app
        .send(json_post(
            vouchers_path.clone(),
            &cadre.cookie,
            &cadre.csrf,
            r#"{"date":"2024-04-02","summary":"收到租金","lines":[{"account_code":"102","debit":3000000},{"account_code":"501","credit":2900000}]}"#,
        ))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let json: serde_json::Value = serde_json::from_str(&bad.body).unwrap();
    assert_eq!(json["code"], "ledger.unbalanced");
    assert!(json["message"].as_str().unwrap().contains("借贷不平衡"));
    let no_book = app
        .send(json_post(
            vouchers_path.clone(),
            &cadre.cookie,
            &cadre.csrf,
            r#"{"date":"2025-04-02","summary":"x","lines":[{"account_code":"102","debit":1},{"account_code":"501","credit":1}]}"#,
        ))
        .await;
    let json: serde_json::Value = serde_json::from_str(&no_book.body).unwrap();
    assert_eq!(
        (no_book.status, json["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("ledger.no_book"))
    );
    let unknown = app
        .send(json_post(
            vouchers_path.clone(),
            &cadre.cookie,
            &cadre.csrf,
            r#"{"date":"2024-04-02","summary":"x","lines":[{"account_code":"102","debit":1},{"account_code":"599","credit":1}]}"#,
        ))
        .await;
    let json: serde_json::Value = serde_json::from_str(&unknown.body).unwrap();
    assert_eq!(json["code"], "ledger.account_unknown");
    assert!(
        json["message"].as_str().unwrap().starts_with("第 2 行："),
        "{json}"
    );
    // A draft through the API (session + CSRF header).
    let created = app
        .send(json_post(
            vouchers_path.clone(),
            &cadre.cookie,
            &cadre.csrf,
            r#"{"date":"2024-04-02","summary":"收到门面房租金","attachments":1,"lines":[{"account_code":"102","debit":3000000,"summary":"转账"},{"account_code":"501","credit":3000000}]}"#,
        ))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let v: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    assert_eq!(
        (
            v["state"].as_str(),
            v["label"].as_str(),
            v["total"].as_i64(),
            v["period"].as_str()
        ),
        (
            Some("draft"),
            Some("记-0001"),
            Some(3_000_000),
            Some("2024-04")
        )
    );
    assert_eq!(v["lines"][0]["account_name"], "银行存款");
    assert_eq!(
        (
            v["lines"][1]["debit"].as_i64(),
            v["lines"][1]["credit"].as_i64()
        ),
        (Some(0), Some(3_000_000))
    );
    let id = v["id"].as_str().unwrap().to_string();
    let one = format!("{vouchers_path}/{id}");
    // The preparer cannot review it.
    let own = app
        .send(json_post(
            format!("{one}/review"),
            &cadre.cookie,
            &cadre.csrf,
            "",
        ))
        .await;
    assert_eq!(own.status, StatusCode::CONFLICT);
    let json: serde_json::Value = serde_json::from_str(&own.body).unwrap();
    assert_eq!(json["code"], "ledger.reviewer_is_preparer");
    // The town officer, with a bearer token (no cookie, no CSRF), reviews and posts.
    let town = app.login("town").await;
    let page = app
        .post_form(
            "/account/tokens",
            &town.cookie,
            &format!("_csrf={}&name=ledger", town.csrf),
        )
        .await;
    let marker = "data-testid=\"new-token\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let bearer = format!("Bearer {}", page.body[start..].split('<').next().unwrap());
    let with_token = |method: &str, path: String| {
        Request::builder()
            .method(method)
            .uri(path.as_str())
            .header(header::AUTHORIZATION, &bearer)
            .body(Body::empty())
            .unwrap()
    };
    let reviewed = app.send(with_token("POST", format!("{one}/review"))).await;
    assert_eq!(reviewed.status, StatusCode::OK, "{}", reviewed.body);
    let posted = app.send(with_token("POST", format!("{one}/post"))).await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
    let v: serde_json::Value = serde_json::from_str(&posted.body).unwrap();
    assert_eq!(
        (
            v["state"].as_str(),
            v["reviewer"].as_str(),
            v["poster"].as_str()
        ),
        (Some("posted"), Some("town"), Some("town"))
    );
    let again = app.send(with_token("POST", format!("{one}/post"))).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // Lists filter by period and state.
    let list = app
        .send(with_token(
            "GET",
            format!("{vouchers_path}?from=2024-04&to=2024-04&state=posted"),
        ))
        .await;
    let json: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    assert_eq!(
        (json["total"].as_i64(), json["year"].as_i64()),
        (Some(1), Some(2024))
    );
    assert!(json["items"][0].get("lines").is_none());
    let empty = app
        .send(with_token(
            "GET",
            format!("{vouchers_path}?from=2024-01&to=2024-03"),
        ))
        .await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&empty.body).unwrap()["total"],
        0
    );
    let bad_state = app
        .send(with_token("GET", format!("{vouchers_path}?state=lost")))
        .await;
    assert_eq!(bad_state.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The trial balance reflects it, in fen, debit-positive, and balances.
    let tb = app
        .send(with_token(
            "GET",
            format!(
                "/api/v1/orgs/{}/reports/trial-balance?from=2024-04&to=2024-04",
                org.id
            ),
        ))
        .await;
    assert_eq!(tb.status, StatusCode::OK, "{}", tb.body);
    let tb: serde_json::Value = serde_json::from_str(&tb.body).unwrap();
    let row = |code: &str| {
        tb["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (row("102")["debit"].as_i64(), row("102")["closing"].as_i64()),
        (Some(3_000_000), Some(3_000_000))
    );
    assert_eq!(
        (
            row("501")["credit"].as_i64(),
            row("501")["closing"].as_i64()
        ),
        (Some(3_000_000), Some(-3_000_000))
    );
    assert_eq!(row("101")["opening"].as_i64(), Some(50_000));
    assert_eq!(
        (
            tb["totals"]["debit"].as_i64(),
            tb["totals"]["credit"].as_i64(),
            tb["totals"]["balanced"].as_bool()
        ),
        (Some(3_000_000), Some(3_000_000), Some(true))
    );
    let bad_range = app
        .send(with_token(
            "GET",
            format!(
                "/api/v1/orgs/{}/reports/trial-balance?from=2024-05&to=2024-04",
                org.id
            ),
        ))
        .await;
    let json: serde_json::Value = serde_json::from_str(&bad_range.body).unwrap();
    assert_eq!(json["code"], "ledger.range_invalid");
    // Red ink through the API: a linked draft with negated amounts.
    let reversed = app
        .send(json_post(
            format!("{one}/reverse"),
            &cadre.cookie,
            &cadre.csrf,
            r#"{"date":"2024-04-30"}"#,
        ))
        .await;
    assert_eq!(reversed.status, StatusCode::CREATED, "{}", reversed.body);
    let r: serde_json::Value = serde_json::from_str(&reversed.body).unwrap();
    assert_eq!(
        (
            r["kind"].as_str(),
            r["reverses_id"].as_str(),
            r["total"].as_i64(),
            r["state"].as_str()
        ),
        (
            Some("reversal"),
            Some(id.as_str()),
            Some(-3_000_000),
            Some("draft")
        )
    );
    // The document describes the ledger routes.
    let doc = app.get("/api/openapi.json", "").await;
    let doc: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    for path in [
        "/api/v1/orgs/{org}/vouchers",
        "/api/v1/orgs/{org}/vouchers/{id}",
        "/api/v1/orgs/{org}/vouchers/{id}/review",
        "/api/v1/orgs/{org}/vouchers/{id}/post",
        "/api/v1/orgs/{org}/vouchers/{id}/reverse",
        "/api/v1/orgs/{org}/reports/trial-balance",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
}

#[tokio::test]
async fn ledger_drafts_are_edited_months_close_in_order_and_only_an_admin_reopens() {
    use domain::identity::Scope;
    use store::ledger::{books, vouchers};
    let app = app().await;
    let body = "N2340803MF0000011";
    let code = format!(
        "{body}{}",
        domain::ledger::credit_code::check_char(body).unwrap()
    );
    let actor = Actor {
        user_id: None,
        username: "cadre".into(),
        role: Some(Role::VillageCadre),
        scope: Scope::region(RegionCode::parse("340803100201").unwrap()),
    };
    let org = books::create_org(
        &app.db,
        &actor,
        &RegionCode::parse("340803100201").unwrap(),
        "保婴村股份经济合作社",
        &code,
    )
    .await
    .unwrap();
    let book = books::open_book(&app.db, &actor, &org.id, 2024, None)
        .await
        .unwrap();
    books::check_openings(&app.db, &actor, &book.id)
        .await
        .unwrap();
    let cadre = app.login("cadre").await;
    let csrf = format!("_csrf={}", cadre.csrf);
    let book_url = format!("/ledger/books/{}", book.id);
    let form = |date: &str, amount: &str| {
        format!(
            "{csrf}&date={date}&summary=x&lines[0].account_code=101&lines[0].debit={amount}&lines[1].account_code=102&lines[1].credit={amount}"
        )
    };
    let created = app
        .post_form(
            &format!("{book_url}/vouchers/new"),
            &cadre.cookie,
            &form("2024-02-03", "80"),
        )
        .await;
    let voucher_url = created.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    // A draft is edited through the same form; the change is stored.
    let edit = app.get(&format!("{voucher_url}/edit"), &cadre.cookie).await;
    assert!(edit.body.contains("value=\"80.00\""), "{}", edit.body);
    let saved = app
        .post_form(
            &format!("{voucher_url}/edit"),
            &cadre.cookie,
            &form("2024-02-04", "95.5"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let id = voucher_url.trim_start_matches("/ledger/vouchers/");
    let (v, lines) = vouchers::get(&app.db, &Scope::system(), id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((v.date.as_str(), lines[0].debit), ("2024-02-04", 9_550));
    let moved = app
        .post_form(
            &format!("{voucher_url}/edit"),
            &cadre.cookie,
            &form("2024-03-04", "95.5"),
        )
        .await;
    assert_eq!(moved.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(moved.body.contains("草稿凭证不能改到其他月份"));
    // January closes (nothing in it); February cannot while the draft is open.
    let page = app.get(&book_url, &cadre.cookie).await;
    assert!(
        page.body
            .contains(&format!("{book_url}/periods/2024-01/close"))
    );
    assert!(
        !page
            .body
            .contains(&format!("{book_url}/periods/2024-02/close"))
    );
    let closed = app
        .post_form(
            &format!("{book_url}/periods/2024-01/close"),
            &cadre.cookie,
            &csrf,
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let refused = app
        .post_form(
            &format!("{book_url}/periods/2024-02/close"),
            &cadre.cookie,
            &csrf,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("还有 1 张凭证未记账"),
        "{}",
        refused.body
    );
    let late = app
        .post_form(
            &format!("{book_url}/vouchers/new"),
            &cadre.cookie,
            &form("2024-01-31", "1"),
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("会计期间 2024-01 已结账"));
    // Only a district administrator reopens, with a reason.
    let town = app.login("town").await;
    let no = app
        .post_form(
            &format!("{book_url}/periods/2024-01/reopen"),
            &town.cookie,
            &format!("_csrf={}&reason=x", town.csrf),
        )
        .await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let admin = app.login("admin").await;
    let page = app.get(&book_url, &admin.cookie).await;
    assert!(
        page.body
            .contains(&format!("{book_url}/periods/2024-01/reopen"))
    );
    let blank = app
        .post_form(
            &format!("{book_url}/periods/2024-01/reopen"),
            &admin.cookie,
            &format!("_csrf={}&reason=", admin.csrf),
        )
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("请填写“原因”"), "{}", blank.body);
    let reopened = app
        .post_form(
            &format!("{book_url}/periods/2024-01/reopen"),
            &admin.cookie,
            &format!("_csrf={}&reason={}", admin.csrf, enc("补记漏记的现金支出")),
        )
        .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER);
    assert!(
        vouchers::closed_periods(&app.db, &book.id)
            .await
            .unwrap()
            .is_empty()
    );
    // Year end: refused while a voucher is unposted, then carried and closed; the next year
    // opens with the closing balances.
    let early = app
        .post_form(&format!("{book_url}/close-year"), &cadre.cookie, &csrf)
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("还有 1 张凭证未记账"));
    for action in ["review", "post"] {
        let res = app
            .post_form(
                &format!("{voucher_url}/{action}"),
                &town.cookie,
                &format!("_csrf={}", town.csrf),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{action}: {}", res.body);
    }
    let closed = app
        .post_form(&format!("{book_url}/close-year"), &cadre.cookie, &csrf)
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    let page = app.get(&book_url, &cadre.cookie).await;
    assert!(page.body.contains("已年结") && page.body.contains(&format!("{book_url}/next-year")));
    let next = app
        .post_form(&format!("{book_url}/next-year"), &cadre.cookie, &csrf)
        .await;
    let next_url = next.headers[header::LOCATION].to_str().unwrap().to_string();
    let next_page = app.get(&next_url, &cadre.cookie).await;
    assert!(
        next_page.body.contains("2025 年度账套"),
        "{}",
        next_page.body
    );
    assert!(next_page.body.contains("95.50"), "carried opening balance");
    let page = app.get(&book_url, &cadre.cookie).await;
    assert!(page.body.contains(&next_url) && !page.body.contains(&format!("{book_url}/next-year")));
}

/// Books for 保婴村 (2024) with one posted sale of 600,000 yuan: a strong village.
/// 保婴村's collective economic organisation, with no books yet.
async fn baoying_org(app: &App) -> store::ledger::OrgRecord {
    let body = "N2340803MF0000077";
    let credit = format!(
        "{body}{}",
        domain::ledger::credit_code::check_char(body).unwrap()
    );
    store::ledger::books::create_org(
        &app.db,
        &Actor::system("test"),
        &RegionCode::parse("340803100201").unwrap(),
        "保婴村股份经济合作社",
        &credit,
    )
    .await
    .unwrap()
}

async fn baoying_books(app: &App) -> (store::ledger::OrgRecord, store::ledger::BookRecord) {
    use store::ledger::{books, vouchers};
    let system = Actor::system("test");
    let org = baoying_org(app).await;
    let book = books::open_book(&app.db, &system, &org.id, 2024, None)
        .await
        .unwrap();
    books::check_openings(&app.db, &system, &book.id)
        .await
        .unwrap();
    let v = domain::ledger::VoucherInput {
        date: "2024-09-20".into(),
        summary: "灵芝销售".into(),
        attachments: String::new(),
        lines: vec![
            domain::ledger::LineInput {
                account_code: "102".into(),
                debit: "600000".into(),
                credit: String::new(),
                summary: String::new(),
            },
            domain::ledger::LineInput {
                account_code: "501".into(),
                debit: String::new(),
                credit: "600000".into(),
                summary: String::new(),
            },
        ],
    }
    .validate()
    .unwrap();
    let cadre = store::identity::find_for_login(&app.db, "cadre")
        .await
        .unwrap()
        .unwrap()
        .actor()
        .unwrap();
    let town = store::identity::find_for_login(&app.db, "town")
        .await
        .unwrap()
        .unwrap()
        .actor()
        .unwrap();
    let d = vouchers::create_draft(&app.db, &cadre, &book.id, &v)
        .await
        .unwrap();
    vouchers::review(&app.db, &town, &d.id).await.unwrap();
    vouchers::post(&app.db, &town, &d.id).await.unwrap();
    (org, book)
}

#[tokio::test]
async fn classification_statements_and_rules() {
    let app = app().await;
    let (org, book) = baoying_books(&app).await;
    let admin = app.login("admin").await;
    let res = app
        .get("/api/v1/classification?year=2024", &admin.cookie)
        .await;
    let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(json["villages"], 2, "{}", res.body);
    let strong = json["classes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["class"] == "strong")
        .unwrap();
    assert_eq!(
        (strong["count"].as_u64(), strong["share"].as_f64()),
        (Some(1), Some(0.5))
    );
    let baoying = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "340803100201")
        .unwrap();
    assert_eq!(baoying["figure"], 60_000_000);
    let home = app.get("/", &admin.cookie).await;
    assert!(
        home.body.contains(
            "href=\"/ledger\" data-testid=\"home-ledger\"><span class=\"figure\">1</span>"
        ),
        "the start page counts the organisations"
    );
    let page = app
        .get("/ledger/classification?year=2024", &admin.cookie)
        .await;
    assert!(
        page.body.contains("600,000.00") && page.body.contains("强村"),
        "{}",
        page.body
    );
    let xlsx = app
        .get(
            "/ledger/classification/export.xlsx?year=2024",
            &admin.cookie,
        )
        .await;
    assert!(xlsx.bytes.starts_with(b"PK"));
    // The village profile shows its figure and class.
    let profile = app.get("/regions/340803100201", &admin.cookie).await;
    assert!(profile.body.contains("data-testid=\"income\"") && profile.body.contains("600,000.00"));
    // A stricter rule, saved by the district administrator, reclassifies.
    let town = app.login("town").await;
    assert_eq!(
        app.get("/ledger/classification/rules", &town.cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let form = format!(
        "_csrf={}&rules[0].from_year=2020&rules[0].measure=gross&rules[0].shell_below=50000&rules[0].weak_below=100000&rules[0].strong_from=700000",
        admin.csrf
    );
    let res = app
        .post_form("/ledger/classification/rules", &admin.cookie, &form)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let json: serde_json::Value = serde_json::from_str(
        &app.get("/api/v1/classification?year=2024", &admin.cookie)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == "340803100201")
            .unwrap()["class"],
        "ordinary"
    );
    let bad = format!(
        "_csrf={}&rules[0].from_year=2020&rules[0].measure=gross&rules[0].shell_below=500000&rules[0].weak_below=100000&rules[0].strong_from=700000",
        admin.csrf
    );
    let res = app
        .post_form("/ledger/classification/rules", &admin.cookie, &bad)
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("空壳村 ≤ 薄弱村 ≤ 强村"));
    // Statements: the balance sheet balances; the income statement shows the sale.
    let cadre = app.login("cadre").await;
    let sheet = app
        .get(
            &format!(
                "/api/v1/orgs/{}/reports/balance-sheet?period=2024-12",
                org.id
            ),
            &cadre.cookie,
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&sheet.body).unwrap();
    let total = |section: &str| {
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .rfind(|l| l["section"] == section && l["heading"] == false)
            .unwrap()["amount"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(total("asset"), 60_000_000);
    assert_eq!(total("asset"), total("liability_equity"));
    let income = app
        .get(
            &format!("/api/v1/orgs/{}/reports/income-statement?year=2024", org.id),
            &cadre.cookie,
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&income.body).unwrap();
    assert_eq!(
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["line"] == 1)
            .unwrap()["amount"],
        60_000_000
    );
    let page = app
        .get(
            &format!("/ledger/books/{}/balance-sheet?period=2024-12", book.id),
            &cadre.cookie,
        )
        .await;
    assert!(
        page.body.contains("data-testid=\"balanced\""),
        "{}",
        page.body
    );
    assert_eq!(
        app.get(
            &format!("/ledger/books/{}/income-statement/export.xlsx", book.id),
            &cadre.cookie
        )
        .await
        .status,
        StatusCode::OK
    );
    // Another village sees none of it.
    let other = app.login("other").await;
    for path in [
        format!("/ledger/books/{}/balance-sheet", book.id),
        format!(
            "/api/v1/orgs/{}/reports/balance-sheet?period=2024-12",
            org.id
        ),
        format!("/api/v1/orgs/{}/reports/income-statement?year=2024", org.id),
    ] {
        assert_eq!(
            app.get(&path, &other.cookie).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(
        &app.get("/api/v1/classification?year=2024", &other.cookie)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(json["villages"], 1);
    assert_eq!(json["rows"][0]["code"], "340803200201");
}

#[tokio::test]
async fn voucher_files_upload_all_or_nothing_naming_the_row() {
    let app = app().await;
    let (org, book) = baoying_books(&app).await;
    let cadre = app.login("cadre").await;
    let path = format!("/ledger/books/{}/vouchers/import", book.id);
    let upload = |name: &str, bytes: Vec<u8>| upload_request(&path, &cadre, name, &bytes);
    let count = || async {
        store::ledger::vouchers::list(
            &app.db,
            &domain::identity::Scope::system(),
            &book.id,
            &Default::default(),
            store::Page::all(),
        )
        .await
        .unwrap()
        .1
    };
    let before = count().await;
    // Each kind of bad input is refused whole and named.
    let good = "日期,凭证号,摘要,科目代码,借方金额,贷方金额,制单人,审核人\n2024-10-08,,付电费,513,80.50,,王会计,李站长\n2024-10-08,,付电费,101,,80.50,王会计,李站长\n";
    let cases = [
        (good.replace("101,,80.50", "101,,80.40"), "借贷不平衡"),
        (
            good.replace("\n2024-10-08,,付电费,101", "\n2024-10-08,,付电费,599"),
            "不存在",
        ),
        (good.replace("513,80.50", "513,80.5x"), "金额"),
        (
            good.replace("2024-10-08,,付电费,513", "2024-10-32,,付电费,513"),
            "日期",
        ),
    ];
    for (csv, reason) in &cases {
        let res = app.send(upload("bad.csv", csv.as_bytes().to_vec())).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{reason}");
        assert!(
            res.body.contains("data-testid=\"import-error\""),
            "{reason}: {}",
            res.body
        );
        assert!(
            res.body.contains("bad.csv") && res.body.contains(reason),
            "{reason}: {}",
            res.body
        );
        assert!(
            res.body.contains("第 2 行") || res.body.contains("第 3 行"),
            "{reason}: the row is named"
        );
        assert_eq!(count().await, before, "{reason}: nothing written");
    }
    // A closed month refuses the whole file too.
    let admin = Actor::system("test");
    let oct = domain::ledger::Period::parse("2024-10").unwrap();
    for month in 1..=10 {
        store::ledger::vouchers::close_period(
            &app.db,
            &admin,
            &book.id,
            domain::ledger::Period::new(2024, month).unwrap(),
        )
        .await
        .unwrap();
    }
    let res = app
        .send(upload("closed.csv", good.as_bytes().to_vec()))
        .await;
    assert!(res.body.contains("已结账"), "{}", res.body);
    assert_eq!(count().await, before);
    store::ledger::vouchers::reopen_period(&app.db, &admin, &book.id, oct, "补录电费")
        .await
        .unwrap();
    let res = app.send(upload("good.csv", good.as_bytes().to_vec())).await;
    assert!(
        res.body.contains("data-testid=\"import-ok\""),
        "{}",
        res.body
    );
    assert_eq!(count().await, before + 1);
    // Another village cannot reach the upload.
    let other = app.login("other").await;
    assert_eq!(
        app.get(
            &format!("/ledger/books/{}/vouchers/import", book.id),
            &other.cookie
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let _ = org;
}

#[tokio::test]
async fn account_detail_and_general_ledger() {
    let app = app().await;
    let (org, book) = baoying_books(&app).await;
    let cadre = app.login("cadre").await;
    let json: serde_json::Value = serde_json::from_str(
        &app.get(
            &format!(
                "/api/v1/orgs/{}/reports/ledger-detail?account=102&from=2024-01&to=2024-12",
                org.id
            ),
            &cadre.cookie,
        )
        .await
        .body,
    )
    .unwrap();
    assert_eq!(json["opening"], 0);
    let lines = json["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (
            lines[0]["debit"].as_i64(),
            lines[0]["balance"].as_i64(),
            lines[0]["number"].as_i64()
        ),
        (Some(60_000_000), Some(60_000_000), Some(1))
    );
    let months: serde_json::Value = serde_json::from_str(
        &app.get(
            &format!(
                "/api/v1/orgs/{}/reports/general-ledger?account=501&from=2024-08&to=2024-10",
                org.id
            ),
            &cadre.cookie,
        )
        .await
        .body,
    )
    .unwrap();
    let months = months.as_array().unwrap();
    assert_eq!(months.len(), 3);
    assert_eq!(
        (
            months[1]["period"].as_str(),
            months[1]["credit"].as_i64(),
            months[1]["closing"].as_i64()
        ),
        (Some("2024-09"), Some(60_000_000), Some(-60_000_000))
    );
    assert_eq!(
        months[2]["opening"], months[1]["closing"],
        "each month opens with the last one's closing"
    );
    let page = app
        .get(
            &format!(
                "/ledger/books/{}/accounts/102/detail?from=2024-01&to=2024-12",
                book.id
            ),
            &cadre.cookie,
        )
        .await;
    assert!(
        page.body.contains("600,000.00") && page.body.contains("灵芝销售"),
        "{}",
        page.body
    );
    let tb = app
        .get(
            &format!(
                "/ledger/books/{}/trial-balance?from=2024-01&to=2024-12",
                book.id
            ),
            &cadre.cookie,
        )
        .await;
    assert!(
        tb.body
            .contains(&format!("/ledger/books/{}/accounts/102/detail", book.id)),
        "the trial balance links to the detail"
    );
    assert!(
        app.get(
            &format!("/ledger/books/{}/accounts/501/general/export.xlsx", book.id),
            &cadre.cookie
        )
        .await
        .bytes
        .starts_with(b"PK")
    );
    let general = app
        .get(
            &format!(
                "/ledger/books/{}/accounts/501/general?from=2024-08&to=2024-09",
                book.id
            ),
            &cadre.cookie,
        )
        .await;
    assert!(
        general.body.contains("<td class=\"num\">平</td>"),
        "a zero balance reads 平: {}",
        general.body
    );
    assert!(general.body.contains("贷 600,000.00"), "{}", general.body);
    let other = app.login("other").await;
    assert_eq!(
        app.get(
            &format!("/ledger/books/{}/accounts/102/detail", book.id),
            &other.cookie
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/orgs/{}/reports/ledger-detail?account=102", org.id),
            &other.cookie
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn opening_balances_import_from_a_file() {
    let app = app().await;
    let system = Actor::system("test");
    let body = "N2340803MF0000088";
    let credit = format!(
        "{body}{}",
        domain::ledger::credit_code::check_char(body).unwrap()
    );
    let org = store::ledger::books::create_org(
        &app.db,
        &system,
        &RegionCode::parse("340803100201").unwrap(),
        "合作社",
        &credit,
    )
    .await
    .unwrap();
    let book = store::ledger::books::open_book(&app.db, &system, &org.id, 2024, None)
        .await
        .unwrap();
    let cadre = app.login("cadre").await;
    let path = format!("/ledger/books/{}/openings/import", book.id);
    let upload = |csv: &str| upload_request(&path, &cadre, "openings.csv", csv.as_bytes());
    let bad = app
        .send(upload(
            "科目代码,科目名称,借方余额,贷方余额\n102,银行存款,80000,\n999,不存在,,80000\n",
        ))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("第 3 行") && bad.body.contains("999"),
        "{}",
        bad.body
    );
    let openings = |db: Db, id: String| async move {
        store::ledger::books::accounts(&db, &id)
            .await
            .unwrap()
            .iter()
            .map(|a| a.opening.abs())
            .sum::<i64>()
    };
    assert_eq!(
        openings(app.db.clone(), book.id.clone()).await,
        0,
        "nothing written"
    );
    let ok = app
        .send(upload(
            "科目代码,科目名称,借方余额,贷方余额\n102,银行存款,80000,\n301,资本,,80000\n",
        ))
        .await;
    assert!(ok.body.contains("data-testid=\"import-ok\""), "{}", ok.body);
    store::ledger::books::check_openings(&app.db, &system, &book.id)
        .await
        .unwrap();
    let accounts = store::ledger::books::accounts(&app.db, &book.id)
        .await
        .unwrap();
    assert_eq!(
        accounts.iter().find(|a| a.code == "301").unwrap().opening,
        -8_000_000
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_throttling_keys_on_the_forwarded_address() {
    // The https test app trusts its proxy (see app_at); addresses are header text only.
    let app = app_at("https://zhenxing.example.gov.cn").await;
    let page = app.get("/login", "").await;
    let anon = format!("zx_csrf={}", set_cookie(&page, "zx_csrf").unwrap());
    let token = csrf_in(&page.body);
    let attempt = |from: &'static str, user: String, password: String| {
        Request::post("/login")
            .header(header::COOKIE, anon.clone())
            .header("x-forwarded-for", format!("10.9.8.7, {from}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "_csrf={token}&username={user}&password={}",
                enc(&password)
            )))
            .unwrap()
    };
    for i in 0..web::identity::pages::MAX_FAILURES_PER_ADDRESS {
        let res = app
            .send(attempt("203.0.113.9", format!("nobody{i}"), "wrong".into()))
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = app
        .send(attempt("203.0.113.9", "admin".into(), PASSWORD.into()))
        .await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "that address is throttled"
    );
    let other = app
        .send(attempt("198.51.100.7", "admin".into(), PASSWORD.into()))
        .await;
    assert_eq!(
        other.status,
        StatusCode::SEE_OTHER,
        "another address signs in"
    );
}

// The work mechanism's tests, one file per part.
#[path = "http/mechanism_api.rs"]
mod mechanism_api;
#[path = "http/mechanism_meetings.rs"]
mod mechanism_meetings;
#[path = "http/mechanism_more.rs"]
mod mechanism_more;
#[path = "http/mechanism_pages.rs"]
mod mechanism_pages;
// People and talent.
#[path = "http/people_api.rs"]
mod people_api;
#[path = "http/people_more.rs"]
mod people_more;
#[path = "http/people_pages.rs"]
mod people_pages;
#[path = "http/people_talent.rs"]
mod people_talent;
// Industry.
#[path = "http/industry_api.rs"]
mod industry_api;
#[path = "http/industry_api_write.rs"]
mod industry_api_write;
#[path = "http/industry_docs.rs"]
mod industry_docs;
#[path = "http/industry_io.rs"]
mod industry_io;
#[path = "http/industry_pages.rs"]
mod industry_pages;
#[path = "http/industry_results.rs"]
mod industry_results;
#[path = "http/scope_refs.rs"]
mod scope_refs;
// Trustworthy books (issue 11).
#[path = "http/ledger_trust.rs"]
mod ledger_trust;

// Operations and input hygiene: bounded metrics labels, who reads /metrics, region levels,
// control characters in every kind of input.
#[path = "http/ops_security.rs"]
mod ops_security;
// Identity security (issue 11).
#[path = "http/identity_security.rs"]
mod identity_security;
// Money is bounded and every sum is checked.
#[path = "http/money_bounds.rs"]
mod money_bounds;
// Voucher imports: drafts, migrations.
#[path = "http/ledger_import.rs"]
mod ledger_import;
// Hostile spreadsheets: dimension bombs refused naming the limit.
#[path = "http/bomb_hostile_files.rs"]
mod bomb_hostile_files;
// Faults: the disk fills, then frees; 503 with Retry-After, /readyz follows.
#[path = "http/faults.rs"]
mod faults;
#[path = "http/hostile_messages.rs"]
mod hostile_messages;

#[path = "http/error_id_page.rs"]
mod error_id_page;

#[path = "http/account_picker.rs"]
mod account_picker;
#[path = "http/assessment.rs"]
mod assessment;
#[path = "http/ground_floor.rs"]
mod ground_floor;
#[path = "http/meeting_form.rs"]
mod meeting_form;
#[path = "http/metrics.rs"]
mod metrics;
#[path = "http/my_tasks.rs"]
mod my_tasks;
#[path = "http/paper.rs"]
mod paper;
#[path = "http/pay.rs"]
mod pay;
#[path = "http/production_paging.rs"]
mod production_paging;
#[path = "http/profile_cache.rs"]
mod profile_cache;
#[path = "http/quick_actions.rs"]
mod quick_actions;
#[path = "http/saved.rs"]
mod saved;
#[path = "http/static_gzip.rs"]
mod static_gzip;
#[path = "http/wording.rs"]
mod wording;
// Talent-pool dates on the pages (issue 14).
#[path = "http/talent_dates.rs"]
mod talent_dates;
// Disclosure (issue 15): items, the log, the public portal, news and feedback.
#[path = "http/disclosure_english.rs"]
mod disclosure_english;
#[path = "http/disclosure_items.rs"]
mod disclosure_items;
#[path = "http/disclosure_log.rs"]
mod disclosure_log;
#[path = "http/disclosure_money.rs"]
mod disclosure_money;
#[path = "http/disclosure_news.rs"]
mod disclosure_news;
#[path = "http/disclosure_portal.rs"]
mod disclosure_portal;
#[path = "http/disclosure_schedules.rs"]
mod disclosure_schedules;
// The cockpit (一张图, issue 16).
#[path = "http/dashboard.rs"]
mod dashboard;
// The report pack (issue 16).
#[path = "http/reports.rs"]
mod reports;
