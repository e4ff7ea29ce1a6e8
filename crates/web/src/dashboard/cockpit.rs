//! The cockpit page `GET /dashboard?region=&year=`: a district or a town at a glance.
//!
//! Panels, each a table with the region's own row (合计) and a row per region below it (a
//! district's towns, a town's villages), or per year for the trend. Every figure is read
//! from the metrics catalogue by [`store::metrics::for_regions`]: one load of each metric's
//! facts for the region shown, whatever the number of regions below it, and each figure the
//! one [`store::metrics::value`] gives for its region and year. A metric cell carries its
//! key, region, year and raw figure (`data-metric`, `data-region`, `data-year`,
//! `data-value`, `data-of`), the number the chart draws (`data-chart`) and the text a reader
//! sees. Drill-down: a town opens its own cockpit, a village its profile, and each row
//! links to the records behind its figures (lists filtered by region and year), all within
//! the caller's scope (the rows are the caller's regions).

use crate::base::ctx::SignedIn;
use crate::base::page::render;
use crate::base::params::{region_param, year_param};
use crate::base::url;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::assessment::Band;
use domain::ledger::Class;
use domain::metrics::{Metric, MetricValue};
use domain::region::{Level, RegionCode};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use store::region::RegionRecord;

#[derive(Deserialize, Default)]
pub(super) struct CockpitQuery {
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    year: Option<String>,
}

/// The metrics the panels of the chosen year read, loaded together (the ledger's share one
/// classification per year).
const METRICS: [Metric; 14] = [
    Metric::OperatingIncome,
    Metric::StrongVillages,
    Metric::VillageClass,
    Metric::OperatingIncomeGrowth,
    Metric::MeetingCompliance,
    Metric::ProblemsPastDeadline,
    Metric::ProblemsClosedOnTime,
    Metric::TrainingCoverage,
    Metric::ReserveCadres,
    Metric::IndustryGrossIncome,
    Metric::IndustryWorkers,
    Metric::IndustryHouseholds,
    Metric::DisclosuresOverdue,
    Metric::FeedbackAnsweredInTime,
];

/// Years of the trend shown at most (the latest up to the chosen year).
const TREND_YEARS: usize = 8;

/// A column of a panel's table. `series` names how the chart draws it (`bar`, `line`, or
/// empty: the table only); `axis` 1 is the right-hand axis (percentages, counts beside money).
pub struct Column {
    pub label: String,
    pub series: &'static str,
    pub stack: bool,
    pub axis: u8,
    /// A colour the chart keeps for the column (met green, missed red), or empty.
    pub color: &'static str,
}

impl Column {
    fn bar(label: String) -> Column {
        Column {
            label,
            series: "bar",
            stack: false,
            axis: 0,
            color: "",
        }
    }
    fn stacked(label: String, color: &'static str) -> Column {
        Column {
            label,
            series: "bar",
            stack: true,
            axis: 0,
            color,
        }
    }
    fn line(label: String) -> Column {
        Column {
            label,
            series: "line",
            stack: false,
            axis: 1,
            color: "",
        }
    }
    fn right_bar(label: String) -> Column {
        Column {
            axis: 1,
            ..Column::bar(label)
        }
    }
    fn table(label: String) -> Column {
        Column {
            label,
            series: "",
            stack: false,
            axis: 0,
            color: "",
        }
    }
}

/// One cell: the text shown, the number charted, and for a metric's figure its key, region,
/// year and raw value (what the figure is, checkable against the catalogue).
#[derive(Default)]
pub struct Cell {
    pub text: String,
    pub chart: String,
    pub metric: &'static str,
    pub region: String,
    pub year: i32,
    /// `value` or `of` of the metric's figure, or `missed` (`of` − `value`).
    pub part: &'static str,
    pub value: String,
    pub of: String,
}

/// A row: its label (linked to the drill-down), its cells, and the records behind them.
pub struct Row {
    pub label: String,
    pub code: String,
    pub href: Option<String>,
    pub cells: Vec<Cell>,
    pub records: Option<String>,
    pub total: bool,
}

pub struct Panel {
    pub id: &'static str,
    pub title: String,
    pub note: String,
    /// The first column's header (region, or year).
    pub head: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Links to the records behind the panel as a whole: (label, href).
    pub links: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "dashboard/cockpit.html")]
struct CockpitPage {
    ctx: PageCtx,
    region: RegionRecord,
    parent: Option<RegionRecord>,
    year: i32,
    years: Vec<i32>,
    panels: Vec<Panel>,
    echarts: &'static str,
    script: &'static str,
    style: &'static str,
}

impl CockpitPage {
    /// "2024年" / "2024".
    fn year_title(&self) -> String {
        self.ctx.tr.t1("dashboard-year", "year", &self.year)
    }
}

/// The figures of the chosen year, by metric and region code.
struct Figures {
    year: i32,
    by: HashMap<(Metric, String), MetricValue>,
}

impl Figures {
    fn get(&self, m: Metric, code: &str) -> Option<MetricValue> {
        self.by.get(&(m, code.to_string())).copied()
    }

    /// The cell of a metric's figure (`part` value, of or missed) shown by `show`.
    fn cell(
        &self,
        m: Metric,
        code: &str,
        part: &'static str,
        show: impl Fn(i64) -> (String, String),
    ) -> Cell {
        let v = self.get(m, code);
        let n = v.and_then(|v| match part {
            "of" => v.of,
            "missed" => v.of.and_then(|of| of.checked_sub(v.value)),
            _ => Some(v.value),
        });
        let (text, chart) = n.map(show).unwrap_or_else(|| ("—".into(), String::new()));
        Cell {
            text,
            chart,
            metric: m.as_str(),
            region: code.to_string(),
            year: self.year,
            part,
            value: v.map(|v| v.value.to_string()).unwrap_or_default(),
            of: v
                .and_then(|v| v.of)
                .map(|o| o.to_string())
                .unwrap_or_default(),
        }
    }

    /// A plain count.
    fn count(&self, m: Metric, code: &str) -> Cell {
        self.cell(m, code, "value", counted)
    }

    /// A share's `value` as a percentage of its `of` (shown only).
    fn percent(&self, m: Metric, code: &str) -> Cell {
        let text = self
            .get(m, code)
            .and_then(|v| share(v.value, v.of.unwrap_or(0)))
            .unwrap_or_else(|| "—".into());
        Cell {
            text,
            ..Cell::default()
        }
    }
}

fn counted(n: i64) -> (String, String) {
    (n.to_string(), n.to_string())
}

/// Fen as 万元, shown and charted alike.
fn in_wan(fen: i64) -> (String, String) {
    let w = crate::base::format::wan(fen);
    (w.clone(), w)
}

/// Whole yuan with thousands separators; charted as the number.
fn whole_yuan(yuan: i64) -> (String, String) {
    let text = crate::base::format::yuan(yuan.saturating_mul(100));
    let text = text.strip_suffix(".00").unwrap_or(&text).to_string();
    (text, yuan.to_string())
}

/// `part` of `whole` as a percentage to one decimal (as the classification page shows a
/// share); none for an empty or negative whole.
fn share(part: i64, whole: i64) -> Option<String> {
    (whole > 0).then(|| format!("{:.1}%", part as f64 * 100.0 / whole as f64))
}

/// A cell showing text only.
fn text_cell(text: String) -> Cell {
    Cell {
        text,
        ..Cell::default()
    }
}

/// A count shown and charted, not a metric's figure itself (villages of a class, bands).
fn derived(n: i64) -> Cell {
    Cell {
        text: n.to_string(),
        chart: n.to_string(),
        ..Cell::default()
    }
}

pub(super) async fn page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<CockpitQuery>,
) -> Result<Response, AppError> {
    let scope = &auth.actor.scope;
    let db = &state.db;
    let asked = region_param(&q.region, "region")?;
    let chosen = year_param(q.year.as_deref())?;
    // The region: the one asked for, else the caller's own, else (the system) the first
    // district.
    let code = match asked.or_else(|| scope.root().cloned()) {
        Some(c) => c,
        None => store::region::all(db, scope)
            .await?
            .into_iter()
            .find(|r| r.parent_code.is_none() && !r.archived)
            .and_then(|r| RegionCode::parse(&r.code).ok())
            .ok_or_else(AppError::not_found)?,
    };
    let region = store::region::get(db, scope, code.as_str())
        .await?
        .ok_or_else(AppError::not_found)?;
    let years = store::ledger::classification::years(db, scope).await?;
    let year = chosen
        .or_else(|| years.last().copied())
        .unwrap_or_else(|| crate::base::format::today().year());
    if code.level() == Level::Village {
        // A village is seen on its own profile page.
        let to = format!("{}?year={year}", url::region(code.as_str()));
        return Ok(Redirect::to(&to).into_response());
    }
    let parent = match &region.parent_code {
        Some(p) => store::region::get(db, scope, p).await?,
        None => None,
    };
    let filter = store::region::Filter {
        parent_code: Some(region.code.clone()),
        ..Default::default()
    };
    let (children, _) = store::region::list(db, scope, &filter, store::Page::all()).await?;
    let villages = store::region::villages_under(db, scope, &code).await?;
    // The region, the regions below it and every village under it: one load per metric.
    let mut wanted: Vec<RegionCode> = vec![code.clone()];
    let mut seen: BTreeSet<String> = BTreeSet::from([code.as_str().to_string()]);
    for c in children
        .iter()
        .filter_map(|c| RegionCode::parse(&c.code).ok())
        .chain(villages.iter().cloned())
    {
        if seen.insert(c.as_str().to_string()) {
            wanted.push(c);
        }
    }
    let figures = load(&state, scope, &METRICS, &code, &wanted, year).await?;
    // The trend: operating income and strong villages of the years with books around the
    // chosen one (its figures already loaded).
    let mut trend = Vec::new();
    let shown = trend_years(&years, year);
    for y in shown {
        if y == year {
            trend.push(Figures {
                year,
                by: figures.by.clone(),
            });
        } else {
            let metrics = [Metric::OperatingIncome, Metric::StrongVillages];
            trend.push(
                load(
                    &state,
                    scope,
                    &metrics,
                    &code,
                    std::slice::from_ref(&code),
                    y,
                )
                .await?,
            );
        }
    }
    let bands = store::dashboard::published_bands(db, scope, &code, year).await?;
    let tr = &ctx.tr;
    let t = |key: &str| tr.t(key);
    let rows_of = Rows {
        region: &region,
        children: &children,
        year,
        total_label: tr.t1("dashboard-total", "region", &region.name),
    };
    let code_s = region.code.clone();
    let mut panels = Vec::new();

    // 1. Operating income and the strong-village share over the years.
    let n_villages = villages.len() as i64;
    panels.push(Panel {
        id: "income",
        title: t("dashboard-panel-income"),
        note: t("dashboard-note-income"),
        head: t("dashboard-col-year"),
        columns: vec![
            Column::bar(t("dashboard-col-operating_income")),
            Column::table(t("dashboard-col-strong")),
            Column::table(t("dashboard-col-villages")),
            Column::line(t("dashboard-col-strong_share")),
        ],
        rows: trend
            .iter()
            .map(|f| {
                let strong = f.get(Metric::StrongVillages, &code_s);
                let share_text = strong.and_then(|s| share(s.value, n_villages));
                let share_chart = strong
                    .filter(|_| n_villages > 0)
                    .map(|s| format!("{:.1}", s.value as f64 * 100.0 / n_villages as f64))
                    .unwrap_or_default();
                Row {
                    label: f.year.to_string(),
                    code: code_s.clone(),
                    href: Some(url::dashboard_of(&code_s, f.year)),
                    cells: vec![
                        f.cell(Metric::OperatingIncome, &code_s, "value", in_wan),
                        f.count(Metric::StrongVillages, &code_s),
                        derived(n_villages),
                        Cell {
                            text: share_text.unwrap_or_else(|| "—".into()),
                            chart: share_chart,
                            ..Cell::default()
                        },
                    ],
                    records: Some(format!("{}?year={}", url::LEDGER_CLASSIFICATION, f.year)),
                    total: false,
                }
            })
            .collect(),
        links: vec![(
            t("dashboard-link-classification"),
            format!("{}?year={year}", url::LEDGER_CLASSIFICATION),
        )],
    });

    // 2. The classification distribution of the year: villages of each class.
    let class_of: HashMap<&str, usize> = villages
        .iter()
        .filter_map(|v| {
            let c = figures.get(Metric::VillageClass, v.as_str())?;
            Some((v.as_str(), usize::try_from(c.value).ok()?))
        })
        .collect();
    let class_colors = ["#9e9e9e", "#ef6c00", "#1e88e5", "#2e7d32"];
    let mut class_columns: Vec<Column> = Class::ALL
        .iter()
        .zip(class_colors)
        .map(|(c, color)| Column::stacked(t(&format!("ledger-class-{}", c.as_str())), color))
        .collect();
    class_columns.push(Column::table(t("dashboard-col-strong_share")));
    panels.push(Panel {
        id: "classes",
        title: t("dashboard-panel-classes"),
        note: t("dashboard-note-classes"),
        head: t("dashboard-col-region"),
        columns: class_columns,
        rows: rows_of.build(|r| {
            let within = |v: &&RegionCode| r.contains(v);
            let mine: Vec<&RegionCode> = villages.iter().filter(within).collect();
            let mut cells: Vec<Cell> = (0..Class::ALL.len())
                .map(|i| {
                    let n = mine
                        .iter()
                        .filter(|v| class_of.get(v.as_str()) == Some(&i))
                        .count() as i64;
                    derived(n)
                })
                .collect();
            // The strong villages are the catalogue's figure for the region itself.
            if let Some(last) = cells.last_mut() {
                let strong = figures.count(Metric::StrongVillages, r.as_str());
                *last = Cell {
                    chart: last.chart.clone(),
                    text: last.text.clone(),
                    ..strong
                };
            }
            let strong = figures.get(Metric::StrongVillages, r.as_str());
            cells.push(text_cell(
                strong
                    .and_then(|s| share(s.value, mine.len() as i64))
                    .unwrap_or_else(|| "—".into()),
            ));
            (
                cells,
                Some(format!("{}?year={year}", url::LEDGER_CLASSIFICATION)),
            )
        }),
        links: vec![(
            t("dashboard-link-classification"),
            format!("{}?year={year}", url::LEDGER_CLASSIFICATION),
        )],
    });

    // 3. The collective economy's growth: operating income against the year before.
    panels.push(Panel {
        id: "growth",
        title: t("dashboard-panel-growth"),
        note: t("dashboard-note-growth"),
        head: t("dashboard-col-region"),
        columns: vec![
            Column::bar(t("dashboard-col-previous_year")),
            Column::bar(t("dashboard-col-this_year")),
            Column::table(t("dashboard-col-growth")),
            Column::table(t("dashboard-col-growth_rate")),
        ],
        rows: rows_of.build(|r| {
            let c = r.as_str();
            let cells = vec![
                figures.cell(Metric::OperatingIncomeGrowth, c, "of", in_wan),
                figures.cell(Metric::OperatingIncome, c, "value", in_wan),
                figures.cell(Metric::OperatingIncomeGrowth, c, "value", in_wan),
                figures.percent(Metric::OperatingIncomeGrowth, c),
            ];
            (
                cells,
                Some(format!("{}?year={year}", url::LEDGER_CLASSIFICATION)),
            )
        }),
        links: vec![(
            t("dashboard-link-classification"),
            format!("{}?year={year}", url::LEDGER_CLASSIFICATION),
        )],
    });

    // 4. The compliance board: meeting-rule cells met and missed (red) in the year.
    let board = format!("{}?from={year}-01&to={year}-12", url::MECHANISM_BOARD);
    panels.push(Panel {
        id: "compliance",
        title: t("dashboard-panel-compliance"),
        note: t("dashboard-note-compliance"),
        head: t("dashboard-col-region"),
        columns: vec![
            Column::stacked(t("dashboard-col-met"), "#2e7d32"),
            Column::stacked(t("dashboard-col-missed"), "#c62828"),
            Column::table(t("dashboard-col-due")),
            Column::table(t("dashboard-col-rate")),
        ],
        rows: rows_of.build(|r| {
            let c = r.as_str();
            let m = Metric::MeetingCompliance;
            let cells = vec![
                figures.count(m, c),
                figures.cell(m, c, "missed", counted),
                figures.cell(m, c, "of", counted),
                figures.percent(m, c),
            ];
            (cells, Some(board.clone()))
        }),
        links: vec![(t("dashboard-link-board"), board.clone())],
    });

    // 5. Problems open past their deadline, and those due in the year closed on time.
    let problems = |c: &str| {
        format!(
            "{}?region={}&overdue=1",
            url::MECHANISM_PROBLEMS,
            url::encode(c)
        )
    };
    panels.push(Panel {
        id: "problems",
        title: t("dashboard-panel-problems"),
        note: t("dashboard-note-problems"),
        head: t("dashboard-col-region"),
        columns: vec![
            Column::bar(t("dashboard-col-past_deadline")),
            Column::bar(t("dashboard-col-closed_on_time")),
            Column::table(t("dashboard-col-due_in_year")),
            Column::table(t("dashboard-col-rate")),
        ],
        rows: rows_of.build(|r| {
            let c = r.as_str();
            let m = Metric::ProblemsClosedOnTime;
            let cells = vec![
                figures.count(Metric::ProblemsPastDeadline, c),
                figures.count(m, c),
                figures.cell(m, c, "of", counted),
                figures.percent(m, c),
            ];
            (cells, Some(problems(c)))
        }),
        links: vec![(t("dashboard-link-problems"), problems(&code_s))],
    });

    // 6. Training coverage of the village Party secretaries, and reserve cadres.
    let coverage = |c: &str| {
        format!(
            "{}?year={year}&region={}",
            url::PEOPLE_TRAININGS_COVERAGE,
            url::encode(c)
        )
    };
    let talent = |c: &str| {
        format!(
            "{}?pool=reserve_cadre&region={}",
            url::PEOPLE_TALENT,
            url::encode(c)
        )
    };
    panels.push(Panel {
        id: "people",
        title: t("dashboard-panel-people"),
        note: t("dashboard-note-people"),
        head: t("dashboard-col-region"),
        columns: vec![
            Column::bar(t("dashboard-col-trained")),
            Column::bar(t("dashboard-col-secretaries")),
            Column::table(t("dashboard-col-coverage")),
            Column::bar(t("dashboard-col-reserve_cadres")),
        ],
        rows: rows_of.build(|r| {
            let c = r.as_str();
            let m = Metric::TrainingCoverage;
            let cells = vec![
                figures.count(m, c),
                figures.cell(m, c, "of", counted),
                figures.percent(m, c),
                figures.count(Metric::ReserveCadres, c),
            ];
            (cells, Some(coverage(c)))
        }),
        links: vec![
            (t("dashboard-link-coverage"), coverage(&code_s)),
            (t("dashboard-link-talent"), talent(&code_s)),
        ],
    });

    // 7. Industry: gross income, villagers employed, households earning wages.
    let industry = |c: &str| format!("{}?year={year}#section-industry", url::region(c));
    panels.push(Panel {
        id: "industry",
        title: t("dashboard-panel-industry"),
        note: t("dashboard-note-industry"),
        head: t("dashboard-col-region"),
        columns: vec![
            Column::bar(t("dashboard-col-industry_income")),
            Column::right_bar(t("dashboard-col-workers")),
            Column::right_bar(t("dashboard-col-households")),
        ],
        rows: rows_of.build(|r| {
            let c = r.as_str();
            let cells = vec![
                figures.cell(Metric::IndustryGrossIncome, c, "value", whole_yuan),
                figures.count(Metric::IndustryWorkers, c),
                figures.count(Metric::IndustryHouseholds, c),
            ];
            (cells, Some(industry(c)))
        }),
        links: vec![(t("dashboard-link-industry"), url::INDUSTRY.to_string())],
    });

    // 8. Assessment bands of the year's published village results.
    let band_colors = ["#2e7d32", "#1e88e5", "#9e9e9e", "#ef6c00", "#c62828"];
    let mut band_columns: Vec<Column> = Band::ALL
        .iter()
        .zip(band_colors)
        .map(|(b, color)| Column::stacked(t(&format!("assessment-band-{}", b.as_str())), color))
        .collect();
    band_columns.push(Column::table(t("dashboard-col-unpublished")));
    let assessments = url::assessments_of(year);
    panels.push(Panel {
        id: "assessment",
        title: t("dashboard-panel-assessment"),
        note: t("dashboard-note-assessment"),
        head: t("dashboard-col-region"),
        columns: band_columns,
        rows: rows_of.build(|r| {
            let mine = villages.iter().filter(|v| r.contains(v)).count() as i64;
            let banded: Vec<&Band> = bands
                .iter()
                .filter(|(v, _)| r.contains(v))
                .map(|(_, b)| b)
                .collect();
            let mut cells: Vec<Cell> = Band::ALL
                .iter()
                .map(|b| derived(banded.iter().filter(|x| **x == b).count() as i64))
                .collect();
            cells.push(derived(mine - banded.len() as i64));
            (cells, Some(assessments.clone()))
        }),
        links: vec![(t("dashboard-link-assessment"), assessments.clone())],
    });

    // 9. Disclosures overdue and villagers' feedback answered in time.
    let disclosures =
        |c: &str| format!("{}?region={}&year={year}", url::DISCLOSURES, url::encode(c));
    let feedback = |c: &str| format!("{}?region={}", url::FEEDBACK, url::encode(c));
    panels.push(Panel {
        id: "disclosure",
        title: t("dashboard-panel-disclosure"),
        note: t("dashboard-note-disclosure"),
        head: t("dashboard-col-region"),
        columns: vec![
            Column::bar(t("dashboard-col-disclosures_overdue")),
            Column::bar(t("dashboard-col-answered_in_time")),
            Column::table(t("dashboard-col-feedback_due")),
            Column::table(t("dashboard-col-rate")),
        ],
        rows: rows_of.build(|r| {
            let c = r.as_str();
            let m = Metric::FeedbackAnsweredInTime;
            let cells = vec![
                figures.count(Metric::DisclosuresOverdue, c),
                figures.count(m, c),
                figures.cell(m, c, "of", counted),
                figures.percent(m, c),
            ];
            (cells, Some(disclosures(c)))
        }),
        links: vec![
            (t("dashboard-link-disclosures"), disclosures(&code_s)),
            (t("dashboard-link-feedback"), feedback(&code_s)),
        ],
    });

    let mut year_choices: Vec<i32> = years.clone();
    let this_year = crate::base::format::today().year();
    for y in [year, this_year] {
        if !year_choices.contains(&y) {
            year_choices.push(y);
        }
    }
    year_choices.sort_unstable_by(|a, b| b.cmp(a));
    render(&CockpitPage {
        ctx: PageCtx::new(&ctx, "dashboard"),
        region,
        parent,
        year,
        years: year_choices,
        panels,
        echarts: super::ECHARTS,
        script: super::SCRIPT,
        style: super::STYLE,
    })
}

/// The years of the trend: those with books and the chosen one, at most [`TREND_YEARS`],
/// the latest up to the chosen year first, then the years after it, in order.
fn trend_years(years: &[i32], year: i32) -> Vec<i32> {
    let mut all: Vec<i32> = years.to_vec();
    if !all.contains(&year) {
        all.push(year);
    }
    all.sort_unstable();
    let upto: Vec<i32> = all.iter().copied().filter(|y| *y <= year).collect();
    let mut shown: Vec<i32> = upto[upto.len().saturating_sub(TREND_YEARS)..].to_vec();
    for y in all.into_iter().filter(|y| *y > year) {
        if shown.len() >= TREND_YEARS {
            break;
        }
        shown.push(y);
    }
    shown
}

/// The figures of `metrics` for each of `regions` in `year`, by metric and code.
async fn load(
    state: &AppState,
    scope: &domain::identity::Scope,
    metrics: &[Metric],
    region: &RegionCode,
    regions: &[RegionCode],
    year: i32,
) -> Result<Figures, AppError> {
    let loaded =
        store::metrics::for_regions(&state.db, scope, metrics, region, regions, year).await?;
    let mut by = HashMap::new();
    for (m, values) in loaded {
        for (r, v) in regions.iter().zip(values) {
            if let Some(v) = v {
                by.insert((m, r.as_str().to_string()), v);
            }
        }
    }
    Ok(Figures { year, by })
}

/// The rows of a panel by region: the region itself (合计) first, then each region below it.
struct Rows<'a> {
    region: &'a RegionRecord,
    children: &'a [RegionRecord],
    year: i32,
    total_label: String,
}

impl Rows<'_> {
    /// One row per region, its cells and records link from `cells`.
    fn build(&self, cells: impl Fn(&RegionCode) -> (Vec<Cell>, Option<String>)) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.children.len() + 1);
        for (r, total) in
            std::iter::once((self.region, true)).chain(self.children.iter().map(|c| (c, false)))
        {
            let Ok(code) = RegionCode::parse(&r.code) else {
                continue;
            };
            let (cells, records) = cells(&code);
            let href = if total {
                None
            } else if code.level() == Level::Village {
                Some(format!("{}?year={}", url::region(&r.code), self.year))
            } else {
                Some(url::dashboard_of(&r.code, self.year))
            };
            rows.push(Row {
                label: if total {
                    self.total_label.clone()
                } else {
                    r.name.clone()
                },
                code: r.code.clone(),
                href,
                cells,
                records,
                total,
            });
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trend_keeps_the_chosen_year_in_its_window() {
        let years: Vec<i32> = (2015..=2026).collect();
        assert_eq!(trend_years(&years, 2020), (2015..=2022).collect::<Vec<_>>());
        assert_eq!(trend_years(&years, 2026), (2019..=2026).collect::<Vec<_>>());
        assert_eq!(trend_years(&[2020, 2021], 2020), [2020, 2021]);
        assert_eq!(trend_years(&[], 2024), [2024]);
        assert_eq!(trend_years(&[2020], 2024), [2020, 2024]);
    }
}
