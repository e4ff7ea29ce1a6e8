//! Assessment (考核) on the web: schemes, running assessments, results and ranking, and pay
//! linkage (`pay`).

pub mod api;
pub mod pay;
mod runs;
mod schemes;

use crate::base::ctx::Auth;
use crate::i18n::Tr;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use domain::assessment::scheme::{Basis, Indicator, IndicatorKind, Rule};
use domain::assessment::scoring::points_text;
use domain::identity::Role;
use domain::metrics::{Metric, Unit};
use domain::region::RegionCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The assessment pages.
pub fn routes() -> Router<AppState> {
    use crate::base::url as u;
    Router::new()
        .route(u::ASSESSMENTS, get(schemes::list))
        .route(u::ASSESSMENTS_XLSX, get(schemes::export))
        .route(u::ASSESSMENT_SCHEMES, post(schemes::create))
        .route(u::ASSESSMENT_SCHEME, get(schemes::show).post(schemes::save))
        .route(u::ASSESSMENT_SCHEME_COPY, post(schemes::copy))
        .route(u::ASSESSMENT_SCHEME_OPEN, post(schemes::open))
        .route(u::ASSESSMENT_RUN, get(runs::show))
        .route(u::ASSESSMENT_RUN_STEP, post(runs::step))
        .route(u::ASSESSMENT_RUN_CORRECT, post(runs::correct))
        .route(u::ASSESSMENT_RUN_XLSX, get(runs::export))
        .route(u::ASSESSMENT_SUBJECT, get(runs::subject))
        .route(
            u::ASSESSMENT_SUBJECT_MANUAL,
            post(runs::manual).layer(crate::security::upload_limit()),
        )
        .route(u::ASSESSMENT_EVIDENCE, get(runs::evidence))
        .merge(pay::routes())
}

/// The assessment API.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::assessments::list_assessments))
        .routes(routes!(api::assessments::assessment_results))
        .merge(pay::api_routes())
}

/// The caller may own schemes and runs of `owner` (the store checks it again).
pub(crate) fn can_own(auth: &Auth, owner: &str) -> bool {
    matches!(auth.role, Role::DistrictAdmin | Role::TownOfficer)
        && RegionCode::parse(owner).is_ok_and(|o| auth.actor.scope.contains(&o))
}

/// An indicator's kind in words (计算 · 运营收益, 人工评分 · 乡镇干部, 一票否决 …).
pub(crate) fn kind_label(tr: &Tr, kind: &IndicatorKind) -> String {
    let base = tr.t(&format!("assessment-kind-{}", kind.key()));
    match kind.role() {
        Some(role) => format!("{base} · {}", tr.t(&format!("role-{}", role.as_str()))),
        None => base,
    }
}

/// How a figure is shown in a rule: percentages with %, fen in yuan, counts as numbers.
fn rule_figure(metric: Option<Metric>, basis: Basis, n: i64) -> String {
    match (basis, metric.map(Metric::unit)) {
        (Basis::Percent, _) => format!("{n}%"),
        (_, Some(Unit::Fen)) => crate::base::format::yuan(n),
        _ => n.to_string(),
    }
}

/// An indicator's rule in words.
pub(crate) fn indicator_rule(tr: &Tr, i: &Indicator) -> String {
    let metric = i.kind.metric();
    let basis = i.kind.basis();
    let f = |n: i64| rule_figure(metric, basis, n);
    let mut args = std::collections::BTreeMap::new();
    match &i.kind {
        IndicatorKind::Computed { rule, .. } => match rule {
            Rule::Linear { floor, target } => {
                args.insert("floor", f(*floor));
                args.insert("target", f(*target));
                tr.with_args("assessment-rule-linear", &args)
            }
            Rule::Tiered { tiers } => tiers
                .iter()
                .map(|t| {
                    let mut a = std::collections::BTreeMap::new();
                    a.insert("at_least", f(t.at_least));
                    a.insert("points", points_text(t.points));
                    tr.with_args("assessment-rule-tier", &a)
                })
                .collect::<Vec<_>>()
                .join("；"),
            Rule::RatioToTarget => tr.t("assessment-rule-ratio"),
            Rule::PassFail { threshold } => {
                args.insert("threshold", f(*threshold));
                tr.with_args("assessment-rule-pass_fail", &args)
            }
        },
        IndicatorKind::Manual { .. } => tr.t("assessment-rule-manual"),
        IndicatorKind::VetoMetric { cmp, threshold, .. } => {
            args.insert("cmp", cmp.symbol().to_string());
            args.insert("threshold", f(*threshold));
            tr.with_args("assessment-rule-veto_metric", &args)
        }
        IndicatorKind::VetoManual { .. } => tr.t("assessment-rule-veto_manual"),
    }
}

/// An indicator's figure as the result page shows it.
pub(crate) fn figure_text(
    tr: &Tr,
    i: &Indicator,
    value: Option<i64>,
    of: Option<i64>,
    figure: Option<i64>,
) -> String {
    match &i.kind {
        IndicatorKind::Manual { .. } => value.map_or_else(|| "—".into(), points_text),
        IndicatorKind::VetoManual { .. } => match value {
            Some(0) => tr.t("common-no"),
            Some(_) => tr.t("common-yes"),
            None => "—".into(),
        },
        _ => {
            let metric = i.kind.metric();
            let Some(v) = value else {
                return tr.t("assessment-no-figure");
            };
            let amount = match metric.map(Metric::unit) {
                Some(Unit::Fen) => format!(
                    "{} {}",
                    crate::base::format::yuan(v),
                    tr.t("assessment-yuan")
                ),
                _ => format!(
                    "{v} {}",
                    metric.map(|m| tr.t(&m.unit_label_id())).unwrap_or_default()
                ),
            };
            match (i.kind.basis(), figure, of) {
                (Basis::Percent, Some(p), Some(whole)) => {
                    let whole = match metric.map(Metric::unit) {
                        Some(Unit::Fen) => crate::base::format::yuan(whole),
                        _ => whole.to_string(),
                    };
                    format!("{p}%（{amount} / {whole}）")
                }
                (Basis::Percent, None, _) => {
                    format!("{amount}（{}）", tr.t("assessment-no-percent"))
                }
                _ => amount,
            }
        }
    }
}

/// The records behind a metric for a village and a year: a list page with its filters.
pub(crate) fn drill(metric: Metric, region: &str, year: i32) -> String {
    use crate::base::url as u;
    let enc = |s: &str| s.to_string();
    match metric {
        Metric::OperatingIncome
        | Metric::OperatingIncomeGrowth
        | Metric::VillageClass
        | Metric::StrongVillages => format!("{}?year={year}", u::LEDGER_CLASSIFICATION),
        Metric::MeetingsHeld | Metric::MeetingCompliance => format!(
            "{}?region={}&from={year}-01-01&to={year}-12-31",
            u::MECHANISM_MEETINGS,
            enc(region)
        ),
        Metric::ProblemsClosedOnTime => {
            format!("{}?region={}", u::MECHANISM_PROBLEMS, enc(region))
        }
        Metric::ProblemsPastDeadline => {
            format!("{}?region={}&overdue=1", u::MECHANISM_PROBLEMS, enc(region))
        }
        Metric::TrainingCoverage => format!(
            "{}?year={year}&region={}",
            u::PEOPLE_TRAININGS_COVERAGE,
            enc(region)
        ),
        Metric::ReserveCadres => format!(
            "{}?region={}&pool=reserve_cadre",
            u::PEOPLE_TALENT,
            enc(region)
        ),
        Metric::FirstSecretaryInPost => format!("{}?region={}", u::PEOPLE_POSTS, enc(region)),
        Metric::IndustryGrossIncome
        | Metric::IndustryWorkers
        | Metric::IndustryHouseholds
        | Metric::ProjectsOnSchedule => {
            format!("{}?region={}", u::INDUSTRY_PROJECTS, enc(region))
        }
        Metric::DisclosuresOverdue => {
            format!("{}?region={}&year={year}", u::DISCLOSURES, enc(region))
        }
        Metric::FeedbackAnsweredInTime => {
            format!("{}?region={}", u::FEEDBACK, enc(region))
        }
    }
}
