//! The district's classification of villages by operating income (空壳村, 薄弱村, 一般村, 强村):
//! page with the trend over years, .xlsx, JSON API, and the rules (a district setting).

use crate::base::ctx::SignedIn;
use crate::base::format::yuan;
use crate::base::page::{render, render_form};
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Query, RawForm, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::FieldError;
use domain::identity::Role;
use domain::ledger::{Class, Measure, Thresholds};
use serde::Deserialize;
use store::ledger::classification::{self, Classification, Rule};
use utoipa::IntoParams;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::LEDGER_CLASSIFICATION, get(page))
        .route(
            crate::base::url::LEDGER_CLASSIFICATION_EXPORT_XLSX,
            get(export),
        )
        .route(
            crate::base::url::LEDGER_CLASSIFICATION_RULES,
            get(rules_page).post(save_rules),
        )
}

#[derive(Deserialize, Default, IntoParams)]
pub struct YearQuery {
    /// Fiscal year (default: the latest year with books in scope).
    #[param(value_type = Option<i32>)]
    pub year: Option<String>,
}

pub(crate) async fn year_or_latest(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    year: Option<i32>,
) -> Result<(i32, Vec<i32>), AppError> {
    let years = classification::years(&state.db, &auth.actor.scope).await?;
    let year = year.or_else(|| years.last().copied()).unwrap_or_else(|| {
        crate::base::format::today()
            .format("%Y")
            .to_string()
            .parse()
            .unwrap_or(2025)
    });
    Ok((year, years))
}

pub fn class_label(tr: &crate::i18n::Tr, class: Class) -> String {
    tr.t(&format!("ledger-class-{}", class.as_str()))
}

struct TrendRow {
    year: i32,
    counts: Vec<usize>,
    strong_share: String,
}

#[derive(Template)]
#[template(path = "ledger/classification.html")]
struct ClassificationPage {
    ctx: PageCtx,
    year: i32,
    years: Vec<i32>,
    c: Classification,
    trend: Vec<TrendRow>,
    is_admin: bool,
}

impl ClassificationPage {
    fn label(&self, class: &Class) -> String {
        class_label(&self.ctx.tr, *class)
    }
    fn money(&self, fen: &i64) -> String {
        yuan(*fen)
    }
    /// Fen in 万元 (see [`crate::base::format::wan`]).
    fn wan(&self, fen: &i64) -> String {
        crate::base::format::wan(*fen)
    }
    fn percent(&self, share: &f64) -> String {
        format!("{:.1}%", share * 100.0)
    }
    fn measure_label(&self) -> String {
        self.ctx
            .t(&format!("ledger-measure-{}", self.c.measure.as_str()))
    }
    fn classes(&self) -> Vec<Class> {
        Class::ALL.to_vec()
    }
}

async fn page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (year, years) = year_or_latest(
        &state,
        &auth,
        crate::base::params::year_param(q.year.as_deref())?,
    )
    .await?;
    let c = classification::classify(&state.db, &auth.actor.scope, year).await?;
    let mut trend = Vec::new();
    for y in &years {
        let t = classification::classify(&state.db, &auth.actor.scope, *y).await?;
        let strong = t
            .classes
            .iter()
            .find(|x| x.class == Class::Strong)
            .map(|x| x.share)
            .unwrap_or(0.0);
        trend.push(TrendRow {
            year: *y,
            counts: t.classes.iter().map(|x| x.count).collect(),
            strong_share: format!("{:.1}%", strong * 100.0),
        });
    }
    render(&ClassificationPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        year,
        years,
        c,
        trend,
        is_admin: auth.role == Role::DistrictAdmin,
    })
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (year, _) = year_or_latest(
        &state,
        &auth,
        crate::base::params::year_param(q.year.as_deref())?,
    )
    .await?;
    let c = classification::classify(&state.db, &auth.actor.scope, year).await?;
    let tr = &ctx.tr;
    let header = vec![
        tr.t("field-code"),
        tr.t("field-name"),
        tr.t("ledger-cls-figure"),
        tr.t("ledger-cls-class"),
        tr.t("ledger-cls-has-books"),
    ];
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            vec![
                r.region_code.clone(),
                r.name.clone(),
                domain::Money(r.figure).to_string(),
                class_label(tr, r.class),
                tr.t(if r.has_books {
                    "common-yes"
                } else {
                    "common-no"
                }),
            ]
        })
        .collect();
    // The figure is an amount Excel sums; the file names the area and the year.
    let place = match auth.actor.scope.root() {
        Some(root) => {
            crate::base::regions::region_name(&state, &auth.actor.scope, root.as_str()).await?
        }
        None => String::new(),
    };
    let title = tr.t("ledger-classification");
    let name = [place.as_str(), &year.to_string(), &title]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-");
    use usecase::tabular::Kind::{Text, Yuan};
    tabular::kinds_xlsx_response(
        &title,
        &header,
        &[Text, Text, Yuan, Text, Text],
        &rows,
        &format!("{name}.xlsx"),
    )
}

#[derive(Template)]
#[template(path = "ledger/rules.html")]
struct RulesPage {
    ctx: PageCtx,
    rules: Vec<RuleRow>,
    error: Option<String>,
}

#[derive(Clone, Default)]
struct RuleRow {
    from_year: String,
    measure: String,
    shell_below: String,
    weak_below: String,
    strong_from: String,
}

impl RuleRow {
    fn of(r: &Rule) -> RuleRow {
        RuleRow {
            from_year: r.from_year.to_string(),
            measure: r.measure.as_str().to_string(),
            shell_below: domain::Money(r.thresholds.shell_below).to_string(),
            weak_below: domain::Money(r.thresholds.weak_below).to_string(),
            strong_from: domain::Money(r.thresholds.strong_from).to_string(),
        }
    }
}

fn require_admin(auth: &crate::base::ctx::Auth) -> Result<(), AppError> {
    if auth.role == Role::DistrictAdmin {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

async fn rules_page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    let mut rules: Vec<RuleRow> = classification::rules(&state.db)
        .await?
        .iter()
        .map(RuleRow::of)
        .collect();
    if rules.is_empty() {
        rules.push(RuleRow::of(&Rule::default()));
    }
    rules.push(RuleRow::default());
    render(&RulesPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        rules,
        error: None,
    })
}

/// Validates the rows of the rules form; rows with an empty year were dropped already.
fn parse_rules(rows: &[RuleRow]) -> Result<Vec<Rule>, FieldError> {
    let mut rules = Vec::new();
    for r in rows {
        let from_year = r
            .from_year
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2999).contains(y))
            .ok_or_else(|| {
                FieldError::new("ledger.year_invalid", "year").arg("value", r.from_year.trim())
            })?;
        let measure = Measure::parse(&r.measure).ok_or_else(|| {
            FieldError::new("common.choice_invalid", "measure").arg("value", r.measure.as_str())
        })?;
        let money = |text: &str, field: &'static str| {
            domain::Money::parse_yuan(text)
                .filter(|m| m.0 >= 0)
                .map(|m| m.0)
                .ok_or_else(|| {
                    FieldError::new("ledger.amount_invalid", field)
                        .arg("value", text.trim())
                        .arg("line", "—")
                })
        };
        let thresholds = Thresholds {
            shell_below: money(&r.shell_below, "shell_below")?,
            weak_below: money(&r.weak_below, "weak_below")?,
            strong_from: money(&r.strong_from, "strong_from")?,
        };
        if !(thresholds.shell_below <= thresholds.weak_below
            && thresholds.weak_below <= thresholds.strong_from)
        {
            return Err(FieldError::new("ledger.thresholds_order", "strong_from"));
        }
        if rules.iter().any(|x: &Rule| x.from_year == from_year) {
            return Err(FieldError::new("ledger.rule_year_twice", "year")
                .arg("value", from_year.to_string()));
        }
        rules.push(Rule {
            from_year,
            measure,
            thresholds,
        });
    }
    rules.sort_by_key(|r| r.from_year);
    Ok(rules)
}

async fn save_rules(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    RawForm(body): RawForm,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    let pairs = crate::security::form_pairs(&body);
    let mut rows = parse_rules_rows(&pairs);
    match parse_rules(&rows) {
        Ok(rules) => {
            classification::save_rules(&state.db, &auth.actor, &rules).await?;
            Ok(Redirect::to(crate::base::url::LEDGER_CLASSIFICATION).into_response())
        }
        Err(e) => {
            rows.push(RuleRow::default());
            render_form(
                &RulesPage {
                    ctx: PageCtx::new(&ctx, "ledger"),
                    rules: rows,
                    error: Some(ctx.tr.field_error(&e)),
                },
                true,
            )
        }
    }
}

/// Reads `rules[N].field` pairs into rows as entered (shown again with an error);
/// rows with an empty year are dropped.
fn parse_rules_rows(pairs: &std::collections::HashMap<String, String>) -> Vec<RuleRow> {
    let mut rows: std::collections::BTreeMap<usize, RuleRow> = Default::default();
    for (key, value) in pairs {
        if let Some((n, field)) = key.strip_prefix("rules[").and_then(|r| r.split_once("]."))
            && let Ok(n) = n.parse::<usize>()
        {
            let row = rows.entry(n).or_default();
            match field {
                "from_year" => row.from_year = value.clone(),
                "measure" => row.measure = value.clone(),
                "shell_below" => row.shell_below = value.clone(),
                "weak_below" => row.weak_below = value.clone(),
                "strong_from" => row.strong_from = value.clone(),
                _ => {}
            }
        }
    }
    rows.into_values()
        .filter(|r| !r.from_year.trim().is_empty())
        .collect()
}

/// One year of a village's operating income on its profile page.
pub struct ProfileIncome {
    pub year: i32,
    pub figure: String,
    pub class: String,
}

/// The village's operating income and class for every year it kept books.
pub async fn profile_income(
    state: &AppState,
    tr: &crate::i18n::Tr,
    village: &str,
) -> Result<Vec<ProfileIncome>, AppError> {
    let code = domain::region::RegionCode::parse(village)?;
    let scope = domain::identity::Scope::region(code);
    let mut out = Vec::new();
    for year in classification::years(&state.db, &scope).await? {
        let c = classification::classify(&state.db, &scope, year).await?;
        if let Some(r) = c.rows.into_iter().find(|r| r.region_code == village) {
            out.push(ProfileIncome {
                year,
                figure: yuan(r.figure),
                class: class_label(tr, r.class),
            });
        }
    }
    Ok(out)
}
