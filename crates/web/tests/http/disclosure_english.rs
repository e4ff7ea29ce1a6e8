//! English readers of published disclosures (issue 15 leftovers): the frozen Chinese page stays
//! the published record, while an English reader gets the same frozen snapshot rendered through
//! the same template with English labels — the same figures, the same hash — on the public
//! version page, the print sheet, and the cadre's preview and item page. Every label the
//! template prints has a real English text.

use super::disclosure_items::{create, step};
use super::*;

const BAOYING: &str = "340803100201";

/// The page body a version page shows: from the snapshot's `<article>` to its end.
fn snapshot_body(page: &str) -> &str {
    let start = page
        .find("data-testid=\"snapshot-body\"")
        .unwrap_or_else(|| panic!("no snapshot body: {page}"));
    let end = page[start..].find("</article>").unwrap() + start;
    &page[start..end]
}

/// Every amount printed as yuan (`-1,234.56`), in order.
fn figures(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = html.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == ',') {
                j += 1;
            }
            if j + 2 < chars.len()
                && chars[j] == '.'
                && chars[j + 1].is_ascii_digit()
                && chars[j + 2].is_ascii_digit()
            {
                let neg = i > 0 && chars[i - 1] == '-';
                let text: String = chars[i..j + 3].iter().collect();
                out.push(if neg { format!("-{text}") } else { text });
                i = j + 3;
                continue;
            }
            i = j;
        }
        i += 1;
    }
    out
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    })
}

/// Chinese labels the template prints, none of which may reach an English reader (the data of
/// the fixture — account names, statement captions, title — are Chinese and stay).
const CHINESE_LABELS: [&str; 10] = [
    "资产负债表",
    "收支明细",
    "期初余额",
    "期末余额",
    "大额支出",
    "项目资金收支",
    "发布时间",
    "发布人",
    "（元）",
    "版本",
];

/// 保婴村's 2024 book (a September voucher of 600,000 yuan), the cadre and the town officer
/// signed in, and a finance item of 2024-Q3 created by the cadre.
pub(super) struct Quarter {
    pub book: store::ledger::BookRecord,
    pub cadre: Session,
    pub town: Session,
    pub id: String,
}

pub(super) async fn baoying_quarter(app: &App) -> Quarter {
    let (_, book) = baoying_books(app).await;
    let cadre = app.login("cadre").await;
    let town = app.login("town").await;
    let id = create(
        app,
        &cadre,
        &format!("region_code={BAOYING}&kind=finance_period&period=2024-Q3&title="),
    )
    .await;
    Quarter {
        book,
        cadre,
        town,
        id,
    }
}

async fn english_reader_sees_the_frozen_quarter(app: &App) {
    let Quarter {
        cadre, town, id, ..
    } = baoying_quarter(app).await;
    // The cadre reading in English previews the quarter in English, the same figures.
    let english_cadre = format!("{}; zx_lang=en-US", cadre.cookie);
    let preview_en = app
        .get(&format!("/disclosure/items/{id}/preview"), &english_cadre)
        .await;
    assert_eq!(preview_en.status, StatusCode::OK, "{}", preview_en.body);
    let preview_zh = app
        .get(&format!("/disclosure/items/{id}/preview"), &cadre.cookie)
        .await;
    assert!(preview_en.body.contains("Balance sheet (yuan)"));
    assert!(!snapshot_body(&preview_en.body).contains("资产负债表"));
    assert!(snapshot_body(&preview_zh.body).contains("资产负债表（元）"));
    assert_eq!(
        figures(snapshot_body(&preview_en.body)),
        figures(snapshot_body(&preview_zh.body))
    );

    for (who, s) in [("submit", &cadre), ("approve", &town), ("publish", &cadre)] {
        assert_eq!(
            step(app, s, &id, who).await.status,
            StatusCode::SEE_OTHER,
            "{who}"
        );
    }
    let v1 = store::disclosure::versions::get(&app.db, &id, 1)
        .await
        .unwrap()
        .unwrap();

    let zh = app.get(&format!("/public/d/{id}"), "").await;
    let en = app.get(&format!("/public/d/{id}?lang=en-US"), "").await;
    assert_eq!(zh.status, StatusCode::OK);
    assert_eq!(en.status, StatusCode::OK, "{}", en.body);
    // The Chinese page is the frozen record, byte for byte.
    assert!(zh.body.contains(&v1.page_html));
    assert!(!zh.body.contains("data-testid=\"rendered-note\""));
    // The English page: English headings, the same figures, the same hash.
    let (zh_body, en_body) = (snapshot_body(&zh.body), snapshot_body(&en.body));
    for heading in [
        "Income and expenditure by account (yuan)",
        "<th class=\"num\">Opening</th>",
        "Balance sheet (yuan)",
        "Statement of income (year to date) (yuan)",
        "Large payments (at least 10,000.00 yuan)",
        "Project funds (yuan)",
        "Published by: ",
        "2024-Q3",
    ] {
        assert!(en_body.contains(heading), "{heading}: {en_body}");
    }
    for label in CHINESE_LABELS {
        assert!(!en_body.contains(label), "{label} in {en_body}");
        assert!(zh_body.contains(label), "{label} not in {zh_body}");
    }
    let zh_figures = figures(zh_body);
    assert!(
        zh_figures.iter().any(|f| f == "600,000.00"),
        "{zh_figures:?}"
    );
    assert_eq!(figures(en_body), zh_figures);
    // Data stays as published: the account names are the book's.
    assert!(en_body.contains("银行存款"));
    assert!(en_body.contains("保婴村2024年第三季度财务公开"));
    for page in [&zh.body, &en.body] {
        assert!(page.contains(&v1.snapshot_sha256));
    }
    assert!(en.body.contains("data-testid=\"rendered-note\""));
    assert!(en.body.contains("<html lang=\"en-US\">"));
    // Kept per language: asked again, each language gets its own page back.
    let en_again = app.get(&format!("/public/d/{id}?lang=en-US"), "").await;
    let zh_again = app.get(&format!("/public/d/{id}"), "").await;
    assert_eq!(en_again.body, en.body);
    assert_eq!(zh_again.body, zh.body);
    assert_ne!(en.headers[header::ETAG], zh.headers[header::ETAG]);
    // The language cookie decides when the address names none.
    let by_cookie = app.get(&format!("/public/d/{id}"), "zx_lang=en-US").await;
    assert!(snapshot_body(&by_cookie.body).contains("Balance sheet (yuan)"));

    // The print sheet follows the reader too, says so, and carries the same check code.
    let sheet = app
        .get(&format!("/public/d/{id}/v/1/print?lang=en-US"), "")
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(snapshot_body(&sheet.body).contains("Balance sheet (yuan)"));
    assert_eq!(figures(snapshot_body(&sheet.body)), zh_figures);
    assert!(sheet.body.contains("data-testid=\"rendered-note\""));
    assert!(sheet.body.contains(&v1.snapshot_sha256[..16]));
    let sheet_zh = app.get(&format!("/public/d/{id}/v/1/print"), "").await;
    assert!(sheet_zh.body.contains(&v1.page_html));

    // The cadre's item page shows the published version in the cadre's language.
    let item_en = app
        .get(&format!("/disclosure/items/{id}"), &english_cadre)
        .await;
    assert!(
        item_en.body.contains("Balance sheet (yuan)"),
        "{}",
        item_en.body
    );
    assert_eq!(figures(snapshot_body(&item_en.body)), zh_figures);
}

/// Runs `check` on a SQLite app and, when `ZHENXING_TEST_POSTGRES` is set, on a PostgreSQL one.
pub(super) async fn on_both_backends<F>(check: F)
where
    F: for<'a> Fn(&'a App) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>,
{
    check(&app().await).await;
    if let Some((db, pg)) = PgTestDb::create().await {
        let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
        check(&app).await;
        drop(app);
        pg.drop_db(db).await;
    }
}

#[tokio::test]
async fn an_english_reader_sees_the_frozen_quarter_with_english_labels_on_both_backends() {
    on_both_backends(|app| Box::pin(english_reader_sees_the_frozen_quarter(app))).await;
}

/// A snapshot of `kind` whose data are all ASCII (but for the team post, frozen in Chinese as
/// the builders freeze it), with every part of its kind filled.
fn ascii_snapshot(kind: &str, category: &str, body: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "region_code": BAOYING,
        "region_name": "Baoying",
        "category": category,
        "kind": kind,
        "title": "Title",
        "period": "2024年第三季度",
        "period_from": "2024-07-01",
        "period_to": "2024-09-30",
        "version": 2,
        "reason": "Typo",
        "published_at": "2024-10-08T02:00:00Z",
        "publisher": "Publisher",
        "body": body,
    })
}

fn amount(fen: i64) -> serde_json::Value {
    serde_json::json!({ "fen": fen, "yuan": web::base::format::yuan(fen) })
}

#[test]
fn every_label_of_every_kind_has_an_english_text() {
    let i18n = std::sync::Arc::new(web::i18n::I18n::load().unwrap());
    let row = serde_json::json!({ "caption": "Cash", "heading": false, "amount": amount(100),
        "year_start": amount(50) });
    let heading = serde_json::json!({ "caption": "Assets", "heading": true, "amount": amount(0) });
    let snapshots = [
        ascii_snapshot(
            "finance_period",
            "finance",
            serde_json::json!({
                "books": [{
                    "org_name": "Coop", "year": 2024,
                    "accounts": [{ "code": "101", "name": "Cash", "depth": 1,
                        "opening": amount(1), "debit": amount(2), "credit": amount(3),
                        "closing": amount(0) }],
                    "balance_sheet": [heading, row],
                    "income_statement": [row],
                    "large_payments": [{ "date": "2024-09-20", "number": "2024-09 #1",
                        "summary": "Sale", "amount": amount(2_000_000) }],
                }],
                "large_payment_threshold": amount(1_000_000),
                "project_funds": [{ "title": "Lingzhi", "received": amount(5),
                    "spent": amount(4) }],
            }),
        ),
        // A finance quarter without books says so.
        ascii_snapshot(
            "finance_period",
            "finance",
            serde_json::json!({ "large_payment_threshold": amount(1_000_000) }),
        ),
        ascii_snapshot(
            "project_progress",
            "affairs",
            serde_json::json!({ "project": {
                "title": "Lingzhi", "sector": "planting", "status": "implementing",
                "progress": 40,
                "milestones": [{ "title": "Sheds", "due_on": "2024-06-30", "weight": 50,
                    "progress": 80 }],
                "funding": [{ "source": "fiscal", "amount": amount(100) }],
                "results": { "year": 2024, "gross_income": amount(1), "income_posted": amount(1),
                    "costs": amount(1), "net": amount(0), "workers": 3, "person_days": "12",
                    "households": 2, "yields": [{ "product": "Lingzhi", "unit": "kg",
                    "total": "10" }] },
            }}),
        ),
        ascii_snapshot(
            "meeting_decisions",
            "affairs",
            serde_json::json!({ "meetings": [{ "date": "2024-08-01", "kind": "Assembly",
                "agenda": "Roads", "decisions": [{ "title": "Pave", "deadline": "2024-12-31",
                "state": "doing", "progress": 50, "result": "Half done" }] }] }),
        ),
        ascii_snapshot(
            "party_period",
            "party",
            serde_json::json!({
                "team": [{ "post": "第一书记", "name": "Zheng" },
                    { "post": "村党组织书记", "name": "Wang" }],
                "first_secretaries": ["Zheng", "Li"],
                "trainings": [{ "topic": "Law", "starts_on": "2024-08-02", "hours": "4",
                    "attended": 3, "invited": 4 }],
                "meetings": [{ "date": "2024-08-01", "kind": "Branch", "agenda": "Study" }],
            }),
        ),
        ascii_snapshot(
            "subsidy_list",
            "affairs",
            serde_json::json!({ "subsidies": [{ "name": "W*g", "item": "Seeds",
                "amount": amount(300) }], "subsidy_total": amount(300) }),
        ),
        ascii_snapshot(
            "other",
            "affairs",
            serde_json::json!({ "text_html": "<p>Notice</p>" }),
        ),
    ];
    for snapshot in &snapshots {
        let html =
            web::disclosure::snapshots::render(&i18n, snapshot, web::i18n::Locale::EnUs).unwrap();
        assert!(!has_cjk(&html), "untranslated text: {html}");
        for raw in [
            "disclosure-snap-",
            "mp-state-",
            "ip-status-",
            "ip-source-",
            "pt-post-",
        ] {
            assert!(!html.contains(raw), "a missing key {raw}: {html}");
        }
        // Chinese is the published notice: its labels and the frozen period.
        let zh =
            web::disclosure::snapshots::render(&i18n, snapshot, web::i18n::Locale::ZhCn).unwrap();
        assert!(zh.contains("2024年第三季度"));
        assert!(zh.contains("发布人：Publisher"), "{zh}");
    }
    // The kinds' own English texts.
    let party =
        web::disclosure::snapshots::render(&i18n, &snapshots[4], web::i18n::Locale::EnUs).unwrap();
    assert!(
        party.contains("<td>First secretary</td><td>Zheng</td>"),
        "{party}"
    );
    assert!(party.contains("First secretary: Zheng, Li"), "{party}");
    let meetings =
        web::disclosure::snapshots::render(&i18n, &snapshots[3], web::i18n::Locale::EnUs).unwrap();
    assert!(
        meetings.contains("Pave (In progress, deadline 2024-12-31, 50%): Half done"),
        "{meetings}"
    );
    let finance =
        web::disclosure::snapshots::render(&i18n, &snapshots[0], web::i18n::Locale::EnUs).unwrap();
    assert!(finance.contains("Reason for correction: Typo"), "{finance}");
    assert!(
        finance.contains("Baoying · 2024-Q3 · Version v2"),
        "{finance}"
    );
}
