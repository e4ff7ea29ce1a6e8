//! Storage of the report pack (一键报表, issue 16): 农经 statistical returns and programme tables for a
//! region and year, as pages, JSON and one .xlsx workbook.
//!
//! Nothing here computes a figure a second time: 表六 and 表七 read each book's own statements
//! (`ledger::reports::income_statement` / `balance_sheet`, from the maintained period balances),
//! mapped onto the statistical form by `domain::reports::layout`; 表六's appended counts and the
//! classification table are `ledger::classification::classify`'s; the programme tables are the
//! metrics catalogue's figures (`metrics::value`, `metrics::by_village_many`).

use crate::ledger::{classification, reports as statements};
use crate::{Db, StoreError, on_pool};
use domain::identity::{Scope, prefix_range};
use domain::ledger::{AccountingSystem, Class, Period};
use domain::metrics::{Metric, MetricValue, Unit};
use domain::money::OVERFLOW;
use domain::region::{Level, RegionCode};
use domain::reports::layout::{ReportLayout, Return, add_into};
use domain::reports::table::{Column, Row, Table, TableCode, Text, Value};
use domain::{DomainError, FieldError};
use serde::Serialize;

/// `money.overflow` as the ledger reports it (a conflict the user is told about); any other
/// layout error as it is.
fn lift(e: FieldError) -> StoreError {
    if e.code == OVERFLOW {
        DomainError::Conflict(OVERFLOW).into()
    } else {
        e.into()
    }
}

/// 表六 and 表七 of one village (or their sum over a region): amounts per layout line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Returns {
    /// 表六: the year's amounts.
    pub t6: Vec<i64>,
    /// 表七 at the start of the year (年初数).
    pub t7_start: Vec<i64>,
    /// 表七 at the end of the year (年末数).
    pub t7_end: Vec<i64>,
    /// Books read.
    pub books: usize,
}

impl Returns {
    fn zero(t6: usize, t7: usize) -> Returns {
        Returns {
            t6: vec![0; t6],
            t7_start: vec![0; t7],
            t7_end: vec![0; t7],
            books: 0,
        }
    }

    fn add(&mut self, other: &Returns) -> Result<(), StoreError> {
        add_into(&mut self.t6, &other.t6).map_err(lift)?;
        add_into(&mut self.t7_start, &other.t7_start).map_err(lift)?;
        add_into(&mut self.t7_end, &other.t7_end).map_err(lift)?;
        self.books += other.books;
        Ok(())
    }
}

/// A village's returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VillageReturns {
    pub region_code: String,
    pub name: String,
    pub returns: Returns,
}

/// 表六's appended counts of villages by operating income (the classification's figure under
/// the year's measure; thresholds the classification's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IncomeCounts {
    pub villages: usize,
    /// No operating income (zero or less).
    pub none: usize,
    /// Above zero and below the shell threshold (50,000 yuan by default).
    pub under_shell: usize,
    /// From the shell threshold and below the weak one (50,000–100,000 yuan).
    pub shell_to_weak: usize,
    /// From the weak threshold (100,000 yuan and more).
    pub from_weak: usize,
    /// Of which from the strong threshold (500,000 yuan and more).
    pub strong: usize,
}

/// 表六 and 表七 for a region and year with the classification they are appended with.
#[derive(Debug, Clone, Serialize)]
pub struct Pack {
    pub region: String,
    pub year: i32,
    /// The layouts' lines (the same under both charts).
    #[serde(skip)]
    pub t6_layout: ReportLayout,
    #[serde(skip)]
    pub t7_layout: ReportLayout,
    /// The sum over the region's villages.
    pub total: Returns,
    /// Every active village under the region, in code order (zeros without books).
    pub villages: Vec<VillageReturns>,
    pub counts: IncomeCounts,
    pub classification: classification::Classification,
}

#[derive(sqlx::FromRow)]
struct BookRow {
    id: String,
    accounting_system: String,
    region_code: String,
}

/// One book's returns: its statements for the whole year, mapped by the layouts of its chart
/// and checked against their relations.
async fn book_returns(
    db: &Db,
    scope: &Scope,
    book: &BookRow,
    year: i32,
) -> Result<Returns, StoreError> {
    let system = AccountingSystem::parse(&book.accounting_system)?;
    let jan = Period::new(year, 1).ok_or(DomainError::NotFound)?;
    let dec = Period::new(year, 12).ok_or(DomainError::NotFound)?;
    let income = statements::income_statement(db, scope, &book.id, jan, dec).await?;
    let sheet = statements::balance_sheet(db, scope, &book.id, dec).await?;
    let t6 = ReportLayout::shipped(Return::T6, system)?;
    let t7 = ReportLayout::shipped(Return::T7, system)?;
    let r = Returns {
        t6: t6.evaluate(&income.lines).map_err(lift)?,
        t7_start: t7
            .evaluate(sheet.year_start.as_deref().unwrap_or(&[]))
            .map_err(lift)?,
        t7_end: t7.evaluate(&sheet.lines).map_err(lift)?,
        books: 1,
    };
    check(&t6, &t7, &r)?;
    Ok(r)
}

fn check(t6: &ReportLayout, t7: &ReportLayout, r: &Returns) -> Result<(), StoreError> {
    t6.check_relations(&r.t6)?;
    t7.check_relations(&r.t7_start)?;
    t7.check_relations(&r.t7_end)?;
    Ok(())
}

/// 表六 and 表七 of `region` (its subtree, which must lie in `scope`; `None` otherwise) for
/// `year`: every book of the year of an organisation of an active village under the region,
/// summed with checked arithmetic (`money.overflow`); per village too. Every village's and the
/// total's relations are checked (`reports.relation_broken`).
pub async fn pack(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    year: i32,
) -> Result<Option<Pack>, StoreError> {
    if !scope.contains(region) {
        return Ok(None);
    }
    let t6_layout = ReportLayout::shipped(Return::T6, AccountingSystem::Cs2004)?;
    let t7_layout = ReportLayout::shipped(Return::T7, AccountingSystem::Cs2004)?;
    let sub = Scope::region(region.clone());
    let classification = classification::classify(db, &sub, year).await?;
    let (lo, hi) = prefix_range(region.subtree_prefix());
    let books: Vec<BookRow> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT b.id, b.accounting_system, o.region_code
             FROM ledger_books b
             JOIN ledger_orgs o ON o.id = b.org_id
             JOIN regions r ON r.code = o.region_code
             WHERE b.year = $1 AND o.region_code >= $2 AND o.region_code < $3
               AND r.level = 'village' AND NOT r.archived
             ORDER BY o.region_code, b.id",
        )
        .bind(year)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    let (n6, n7) = (t6_layout.lines.len(), t7_layout.lines.len());
    let mut total = Returns::zero(n6, n7);
    let mut villages = Vec::with_capacity(classification.rows.len());
    for v in &classification.rows {
        let mut returns = Returns::zero(n6, n7);
        for b in books.iter().filter(|b| b.region_code == v.region_code) {
            returns.add(&book_returns(db, &sub, b, year).await?)?;
        }
        check(&t6_layout, &t7_layout, &returns)?;
        total.add(&returns)?;
        villages.push(VillageReturns {
            region_code: v.region_code.clone(),
            name: v.name.clone(),
            returns,
        });
    }
    check(&t6_layout, &t7_layout, &total)?;
    let counts = income_counts(&classification);
    Ok(Some(Pack {
        region: region.as_str().to_string(),
        year,
        t6_layout,
        t7_layout,
        total,
        villages,
        counts,
        classification,
    }))
}

/// 表六's appended counts from the classification's figures and thresholds.
pub fn income_counts(c: &classification::Classification) -> IncomeCounts {
    let t = c.thresholds;
    let count = |f: &dyn Fn(i64) -> bool| c.rows.iter().filter(|r| f(r.figure)).count();
    IncomeCounts {
        villages: c.rows.len(),
        none: count(&|f| f <= 0),
        under_shell: count(&|f| f > 0 && f < t.shell_below),
        shell_to_weak: count(&|f| f >= t.shell_below && f < t.weak_below),
        from_weak: count(&|f| f >= t.weak_below),
        strong: count(&|f| f >= t.strong_from),
    }
}

fn returns_table(pack: &Pack, code: TableCode) -> Table {
    let (layout, columns, values): (&ReportLayout, Vec<Column>, Vec<Vec<i64>>) = match code {
        TableCode::T7 => (
            &pack.t7_layout,
            vec![
                column("start", "reports-col-year-start"),
                column("end", "reports-col-year-end"),
            ],
            vec![pack.total.t7_start.clone(), pack.total.t7_end.clone()],
        ),
        _ => (
            &pack.t6_layout,
            vec![column("amount", "reports-col-amount")],
            vec![pack.total.t6.clone()],
        ),
    };
    let mut rows: Vec<Row> = layout
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| Row {
            code: l.line.to_string(),
            label: Text::Captions {
                zh: l.caption_zh.clone(),
                en: l.caption_en.clone(),
            },
            values: values
                .iter()
                .map(|col| Value::Fen {
                    fen: col.get(i).copied().unwrap_or(0),
                })
                .collect(),
        })
        .collect();
    if code == TableCode::T6 {
        let c = &pack.counts;
        let t = pack.classification.thresholds;
        let yuan = |fen: i64| grouped(fen / 100);
        let counted = |key: &str, n: usize| Row {
            code: String::new(),
            label: Text::message(format!("reports-t6-{key}"))
                .with("shell", yuan(t.shell_below))
                .with("weak", yuan(t.weak_below))
                .with("strong", yuan(t.strong_from)),
            values: vec![Value::Count {
                count: i64::try_from(n).unwrap_or(i64::MAX),
            }],
        };
        rows.push(counted("villages", c.villages));
        rows.push(counted("none", c.none));
        rows.push(counted("under-shell", c.under_shell));
        rows.push(counted("shell-to-weak", c.shell_to_weak));
        rows.push(counted("from-weak", c.from_weak));
        rows.push(counted("strong", c.strong));
    }
    Table {
        code,
        title: Text::message(code.title_id()),
        code_label: Text::message("reports-col-line"),
        label_label: Text::message("reports-col-item"),
        columns,
        rows,
        source: Text::message(code.source_id())
            .with("books", pack.total.books.to_string())
            .with("villages", pack.villages.len().to_string())
            .with("measure", pack.classification.measure.as_str()),
    }
}

/// Whole yuan with thousands separators (50,000).
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn column(key: &str, id: &str) -> Column {
    Column {
        key: key.to_string(),
        label: Text::message(id),
    }
}

fn class_text(class: Class) -> Text {
    Text::message(format!("ledger-class-{}", class.as_str()))
}

fn classification_table(pack: &Pack) -> Table {
    let c = &pack.classification;
    let mut rows: Vec<Row> = c
        .rows
        .iter()
        .map(|v| Row {
            code: v.region_code.clone(),
            label: Text::Name(v.name.clone()),
            values: vec![
                Value::Fen { fen: v.figure },
                Value::Text {
                    text: class_text(v.class),
                },
            ],
        })
        .collect();
    for cc in &c.classes {
        rows.push(Row {
            code: String::new(),
            label: class_text(cc.class),
            values: vec![
                Value::Empty,
                Value::Share {
                    value: i64::try_from(cc.count).unwrap_or(i64::MAX),
                    of: i64::try_from(c.villages).unwrap_or(i64::MAX),
                },
            ],
        });
    }
    Table {
        code: TableCode::Classification,
        title: Text::message(TableCode::Classification.title_id()),
        code_label: Text::message("reports-col-region"),
        label_label: Text::message("reports-col-village"),
        columns: vec![
            Column {
                key: "operating_income".into(),
                label: Text::message(format!("reports-col-income-{}", c.measure.as_str())),
            },
            column("class", "reports-col-class"),
        ],
        rows,
        source: Text::message(TableCode::Classification.source_id())
            .with("measure", c.measure.as_str()),
    }
}

/// The metrics of a programme table, in its columns' order.
pub fn metrics_of(code: TableCode) -> &'static [Metric] {
    match code {
        TableCode::Training => &[
            Metric::TrainingCoverage,
            Metric::FirstSecretaryInPost,
            Metric::ReserveCadres,
        ],
        TableCode::Meetings => &[
            Metric::MeetingsHeld,
            Metric::MeetingCompliance,
            Metric::ProblemsClosedOnTime,
            Metric::ProblemsPastDeadline,
        ],
        TableCode::Industry => &[
            Metric::IndustryGrossIncome,
            Metric::IndustryWorkers,
            Metric::IndustryHouseholds,
            Metric::ProjectsOnSchedule,
        ],
        _ => &[],
    }
}

fn metric_value(metric: Metric, v: Option<MetricValue>) -> Value {
    match v {
        None => Value::Empty,
        Some(MetricValue {
            value,
            of: Some(of),
        }) => Value::Share { value, of },
        Some(MetricValue { value, of: None }) if metric.unit() == Unit::Fen => {
            Value::Fen { fen: value }
        }
        // Whole yuan shown as money, like every amount of the pack.
        Some(MetricValue { value, of: None }) if metric.unit() == Unit::Yuan => value
            .checked_mul(100)
            .map_or(Value::Empty, |fen| Value::Fen { fen }),
        Some(MetricValue { value, .. }) => Value::Count { count: value },
    }
}

/// A programme table: a row per region one level below `region` (its villages for a town,
/// its towns for a district; the village itself for a village), then the region's own row,
/// each figure the metrics catalogue's (`metrics::value`; a town's villages through
/// `metrics::by_village_many`, the same figures).
async fn metrics_table(
    db: &Db,
    scope: &Scope,
    code: TableCode,
    region: &RegionCode,
    year: i32,
) -> Result<Table, StoreError> {
    let metrics = metrics_of(code);
    let sub = Scope::region(region.clone());
    let regions = crate::region::all(db, &sub).await?;
    let name_of = |c: &str| {
        regions
            .iter()
            .find(|r| r.code == c)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    if region.level() == Level::Town {
        let figures = crate::metrics::by_village_many(db, scope, metrics, region, year).await?;
        let villages: Vec<RegionCode> = figures
            .first()
            .map(|(_, rows)| rows.iter().map(|(v, _)| v.clone()).collect())
            .unwrap_or_default();
        for (i, v) in villages.iter().enumerate() {
            rows.push(Row {
                code: v.as_str().to_string(),
                label: Text::Name(name_of(v.as_str())),
                values: figures
                    .iter()
                    .map(|(m, rows)| metric_value(*m, rows.get(i).and_then(|(_, f)| *f)))
                    .collect(),
            });
        }
    } else if region.level() == Level::District {
        let mut towns: Vec<&crate::region::RegionRecord> = regions
            .iter()
            .filter(|r| r.parent_code.as_deref() == Some(region.as_str()) && !r.archived)
            .collect();
        towns.sort_by(|a, b| a.code.cmp(&b.code));
        for t in towns {
            let Ok(code) = RegionCode::parse(&t.code) else {
                continue;
            };
            let mut values = Vec::with_capacity(metrics.len());
            for m in metrics {
                values.push(metric_value(
                    *m,
                    crate::metrics::value(db, scope, *m, &code, year).await?,
                ));
            }
            rows.push(Row {
                code: t.code.clone(),
                label: Text::Name(t.name.clone()),
                values,
            });
        }
    }
    let mut values = Vec::with_capacity(metrics.len());
    for m in metrics {
        values.push(metric_value(
            *m,
            crate::metrics::value(db, scope, *m, region, year).await?,
        ));
    }
    rows.push(Row {
        code: region.as_str().to_string(),
        label: Text::message("reports-row-total").with("name", name_of(region.as_str())),
        values,
    });
    Ok(Table {
        code,
        title: Text::message(code.title_id()),
        code_label: Text::message("reports-col-region"),
        label_label: Text::message("reports-col-name"),
        columns: metrics
            .iter()
            .map(|m| Column {
                key: m.as_str().to_string(),
                label: Text::message(m.label_id()),
            })
            .collect(),
        rows,
        source: Text::message(code.source_id()),
    })
}

/// Where each programme fact (F1–F15, `/work/shared/data/programme-facts.md`) lives: the
/// metric whose figure states it, or none for a fact held as records (a project's history,
/// a plan, stations), whose row names the module.
const FACTS: [(&str, Option<Metric>); 17] = [
    ("f1", None),
    ("f2", Some(Metric::IndustryGrossIncome)),
    ("f3", Some(Metric::IndustryWorkers)),
    ("f4", None),
    ("f5", None),
    ("f6", Some(Metric::MeetingCompliance)),
    ("f7", None),
    ("f8", None),
    ("f9", Some(Metric::TrainingCoverage)),
    ("f9", Some(Metric::FirstSecretaryInPost)),
    ("f10", Some(Metric::ReserveCadres)),
    ("f11", None),
    ("f12", None),
    ("f13", Some(Metric::ProjectsOnSchedule)),
    ("f14", Some(Metric::StrongVillages)),
    ("f15", Some(Metric::FeedbackAnsweredInTime)),
    ("f15", Some(Metric::DisclosuresOverdue)),
];

/// The programme facts table: a row per fact and metric, its figure the metrics catalogue's
/// for the region and year (F14, strong villages, `of` the classification's villages, so
/// its share is 29.4 % on the demo's 2020).
async fn facts_table(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    year: i32,
    pack: &Pack,
) -> Result<Table, StoreError> {
    let mut rows = Vec::with_capacity(FACTS.len());
    for (key, metric) in FACTS {
        let (figure, holder) = match metric {
            Some(m) => {
                let v = crate::metrics::value(db, scope, m, region, year).await?;
                let figure = match (m, v) {
                    (Metric::StrongVillages, Some(v)) => Value::Share {
                        value: v.value,
                        of: i64::try_from(pack.classification.villages).unwrap_or(i64::MAX),
                    },
                    _ => metric_value(m, v),
                };
                (figure, Text::message(m.label_id()))
            }
            None => (
                Value::Empty,
                Text::message(format!("reports-fact-{key}-where")),
            ),
        };
        rows.push(Row {
            code: key.to_uppercase(),
            label: Text::message(format!("reports-fact-{key}")),
            values: vec![figure, Value::Text { text: holder }],
        });
    }
    Ok(Table {
        code: TableCode::Facts,
        title: Text::message(TableCode::Facts.title_id()),
        code_label: Text::message("reports-col-fact"),
        label_label: Text::message("reports-col-item"),
        columns: vec![
            column("figure", "reports-col-figure"),
            column("source", "reports-col-held-by"),
        ],
        rows,
        source: Text::message(TableCode::Facts.source_id()),
    })
}

/// The assessment ranking: every subject under `region` in the latest published version of
/// each assessment of `year` the caller sees (`assessment::runs`, results as published: a
/// later voucher never moves them), by scheme and rank.
async fn assessment_table(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    year: i32,
) -> Result<Table, StoreError> {
    use crate::assessment::runs;
    let sub = Scope::region(region.clone());
    let mut latest: Vec<runs::RunRecord> = Vec::new();
    for r in runs::list(db, scope, Some(year)).await? {
        if r.state != domain::assessment::State::Published.as_str() {
            continue;
        }
        match latest.iter_mut().find(|l| l.scheme_id == r.scheme_id) {
            Some(l) if l.version < r.version => *l = r,
            Some(_) => {}
            None => latest.push(r),
        }
    }
    let names = crate::region::all(db, &sub).await?;
    let name_of = |c: &str| {
        names
            .iter()
            .find(|r| r.code == c)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    for run in latest {
        // Results filtered to the region's subtree (within the caller's scope).
        let Some(view) = runs::view(db, &sub, &run.id).await? else {
            continue;
        };
        for s in view.subjects {
            rows.push(Row {
                code: s.result.region_code.clone(),
                label: Text::Name(name_of(&s.result.region_code)),
                values: vec![
                    Value::Text {
                        text: Text::Name(view.scheme.scheme.title.clone()),
                    },
                    Value::Points {
                        hundredths: s.result.total,
                    },
                    Value::Count {
                        count: i64::from(s.result.rank),
                    },
                    Value::Text {
                        text: Text::message(format!("assessment-band-{}", s.result.band)),
                    },
                ],
            });
        }
    }
    Ok(Table {
        code: TableCode::Assessment,
        title: Text::message(TableCode::Assessment.title_id()),
        code_label: Text::message("reports-col-region"),
        label_label: Text::message("reports-col-name"),
        columns: vec![
            column("scheme", "reports-col-scheme"),
            column("total", "reports-col-total"),
            column("rank", "reports-col-rank"),
            column("band", "reports-col-band"),
        ],
        rows,
        source: Text::message(TableCode::Assessment.source_id()),
    })
}

/// The recruitment table: each campaign of `year` held by the region or a region under it
/// (`people::recruitment`), with its positions' quotas, applicants and hires (the records'
/// own counts), then the totals.
async fn recruitment_table(db: &Db, region: &RegionCode, year: i32) -> Result<Table, StoreError> {
    use crate::people::recruitment;
    let sub = Scope::region(region.clone());
    let count = |n: usize| Value::Count {
        count: i64::try_from(n).unwrap_or(i64::MAX),
    };
    let mut rows = Vec::new();
    let (mut quota_all, mut applied_all, mut hired_all) = (0i64, 0usize, 0usize);
    for c in recruitment::list_campaigns(db, &sub, false).await? {
        if c.year != year {
            continue;
        }
        let positions = recruitment::positions(db, &sub, &c.id).await?;
        let applicants = recruitment::applicants(db, &sub, &c.id).await?;
        let quota = positions
            .iter()
            .try_fold(0i64, |a, p| a.checked_add(p.quota))
            .ok_or(DomainError::Conflict(OVERFLOW))?;
        let hired = applicants.iter().filter(|a| a.result == "hired").count();
        quota_all = quota_all
            .checked_add(quota)
            .ok_or(DomainError::Conflict(OVERFLOW))?;
        applied_all += applicants.len();
        hired_all += hired;
        rows.push(Row {
            code: c.region_code.clone(),
            label: Text::Name(c.title.clone()),
            values: vec![
                Value::Text {
                    text: Text::message(format!("pt-kind-{}", c.kind)),
                },
                Value::Count { count: quota },
                count(applicants.len()),
                count(hired),
            ],
        });
    }
    rows.push(Row {
        code: String::new(),
        label: Text::message("reports-row-all"),
        values: vec![
            Value::Empty,
            Value::Count { count: quota_all },
            count(applied_all),
            count(hired_all),
        ],
    });
    Ok(Table {
        code: TableCode::Recruitment,
        title: Text::message(TableCode::Recruitment.title_id()),
        code_label: Text::message("reports-col-region"),
        label_label: Text::message("reports-col-campaign"),
        columns: vec![
            column("kind", "reports-col-kind"),
            column("quota", "reports-col-quota"),
            column("applicants", "reports-col-applicants"),
            column("hired", "reports-col-hired"),
        ],
        rows,
        source: Text::message(TableCode::Recruitment.source_id()),
    })
}

/// One table of the pack for `region` (in `scope`; `None` outside it) and `year`.
pub async fn table(
    db: &Db,
    scope: &Scope,
    code: TableCode,
    region: &RegionCode,
    year: i32,
) -> Result<Option<Table>, StoreError> {
    if !scope.contains(region) {
        return Ok(None);
    }
    Ok(Some(match code {
        TableCode::T6 | TableCode::T7 | TableCode::Classification | TableCode::Facts => {
            let Some(p) = pack(db, scope, region, year).await? else {
                return Ok(None);
            };
            if code == TableCode::Facts {
                facts_table(db, scope, region, year, &p).await?
            } else {
                ledger_table(&p, code)
            }
        }
        TableCode::Assessment => assessment_table(db, scope, region, year).await?,
        TableCode::Recruitment => recruitment_table(db, region, year).await?,
        _ => metrics_table(db, scope, code, region, year).await?,
    }))
}

fn ledger_table(p: &Pack, code: TableCode) -> Table {
    match code {
        TableCode::Classification => classification_table(p),
        _ => returns_table(p, code),
    }
}

/// Every table of the pack, in [`TableCode::ALL`]'s order (the ledger's returns built once).
pub async fn tables(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    year: i32,
) -> Result<Option<Vec<Table>>, StoreError> {
    let Some(p) = pack(db, scope, region, year).await? else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(TableCode::ALL.len());
    for code in TableCode::ALL {
        out.push(match code {
            TableCode::T6 | TableCode::T7 | TableCode::Classification => ledger_table(&p, code),
            TableCode::Facts => facts_table(db, scope, region, year, &p).await?,
            TableCode::Assessment => assessment_table(db, scope, region, year).await?,
            TableCode::Recruitment => recruitment_table(db, region, year).await?,
            _ => metrics_table(db, scope, code, region, year).await?,
        });
    }
    Ok(Some(out))
}
