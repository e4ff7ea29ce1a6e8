//! `zhenxing bench compliance`: the speed target of issue 4. Generates into an empty database
//! a synthetic district (villages under towns of 20, guide and liaison assignments, years of
//! meetings as the seeded rules ask with a few missed, visits and problems in every state),
//! then times the compliance board of the last year for the whole district.
//!
//! The district's regions go through the store (one audited import); the mechanism's rows are
//! written with multi-row INSERTs in one transaction, not through the audited one-by-one
//! store functions (a million statements would time the generator, not the board). The data
//! are deterministic: the same options give the same rows (ids and timestamps aside).

use chrono::{Datelike, Duration, NaiveDate};
use domain::identity::{Actor, Scope};
use domain::ledger::Period;
use domain::region::RegionInput;
use store::{Db, Tx};

/// Villages per town.
const PER_TOWN: usize = 20;
/// The first year generated.
const FIRST_YEAR: i32 = 2021;
/// The synthetic district (not a real code of Anhui's).
const DISTRICT: &str = "340899";

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub villages: usize,
    pub assignments: usize,
    pub years: i32,
    pub runs: usize,
}

/// What was generated and how fast the board answered.
#[derive(Debug, Default)]
pub struct Report {
    pub towns: usize,
    pub villages: usize,
    pub assignments: usize,
    pub meetings: usize,
    pub visits: usize,
    pub problems: usize,
    pub generate_secs: f64,
    pub year: i32,
    pub cells: usize,
    pub missed: usize,
    /// Median of the runs, in milliseconds.
    pub board_ms: f64,
}

/// A tiny deterministic generator (64-bit LCG, high bits): reproducible data, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// One cell of a bulk row.
enum Val {
    Text(String),
    Null,
    Int(i64),
    Bool(bool),
}

fn t(s: impl Into<String>) -> Val {
    Val::Text(s.into())
}

/// Rows of one table, written by [`Rows::flush`] in multi-row statements.
struct Rows {
    table: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<Val>>,
    written: usize,
}

impl Rows {
    fn new(table: &'static str, columns: &'static [&'static str]) -> Rows {
        Rows {
            table,
            columns,
            rows: Vec::new(),
            written: 0,
        }
    }

    async fn push(&mut self, tx: &mut Tx, row: Vec<Val>) -> Result<(), crate::demo::DemoError> {
        self.rows.push(row);
        if self.rows.len() >= 4096 {
            self.flush(tx).await?;
        }
        Ok(())
    }

    async fn flush(&mut self, tx: &mut Tx) -> Result<(), crate::demo::DemoError> {
        let n = self.columns.len();
        // Under SQLite's and PostgreSQL's limits on bound values per statement.
        let per = (30_000 / n).clamp(1, 1000);
        for chunk in self.rows.chunks(per) {
            let marks = tx.placeholders(0, chunk.len() * n);
            let values: Vec<String> = marks
                .chunks(n)
                .map(|row| format!("({})", row.join(", ")))
                .collect();
            let sql = format!(
                "INSERT INTO {} ({}) VALUES {}",
                self.table,
                self.columns.join(", "),
                values.join(", ")
            );
            store::on_tx!(&mut *tx, |conn| {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for row in chunk {
                    for v in row {
                        q = match v {
                            Val::Text(s) => q.bind(s.as_str()),
                            Val::Null => q.bind(None::<String>),
                            Val::Int(i) => q.bind(*i),
                            Val::Bool(b) => q.bind(*b),
                        };
                    }
                }
                q.execute(conn)
                    .await
                    .map_err(|e| format!("{}: {e}", self.table))?;
            });
        }
        self.written += self.rows.len();
        self.rows.clear();
        Ok(())
    }
}

const MEETING_COLUMNS: &[&str] = &[
    "id",
    "type_code",
    "region_code",
    "date",
    "start_time",
    "end_time",
    "place",
    "chair",
    "chair_user_id",
    "agenda",
    "minutes_html",
    "archived",
    "created_by",
    "created_at",
    "updated_at",
];

const VISIT_COLUMNS: &[&str] = &[
    "id",
    "visitor_user_id",
    "visitor_name",
    "region_code",
    "household",
    "date",
    "purpose",
    "findings",
    "archived",
    "created_by",
    "created_at",
    "updated_at",
];

const PROBLEM_COLUMNS: &[&str] = &[
    "id",
    "region_code",
    "title",
    "description",
    "owner_user_id",
    "owner_name",
    "deadline",
    "source_kind",
    "source_id",
    "parent_id",
    "weight",
    "progress",
    "state",
    "result",
    "evidence",
    "done_at",
    "closed_at",
    "closed_by",
    "archived",
    "created_at",
    "updated_at",
];

const ASSIGNMENT_COLUMNS: &[&str] = &[
    "id",
    "leader_user_id",
    "leader_name",
    "region_code",
    "kind",
    "starts_on",
    "ends_on",
    "note",
    "archived",
    "created_at",
    "updated_at",
];

fn town_code(t: usize) -> String {
    format!("{DISTRICT}{:03}000", 100 + t)
}

fn village_code(v: usize) -> String {
    format!(
        "{DISTRICT}{:03}{:03}",
        100 + v / PER_TOWN,
        201 + v % PER_TOWN
    )
}

fn day(year: i32, month: u32, d: u32) -> Result<NaiveDate, crate::demo::DemoError> {
    NaiveDate::from_ymd_opt(year, month, d).ok_or(crate::demo::DemoError::date(year, month, d))
}

/// A meeting row of `type_code` at `region` on `date`.
fn meeting_row(type_code: &str, region: &str, date: NaiveDate, chair: &str, now: &str) -> Vec<Val> {
    vec![
        t(domain::Id::new().to_string()),
        t(type_code),
        t(region),
        t(date.to_string()),
        t("09:00"),
        t("11:00"),
        t("村党群服务中心"),
        t(chair),
        Val::Null,
        t("1. 听取汇报\n2. 研究部署"),
        t("<p>会议听取了工作汇报，研究部署了下一步工作。</p>"),
        Val::Bool(false),
        t("system:bench"),
        t(now),
        t(now),
    ]
}

/// Generates the district into `db`, which must hold no regions yet.
async fn generate(db: &Db, o: Options, report: &mut Report) -> Result<(), crate::demo::DemoError> {
    let scope = Scope::system();
    if !store::region::all(db, &scope)
        .await
        .map_err(|e| e.to_string())?
        .is_empty()
    {
        return Err("bench compliance needs an empty database (a new --data-dir)".into());
    }
    let towns = o.villages.div_ceil(PER_TOWN);
    if o.villages == 0 || towns > 899 || o.years < 1 || o.years > 10 {
        return Err("--villages must be 1–17980 and --years 1–10".into());
    }
    report.towns = towns;
    report.villages = o.villages;
    let actor = Actor::system("bench");
    let mut regions = Vec::new();
    let mut push = |code: String, parent: &str, name: String, kind: &str| {
        let input = RegionInput {
            code,
            parent_code: parent.to_string(),
            name,
            kind: kind.to_string(),
            ..Default::default()
        };
        input
            .validate()
            .map(|r| regions.push((regions.len() + 1, r)))
            .map_err(|e| format!("region {}: {e}", input.code))
    };
    let district = format!("{DISTRICT}000000");
    push(district.clone(), "", "示例区".into(), "区")?;
    for t in 0..towns {
        push(town_code(t), &district, format!("示例镇{}", t + 1), "镇")?;
    }
    for v in 0..o.villages {
        push(
            village_code(v),
            &town_code(v / PER_TOWN),
            format!("示例村{}", v + 1),
            "村",
        )?;
    }
    store::region::import(db, &actor, &regions)
        .await
        .map_err(|e| e.to_string())?;
    generate_facts(db, o, report).await
}

/// The code of village `v` (0-based) of the synthetic district: towns of 20.
pub fn village_code_of(v: usize) -> String {
    village_code(v)
}

/// The code of town `t` (0-based) of the synthetic district.
pub fn town_code_of(t: usize) -> String {
    town_code(t)
}

/// The mechanism's rows (assignments, meetings, visits, problems) for the district's regions,
/// which exist already (imported by [`generate`], or by a data set in the same layout: see
/// [`village_code_of`]).
pub async fn generate_facts(
    db: &Db,
    o: Options,
    report: &mut Report,
) -> Result<(), crate::demo::DemoError> {
    let towns = o.villages.div_ceil(PER_TOWN);
    report.towns = towns;
    report.villages = o.villages;
    let now = domain::time::now_text();
    let mut rng = Lcg(0x5eed_2026);
    let last_year = FIRST_YEAR + o.years - 1;
    let first = day(FIRST_YEAR, 1, 1)?;
    let end = day(last_year, 12, 31)?;
    let mut tx = db.begin_write().await.map_err(|e| e.to_string())?;
    let mut assignments = Rows::new("mechanism_assignments", ASSIGNMENT_COLUMNS);
    let mut meetings = Rows::new("mechanism_meetings", MEETING_COLUMNS);
    let mut visits = Rows::new("mechanism_visits", VISIT_COLUMNS);
    let mut problems = Rows::new("mechanism_problems", PROBLEM_COLUMNS);

    // Assignments: one town liaison (包联) per town, up to an eighth of them; the rest are
    // guides (定点指导) of villages spread over the district, one in ten starting mid-way.
    let liaisons = towns.min(o.assignments / 8);
    let guides = (o.assignments - liaisons).min(o.villages);
    let mut guided: Vec<(usize, NaiveDate)> = Vec::new();
    for g in 0..guides {
        let village = g * o.villages / guides.max(1);
        let starts = if g % 10 == 9 {
            day(FIRST_YEAR + o.years / 2, 7, 15)?
        } else {
            first
        };
        guided.push((village, starts));
        assignments
            .push(
                &mut tx,
                vec![
                    t(domain::Id::new().to_string()),
                    Val::Null,
                    t(format!("区领导{}", g + 1)),
                    t(village_code(village)),
                    t("guide"),
                    t(starts.to_string()),
                    Val::Null,
                    t(""),
                    Val::Bool(false),
                    t(now.as_str()),
                    t(now.as_str()),
                ],
            )
            .await?;
    }
    for l in 0..liaisons {
        assignments
            .push(
                &mut tx,
                vec![
                    t(domain::Id::new().to_string()),
                    Val::Null,
                    t(format!("包联领导{}", l + 1)),
                    t(town_code(l)),
                    t("liaison"),
                    t(first.to_string()),
                    Val::Null,
                    t(""),
                    Val::Bool(false),
                    t(now.as_str()),
                    t(now.as_str()),
                ],
            )
            .await?;
    }
    report.assignments = guides + liaisons;

    for year in FIRST_YEAR..=last_year {
        for month in 1..=12u32 {
            let in_quarter = (month - 1) % 3;
            // Every village: 支委会 and 主题党日 monthly, 党员大会 and 党课 once a quarter;
            // about 2 % of them missed.
            for v in 0..o.villages {
                let code = village_code(v);
                let chair = format!("村书记{}", v + 1);
                let mut wanted: Vec<(&str, u32)> = vec![
                    ("branch_committee", 1 + rng.below(27) as u32),
                    ("theme_day", 1 + rng.below(27) as u32),
                ];
                if in_quarter == (v % 3) as u32 {
                    wanted.push(("branch_assembly", 1 + rng.below(27) as u32));
                }
                if in_quarter == ((v + 1) % 3) as u32 {
                    wanted.push(("party_lecture", 1 + rng.below(27) as u32));
                }
                for (type_code, d) in wanted {
                    if !rng.chance(2) {
                        let date = day(year, month, d)?;
                        meetings
                            .push(&mut tx, meeting_row(type_code, &code, date, &chair, &now))
                            .await?;
                    }
                }
            }
            // Guided villages: a work-promotion meeting a month, a liaison meeting a
            // quarter, about 3 % missed.
            for (g, (village, starts)) in guided.iter().enumerate() {
                let code = village_code(*village);
                let chair = format!("区领导{}", g + 1);
                let promotion = day(year, month, 1 + rng.below(27) as u32)?;
                if promotion >= *starts && !rng.chance(3) {
                    meetings
                        .push(
                            &mut tx,
                            meeting_row("work_promotion", &code, promotion, &chair, &now),
                        )
                        .await?;
                }
                if in_quarter == 1 {
                    let date = day(year, month, 1 + rng.below(27) as u32)?;
                    if date >= *starts && !rng.chance(3) {
                        meetings
                            .push(&mut tx, meeting_row("liaison", &code, date, &chair, &now))
                            .await?;
                    }
                }
                // Visits: one a month to the village or a household.
                if promotion >= *starts {
                    let household = rng.chance(50).then(|| format!("农户{}户", rng.below(900)));
                    visits
                        .push(
                            &mut tx,
                            vec![
                                t(domain::Id::new().to_string()),
                                Val::Null,
                                t(chair.as_str()),
                                t(code.as_str()),
                                household.map(Val::Text).unwrap_or(Val::Null),
                                t((promotion + Duration::days(1)).min(end).to_string()),
                                t("走村入户，了解产业项目和群众诉求"),
                                t("总体平稳，有个别诉求需要跟进。"),
                                Val::Bool(false),
                                t("system:bench"),
                                t(now.as_str()),
                                t(now.as_str()),
                            ],
                        )
                        .await?;
                }
            }
        }
    }

    // Problems: three per village and year, in every state; most finished on time, some
    // late, some still open after their deadline.
    let today = board_today(last_year)?;
    for year in FIRST_YEAR..=last_year {
        for v in 0..o.villages {
            for k in 0..3u32 {
                let deadline = day(year, 1 + (rng.below(12) as u32), 1 + rng.below(28) as u32)?;
                let roll = rng.below(100);
                let (state, done_at) = match roll {
                    0..=74 => (
                        "closed",
                        Some(deadline - Duration::days(rng.below(20) as i64)),
                    ),
                    75..=79 => ("closed", Some(deadline + Duration::days(5))),
                    80..=84 => ("done", Some(deadline - Duration::days(3))),
                    85..=92 => ("doing", None),
                    _ => ("todo", None),
                };
                let done_at = done_at.map(|d| d.min(today));
                let source = ["meeting", "visit", "direct"][(k % 3) as usize];
                problems
                    .push(
                        &mut tx,
                        vec![
                            t(domain::Id::new().to_string()),
                            t(village_code(v)),
                            t(format!("问题{}-{}-{}", year, v + 1, k + 1)),
                            t("示例问题"),
                            Val::Null,
                            t(format!("村书记{}", v + 1)),
                            t(deadline.to_string()),
                            t(source),
                            Val::Null,
                            Val::Null,
                            Val::Int(1),
                            Val::Int(if done_at.is_some() { 100 } else { 40 }),
                            t(state),
                            t(if done_at.is_some() { "已整改" } else { "" }),
                            t(if done_at.is_some() { "照片" } else { "" }),
                            done_at.map(|d| t(d.to_string())).unwrap_or(Val::Null),
                            if state == "closed" {
                                done_at
                                    .map(|d| t((d + Duration::days(2)).to_string()))
                                    .unwrap_or(Val::Null)
                            } else {
                                Val::Null
                            },
                            if state == "closed" {
                                t("镇干部")
                            } else {
                                Val::Null
                            },
                            Val::Bool(false),
                            t(now.as_str()),
                            t(now.as_str()),
                        ],
                    )
                    .await?;
            }
        }
    }
    for rows in [&mut assignments, &mut meetings, &mut visits, &mut problems] {
        rows.flush(&mut tx).await?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    report.meetings = meetings.written;
    report.visits = visits.written;
    report.problems = problems.written;
    Ok(())
}

/// The board is asked after the last year has ended, so every cell of it is final.
fn board_today(last_year: i32) -> Result<NaiveDate, crate::demo::DemoError> {
    day(last_year + 1, 1, 15)
}

/// Generates the district, then times the board of the last year (median of `runs`).
pub async fn run(db: &Db, o: Options) -> Result<Report, crate::demo::DemoError> {
    let mut report = Report::default();
    let started = std::time::Instant::now();
    generate(db, o, &mut report).await?;
    report.generate_secs = started.elapsed().as_secs_f64();
    let year = FIRST_YEAR + o.years - 1;
    let today = board_today(year)?;
    let from = Period::new(year, 1).ok_or("bad year")?;
    let to = Period::new(year, 12).ok_or("bad year")?;
    let scope = Scope::system();
    let mut times = Vec::new();
    for _ in 0..o.runs.max(1) {
        let started = std::time::Instant::now();
        let board = store::mechanism::compliance::board(db, &scope, from, to, today)
            .await
            .map_err(|e| e.to_string())?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        report.cells = board.cells.len();
        report.missed = board
            .cells
            .iter()
            .filter(|c| c.status == domain::mechanism::CellStatus::Missed)
            .count();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    report.board_ms = times[times.len() / 2];
    report.year = today.year() - 1;
    Ok(report)
}
