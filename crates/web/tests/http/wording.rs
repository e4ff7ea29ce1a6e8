//! Issue 13 point 12: wording a Chinese user would notice. The classification shows its
//! thresholds in 万元; the talent pool names people by 姓名 and its category 人才类别 (not the
//! ledger's 科目类别); the start page no longer calls launched modules coming.

use super::*;

#[tokio::test]
async fn thresholds_in_wan_people_by_name_and_launched_modules_not_coming() {
    let app = app().await;
    let admin = app.login("admin").await;

    let page = app.get("/ledger/classification", &admin.cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let t = domain::ledger::classification::Thresholds::default();
    let wan = |fen: i64| {
        assert_eq!(fen % 1_000_000, 0, "a default threshold is whole 万元");
        (fen / 1_000_000).to_string()
    };
    let shown = format!(
        "{} / {} / {}",
        wan(t.shell_below),
        wan(t.weak_below),
        wan(t.strong_from)
    );
    assert!(
        page.body.contains("分界线（万元）") && page.body.contains(&shown),
        "{shown}: {}",
        page.body
    );

    let talent = app.get("/people/talent", &admin.cookie).await;
    assert_eq!(talent.status, StatusCode::OK, "{}", talent.body);
    assert!(talent.body.contains("<th>姓名</th>"), "{}", talent.body);
    assert!(talent.body.contains("人才类别"), "{}", talent.body);
    assert!(!talent.body.contains("科目类别"), "{}", talent.body);
    let form = app.get("/people/talent/new", &admin.cookie).await;
    assert!(form.body.contains("人才类别") && !form.body.contains("科目类别"));

    // A person's form refused for a missing name says 姓名, beside the name box.
    let form = format!(
        "_csrf={}&region_code=340803100201&name=&sex=male&birth_date=1980-01-01&ethnicity={}\
         &id_number=&political_status={}",
        admin.csrf,
        enc("汉族"),
        enc("群众")
    );
    let res = app
        .post_form("/people/persons/new", &admin.cookie, &form)
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("“姓名”"), "{}", res.body);
    assert!(!res.body.contains("“名称”"), "{}", res.body);

    let home = app.get("/", &admin.cookie).await;
    let text = &home.body[home.body.find("功能模块").unwrap()..];
    let launched = &text[..text.find("已经上线").unwrap()];
    for module in ["集体经济账务", "工作机制", "队伍建设", "产业项目"] {
        assert!(launched.contains(module), "{module}: {launched}");
    }
}
