//! The region profile page `GET /regions/{code}`: the region's figures, its team, the regions
//! below it, a village's books and operating income per year, and the industry results.
//!
//! The sections are computed from many queries (the income is a classification per year), so
//! they are kept in [`ProfileCache`] under the data version of the database
//! ([`store::audit::data_version`]), which changes on every committed write, in this process or
//! any other: a cached section is never stale. The key holds everything else the sections
//! depend on (region, chosen year, language, China date, caller's scope); the rendered page is
//! never cached (it holds the user and the CSRF token).

use super::pages::Labels;
use crate::base::ctx::{Auth, SignedIn};
use crate::base::page::render;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Datelike;
use domain::industry::results::Results;
use std::collections::HashMap;
use std::sync::Arc;
use store::industry::results::ProjectResults;
use store::region::RegionRecord;

/// Everything a profile shows that comes from the database, computed once per key and version.
pub struct Sections {
    r: RegionRecord,
    parent: Option<RegionRecord>,
    children: Vec<RegionRecord>,
    /// The village's collective economic organisations and their books.
    ledger: Vec<crate::ledger::pages::ProfileOrg>,
    /// Operating income and class per year, from the books.
    income: Vec<crate::ledger::classification::ProfileIncome>,
    /// The current team: (post, person id, name, dispatching unit, from).
    team: Vec<(String, String, String, String, String)>,
    /// 产业振兴: the industry results of the region's projects for a year.
    industry: IndustrySection,
}

/// What the sections depend on besides the data: region code, chosen year, language, China
/// date (the current team and the default year), the caller's scope.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Key {
    code: String,
    year: Option<i32>,
    locale: crate::i18n::Locale,
    today: chrono::NaiveDate,
    scope: Option<String>,
}

/// Computed profile sections of one data version.
pub type ProfileCache = crate::base::cache::VersionedCache<Key, Sections>;

#[derive(Template)]
#[template(path = "region/profile.html")]
struct ProfilePage<'a> {
    ctx: PageCtx,
    can_edit: bool,
    r: &'a RegionRecord,
    parent: &'a Option<RegionRecord>,
    children: &'a [RegionRecord],
    ledger: &'a [crate::ledger::pages::ProfileOrg],
    income: &'a [crate::ledger::classification::ProfileIncome],
    team: &'a [(String, String, String, String, String)],
    industry: &'a IndustrySection,
}

/// The industry results of a region's projects for the chosen year, with the years that
/// have production records (latest first) to choose from.
struct IndustrySection {
    year: i32,
    years: Vec<i32>,
    /// Each project with the name of its village (shown above village level).
    projects: Vec<(ProjectResults, String)>,
    total: Results,
}

impl ProfilePage<'_> {
    fn kind(&self, r: &RegionRecord) -> String {
        Labels::kind(&self.ctx.tr, r)
    }
    fn tags(&self, r: &RegionRecord) -> Vec<String> {
        Labels::tags(&self.ctx.tr, r)
    }
    fn figure(&self, v: &Option<i64>) -> String {
        v.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
    }
    fn yuan(&self, fen: &i64) -> String {
        crate::base::format::yuan(*fen)
    }
    fn status(&self, s: &str) -> String {
        crate::industry::status_label(&self.ctx.tr, s)
    }
    /// Yields as `产品 数量 单位`, one per product and unit, separated by `；`.
    fn yields(&self, r: &Results) -> String {
        crate::industry::yields_text(&self.ctx.tr, r)
    }
    fn unit_name(&self, unit: &str) -> String {
        crate::base::format::unit_name(&self.ctx.tr, unit)
    }
    fn quantity(&self, text: &str) -> String {
        crate::base::format::quantity(text)
    }
}

pub(super) async fn profile(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
    Query(q): Query<crate::industry::YearQuery>,
) -> Result<Response, AppError> {
    let key = Key {
        code,
        year: q.year()?,
        locale: ctx.locale(),
        today: crate::base::format::today(),
        scope: auth.actor.scope.root().map(|c| c.to_string()),
    };
    // The version is read before the sections: they are at least as new as it.
    let version = store::audit::data_version(&state.db).await?;
    let cached = version
        .as_deref()
        .and_then(|v| state.profile_cache.get(v, &key));
    let s = match cached {
        Some(s) => s,
        None => {
            let s = Arc::new(sections(&state, &auth, &ctx.tr, &key).await?);
            if let Some(v) = version {
                state.profile_cache.put(v, key, s.clone());
            }
            s
        }
    };
    render(&ProfilePage {
        ctx: PageCtx::new(&ctx, "regions"),
        can_edit: auth.role.edits_regions(),
        r: &s.r,
        parent: &s.parent,
        children: &s.children,
        ledger: &s.ledger,
        income: &s.income,
        team: &s.team,
        industry: &s.industry,
    })
}

/// Computes every section; a region outside the caller's scope is not found.
async fn sections(
    state: &AppState,
    auth: &Auth,
    tr: &crate::i18n::Tr,
    key: &Key,
) -> Result<Sections, AppError> {
    let scope = &auth.actor.scope;
    let r = store::region::get(&state.db, scope, &key.code)
        .await?
        .ok_or_else(AppError::not_found)?;
    let parent = match &r.parent_code {
        Some(p) => store::region::get(&state.db, scope, p).await?,
        None => None,
    };
    let filter = store::region::Filter {
        parent_code: Some(r.code.clone()),
        include_archived: true,
        ..Default::default()
    };
    let (children, _) = store::region::list(&state.db, scope, &filter, store::Page::all()).await?;
    let (ledger, income) = if r.is_village() {
        (
            crate::ledger::pages::profile_orgs(state, auth, &r.code).await?,
            crate::ledger::classification::profile_income(state, tr, &r.code).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let team = match domain::region::RegionCode::parse(&r.code) {
        Ok(code) => store::people::posts::current_team(&state.db, scope, &code, key.today).await?,
        Err(_) => Vec::new(),
    };
    let team = team
        .into_iter()
        .map(|p| {
            let post = crate::people::persons::label(tr, "post", &p.post);
            (
                post,
                p.person_id,
                p.person_name,
                p.dispatching_unit,
                p.starts_on,
            )
        })
        .collect();
    let industry = industry_section(state, auth, &r, key).await?;
    Ok(Sections {
        r,
        parent,
        children,
        ledger,
        income,
        team,
        industry,
    })
}

/// The 产业振兴 section of a profile; the region's own name stands for its projects' village
/// when it is a village.
async fn industry_section(
    state: &AppState,
    auth: &Auth,
    r: &RegionRecord,
    key: &Key,
) -> Result<IndustrySection, AppError> {
    let scope = &auth.actor.scope;
    let code = domain::region::RegionCode::parse(&r.code).map_err(|_| AppError::not_found())?;
    let years = store::industry::results::region_years(&state.db, scope, &code).await?;
    // The chosen year, else the latest with records, else the current year.
    let year = key
        .year
        .or(years.first().copied())
        .unwrap_or_else(|| key.today.year());
    let results =
        store::industry::results::region_results(&state.db, scope, &code, Some(year)).await?;
    let names: HashMap<String, String> = if r.is_village() || results.projects.is_empty() {
        HashMap::new()
    } else {
        store::region::all(&state.db, scope)
            .await?
            .into_iter()
            .map(|v| (v.code, v.name))
            .collect()
    };
    let projects = results
        .projects
        .into_iter()
        .map(|p| {
            let village = names
                .get(&p.region_code)
                .cloned()
                .unwrap_or_else(|| r.name.clone());
            (p, village)
        })
        .collect();
    Ok(IndustrySection {
        year,
        years,
        projects,
        total: results.total,
    })
}
