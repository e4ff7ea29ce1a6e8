//! News (工作动态) and villagers' feedback (村民意见) through the pages: the public feedback form
//! (no sign-in, CSRF, errors beside fields, rate limits: the N+1th is 429 and stores
//! nothing), moderation by the town (rejected never public, accepted becomes a problem,
//! the answer public with the days taken), the phone never in full but in the audited
//! reveal, and hostile text coming out inert.

use super::*;

const BAOYING: &str = "340803100201";

/// The test app with feedback limits of `per_address` an hour per address and
/// `per_village` per village.
async fn limited_app(per_address: u32, per_village: u32) -> App {
    let dir = std::env::temp_dir().join(format!("zx-web-{}", domain::Id::new()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
        .await
        .unwrap();
    let config = web::WebConfig {
        demo: true,
        public_limits: web::state::PublicLimits {
            feedback_per_address_hour: per_address,
            feedback_per_village_hour: per_village,
            ..Default::default()
        },
        ..Default::default()
    };
    app_configured(db, config).await
}

/// An anonymous visitor: the CSRF cookie and token of the feedback form.
async fn visitor(app: &App, code: &str) -> (String, String) {
    let page = app.get(&web::base::url::public_feedback(code), "").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let cookie = format!("zx_csrf={}", set_cookie(&page, "zx_csrf").unwrap());
    (cookie, csrf_in(&page.body))
}

/// Sends feedback from `addr`.
async fn send_from(app: &App, addr: [u8; 4], code: &str, form: &str) -> Resp {
    let (cookie, token) = visitor(app, code).await;
    let mut req = Request::post(web::base::url::public_feedback(code))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("_csrf={token}&{form}")))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((addr, 40000))));
    app.send(req).await
}

async fn stored(app: &App) -> Vec<store::disclosure::feedback::FeedbackRecord> {
    store::disclosure::feedback::list(
        &app.db,
        &domain::identity::Scope::system(),
        &Default::default(),
        store::Page::all(),
    )
    .await
    .unwrap()
    .0
}

/// The path a 303 leads to.
fn location(res: &Resp) -> String {
    res.headers
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_public_form_needs_no_sign_in_keeps_what_was_typed_and_confirms() {
    let app = limited_app(5, 30).await;
    let page = app.get(&web::base::url::public_feedback(BAOYING), "").await;
    assert!(page.body.contains("保婴村"));
    assert!(!page.body.contains("<script"), "no script on public pages");
    // Without the token: refused, nothing stored.
    let res = app
        .post_form(
            &web::base::url::public_feedback(BAOYING),
            "",
            "text=%E8%B7%AF%E7%81%AF",
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // A bad phone: the error beside the field, what was typed kept.
    let res = send_from(
        &app,
        [10, 0, 0, 1],
        BAOYING,
        &format!("text={}&name=&phone=12ab", enc("村口路灯坏了")),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("data-testid=\"field-error\""));
    assert!(res.body.contains("村口路灯坏了"), "what was typed is kept");
    let res = send_from(&app, [10, 0, 0, 1], BAOYING, "text=&phone=").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("请填写“意见内容”"), "{}", res.body);
    assert!(stored(&app).await.is_empty());
    // Sent: 收到，待审核 with the reference number.
    let res = send_from(
        &app,
        [10, 0, 0, 1],
        BAOYING,
        &format!(
            "text={}&name={}&phone=13812345678",
            enc("村口路灯坏了"),
            enc("王小明")
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("收到，待审核"));
    let rows = stored(&app).await;
    assert_eq!(rows.len(), 1);
    assert!(res.body.contains(&rows[0].ref_no));
    assert!(!res.body.contains("13812345678"));
    // A town or an unknown village has no form.
    let town = app
        .get(&web::base::url::public_feedback("340803100000"), "")
        .await;
    assert_eq!(town.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn over_the_limits_it_is_429_and_nothing_is_stored() {
    let app = limited_app(2, 3).await;
    let form = format!("text={}", enc("路面坑洼"));
    for _ in 0..2 {
        let res = send_from(&app, [10, 0, 0, 1], BAOYING, &form).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    // The same address a third time.
    let res = send_from(&app, [10, 0, 0, 1], BAOYING, &form).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("提交过于频繁"));
    assert!(res.body.contains("class=\"public\""), "in the public style");
    assert_eq!(stored(&app).await.len(), 2);
    // Another address: the village's third.
    let res = send_from(&app, [10, 0, 0, 2], BAOYING, &form).await;
    assert_eq!(res.status, StatusCode::OK);
    // The village's fourth from yet another address.
    let res = send_from(&app, [10, 0, 0, 3], BAOYING, &form).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(stored(&app).await.len(), 3);
    // Another village is not limited by this one.
    let res = send_from(&app, [10, 0, 0, 4], "340803200201", &form).await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn moderation_through_the_pages_and_the_phone_only_in_the_audited_reveal() {
    let app = limited_app(10, 30).await;
    for text in ["村口路灯坏了", "广告：低价出售"] {
        let res = send_from(
            &app,
            [10, 0, 0, 1],
            BAOYING,
            &format!("text={}&phone=13812345678", enc(text)),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let town = app.login("town").await;
    let list = app.get(web::base::url::FEEDBACK, &town.cookie).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("138****5678"));
    assert!(!list.body.contains("13812345678"));
    let export = app.get(web::base::url::FEEDBACK_XLSX, &town.cookie).await;
    assert_eq!(export.status, StatusCode::OK);
    let text = String::from_utf8_lossy(&export.bytes).to_string();
    assert!(!text.contains("13812345678"));
    let rows = stored(&app).await;
    let ok = rows.iter().find(|r| r.body == "村口路灯坏了").unwrap();
    let spam = rows.iter().find(|r| r.body != "村口路灯坏了").unwrap();
    // Another village's cadre: not found.
    let other = app.login("other").await;
    let res = app
        .get(&web::base::url::feedback_item(&ok.id), &other.cookie)
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // A rejection without its reason: the error beside the field.
    let step = web::base::url::feedback_item_step(&spam.id);
    let res = app
        .post_form(
            &step,
            &town.cookie,
            &format!("_csrf={}&action=reject&reason=", town.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("data-testid=\"field-error\""));
    let res = app
        .post_form(
            &step,
            &town.cookie,
            &format!("_csrf={}&action=reject&reason={}", town.csrf, enc("广告")),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // Accept: the problem is opened.
    let res = app
        .post_form(
            &web::base::url::feedback_item_step(&ok.id),
            &town.cookie,
            &format!(
                "_csrf={}&action=accept&title={}&owner_name={}&deadline=2026-12-31",
                town.csrf,
                enc("修复村口路灯"),
                enc("张三")
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app
        .get(&web::base::url::feedback_item(&ok.id), &town.cookie)
        .await;
    assert!(page.body.contains("data-testid=\"problem\""));
    assert!(page.body.contains("修复村口路灯"));
    assert!(!page.body.contains("13812345678"));
    // The village's cadre answers.
    let cadre = app.login("cadre").await;
    let res = app
        .post_form(
            &web::base::url::feedback_item_step(&ok.id),
            &cadre.cookie,
            &format!(
                "_csrf={}&action=answer&answer={}",
                cadre.csrf,
                enc("已修复")
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let public = store::disclosure::feedback::answered_for_region(&app.db, BAOYING, 10)
        .await
        .unwrap();
    assert_eq!(public.len(), 1, "the rejected one is never public");
    assert_eq!(public[0].answer, "已修复");
    assert_eq!(public[0].days_taken, 0);
    // The reveal: a POST, shown once, in the audit log.
    let page = app
        .get(&web::base::url::feedback_item(&ok.id), &town.cookie)
        .await;
    assert!(page.body.contains("data-testid=\"reveal\""));
    let res = app
        .post_form(
            &web::base::url::feedback_item_reveal(&ok.id),
            &town.cookie,
            &format!("_csrf={}", town.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("13812345678"));
    assert_eq!(res.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let audit = app.get("/audit?entity=feedback", &town.cookie).await;
    assert!(audit.status == StatusCode::OK);
    let (log, _) = store::audit::list(
        &app.db,
        &domain::identity::Scope::system(),
        &store::audit::Filter {
            entity: "feedback".into(),
            ..Default::default()
        },
        store::Page::all(),
    )
    .await
    .unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "reveal" && e.entity_id == ok.id)
    );
    for e in &log {
        let text = format!("{:?}{:?}", e.before_json, e.after_json);
        assert!(!text.contains("13812345678"), "{text}");
    }
    // Afterwards the page shows it masked again.
    let page = app
        .get(&web::base::url::feedback_item(&ok.id), &town.cookie)
        .await;
    assert!(!page.body.contains("13812345678"));
}

#[tokio::test]
async fn hostile_feedback_comes_out_inert() {
    let app = limited_app(20, 30).await;
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<svg onload=alert(1)>",
    ];
    for p in payloads {
        let res = send_from(
            &app,
            [10, 0, 0, 9],
            BAOYING,
            &format!(
                "text={}&name={}",
                enc(p),
                enc(&p.chars().take(30).collect::<String>())
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK);
    }
    // Echoed back on the public form beside an error: escaped.
    for p in payloads {
        let res = send_from(
            &app,
            [10, 0, 0, 8],
            BAOYING,
            &format!("text={}&phone=bad", enc(p)),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        // As text: escaped, never markup.
        assert!(!res.body.contains(p), "{}", res.body);
        assert!(
            res.body.contains("alert(1)"),
            "what was typed is kept, as text"
        );
    }
    let town = app.login("town").await;
    let list = app.get(web::base::url::FEEDBACK, &town.cookie).await;
    for r in stored(&app).await {
        let page = app
            .get(&web::base::url::feedback_item(&r.id), &town.cookie)
            .await;
        for body in [&page.body, &list.body] {
            let lower = body.to_ascii_lowercase();
            assert!(!lower.contains("<script>alert"), "{body}");
            assert!(!lower.contains("<img src=x"));
            assert!(!lower.contains("<svg onload"));
            assert!(!lower.contains("href=\"javascript:"));
        }
    }
}

/// A multipart upload of one picture in the field `image`, as the page's form sends it.
fn image_request(path: &str, session: &Session, name: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "zxnews";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
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

const XSS: [&str; 5] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">link</a>",
    "<svg onload=alert(1)><circle/></svg>",
    "<iframe src=\"https://evil.example\"></iframe>",
];

fn assert_inert(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script>alert",
        "onerror=",
        "onload=",
        "href=\"javascript:",
        "<svg",
        "<iframe",
        "evil.example\"",
    ] {
        assert!(!lower.contains(bad), "{bad} in {html}");
    }
}

#[tokio::test]
async fn news_is_written_pictured_published_by_the_town_and_withdrawn() {
    let app = app().await;
    let cadre = app.login("cadre").await;
    // A draft with hostile title and text.
    let body = format!("<p>灵芝首季丰收</p>{}", XSS.join(""));
    let res = app
        .post_form(
            web::base::url::NEWS,
            &cadre.cookie,
            &format!(
                "_csrf={}&region_code={BAOYING}&title={}&body={}",
                cadre.csrf,
                enc(&format!("灵芝丰收{}", XSS[0])),
                enc(&body)
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let item = location(&res);
    let id = item.rsplit('/').next().unwrap().to_string();
    let page = app.get(&item, &cadre.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_inert(&page.body);
    // Pictures: a text file named .jpg, and a PNG declaring a huge size, are refused beside
    // the field; a real picture is scaled, re-encoded and added to the text.
    let images = web::base::url::news_item_images(&id);
    let res = app
        .send(image_request(
            &images,
            &cadre,
            "photo.jpg",
            b"just some text, not a picture",
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("不是可识别的 JPG 或 PNG 图片"),
        "{}",
        res.body
    );
    let mut bomb = usecase::image::sample_png(1, 1);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let res = app
        .send(image_request(&images, &cadre, "bomb.png", &bomb))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("100000 × 100000"), "{}", res.body);
    let res = app
        .send(image_request(
            &images,
            &cadre,
            "field.png",
            &usecase::image::sample_png(1600, 900),
        ))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let n = store::disclosure::news::get(&app.db, &domain::identity::Scope::system(), &id)
        .await
        .unwrap()
        .unwrap();
    let marker = "/public/news/images/";
    let start = n.body_html.find(marker).unwrap() + marker.len();
    let image_id: String = n.body_html[start..].chars().take(36).collect();
    let image_url = web::base::url::public_news_image(&image_id);
    // Not public before it is published.
    assert_eq!(app.get(&image_url, "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&web::base::url::public_news_item(&id), "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Submitted; the village cadre cannot publish, the town can.
    let step = web::base::url::news_item_step(&id);
    let res = app
        .post_form(
            &step,
            &cadre.cookie,
            &format!("_csrf={}&action=submit", cadre.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = app.get(&item, &cadre.cookie).await;
    assert!(!page.body.contains("data-testid=\"publish\""));
    let res = app
        .post_form(
            &step,
            &cadre.cookie,
            &format!("_csrf={}&action=publish", cadre.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let town = app.login("town").await;
    let res = app
        .post_form(
            &step,
            &town.cookie,
            &format!("_csrf={}&action=publish", town.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // The public page: in the public frame, no script, the text inert, our picture.
    let public = app.get(&web::base::url::public_news_item(&id), "").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("灵芝首季丰收"));
    assert!(public.body.contains("class=\"public\""));
    assert!(!public.body.contains("<script"));
    assert_inert(&public.body);
    assert!(public.body.contains(&format!("<img src=\"{image_url}\"")));
    assert!(public.body.contains("town 名"), "the publisher by name");
    let picture = app.get(&image_url, "").await;
    assert_eq!(picture.status, StatusCode::OK);
    assert_eq!(
        picture.headers.get(header::CONTENT_TYPE).unwrap(),
        "image/jpeg"
    );
    assert!(
        picture
            .headers
            .get(header::CACHE_CONTROL)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(&picture.bytes[..2], b"\xff\xd8", "JPEG");
    // Read back: a picture 1280 wide (scaled from 1600 × 900).
    let decoded = usecase::image::prepare(&picture.bytes, "image").unwrap();
    assert_eq!((decoded.width, decoded.height), (1280, 720));
    let public_list = store::disclosure::news::published_for_region(&app.db, BAOYING, 10)
        .await
        .unwrap();
    assert_eq!(public_list.len(), 1);
    assert_inert(&public_list[0].summary);
    // The list and its export.
    let list = app.get(web::base::url::NEWS, &town.cookie).await;
    assert!(list.body.contains("已发布"));
    assert_inert(&list.body);
    let xlsx = app.get(web::base::url::NEWS_XLSX, &town.cookie).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(&xlsx.bytes[..2], b"PK");
    // Withdrawn: gone from the public side, picture too.
    let res = app
        .post_form(
            &step,
            &town.cookie,
            &format!("_csrf={}&action=withdraw", town.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&web::base::url::public_news_item(&id), "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&image_url, "").await.status, StatusCode::NOT_FOUND);
}

/// CRC-32 of PNG chunks (ISO 3309), to forge a well-formed header declaring a huge size.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
