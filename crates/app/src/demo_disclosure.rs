//! The demo's disclosures (issue 15), each published from the records through the same
//! snapshot builders and template as the pages (`web::disclosure::snapshots::publish`), so
//! every one is frozen and a leaf of the log:
//!
//! - the 17 villages' quarterly finances from 2021 to the last quarter that ended before the
//!   day the demo is loaded ([`finance_quarters`]: 2021–2025 and the present year's ended
//!   quarters, so no village is overdue), each prepared by the village (保婴村's own
//!   bookkeeper) or, for the others, entered by the platform, approved by the town (海口镇's
//!   officer for its villages, the district administrator for the towns without a demo
//!   officer), and published; a quarter without vouchers publishes its (empty) tables;
//! - 保婴村's lingzhi project: its progress and the first season's (2020) results;
//! - one subsidy list of 保婴村, corrected once with its reason (two versions);
//! - one party-affairs quarter of 保婴村;
//! - the decisions of 保婴村's meetings in the fourth quarter of 2025 (村务公开: the meetings
//!   with their agendas, and the problems decided at them with their state and result).

use chrono::Datelike;
use domain::disclosure::item::{Input, Kind, PeriodSpec, Step, SubsidyRow};
use domain::identity::{Actor, Scope};
use domain::region::RegionCode;
use std::sync::Arc;
use store::Db;
use store::disclosure::items::{self, NewItem};

const DISTRICT: &str = "340803000000";
const TOWN: &str = "340803100000";
const BAOYING: &str = "340803100201";
/// The corrected disclosure's reason.
pub const CORRECTION_REASON: &str = "张*华的补贴金额录入有误，由800元更正为1,800元";
/// The subsidy list's title.
pub const SUBSIDY_TITLE: &str = "保婴村2025年第四季度困难群众临时救助名单";
/// The quarter of 保婴村's published meeting decisions.
pub const MEETINGS_QUARTER: &str = "2025-Q4";
/// The first year of the demo's published finances.
const FIRST_FINANCE_YEAR: i32 = 2021;

/// The quarters whose finances the demo publishes: from 2021 every quarter that ended before
/// `today` (the last day of a quarter counts only once it is over).
pub fn finance_quarters(today: chrono::NaiveDate) -> Vec<PeriodSpec> {
    (FIRST_FINANCE_YEAR..=today.year())
        .flat_map(|year| (1..=4).map(move |q| PeriodSpec::Quarter(year, q)))
        .filter(|spec| spec.range().is_some_and(|(_, to)| to < today))
        .collect()
}

fn err(what: impl std::fmt::Display) -> impl Fn(store::StoreError) -> crate::demo::DemoError {
    crate::demo::DemoError::store(format!("demo disclosure, {what}"))
}

fn code(text: &str) -> Result<RegionCode, crate::demo::DemoError> {
    RegionCode::parse(text).map_err(|e| crate::demo::DemoError::Data(format!("{text}: {e}")))
}

fn period(text: &str) -> Result<PeriodSpec, crate::demo::DemoError> {
    PeriodSpec::parse(text).map_err(|e| crate::demo::DemoError::Data(format!("{text}: {e}")))
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

fn item(region: &str, kind: Kind, spec: PeriodSpec, title: String, input: Input) -> NewItem {
    NewItem {
        region_code: region.to_string(),
        kind,
        period: spec,
        title,
        major: false,
        approved_on: None,
        input,
    }
}

pub async fn load(db: &Db, system: &Actor) -> Result<(), crate::demo::DemoError> {
    let i18n = Arc::new(
        usecase::i18n::I18n::load()
            .map_err(|e| crate::demo::DemoError::Data(format!("locales: {e}")))?,
    );
    let publish = |actor: Actor, id: String| {
        let i18n = i18n.clone();
        async move {
            web::disclosure::snapshots::publish(db, &i18n, &actor, &id)
                .await
                .map_err(err(format!("publishing {id}")))
        }
    };
    let admin = user(db, "admin").await?;
    let town = user(db, "haikou").await?;
    let cadre = user(db, "baoying").await?;
    let town_code = code(TOWN)?;
    let villages = store::region::villages_under(db, &Scope::system(), &code(DISTRICT)?)
        .await
        .map_err(err("villages"))?;
    let names = store::region::all(db, &Scope::system())
        .await
        .map_err(err("regions"))?;
    let name_of = |c: &RegionCode| {
        names
            .iter()
            .find(|r| r.code == c.as_str())
            .map_or_else(|| c.as_str().to_string(), |r| r.name.clone())
    };
    // Finances: every village, every quarter from 2021 that has ended.
    let quarters = finance_quarters(domain::time::today());
    for village in &villages {
        let (preparer, approver) = if village.as_str() == BAOYING {
            (&cadre, &town)
        } else if town_code.contains(village) {
            (system, &town)
        } else {
            (system, &admin)
        };
        let name = name_of(village);
        for &spec in &quarters {
            let new = item(
                village.as_str(),
                Kind::FinancePeriod,
                spec,
                format!("{name}{}财务公开", spec.chinese()),
                Input::default(),
            );
            let created = items::create(db, preparer, &new)
                .await
                .map_err(err(format!("{name} {}", spec.code())))?;
            items::step(db, preparer, &created.id, Step::Submit, None)
                .await
                .map_err(err("submitting"))?;
            items::step(db, approver, &created.id, Step::Approve, None)
                .await
                .map_err(err("approving"))?;
            let publisher = if village.as_str() == BAOYING {
                cadre.clone()
            } else {
                approver.clone()
            };
            publish(publisher, created.id).await?;
        }
    }
    // 保婴村's lingzhi project: progress and the first season's results.
    let baoying = code(BAOYING)?;
    let lingzhi = store::industry::projects::list(db, &Scope::system(), Some(&baoying), false)
        .await
        .map_err(err("projects"))?
        .into_iter()
        .find(|p| p.title == crate::demo_industry::LINGZHI_TITLE)
        .ok_or_else(|| crate::demo::DemoError::Data("the lingzhi project is missing".into()))?;
    let project = items::create(
        db,
        &cadre,
        &item(
            BAOYING,
            Kind::ProjectProgress,
            period("2020")?,
            format!("{}项目进展及首季成效公开", lingzhi.title),
            Input {
                project_id: lingzhi.id.clone(),
                ..Input::default()
            },
        ),
    )
    .await
    .map_err(err("project item"))?;
    publish(cadre.clone(), project.id).await?;
    // A subsidy list, published, corrected with its reason and published again.
    let row = |name: &str, item: &str, yuan: i64| SubsidyRow {
        name: name.into(),
        item: item.into(),
        amount: yuan * 100,
    };
    let mut rows = vec![
        row("王小明", "临时救助（因病）", 2000),
        row("张春华", "临时救助（因灾）", 800),
        row("李桂英", "临时救助（因病）", 1500),
        row("陈大军", "临时救助（因学）", 1000),
        row("欧阳秀兰", "临时救助（因病）", 2500),
    ];
    let list = items::create(
        db,
        &cadre,
        &item(
            BAOYING,
            Kind::SubsidyList,
            period("2025-Q4")?,
            SUBSIDY_TITLE.into(),
            Input {
                rows: rows.clone(),
                ..Input::default()
            },
        ),
    )
    .await
    .map_err(err("subsidy list"))?;
    publish(cadre.clone(), list.id.clone()).await?;
    items::correct(db, &cadre, &list.id, CORRECTION_REASON)
        .await
        .map_err(err("correcting the subsidy list"))?;
    if let Some(r) = rows.get_mut(1) {
        r.amount = 180_000;
    }
    items::update_draft(
        db,
        &cadre,
        &list.id,
        SUBSIDY_TITLE,
        &Input {
            rows,
            ..Input::default()
        },
    )
    .await
    .map_err(err("the corrected subsidy list"))?;
    publish(cadre.clone(), list.id).await?;
    // One party-affairs quarter.
    let party = items::create(
        db,
        &cadre,
        &item(
            BAOYING,
            Kind::PartyPeriod,
            period("2025-Q3")?,
            "保婴村2025年第三季度党务公开".into(),
            Input::default(),
        ),
    )
    .await
    .map_err(err("party affairs"))?;
    publish(cadre.clone(), party.id).await?;
    // The decisions of 保婴村's meetings in a quarter (村务公开: no approval by default).
    let spec = period(MEETINGS_QUARTER)?;
    let decisions = items::create(
        db,
        &cadre,
        &item(
            BAOYING,
            Kind::MeetingDecisions,
            spec,
            format!("保婴村{}会议决议及落实公开", spec.chinese()),
            Input::default(),
        ),
    )
    .await
    .map_err(err("meeting decisions"))?;
    publish(cadre, decisions.id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn day(text: &str) -> chrono::NaiveDate {
        domain::time::parse_date(text).unwrap()
    }

    #[test]
    fn the_finances_published_are_the_quarters_ended_before_today() {
        let codes = |today: &str| -> Vec<String> {
            finance_quarters(day(today))
                .into_iter()
                .map(PeriodSpec::code)
                .collect()
        };
        let december = codes("2026-12-05");
        assert_eq!(december.len(), 5 * 4 + 3);
        assert_eq!(december.first().unwrap(), "2021-Q1");
        assert_eq!(december.last().unwrap(), "2026-Q3");
        // A quarter's last day is not yet over; the day after it is.
        assert_eq!(codes("2026-09-30").last().unwrap(), "2026-Q2");
        assert_eq!(codes("2026-10-01").last().unwrap(), "2026-Q3");
        assert_eq!(codes("2026-01-01").last().unwrap(), "2025-Q4");
    }
}
