//! The demo's 2021 assessment of the 17 village teams: the district's standard scheme
//! (`domain::assessment::scheme::standard`: operating income and its growth from the books,
//! meeting compliance, problems closed on time, training coverage and reserve cadres from
//! the metrics catalogue, the town's rating of daily work with a reason for every village,
//! and a manual veto that no village triggers), computed from the demo's records, scored by
//! the town officers (never of the village), reviewed and published; the 优秀 quota
//! (20 %, so 3 of 17) holds by the rating. The manual scores are what the assessors enter;
//! every other figure comes out of the demo's records.

use domain::assessment::Step;
use domain::identity::{Actor, Role, Scope};
use domain::region::RegionCode;
use store::Db;
use store::assessment::{ManualInput, runs, schemes};

use crate::demo::DemoError;

/// The assessed year.
pub const YEAR: i32 = 2021;
const DISTRICT: &str = "340803000000";

/// The towns' rating of each village's daily work (out of 20) and its reason, as the town
/// officers enter them.
const DAILY_WORK: [(&str, &str, &str); 17] = [
    (
        "340803100201",
        "19",
        "“三会一课”记录完整，村务公开及时，群众评议满意度高",
    ),
    ("340803100202", "16.5", "重点工作推进有力，台账需进一步规范"),
    (
        "340803100203",
        "15",
        "日常工作正常开展，群众反映问题办理较慢",
    ),
    ("340803100204", "17", "环境整治成效明显，群众评议较好"),
    ("340803100205", "14.5", "部分工作推进滞后，已督促整改"),
    ("340803100206", "16", "党员教育管理规范，产业发展思路清晰"),
    ("340803200201", "17.5", "矛盾纠纷化解及时，群众满意度较高"),
    (
        "340803200202",
        "18.5",
        "重点村建设推进有力，各项工作走在前列",
    ),
    ("340803200203", "15.5", "工作按部就班，创新不足"),
    ("340803200204", "14", "扶持村帮扶措施落实一般，需加强"),
    ("340803200205", "16", "村级事务管理规范，服务群众主动"),
    ("340803200206", "15", "日常工作基本完成，档案资料不够齐全"),
    ("340803201201", "18", "重点村示范作用明显，组织生活规范"),
    ("340803201202", "15.5", "工作较为扎实，群众评议一般"),
    ("340803201203", "14.5", "扶持村基础薄弱，工作有所起色"),
    ("340803201204", "16", "乡村治理有序，村规民约执行较好"),
    ("340803201205", "15", "工作推进较平稳，亮点不多"),
];

/// The town officer who scores a village: the demo's 海口镇 account for its villages, and
/// the assessment groups of the other towns (acting as their town officers).
async fn assessor(db: &Db, village: &RegionCode) -> Result<Actor, DemoError> {
    let town = village
        .expected_parent()
        .ok_or_else(|| format!("demo assessment: village {} has no town", village.as_str()))?;
    if town.as_str() == "340803100000" {
        let user = store::identity::find_for_login(db, "haikou")
            .await
            .map_err(DemoError::store("demo assessment: the 海口镇 officer"))?
            .ok_or("demo assessment: the 海口镇 officer is missing")?;
        return user
            .actor()
            .map_err(|e| DemoError::Data(format!("demo assessment: the 海口镇 officer: {e}")));
    }
    let name = match town.as_str() {
        "340803200000" => "十里铺乡考核组（示例）",
        _ => "山口乡考核组（示例）",
    };
    Ok(Actor {
        user_id: None,
        username: name.to_string(),
        role: Some(Role::TownOfficer),
        scope: Scope::region(town),
    })
}

pub async fn load(db: &Db, actor: &Actor) -> Result<(), DemoError> {
    let district = RegionCode::parse(DISTRICT).map_err(|e| e.to_string())?;
    let scheme = domain::assessment::scheme::standard(YEAR, district);
    let saved = schemes::create(db, actor, &scheme)
        .await
        .map_err(DemoError::store("demo assessment: the 2021 scheme"))?;
    let run = runs::open(db, actor, &saved.record.id)
        .await
        .map_err(DemoError::store(
            "demo assessment: opening the 2021 assessment",
        ))?;
    runs::step(db, actor, &run.id, Step::Compute)
        .await
        .map_err(DemoError::store("demo assessment: computing"))?;
    let subjects = runs::subjects(db, &saved.scheme)
        .await
        .map_err(DemoError::store("demo assessment: the villages"))?;
    for village in &subjects {
        let (_, score, reason) = DAILY_WORK
            .iter()
            .find(|(code, _, _)| *code == village.as_str())
            .ok_or_else(|| {
                format!(
                    "demo assessment: no daily-work rating for {}",
                    village.as_str()
                )
            })?;
        let by = assessor(db, village).await?;
        for (key, score, reason) in [
            ("daily_work", *score, *reason),
            (
                "veto",
                "0",
                "经核查，年度内未发生重大违纪违法和安全责任事故",
            ),
        ] {
            runs::set_manual(
                db,
                &by,
                &run.id,
                village,
                key,
                ManualInput {
                    score,
                    reason,
                    evidence: None,
                },
            )
            .await
            .map_err(DemoError::store(format!(
                "demo assessment: {key} of {}",
                village.as_str()
            )))?;
        }
    }
    for step in [Step::Review, Step::Publish] {
        runs::step(db, actor, &run.id, step)
            .await
            .map_err(DemoError::store(format!(
                "demo assessment: {}",
                step.as_str()
            )))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use domain::metrics::Metric;

    /// The demo's 2021 assessment: published, 17 villages ranked, the 优秀 quota held, every
    /// manual score with its reason by an assessor not of the village, and the computed
    /// figures equal to the catalogue's.
    #[tokio::test]
    async fn the_demo_2021_assessment_is_published_within_the_quota() {
        let dir = std::env::temp_dir().join(format!("zx-demo-a-{}", domain::Id::new()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        assert!(crate::demo::load(&db).await.unwrap());
        let all = Scope::system();
        let list = schemes::list(&db, &all, Some(YEAR)).await.unwrap();
        assert_eq!(list.len(), 1);
        let run = runs::of_scheme(&db, &all, &list[0].id).await.unwrap();
        assert_eq!(run[0].state, "published");
        let view = runs::view(&db, &all, &run[0].id).await.unwrap().unwrap();
        assert_eq!(view.subjects.len(), 17);
        assert_eq!(view.scheme.scheme.indicators.len(), 8);
        let excellent = view
            .subjects
            .iter()
            .filter(|s| s.result.band == "excellent")
            .count();
        assert!(excellent <= domain::assessment::rating::quota_cap(20, 17));
        assert!(
            view.subjects
                .iter()
                .all(|s| s.result.moved.as_deref() != Some("veto"))
        );
        let district = Scope::region(RegionCode::parse(DISTRICT).unwrap());
        for s in &view.subjects {
            let village = RegionCode::parse(&s.result.region_code).unwrap();
            let income =
                store::metrics::value(&db, &district, Metric::OperatingIncome, &village, YEAR)
                    .await
                    .unwrap();
            let row = s
                .scores
                .iter()
                .find(|x| x.indicator_key == "operating_income")
                .unwrap();
            assert_eq!(row.value, income.map(|v| v.value));
            let manual = runs::manual_of(&db, &all, &run[0].id, &village)
                .await
                .unwrap();
            assert_eq!(manual.len(), 2);
            assert!(manual.iter().all(|m| !m.reason.is_empty()));
        }
        let baoying = RegionCode::parse("340803100201").unwrap();
        let band = store::assessment::published_band(&db, &baoying, YEAR)
            .await
            .unwrap();
        let own = view
            .subjects
            .iter()
            .find(|s| s.result.region_code == baoying.as_str())
            .unwrap();
        assert_eq!(band.map(|b| b.as_str()), Some(own.result.band.as_str()));
        db.close().await;
        std::fs::remove_dir_all(dir).ok();
    }
}
