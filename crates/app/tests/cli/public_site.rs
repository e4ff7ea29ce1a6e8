//! Issue 15: the demo's whole public site, walked as a stranger would: every page linked from
//! `/public` down (districts, towns, villages, disclosures, their versions, print sheets,
//! bundles, QR codes, news, open-data ZIPs, the log) and every read of the public API in the
//! OpenAPI document, filled with the regions and items found. Every answer is 200, no page
//! carries a script, and no ID number or full mobile number appears in any of them (inside the
//! ZIPs too). The bundles downloaded on the way verify offline with `zhenxing disclosure
//! verify` against the key the portal shows.

use super::temp_dir;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use std::collections::{BTreeSet, VecDeque};
use std::net::SocketAddr;
use tower::ServiceExt;

/// Pages fetched at most (the demo's site has a few thousand).
const MAX_PAGES: usize = 20_000;

struct Fetched {
    status: StatusCode,
    content_type: String,
    bytes: Vec<u8>,
}

async fn get(router: &axum::Router, path: &str) -> Fetched {
    let mut req = Request::get(path).body(Body::empty()).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50001))));
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
        .await
        .unwrap()
        .to_vec();
    Fetched {
        status,
        content_type,
        bytes,
    }
}

/// The values of `attr="…"` in `html` (hrefs and srcs), entities `&amp;` decoded.
fn links(html: &str, attr: &str) -> Vec<String> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

/// The local public path of a link, if it is one (absolute links to the public URL count).
fn public_path(link: &str) -> Option<String> {
    let link = link
        .strip_prefix("http://127.0.0.1:8080")
        .unwrap_or(link)
        .split('#')
        .next()
        .unwrap_or("");
    (link.starts_with("/public") || link.starts_with("/api/public")).then(|| link.to_string())
}

/// The personal data found in `text`, named with where it was.
fn scan(found: &mut Vec<String>, path: &str, text: &str) {
    if let Some(pii) = domain::disclosure::mask::find_pii(text) {
        found.push(format!("{path}: {pii:?}"));
    }
}

#[tokio::test]
async fn the_demo_public_site_links_only_live_pages_runs_no_script_and_shows_no_personal_data() {
    let dir = temp_dir();
    let db = store::Db::connect(&format!("sqlite://{}", dir.join("d.db").display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    assert!(app::demo::load(&db).await.unwrap());
    let state = web::AppState::new(
        db.clone(),
        web::WebConfig {
            demo: true,
            public_limits: web::state::PublicLimits {
                api_per_minute: u32::MAX,
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .unwrap();
    let router = web::router(state);

    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([web::base::url::PUBLIC.to_string()]);
    let mut broken = Vec::new();
    let mut scripts = Vec::new();
    let mut personal = Vec::new();
    let (mut regions, mut items) = (BTreeSet::new(), BTreeSet::new());
    let mut kinds = BTreeSet::new();
    let mut bundles = Vec::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        assert!(
            seen.len() <= MAX_PAGES,
            "the public site is larger than {MAX_PAGES} pages"
        );
        let page = get(&router, &path).await;
        if page.status != StatusCode::OK {
            broken.push(format!("{path}: {}", page.status));
            continue;
        }
        let kind = page
            .content_type
            .split(';')
            .next()
            .unwrap_or("")
            .to_string();
        kinds.insert(kind.clone());
        if kind == "application/zip" {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(page.bytes)).unwrap();
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).unwrap();
                let name = entry.name().unwrap().to_string();
                let mut text = String::new();
                std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
                scan(&mut personal, &format!("{path}!{name}"), &text);
            }
            continue;
        }
        if path.ends_with("/bundle.json") && bundles.len() < 3 {
            bundles.push(page.bytes.clone());
        }
        let text = String::from_utf8_lossy(&page.bytes).into_owned();
        scan(&mut personal, &path, &text);
        if kind == "text/html" {
            if text.to_ascii_lowercase().contains("<script") {
                scripts.push(path.clone());
            }
            for link in links(&text, "href").into_iter().chain(links(&text, "src")) {
                if let Some(next) = public_path(&link) {
                    if let Some(rest) = next.strip_prefix("/public/r/") {
                        regions.insert(rest.split(['/', '?']).next().unwrap_or("").to_string());
                    }
                    if let Some(rest) = next.strip_prefix("/public/d/") {
                        items.insert(rest.split(['/', '?']).next().unwrap_or("").to_string());
                    }
                    if !seen.contains(&next) {
                        queue.push_back(next);
                    }
                }
            }
        }
    }
    // The public API's reads, every path of the document filled with what the pages named.
    let doc = get(&router, web::base::url::API_OPENAPI_JSON).await;
    let doc: serde_json::Value = serde_json::from_slice(&doc.bytes).unwrap();
    let api_paths: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|p| p.starts_with("/api/public/"))
        .cloned()
        .collect();
    assert!(
        !api_paths.is_empty(),
        "the public API is in the OpenAPI document"
    );
    for pattern in &api_paths {
        let mut filled = vec![pattern.clone()];
        for (name, values) in [
            ("{code}", &regions),
            ("{id}", &items),
            ("{version}", &BTreeSet::from(["1".to_string()])),
            (
                "{year}",
                &(2021..=app::demo_ledger::present_year())
                    .map(|y| y.to_string())
                    .collect(),
            ),
        ] {
            if pattern.contains(name) {
                filled = filled
                    .iter()
                    .flat_map(|p| values.iter().map(move |v| p.replace(name, v)))
                    .collect();
            }
        }
        for path in filled {
            let page = get(&router, &path).await;
            if page.status == StatusCode::OK {
                scan(&mut personal, &path, &String::from_utf8_lossy(&page.bytes));
            }
            seen.insert(path);
        }
    }
    assert_eq!(
        broken,
        Vec::<String>::new(),
        "links to pages that do not answer"
    );
    assert_eq!(scripts, Vec::<String>::new(), "public pages with a script");
    assert_eq!(
        personal,
        Vec::<String>::new(),
        "personal data on the public site"
    );
    // The walk reached the whole site: all 17 villages, the demo's financial disclosures (every
    // quarter ended since 2021, 17 × 20 for 2021–2025 and the present year's), 保婴村's
    // project, subsidy list, party affairs and meeting decisions, and the kinds of answer the
    // site gives (pages, bundles, ZIPs, news pictures).
    assert!(
        regions.len() >= 17 + 3,
        "regions reached: {}",
        regions.len()
    );
    let quarters = app::demo_disclosure::finance_quarters(domain::time::today()).len();
    assert!(quarters >= 20, "quarters published: {quarters}");
    assert!(
        items.len() >= 17 * quarters + 4,
        "disclosures reached: {} for {quarters} quarters",
        items.len()
    );
    for kind in [
        "text/html",
        "application/json",
        "application/zip",
        "image/jpeg",
    ] {
        assert!(kinds.contains(kind), "no {kind} answer reached: {kinds:?}");
    }
    // The demo's items, downloaded, check out offline against the portal's key.
    assert!(
        !bundles.is_empty(),
        "no bundle.json linked from the public pages"
    );
    let key = get(&router, web::base::url::PUBLIC_LOG_KEY).await;
    let key = String::from_utf8(key.bytes).unwrap().trim().to_string();
    for (i, bytes) in bundles.iter().enumerate() {
        let file = dir.join(format!("bundle-{i}.json"));
        std::fs::write(&file, bytes).unwrap();
        let out = super::zhenxing(
            &[
                "disclosure",
                "verify",
                file.to_str().unwrap(),
                "--key",
                &key,
            ],
            "",
        );
        assert!(
            out.status.success(),
            "verify {}: {}{}",
            file.display(),
            super::text(&out.stdout),
            super::text(&out.stderr)
        );
    }
}
