//! Pay linkage over HTTP (SQLite and PostgreSQL): the district's policy saved through its
//! form (and a bad rate refused beside its field, what was typed kept), 保婴村's calculation
//! computed by the town from its books and posts, submitted, approved by the district with
//! its voucher; the pages render, the API's shape and scope, the 报酬核定表 opens.

use super::*;
use calamine::{Data, Reader};
use serde_json::Value;

const BAOYING: &str = "340803100201";
const TOWN: &str = "340803100000";

async fn get_json(app: &App, s: &Session, path: &str) -> (StatusCode, Value) {
    let res = app.get(path, &s.cookie).await;
    (
        res.status,
        serde_json::from_str(&res.body).unwrap_or(Value::Null),
    )
}

async fn post(app: &App, s: &Session, path: &str, form: &str) -> Resp {
    app.post_form(path, &s.cookie, &format!("_csrf={}&{form}", s.csrf))
        .await
}

/// 保婴村's cadres: a secretary and a director all year, a member from November (too short).
async fn posts(app: &App) {
    let system = Actor::system("test");
    for (i, (name, post, from)) in [
        ("张书记", "party_secretary", "2018-01-01"),
        ("李主任", "committee_director", "2019-03-01"),
        ("王委员", "committee_member", "2024-11-01"),
    ]
    .into_iter()
    .enumerate()
    {
        let first = format!("34080319800101{:03}", i + 1);
        let id_number = format!(
            "{first}{}",
            domain::people::person::check_character(&first).unwrap()
        );
        let person = domain::people::PersonInput {
            region_code: BAOYING.into(),
            name: name.into(),
            id_number,
            political_status: "中共党员".into(),
            education: "大专".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let p = store::people::persons::create(&app.db, &system, &person)
            .await
            .unwrap();
        let held = domain::people::PostInput {
            person_id: p.id,
            region_code: BAOYING.into(),
            post: post.into(),
            starts_on: from.into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store::people::posts::create(&app.db, &system, &held)
            .await
            .unwrap();
    }
}

/// The policy form's fields for the usual kind (a) policy from 2024.
fn policy_form(name: &str, first_rate: &str) -> String {
    let mut f = format!(
        "name={}&kind=increase_share&from_year=2024&to_year=&threshold=100000&min_months=6\
         &tier_from_0=0&tier_rate_0={first_rate}&tier_from_1=100000&tier_rate_1=9\
         &tier_from_2=300000&tier_rate_2=10&tier_from_3=500000&tier_rate_3=12",
        enc(name)
    );
    for (i, c) in ["1", "0.9", "0.7", "0.5", "0", "0"].iter().enumerate() {
        f.push_str(&format!("&coefficient_{i}={c}"));
    }
    f
}

async fn pay_flow(app: &App) {
    baoying_books(app).await;
    posts(app).await;
    let admin = app.login("admin").await;
    let town = app.login("town").await;
    let cadre = app.login("cadre").await;
    let other = app.login("other").await;

    // A bad rate is refused beside its field; what was typed stays.
    let bad = post(
        app,
        &admin,
        web::base::url::PAY_POLICIES_NEW,
        &policy_form("报酬挂钩", "120"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("data-testid=\"error\""));
    assert!(bad.body.contains("增量分段"), "{}", bad.body);
    assert!(bad.body.contains("value=\"120\""));
    assert!(bad.body.contains("aria-invalid=\"true\""));
    // The town may not set policies.
    let refused = post(
        app,
        &town,
        web::base::url::PAY_POLICIES_NEW,
        &policy_form("镇里的", "8"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let saved = post(
        app,
        &admin,
        web::base::url::PAY_POLICIES_NEW,
        &policy_form("2024年报酬挂钩", "8"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let index = app.get(web::base::url::PAY, &cadre.cookie).await;
    assert_eq!(index.status, StatusCode::OK);
    // The policies export as .xlsx, as the list shows them.
    let xlsx = app
        .get(web::base::url::PAY_POLICIES_XLSX, &cadre.cookie)
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let rows = xlsx_rows(&xlsx.bytes);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0], calamine::Data::String("2024年报酬挂钩".into()));
    assert_eq!(rows[1][3], calamine::Data::String("大观区".into()));
    assert!(
        index.body.contains("2024年报酬挂钩"),
        "the village sees the district's policy"
    );
    let opened = app
        .get(
            &format!("{}?year=2024&region={TOWN}", web::base::url::PAY),
            &admin.cookie,
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let policy = store::assessment::pay::policies(&app.db, &domain::identity::Scope::system())
        .await
        .unwrap()
        .remove(0);
    let edit = app
        .get(&web::base::url::pay_policy(&policy.id), &admin.cookie)
        .await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("value=\"2024年报酬挂钩\""));

    // The town's year page offers the computation; the town computes 保婴村.
    let year_path = format!("{}?region={TOWN}", web::base::url::pay_year(2024));
    let year = app.get(&year_path, &town.cookie).await;
    assert_eq!(year.status, StatusCode::OK);
    assert!(year.body.contains("保婴村") && year.body.contains("compute-all"));
    let computed = post(
        app,
        &town,
        web::base::url::PAY_COMPUTE,
        &format!("region_code={TOWN}&year=2024"),
    )
    .await;
    assert_eq!(computed.status, StatusCode::SEE_OTHER, "{}", computed.body);
    let calc = store::assessment::pay::for_year(
        &app.db,
        &domain::identity::Scope::system(),
        &RegionCode::parse(BAOYING).unwrap(),
        2024,
    )
    .await
    .unwrap()
    .remove(0);
    let (policy_data, facts, result) = calc.snapshot().unwrap();
    assert_eq!(
        result,
        domain::assessment::pay::calculate(&policy_data, &facts).unwrap()
    );
    let income = store::metrics::value(
        &app.db,
        &domain::identity::Scope::system(),
        domain::metrics::Metric::OperatingIncome,
        &RegionCode::parse(BAOYING).unwrap(),
        2024,
    )
    .await
    .unwrap()
    .unwrap()
    .value;
    assert_eq!(facts.income, income);
    assert!(calc.pool > 0);

    // The calculation page: the steps, the shares by name, the scenarios side by side.
    let page = app
        .get(&web::base::url::pay_calculation(&calc.id), &cadre.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let pool_text = web::base::format::yuan(calc.pool);
    assert!(page.body.contains(&pool_text), "{pool_text}");
    assert!(page.body.contains(&web::base::format::yuan(income)));
    for name in [
        "张书记",
        "李主任",
        "王委员",
        "任职不满规定月数",
        "经营收益增加 10%",
        "考核等次降一档",
    ] {
        assert!(page.body.contains(name), "{name}");
    }
    for s in &result.shares {
        assert!(page.body.contains(&web::base::format::yuan(s.amount)));
    }
    assert!(
        !page.body.contains("data-testid=\"submit\""),
        "a cadre does not submit"
    );

    // The 四议两公开 record: out of order is refused, in order saved.
    let path = web::base::url::pay_calculation_deliberation(&calc.id);
    let form = app.get(&path, &cadre.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    let wrong = post(
        app,
        &cadre,
        &path,
        "on_party_proposal=2025-01-10&on_committees_discuss=2025-01-05",
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("value=\"2025-01-05\""));
    let ok = post(
        app,
        &cadre,
        &path,
        "on_party_proposal=2025-01-05&on_committees_discuss=2025-01-06&note_committees_discuss=%E4%B8%80%E8%87%B4%E9%80%9A%E8%BF%87",
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);

    // Town submits; the district approves; the voucher is linked.
    let page = app
        .get(&web::base::url::pay_calculation(&calc.id), &town.cookie)
        .await;
    assert!(page.body.contains("data-testid=\"submit\""));
    assert!(page.body.contains("一致通过"));
    let sub = post(
        app,
        &town,
        &web::base::url::pay_calculation_submit(&calc.id),
        "",
    )
    .await;
    assert_eq!(sub.status, StatusCode::SEE_OTHER);
    let again = post(
        app,
        &town,
        &web::base::url::pay_calculation_submit(&calc.id),
        "",
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("状态已被他人更改"));
    let no_reason = post(
        app,
        &admin,
        &web::base::url::pay_calculation_return(&calc.id),
        "reason=",
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("退回理由"));
    let ok = post(
        app,
        &admin,
        &web::base::url::pay_calculation_approve(&calc.id),
        "",
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = app
        .get(&web::base::url::pay_calculation(&calc.id), &admin.cookie)
        .await;
    assert!(page.body.contains("已审批"));
    assert!(page.body.contains("data-testid=\"voucher\""));
    assert!(page.body.contains("town 名"), "the submitter by name");
    // Computing the town again leaves the approved calculation as it is.
    let again = post(
        app,
        &town,
        web::base::url::PAY_COMPUTE,
        &format!("region_code={TOWN}&year=2024"),
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let kept = store::assessment::pay::get(&app.db, &domain::identity::Scope::system(), &calc.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.state, "approved");
    assert_eq!(kept.result, calc.result);
    let listed = app.get(&year_path, &admin.cookie).await;
    assert!(listed.body.contains("已审批"));
    assert!(listed.body.contains(&web::base::format::yuan(calc.pool)));

    // The API: each village with its pool and cadres, scoped.
    let (status, list) = get_json(
        app,
        &town,
        &format!("/api/v1/pay-linkage?year=2024&region={TOWN}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let v = &list[0];
    assert_eq!(v["region"], BAOYING);
    assert_eq!(v["pool"].as_i64(), Some(calc.pool));
    assert_eq!(v["state"], "approved");
    let cadres = v["cadres"].as_array().unwrap();
    assert_eq!(cadres.len(), result.shares.len());
    for (c, s) in cadres.iter().zip(&result.shares) {
        assert_eq!(c["person"], s.person_id.as_str());
        assert_eq!(c["post"], s.post.as_str());
        assert_eq!(c["months"].as_u64(), Some(u64::from(s.months)));
        assert_eq!(c["amount"].as_i64(), Some(s.amount));
    }
    let sum: i64 = cadres.iter().map(|c| c["amount"].as_i64().unwrap()).sum();
    assert_eq!(sum, calc.pool);
    let (status, _) = get_json(
        app,
        &other,
        &format!("/api/v1/pay-linkage?year=2024&region={BAOYING}"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, own) = get_json(app, &other, "/api/v1/pay-linkage?year=2024").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own, Value::Array(vec![]));
    let (status, _) = get_json(app, &town, "/api/v1/pay-linkage").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let out = app
        .get(&web::base::url::pay_calculation(&calc.id), &other.cookie)
        .await;
    assert_eq!(out.status, StatusCode::NOT_FOUND);

    // 报酬核定表.
    let xlsx = app
        .get(
            &format!(
                "{}?region={TOWN}",
                web::base::url::pay_year_sheet_xlsx(2024)
            ),
            &town.cookie,
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(xlsx.bytes.clone())).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][0], "村");
    assert_eq!(rows[0][7], "本人签字");
    let secretary = rows.iter().find(|r| r[1] == "张书记").unwrap();
    let share = result.shares.iter().find(|s| s.name == "张书记").unwrap();
    assert_eq!(secretary[0], "保婴村");
    assert_eq!(secretary[4], s_months(share.months));
    let amount = range
        .rows()
        .find(|r| r[1] == Data::String("张书记".into()))
        .map(|r| r[5].clone())
        .unwrap();
    assert_eq!(amount, Data::Float(share.amount as f64 / 100.0));
}

fn s_months(m: u32) -> String {
    m.to_string()
}

#[tokio::test]
async fn pay_linkage_from_policy_to_voucher() {
    let app = app().await;
    pay_flow(&app).await;
}

#[tokio::test]
async fn pay_linkage_from_policy_to_voucher_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    pay_flow(&app).await;
    drop(app);
    pg.drop_db(db).await;
}
