//! The snapshot builders (one per kind: records → the snapshot's `body`) and the one
//! template that renders a published page from a snapshot alone (`snapshot_body.html`).
//!
//! Preview and publication call the same [`body`] and [`render`]: what the cadre previews is
//! what is frozen. Amounts are integer fen plus their formatted yuan text. The body never
//! holds an ID number or a phone (the store refuses to freeze one: `disclosure.pii`); names
//! on subsidy lists are masked by the district's rule.

use crate::base::format::yuan;
use crate::i18n::{Locale, Tr};
use askama::Template;
use chrono::{Datelike, NaiveDate};
use domain::disclosure::item::{Kind, PeriodSpec};
use domain::disclosure::mask;
use domain::identity::Scope;
use domain::ledger::Period;
use domain::region::RegionCode;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use store::disclosure::items::ItemRecord;
use store::{Db, StoreError};

/// Vouchers at least this large are listed as large payments (10,000 yuan).
pub const LARGE_PAYMENT_FEN: i64 = 1_000_000;

/// An amount: fen and its yuan text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    pub fen: i64,
    pub yuan: String,
}

impl Amount {
    pub fn of(fen: i64) -> Amount {
        Amount {
            fen,
            yuan: yuan(fen),
        }
    }
}

/// A trial balance row of the period: balances debit-positive.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AccountRow {
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub opening: Amount,
    pub debit: Amount,
    pub credit: Amount,
    pub closing: Amount,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StatementRow {
    pub caption: String,
    pub heading: bool,
    pub amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_start: Option<Amount>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Payment {
    pub date: String,
    pub number: String,
    pub summary: String,
    pub amount: Amount,
}

/// One organisation's book of the period's year.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Book {
    pub org_name: String,
    pub year: i32,
    pub accounts: Vec<AccountRow>,
    pub balance_sheet: Vec<StatementRow>,
    pub income_statement: Vec<StatementRow>,
    pub large_payments: Vec<Payment>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProjectFunds {
    pub title: String,
    pub received: Amount,
    pub spent: Amount,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Milestone {
    pub title: String,
    pub due_on: String,
    pub weight: i64,
    pub progress: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Funding {
    pub source: String,
    pub amount: Amount,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct YieldRow {
    pub product: String,
    pub unit: String,
    pub total: String,
    #[serde(default)]
    pub per_m2: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProjectResults {
    pub year: i32,
    pub gross_income: Amount,
    pub income_posted: Amount,
    pub costs: Amount,
    pub net: Amount,
    pub workers: usize,
    pub person_days: String,
    pub households: usize,
    pub yields: Vec<YieldRow>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Project {
    pub title: String,
    pub sector: String,
    pub status: String,
    pub progress: i64,
    pub milestones: Vec<Milestone>,
    pub funding: Vec<Funding>,
    pub results: ProjectResults,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Decision {
    pub title: String,
    pub deadline: String,
    pub state: String,
    pub progress: i32,
    pub result: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meeting {
    pub date: String,
    pub kind: String,
    pub agenda: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TeamMember {
    pub post: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Training {
    pub topic: String,
    pub starts_on: String,
    pub hours: String,
    pub attended: usize,
    pub invited: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SubsidyLine {
    pub name: String,
    pub item: String,
    pub amount: Amount,
}

/// The body of a snapshot: the parts of its kind (the others are left out).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Body {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub books: Vec<Book>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_payment_threshold: Option<Amount>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub project_funds: Vec<ProjectFunds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Project>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<Meeting>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<TeamMember>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first_secretaries: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trainings: Vec<Training>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subsidies: Vec<SubsidyLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidy_total: Option<Amount>,
    /// Other matters' text, sanitised HTML.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text_html: String,
}

/// A whole snapshot as the template reads it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Snapshot {
    pub region_code: String,
    pub region_name: String,
    pub category: String,
    pub kind: String,
    pub title: String,
    pub period: String,
    pub period_from: String,
    pub period_to: String,
    pub version: i64,
    pub reason: String,
    pub published_at: String,
    pub publisher: String,
    pub body: Body,
}

fn date_of(text: &str) -> Result<NaiveDate, StoreError> {
    domain::time::parse_date(text)
        .ok_or_else(|| domain::DomainError::Conflict("disclosure.snapshot_invalid").into())
}

/// The body of `item`'s snapshot, computed from its records now (read in `scope`).
pub async fn body(
    db: &Db,
    scope: &Scope,
    item: &ItemRecord,
) -> Result<serde_json::Value, StoreError> {
    let kind = item
        .kind()
        .ok_or(domain::DomainError::Conflict("disclosure.snapshot_invalid"))?;
    let from = date_of(&item.period_from)?;
    let to = date_of(&item.period_to)?;
    let region = RegionCode::parse(&item.region_code).map_err(domain::DomainError::from)?;
    let input = item.input();
    let body = match kind {
        Kind::FinancePeriod => finance(db, scope, &region, from, to).await?,
        Kind::ProjectProgress => project(db, scope, &input.project_id, to.year()).await?,
        Kind::MeetingDecisions => meetings(db, scope, &region, from, to, false).await?,
        Kind::PartyPeriod => party(db, scope, &region, from, to).await?,
        Kind::SubsidyList => {
            let rule = store::disclosure::schedules::name_rule(db).await?;
            let subsidies: Vec<SubsidyLine> = input
                .rows
                .iter()
                .map(|r| SubsidyLine {
                    name: mask::name(&r.name, rule),
                    item: r.item.clone(),
                    amount: Amount::of(r.amount),
                })
                .collect();
            let total =
                domain::Money::sum(input.rows.iter().map(|r| domain::Money::from_fen(r.amount)))?;
            Body {
                subsidies,
                subsidy_total: Some(Amount::of(total.fen())),
                ..Body::default()
            }
        }
        Kind::Other => Body {
            text_html: domain::mechanism::html::sanitize(&input.text),
            ..Body::default()
        },
    };
    Ok(serde_json::to_value(&body).unwrap_or(serde_json::Value::Null))
}

fn period_of(d: NaiveDate) -> Result<Period, StoreError> {
    Period::new(d.year(), d.month())
        .ok_or_else(|| domain::DomainError::Conflict("disclosure.snapshot_invalid").into())
}

fn statement_rows(
    s: &store::ledger::reports::Statement,
    with_year_start: bool,
) -> Vec<StatementRow> {
    s.lines
        .iter()
        .enumerate()
        .map(|(i, l)| StatementRow {
            caption: l.caption.clone(),
            heading: l.heading,
            amount: Amount::of(l.amount),
            year_start: if with_year_start {
                s.year_start
                    .as_ref()
                    .and_then(|y| y.get(i))
                    .map(|y| Amount::of(y.amount))
            } else {
                None
            },
        })
        .collect()
}

/// 财务公开: per book of the village in the period's year, the trial balance of the period's
/// months (accounts that moved or hold a balance), the balance sheet at its end, the income
/// statement from January to its end, the large posted vouchers; and the village's projects'
/// funds received and paid out in the period.
async fn finance(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Body, StoreError> {
    use store::ledger::{books, reports, vouchers};
    let (p_from, p_to) = (period_of(from)?, period_of(to)?);
    let year_start = Period::new(p_to.year, 1)
        .ok_or(domain::DomainError::Conflict("disclosure.snapshot_invalid"))?;
    let mut out = Vec::new();
    for (org, org_books) in books::orgs_with_books(db, scope, region.as_str()).await? {
        let Some(book) = org_books.into_iter().find(|b| b.year == p_to.year) else {
            continue;
        };
        // A period spanning two years reads from the book's own months.
        let start = if p_from.year == book.year {
            p_from
        } else {
            year_start
        };
        let rows = reports::trial_balance(db, scope, &book.id, start, p_to).await?;
        let accounts = rows
            .iter()
            .filter(|r| r.depth <= 2)
            .filter(|r| r.balance.opening != 0 || r.balance.debit != 0 || r.balance.credit != 0)
            .map(|r| {
                // A closing balance that does not fit is money.overflow, never a 0 published.
                Ok(AccountRow {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    depth: r.depth,
                    opening: Amount::of(r.balance.opening),
                    debit: Amount::of(r.balance.debit),
                    credit: Amount::of(r.balance.credit),
                    closing: Amount::of(r.balance.checked_closing()?),
                })
            })
            .collect::<Result<Vec<_>, domain::DomainError>>()?;
        let sheet = reports::balance_sheet(db, scope, &book.id, p_to).await?;
        let income = reports::income_statement(db, scope, &book.id, year_start, p_to).await?;
        let filter = vouchers::Filter {
            from: Some(start),
            to: Some(p_to),
            state: Some(domain::ledger::VoucherState::Posted),
        };
        let (list, _) = vouchers::list(db, scope, &book.id, &filter, store::Page::all()).await?;
        let large_payments = list
            .into_iter()
            // `unsigned_abs`: no total, however it was stored, can make the comparison overflow.
            .filter(|v| v.total.unsigned_abs() >= LARGE_PAYMENT_FEN.unsigned_abs())
            .map(|v| Payment {
                number: format!("{} {}", v.period, v.label()),
                date: v.date,
                summary: v.summary,
                amount: Amount::of(v.total),
            })
            .collect();
        out.push(Book {
            org_name: org.name,
            year: book.year,
            accounts,
            balance_sheet: statement_rows(&sheet, true),
            income_statement: statement_rows(&income, false),
            large_payments,
        });
    }
    let mut project_funds = Vec::new();
    for p in store::industry::projects::list(db, scope, Some(region), false).await? {
        if p.region_code != region.as_str() {
            continue;
        }
        let Some(detail) = store::industry::projects::get(db, scope, &p.id).await? else {
            continue;
        };
        let in_period = |d: &str| domain::time::parse_date(d).is_some_and(|d| d >= from && d <= to);
        let received = domain::Money::sum(
            detail
                .funding
                .iter()
                .filter(|f| {
                    !f.archived && in_period(&crate::base::format::china_date(&f.created_at))
                })
                .map(|f| domain::Money::from_fen(f.amount)),
        )?;
        let spent = domain::Money::sum(
            store::industry::funds::project_disbursements(db, scope, &p.id)
                .await?
                .iter()
                .filter(|d| in_period(&d.date))
                .map(|d| domain::Money::from_fen(d.amount)),
        )?;
        if received.fen() != 0 || spent.fen() != 0 {
            project_funds.push(ProjectFunds {
                title: p.title,
                received: Amount::of(received.fen()),
                spent: Amount::of(spent.fen()),
            });
        }
    }
    Ok(Body {
        books: out,
        large_payment_threshold: Some(Amount::of(LARGE_PAYMENT_FEN)),
        project_funds,
        ..Body::default()
    })
}

/// 项目进展: milestones and progress, funding, and the results of the period's year.
async fn project(db: &Db, scope: &Scope, id: &str, year: i32) -> Result<Body, StoreError> {
    let detail = store::industry::projects::get(db, scope, id)
        .await?
        .ok_or(domain::DomainError::NotFound)?;
    let results = store::industry::results::results(
        db,
        scope,
        &store::industry::results::Selection::Project(id.to_string()),
        Some(year),
    )
    .await?;
    let p = &detail.project;
    let results = match results {
        Some(r) => ProjectResults {
            year,
            gross_income: Amount::of(r.gross_income),
            income_posted: Amount::of(r.income_posted),
            costs: Amount::of(r.costs),
            net: Amount::of(r.net),
            workers: r.distinct_workers,
            person_days: r.person_days.clone(),
            households: r.households.len(),
            yields: r
                .yields
                .iter()
                .map(|y| YieldRow {
                    product: y.product.clone(),
                    unit: y.unit.clone(),
                    total: y.total.clone(),
                    per_m2: y.per_m2.clone(),
                })
                .collect(),
        },
        None => ProjectResults {
            year,
            ..ProjectResults::default()
        },
    };
    Ok(Body {
        project: Some(Project {
            title: p.title.clone(),
            sector: p.sector.clone(),
            status: p.status.clone(),
            progress: detail.progress,
            milestones: detail
                .milestones
                .iter()
                .filter(|m| !m.archived)
                .map(|m| Milestone {
                    title: m.title.clone(),
                    due_on: m.due_on.clone(),
                    weight: m.weight,
                    progress: m.progress,
                })
                .collect(),
            funding: detail
                .funding
                .iter()
                .filter(|f| !f.archived)
                .map(|f| Funding {
                    source: f.source.clone(),
                    amount: Amount::of(f.amount),
                })
                .collect(),
            results,
        }),
        ..Body::default()
    })
}

const PARTY_MEETINGS: [&str; 5] = [
    "branch_assembly",
    "branch_committee",
    "party_group",
    "party_lecture",
    "theme_day",
];

/// The meetings of the region itself in the period (party kinds only when `party`), with
/// the decisions made at each (the problems made from them, with their state).
async fn meetings(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    from: NaiveDate,
    to: NaiveDate,
    party: bool,
) -> Result<Body, StoreError> {
    use store::mechanism::{meetings, problems};
    let types = meetings::types(db, true).await?;
    let filter = meetings::Filter {
        region: Some(region.clone()),
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    let (list, _) = meetings::list(db, scope, &filter, store::Page::all()).await?;
    let mut out = Vec::new();
    for m in list.into_iter().rev() {
        if m.region_code != region.as_str()
            || (party && !PARTY_MEETINGS.contains(&m.type_code.as_str()))
        {
            continue;
        }
        let decisions = if party {
            Vec::new()
        } else {
            let f = problems::Filter {
                region: Some(region.clone()),
                source_kind: Some(domain::mechanism::problem::SourceKind::Meeting),
                source_id: Some(m.id.clone()),
                ..Default::default()
            };
            problems::list(db, scope, &f, domain::time::today(), store::Page::all())
                .await?
                .0
                .into_iter()
                .map(|p| Decision {
                    title: p.problem.title,
                    deadline: p.problem.deadline,
                    state: p.problem.state,
                    progress: p.progress,
                    result: p.problem.result,
                })
                .collect()
        };
        out.push(Meeting {
            date: m.date,
            kind: types
                .iter()
                .find(|t| t.code == m.type_code)
                .map_or(m.type_code.clone(), |t| t.name_zh.clone()),
            agenda: m.agenda,
            decisions,
        });
    }
    Ok(Body {
        meetings: out,
        ..Body::default()
    })
}

/// 党务公开: the team on the period's last day, the first secretaries in post, the party
/// meetings held and the trainings started in the period with the village's attendance.
async fn party(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Body, StoreError> {
    use store::people::{posts, trainings};
    let posts = posts::current_team(db, scope, region, to).await?;
    let team = posts
        .iter()
        .map(|p| TeamMember {
            post: p
                .kind()
                .map_or_else(|| p.post.clone(), |k| k.chinese().to_string()),
            name: p.person_name.clone(),
        })
        .collect();
    let first_secretaries = posts
        .iter()
        .filter(|p| p.kind() == Some(domain::people::PostKind::FirstSecretary))
        .map(|p| p.person_name.clone())
        .collect();
    let mut list = Vec::new();
    for year in from.year()..=to.year() {
        let f = trainings::Filter {
            year: Some(year),
            ..Default::default()
        };
        list.extend(trainings::list(db, scope, &f).await?);
    }
    let mut out = Vec::new();
    for t in list {
        let Some(start) = domain::time::parse_date(&t.starts_on) else {
            continue;
        };
        if start < from || start > to {
            continue;
        }
        let attendance = trainings::attendance(db, scope, &t.id).await?;
        let mine: Vec<_> = attendance
            .iter()
            .filter(|a| a.region_code == region.as_str())
            .collect();
        out.push(Training {
            topic: t.topic,
            starts_on: t.starts_on,
            hours: t.hours,
            attended: mine.iter().filter(|a| a.attended).count(),
            invited: mine.len(),
        });
    }
    let meetings = meetings(db, scope, region, from, to, true).await?.meetings;
    Ok(Body {
        team,
        first_secretaries,
        trainings: out,
        meetings,
        ..Body::default()
    })
}

#[derive(Template)]
#[template(path = "disclosure/snapshot_body.html")]
struct BodyTemplate<'a> {
    tr: &'a Tr,
    s: &'a Snapshot,
}

impl BodyTemplate<'_> {
    fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }
    fn problem_state(&self, s: &str) -> String {
        self.tr.t(&format!("mp-state-{s}"))
    }
    fn project_status(&self, s: &str) -> String {
        self.tr.t(&format!("ip-status-{s}"))
    }
    fn funding_source(&self, s: &str) -> String {
        self.tr.t(&format!("ip-source-{s}"))
    }
    fn kind_is(&self, k: &str) -> bool {
        self.s.kind == k
    }
    /// The period: in Chinese as frozen (2024年第三季度); otherwise its code (2024-Q3), or
    /// its first and last day.
    fn period(&self) -> String {
        if self.tr.locale == Locale::ZhCn {
            return self.s.period.clone();
        }
        match (
            domain::time::parse_date(&self.s.period_from),
            domain::time::parse_date(&self.s.period_to),
        ) {
            (Some(a), Some(b)) => PeriodSpec::of_range(a, b).map(PeriodSpec::code),
            _ => None,
        }
        .unwrap_or_else(|| format!("{} – {}", self.s.period_from, self.s.period_to))
    }
    /// A team post: frozen as its Chinese word; a known post is translated, anything else
    /// is shown as frozen.
    fn post(&self, p: &str) -> String {
        if self.tr.locale == Locale::ZhCn {
            return p.to_string();
        }
        domain::people::PostKind::parse(p).map_or_else(
            |_| p.to_string(),
            |k| self.tr.t(&format!("pt-post-{}", k.as_str())),
        )
    }
}

/// The page body of a snapshot in `locale`, rendered from the snapshot alone. What is frozen
/// at publication is the Chinese page (a published notice is Chinese); a reader in another
/// language gets the same snapshot through the same template with that language's labels,
/// while the data (names, titles, captions of the statements, meeting kinds) stay as frozen.
pub fn render(
    i18n: &Arc<crate::i18n::I18n>,
    snapshot: &serde_json::Value,
    locale: Locale,
) -> Result<String, StoreError> {
    let s: Snapshot = serde_json::from_value(snapshot.clone())
        .map_err(|_| domain::DomainError::Conflict("disclosure.snapshot_invalid"))?;
    let tr = Tr::new(i18n.clone(), locale);
    BodyTemplate { tr: &tr, s: &s }
        .render()
        .map_err(|_| domain::DomainError::Conflict("disclosure.snapshot_invalid").into())
}

/// Publishes `id` (the step that freezes it): the body from the records now, the page from
/// the one template, in Chinese. The web and the demo publish through it.
pub async fn publish(
    db: &Db,
    i18n: &Arc<crate::i18n::I18n>,
    actor: &domain::identity::Actor,
    id: &str,
) -> Result<ItemRecord, StoreError> {
    let item = store::disclosure::items::get(db, &actor.scope, id)
        .await?
        .ok_or(domain::DomainError::NotFound)?;
    let body = body(db, &actor.scope, &item).await?;
    let i18n = i18n.clone();
    let render = move |s: &serde_json::Value| render(&i18n, s, Locale::ZhCn);
    store::disclosure::items::step(
        db,
        actor,
        id,
        domain::disclosure::item::Step::Publish,
        Some((body, &render)),
    )
    .await
}

/// The item's default title in Chinese: 保婴村2024年第三季度财务公开.
pub fn default_title(tr: &Tr, region_name: &str, kind: Kind, period: PeriodSpec) -> String {
    format!(
        "{region_name}{}{}",
        period.chinese(),
        tr.t(&kind.label_id())
    )
}

/// The page body of a stored version in `locale`, and whether it is a rendering in that
/// language: the frozen page itself in Chinese; else the version's frozen canonical JSON
/// rendered through the one template (so it holds exactly the frozen data). A snapshot the
/// template cannot read falls back to the frozen page: the published record is always shown.
pub fn version_html(
    i18n: &Arc<crate::i18n::I18n>,
    v: &store::disclosure::versions::VersionRecord,
    locale: Locale,
) -> (String, bool) {
    if locale == Locale::ZhCn {
        return (v.page_html.clone(), false);
    }
    serde_json::from_str::<serde_json::Value>(&v.snapshot)
        .ok()
        .and_then(|snapshot| render(i18n, &snapshot, locale).ok())
        .map_or_else(|| (v.page_html.clone(), false), |html| (html, true))
}
