//! HTTP tests against the real router on a temporary SQLite database (and, for the
//! storage-dependent paths, the same code the store tests run on PostgreSQL).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::identity::{Actor, Role};
use domain::region::{RegionCode, RegionInput};
use http_body_util::BodyExt;
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
    let hash = web::identity::password::hash(PASSWORD.into())
        .await
        .unwrap();
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
    let state = web::AppState::new(
        db.clone(),
        web::WebConfig {
            public_url: public_url.into(),
            demo: true,
        },
    )
    .unwrap();
    App {
        router: web::router(state),
        db,
    }
}

impl App {
    async fn send(&self, req: Request<Body>) -> Resp {
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

fn enc(s: &str) -> String {
    web::identity::session::urlencode(s)
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
    assert_eq!(json["code"], "common.bad_json");
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
            let concrete = path.replace("{code}", "340803100201");
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
            web::region::io::COLUMNS
                .iter()
                .map(|c| format!("field-{c}")),
        );
    // Every error code raised anywhere in the source has its message.
    let mut dirs: Vec<std::path::PathBuf> = ["domain", "store", "web", "app"]
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
    let upload = |name: &str, bytes: &[u8]| {
        let boundary = "zxboundary";
        let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Request::post("/regions/import")
            .header(header::COOKIE, &s.cookie)
            .header("x-csrf-token", &s.csrf)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap()
    };
    let before = store::region::all(&app.db, &domain::identity::Scope::system())
        .await
        .unwrap();
    let res = app.send(upload("regions.xlsx", &xlsx.bytes)).await;
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
