//! The mechanism's landing page and the compliance board: for each active rule a table of
//! regions × periods, each cell green (met), yellow (pending) or red (missed) with a symbol
//! and its count, drilling down to the records behind it; the missed cells export to .xlsx.

use super::problems::{name_of, regions_in_scope, source_label, state_label};
use crate::base::ctx::SignedIn;
use crate::base::format::today;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use domain::FieldError;
use domain::ledger::Period;
use domain::mechanism::compliance::{Cell, CellStatus, RuleKind};
use domain::mechanism::period::{Every, Span};
use domain::mechanism::problem::ProblemState;
use serde::Deserialize;
use std::collections::BTreeMap;
use store::mechanism::compliance::{self, DueSoon};
use store::mechanism::problems::Filter;
use store::mechanism::{
    AssignmentRecord, MeetingRecord, MeetingTypeRecord, ProblemRecord, RuleRecord,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::MECHANISM, get(index))
        .route(crate::base::url::MECHANISM_BOARD, get(board))
        .route(crate::base::url::MECHANISM_BOARD_CELL, get(cell))
        .route(crate::base::url::MECHANISM_BOARD_MISSED_XLSX, get(missed))
}

// ------------------------------------------------------------------ labels

/// A period in the reader's language: 2023年5月, 2023年第2季度, 2023年.
pub fn period_label(tr: &Tr, span: Span) -> String {
    let args: BTreeMap<&'static str, String> = [
        ("year", span.year.to_string()),
        ("index", span.index.to_string()),
    ]
    .into_iter()
    .collect();
    tr.with_args(&format!("mp-period-{}", span.every.as_str()), &args)
}

/// A cell status with its symbol, so that colour is never the only sign.
pub fn status_label(tr: &Tr, status: CellStatus) -> String {
    tr.t(&format!("mp-status-{}", status.as_str()))
}

pub fn status_symbol(status: CellStatus) -> &'static str {
    match status {
        CellStatus::Met => "✓",
        CellStatus::Pending => "…",
        CellStatus::Missed => "✗",
    }
}

/// A meeting type's name in the reader's language (the code when unknown).
pub fn type_name(tr: &Tr, types: &[MeetingTypeRecord], code: &str) -> String {
    types
        .iter()
        .find(|t| t.code == code)
        .map(|t| {
            if tr.tag() == "zh-CN" {
                t.name_zh.clone()
            } else {
                t.name_en.clone()
            }
        })
        .unwrap_or_else(|| code.to_string())
}

/// The plain-language description of a rule, e.g. 每个定点指导村每月至少召开 1 次工作推进会.
pub fn rule_description(tr: &Tr, types: &[MeetingTypeRecord], rule: &RuleRecord) -> String {
    let Some(kind) = rule.kind() else {
        return rule.name.clone();
    };
    let every = |e: Every| tr.t(&format!("mp-every-{}", e.as_str()));
    let mut args: BTreeMap<&'static str, String> = BTreeMap::new();
    let key = match &kind {
        RuleKind::PerAssignment {
            assignment_kind,
            meeting_type,
            at_least,
            every: e,
        } => {
            args.insert(
                "object",
                tr.t(&format!("mp-object-{}", assignment_kind.as_str())),
            );
            args.insert("type", type_name(tr, types, meeting_type));
            args.insert("count", at_least.to_string());
            args.insert("every", every(*e));
            "mp-rule-per_assignment"
        }
        RuleKind::PerVillage {
            meeting_type,
            at_least,
            every: e,
        } => {
            args.insert("type", type_name(tr, types, meeting_type));
            args.insert("count", at_least.to_string());
            args.insert("every", every(*e));
            "mp-rule-per_village"
        }
        RuleKind::ProblemsOnTime { every: e } => {
            args.insert("every", every(*e));
            "mp-rule-problems_on_time"
        }
        RuleKind::DisclosuresOnTime { every: e } => {
            args.insert("every", every(*e));
            "mp-rule-disclosures_on_time"
        }
    };
    tr.with_args(key, &args)
}

// ------------------------------------------------------------------ landing page

pub struct DueRow {
    pub due: DueSoon,
    pub period: String,
    pub regions: String,
}

/// The rules due soon in the caller's scope, with translated periods and region names.
pub async fn due_rows(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    tr: &Tr,
) -> Result<Vec<DueRow>, AppError> {
    let due = compliance::due_soon(&state.db, &auth.actor.scope, today()).await?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let regions = regions_in_scope(state, auth).await?;
    Ok(due
        .into_iter()
        .map(|d| {
            let names: Vec<String> = d.regions.iter().map(|c| name_of(&regions, c)).collect();
            let shown = names.iter().take(8).cloned().collect::<Vec<_>>().join("、");
            let regions = if names.len() > 8 {
                tr.with_args(
                    "mp-regions-more",
                    &[("names", shown), ("count", names.len().to_string())]
                        .into_iter()
                        .collect(),
                )
            } else {
                shown
            };
            DueRow {
                period: period_label(tr, d.period),
                regions,
                due: d,
            }
        })
        .collect())
}

#[derive(Template)]
#[template(path = "mechanism/index.html")]
struct IndexPage {
    ctx: PageCtx,
    due: Vec<DueRow>,
    open: i64,
    overdue: i64,
}

async fn count(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    filter: Filter,
) -> Result<i64, AppError> {
    let (_, total) = store::mechanism::problems::list(
        &state.db,
        &auth.actor.scope,
        &filter,
        today(),
        store::Page::new(1, 1),
    )
    .await?;
    Ok(total)
}

async fn index(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let mut open = 0;
    let mut overdue = 0;
    for s in [ProblemState::Todo, ProblemState::Doing] {
        let state_only = Filter {
            state: Some(s),
            ..Filter::default()
        };
        open += count(&state, &auth, state_only.clone()).await?;
        overdue += count(
            &state,
            &auth,
            Filter {
                overdue_only: true,
                ..state_only
            },
        )
        .await?;
    }
    crate::base::page::render(&IndexPage {
        due: due_rows(&state, &auth, &ctx.tr).await?,
        ctx: PageCtx::new(&ctx, "mechanism"),
        open,
        overdue,
    })
}

// ------------------------------------------------------------------ the board

#[derive(Deserialize, Default)]
struct RangeQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl RangeQuery {
    /// The months asked for; this year to date by default.
    fn range(&self) -> Result<(Period, Period), FieldError> {
        let now = Period::of_date(today());
        let from = match self.from.trim() {
            "" => Period {
                year: now.year,
                month: 1,
            },
            t => Period::parse(t).map_err(|e| FieldError { field: "from", ..e })?,
        };
        let to = match self.to.trim() {
            "" => now,
            t => Period::parse(t).map_err(|e| FieldError { field: "to", ..e })?,
        };
        Ok((from, to))
    }
}

pub struct BoardCell {
    pub status: CellStatus,
    pub label: String,
    pub symbol: &'static str,
    pub required: u32,
    pub actual: u32,
    pub href: String,
}

pub struct BoardRow {
    pub region: String,
    pub region_name: String,
    /// The leader, for a per-assignment rule.
    pub leader: String,
    /// One per period of the table; none where the rule owes nothing.
    pub cells: Vec<Option<BoardCell>>,
}

pub struct RuleTable {
    pub rule: RuleRecord,
    pub description: String,
    pub periods: Vec<String>,
    /// The same periods as the API writes them (`2023-05`, `2023-Q2`, `2023`).
    pub period_keys: Vec<String>,
    pub rows: Vec<BoardRow>,
}

#[derive(Template)]
#[template(path = "mechanism/board.html")]
struct BoardPage {
    ctx: PageCtx,
    from: String,
    to: String,
    tables: Vec<RuleTable>,
    missed: usize,
    error: Option<String>,
}

fn cell_href(c: &Cell) -> String {
    let mut href = format!(
        "{}?rule={}&region={}&period={}",
        crate::base::url::MECHANISM_BOARD_CELL,
        c.rule,
        c.region,
        c.period
    );
    if let Some(a) = &c.assignment {
        href.push_str("&assignment=");
        href.push_str(a);
    }
    href
}

async fn board(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<RangeQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let page_ctx = PageCtx::new(&ctx, "mechanism");
    let loaded = async {
        let (from, to) = q.range()?;
        Ok::<_, AppError>((
            from,
            to,
            compliance::board(&state.db, &auth.actor.scope, from, to, today()).await?,
        ))
    }
    .await;
    let (from, to, b) = match loaded {
        Ok(x) => x,
        Err(e) => {
            let e = crate::base::page::in_page(e)?;
            let page = BoardPage {
                ctx: page_ctx,
                from: q.from.clone(),
                to: q.to.clone(),
                tables: Vec::new(),
                missed: 0,
                error: Some(e.message(tr)),
            };
            return crate::base::page::render_status(&page, e.status);
        }
    };
    let types = store::mechanism::meetings::types(&state.db, true).await?;
    let assignments: Vec<AssignmentRecord> = store::mechanism::assignments::list(
        &state.db,
        &auth.actor.scope,
        &store::mechanism::assignments::Filter {
            include_archived: true,
            ..Default::default()
        },
    )
    .await?;
    let mut tables = Vec::new();
    for rule in &b.rules {
        let cells: Vec<&Cell> = b.cells.iter().filter(|c| c.rule == rule.id).collect();
        let mut spans: Vec<Span> = cells.iter().map(|c| c.period).collect();
        spans.sort_by_key(|s| s.first_day());
        spans.dedup();
        // Rows: a region, or an assignment in a region.
        let mut rows: BTreeMap<(String, String), Vec<Option<BoardCell>>> = BTreeMap::new();
        for c in &cells {
            let key = (c.region.clone(), c.assignment.clone().unwrap_or_default());
            let row = rows
                .entry(key)
                .or_insert_with(|| spans.iter().map(|_| None).collect());
            if let Some(i) = spans.iter().position(|s| *s == c.period) {
                row[i] = Some(BoardCell {
                    status: c.status,
                    label: status_label(tr, c.status),
                    symbol: status_symbol(c.status),
                    required: c.required,
                    actual: c.actual,
                    href: cell_href(c),
                });
            }
        }
        let rows = rows
            .into_iter()
            .map(|((region, assignment), cells)| BoardRow {
                region_name: b.region_name(&region).unwrap_or("").to_string(),
                leader: assignments
                    .iter()
                    .find(|a| a.id == assignment)
                    .map(|a| a.leader_name.clone())
                    .unwrap_or_default(),
                region,
                cells,
            })
            .collect();
        tables.push(RuleTable {
            description: rule_description(tr, &types, rule),
            rule: rule.clone(),
            periods: spans.iter().map(|s| period_label(tr, *s)).collect(),
            period_keys: spans.iter().map(|s| s.to_string()).collect(),
            rows,
        });
    }
    let missed = b
        .cells
        .iter()
        .filter(|c| c.status == CellStatus::Missed)
        .count();
    crate::base::page::render(&BoardPage {
        ctx: page_ctx,
        from: from.to_string(),
        to: to.to_string(),
        tables,
        missed,
        error: None,
    })
}

// ------------------------------------------------------------------ one cell

#[derive(Deserialize, Default)]
struct CellQuery {
    #[serde(default)]
    rule: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    assignment: String,
}

/// A disclosure owed in a cell: what, by when, published when, and its item's page.
pub struct DisclosureRow {
    pub what: String,
    pub due: String,
    pub published_on: String,
    pub href: Option<String>,
}

#[derive(Template)]
#[template(path = "mechanism/board_cell.html")]
struct CellPage {
    ctx: PageCtx,
    rule: RuleRecord,
    description: String,
    region: String,
    region_name: String,
    period: String,
    cell: BoardCell,
    assignment: Option<AssignmentRecord>,
    meetings: Vec<MeetingRecord>,
    problems: Vec<ProblemRecord>,
    /// A disclosures-on-time cell: the disclosures owed in it.
    disclosures: Vec<DisclosureRow>,
    types: Vec<MeetingTypeRecord>,
    /// Where the board came from: the months of the period.
    board_href: String,
}

impl CellPage {
    fn type_name(&self, code: &str) -> String {
        type_name(&self.ctx.tr, &self.types, code)
    }
    fn state(&self, s: &str) -> String {
        state_label(&self.ctx.tr, s)
    }
    fn kind(&self, k: &str) -> String {
        self.ctx.t(&format!("mp-kind-{k}"))
    }
    fn source(&self, s: &str) -> String {
        source_label(&self.ctx.tr, s)
    }
}

async fn cell(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<CellQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let span = Span::parse(&q.period)?;
    let (from, to) = (
        Period::of_date(span.first_day()),
        Period::of_date(span.last_day()),
    );
    let scope = &auth.actor.scope;
    let b = compliance::board(&state.db, scope, from, to, today()).await?;
    let c = b
        .cells
        .iter()
        .find(|c| {
            c.rule == q.rule
                && c.region == q.region
                && c.period == span
                && c.assignment.as_deref().unwrap_or("") == q.assignment
        })
        .ok_or_else(AppError::not_found)?;
    let rule = b.rule(&c.rule).cloned().ok_or_else(AppError::not_found)?;
    let types = store::mechanism::meetings::types(&state.db, true).await?;
    let is_problems = matches!(rule.kind(), Some(RuleKind::ProblemsOnTime { .. }));
    let is_disclosures = matches!(rule.kind(), Some(RuleKind::DisclosuresOnTime { .. }));
    let mut disclosures = Vec::new();
    if is_disclosures {
        let owed = store::disclosure::schedules::obligations(
            &state.db,
            scope,
            std::slice::from_ref(&c.region),
            chrono::Datelike::year(&span.first_day()),
        )
        .await?;
        for o in owed
            .into_iter()
            .filter(|o| o.due >= span.first_day() && o.due <= span.last_day())
        {
            disclosures.push(DisclosureRow {
                what: format!(
                    "{} · {}",
                    tr.t(&format!("disclosure-category-{}", o.category.as_str())),
                    o.period
                ),
                due: o.due.to_string(),
                published_on: o.published_on.map(|d| d.to_string()).unwrap_or_default(),
                href: o.item_id.as_ref().map(crate::base::url::disclosure_item),
            });
        }
    }
    let (meetings, problems) = if is_disclosures {
        (Vec::new(), Vec::new())
    } else if is_problems {
        (
            Vec::new(),
            store::mechanism::problems::by_ids(&state.db, scope, &c.records).await?,
        )
    } else {
        (
            store::mechanism::meetings::by_ids(&state.db, scope, &c.records).await?,
            Vec::new(),
        )
    };
    let assignment = match &c.assignment {
        Some(a) => store::mechanism::assignments::get(&state.db, scope, a).await?,
        None => None,
    };
    let page = CellPage {
        description: rule_description(tr, &types, &rule),
        region: c.region.clone(),
        region_name: b.region_name(&c.region).unwrap_or("").to_string(),
        period: period_label(tr, span),
        cell: BoardCell {
            status: c.status,
            label: status_label(tr, c.status),
            symbol: status_symbol(c.status),
            required: c.required,
            actual: c.actual,
            href: cell_href(c),
        },
        board_href: format!("{}?from={from}&to={to}", crate::base::url::MECHANISM_BOARD),
        rule,
        assignment,
        meetings,
        problems,
        disclosures,
        types,
        ctx: PageCtx::new(&ctx, "mechanism"),
    };
    crate::base::page::render(&page)
}

// ------------------------------------------------------------------ missed cells

async fn missed(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<RangeQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let (from, to) = q.range()?;
    let rows = compliance::missed(&state.db, &auth.actor.scope, from, to, today()).await?;
    let headers: Vec<String> = [
        "field-region_name",
        "field-region_code",
        "mp-col-rule",
        "mp-col-period",
        "mp-col-required",
        "mp-col-actual",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.region_name,
                r.region_code,
                r.rule_name,
                period_label(tr, r.period),
                r.required.to_string(),
                r.actual.to_string(),
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Number, Text};
    tabular::kinds_xlsx_response(
        &tr.t("mp-missed-title"),
        &headers,
        &[Text, Text, Text, Text, Number, Number],
        &rows,
        &format!("missed-{from}-{to}.xlsx"),
    )
}
