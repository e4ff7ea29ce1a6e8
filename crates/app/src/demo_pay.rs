//! The demo's 2021 pay-linkage policy, approved for 保婴村 with its voucher.
//!
//! The district administrator sets the usual kind (a) policy from 2021 (a tiered share of
//! the increase in operating income: `Policy::example`); every village of the district is
//! computed from the demo's books (operating income from the metrics catalogue) and the
//! people module's posts — by the town officer for 海口镇's villages, by the district for
//! the others. For 保婴村 the village records its 四议两公开 steps (the first of its meetings
//! after the year, then a few days apart), 海口镇 submits and the district approves, which
//! writes the pay's draft voucher in 保婴村's book (the 2021 book is closed, so the present
//! one, dated the day of loading). Nothing here is a typed figure: pools and shares are what
//! the computation gives.

use chrono::Duration;
use domain::assessment::pay::{Deliberation, DeliberationStep, Kind, Policy};
use domain::identity::{Actor, Scope};
use domain::region::RegionCode;
use store::Db;
use store::assessment::pay;

const YEAR: i32 = 2021;
const DISTRICT: &str = "340803000000";
const TOWN: &str = "340803100000";
const BAOYING: &str = "340803100201";
/// The policy's name.
pub const POLICY: &str = "2021年度村干部报酬与村集体经济增收挂钩办法";

fn err(what: &str) -> impl Fn(store::StoreError) -> crate::demo::DemoError {
    crate::demo::DemoError::store(format!("demo pay linkage, {what}"))
}

fn code(text: &str) -> Result<RegionCode, crate::demo::DemoError> {
    RegionCode::parse(text).map_err(|e| crate::demo::DemoError::Data(format!("{text}: {e}")))
}

/// The demo account `username` acting as itself.
async fn user(db: &Db, username: &str) -> Result<Actor, crate::demo::DemoError> {
    store::identity::find_for_login(db, username)
        .await
        .map_err(err("account"))?
        .ok_or_else(|| crate::demo::DemoError::Data(format!("demo account {username} missing")))?
        .actor()
        .map_err(|e| crate::demo::DemoError::Data(format!("demo account {username}: {e}")))
}

pub async fn load(db: &Db, system: &Actor) -> Result<(), crate::demo::DemoError> {
    let admin = user(db, "admin").await?;
    let town = user(db, "haikou").await?;
    let cadre = user(db, "baoying").await?;
    let policy = pay::create_policy(
        db,
        &admin,
        &Policy::example(Kind::IncreaseShare, YEAR, POLICY),
    )
    .await
    .map_err(err("policy"))?;
    let town_code = code(TOWN)?;
    let villages = store::region::villages_under(db, &Scope::system(), &code(DISTRICT)?)
        .await
        .map_err(err("villages"))?;
    let mut baoying = None;
    for v in &villages {
        let who = if Scope::region(town_code.clone()).contains(v) {
            &town
        } else {
            &admin
        };
        let c = pay::compute(db, who, &policy.id, v, YEAR)
            .await
            .map_err(err("compute"))?;
        if v.as_str() == BAOYING {
            baoying = Some(c);
        }
    }
    let c = baoying.ok_or("demo pay linkage: 保婴村 was not computed")?;
    if c.paid <= 0 {
        return Err(format!(
            "demo pay linkage: 保婴村's 2021 pool is {} fen: the books give no increase to share",
            c.pool
        )
        .into());
    }
    // 四议两公开: the first meetings of 保婴村 after the year carry the first steps.
    let meetings = pay::meetings(db, &Scope::system(), &code(BAOYING)?, YEAR)
        .await
        .map_err(err("meetings"))?;
    let after: Vec<&(String, String, String)> = meetings
        .iter()
        .filter(|(_, date, _)| date.as_str() > "2021-12-31")
        .collect();
    let start = match after.first() {
        Some((_, date, _)) => domain::time::parse_date(date)
            .ok_or_else(|| format!("demo pay linkage: meeting date {date}"))?,
        None => chrono::NaiveDate::from_ymd_opt(YEAR + 1, 1, 10)
            .ok_or(crate::demo::DemoError::date(YEAR + 1, 1, 10))?,
    };
    let mut steps = Vec::new();
    let mut on = start;
    for (i, step) in Deliberation::ALL.into_iter().enumerate() {
        let meeting = after.get(i).filter(|_| i < 2);
        if let Some((_, date, _)) = meeting {
            on = domain::time::parse_date(date).unwrap_or(on).max(on);
        }
        steps.push(DeliberationStep {
            step,
            on,
            meeting_id: meeting.map(|(id, _, _)| id.clone()),
            note: String::new(),
        });
        on += Duration::days(3);
    }
    // The result is made public after approval: recorded later, not now.
    steps.pop();
    pay::set_deliberation(db, &cadre, &c.id, &steps)
        .await
        .map_err(err("四议两公开"))?;
    pay::submit(db, &town, &c.id).await.map_err(err("submit"))?;
    pay::approve(db, &admin, &c.id, domain::time::today())
        .await
        .map_err(err("approve"))?;
    let _ = system;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use domain::assessment::pay::{State, calculate};

    /// The demo as loaded: the 2021 policy computed for every village from the books, 保婴村
    /// approved with its one draft voucher and its 四议两公开 steps, the figures being what
    /// the computation gives for the recorded facts.
    #[tokio::test]
    async fn the_demo_approves_baoying_with_its_voucher() {
        let dir = std::env::temp_dir().join(format!("zx-demo-pay-{}", domain::Id::new()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.join("d.db").display()))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        crate::demo::load(&db).await.unwrap();
        let scope = Scope::system();
        let all = pay::for_year(&db, &scope, &code(DISTRICT).unwrap(), YEAR)
            .await
            .unwrap();
        assert_eq!(all.len(), 17, "every village computed");
        for c in &all {
            let (policy, facts, result) = c.snapshot().unwrap();
            assert_eq!(result, calculate(&policy, &facts).unwrap());
            let income = store::metrics::value(
                &db,
                &scope,
                domain::metrics::Metric::OperatingIncome,
                &code(&c.region_code).unwrap(),
                YEAR,
            )
            .await
            .unwrap()
            .unwrap()
            .value;
            assert_eq!(facts.income, income, "{}", c.region_name);
        }
        let b = all.iter().find(|c| c.region_code == BAOYING).unwrap();
        assert_eq!(b.state(), State::Approved);
        assert!(b.paid > 0);
        assert_eq!(b.submitted_by_name.as_deref(), Some("haikou"));
        assert_eq!(b.decided_by_name.as_deref(), Some("admin"));
        let (v, lines) =
            store::ledger::vouchers::get(&db, &scope, b.voucher_id.as_deref().unwrap())
                .await
                .unwrap()
                .unwrap();
        assert_eq!((v.state.as_str(), v.total), ("draft", b.paid));
        assert_eq!(lines.iter().map(|l| l.credit).sum::<i64>(), b.paid);
        let others = all
            .iter()
            .filter(|c| c.region_code != BAOYING)
            .all(|c| c.state() == State::Draft && c.voucher_id.is_none());
        assert!(others);
        let steps = pay::deliberation(&db, &scope, &b.id).await.unwrap();
        assert_eq!(steps.len(), 5);
        assert!(steps.windows(2).all(|w| w[0].held_on <= w[1].held_on));
        db.close().await;
        std::fs::remove_dir_all(dir).ok();
    }
}
