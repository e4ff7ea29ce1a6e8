//! Compliance rules are data; their evaluation is this pure function.
//!
//! [`evaluate`] turns rules and the facts of a range (assignments, meetings, villages,
//! problems) into cells, one per region (or assignment), rule and period, each green
//! ([`CellStatus::Met`]), yellow ([`CellStatus::Pending`]) or red ([`CellStatus::Missed`]),
//! with the ids of the records behind it.
//!
//! Semantics:
//! - **Periods.** A rule is due per month, quarter or year ([`Every`]). The board for the
//!   months `from`–`to` shows every period of the rule's kind that *overlaps* those months
//!   (a quarterly rule on a board for May shows Q2), except periods that start after `today`
//!   (the future is not shown). A period runs from its first to its last day, inclusive.
//! - **Meetings count** when their date lies within the period (first and last day
//!   included), their type is the rule's, and their region is the village (per village) or
//!   lies in the assignment's region subtree (per assignment: a town assignment counts the
//!   meetings of its villages too), and they have been held: a meeting dated after `today`
//!   is planned, not held, and counts for nothing yet. Callers pass meetings that are not
//!   archived.
//! - **Assignments.** A period is due for an assignment only when the assignment is active on
//!   both the period's first and last day: `starts_on ≤ first day` and (`ends_on` none or
//!   `ends_on ≥ last day`; `ends_on` is the assignment's last day). An assignment starting or
//!   ending in the middle of a period owes nothing for that period.
//! - **Status of a meeting cell.** Met when `actual ≥ required` (even if the period is still
//!   open); pending when the period has not ended (`today ≤ last day`) and `actual <
//!   required`; missed otherwise.
//! - **Problems on time.** One cell per problem region and period with at least one problem
//!   whose deadline falls in the period: `required` is their number, `actual` the number
//!   finished (办结) on or before the deadline. Met when all are; missed as soon as one can no
//!   longer be on time (finished late, or still open after its deadline); pending otherwise.

use super::assignment::AssignmentKind;
use super::period::{Every, Span};
use super::problem::{ProblemState, on_time};
use crate::error::FieldError;
use crate::ledger::Period;
use crate::region::RegionCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a rule demands. Stored as JSON with the tag `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleKind {
    /// For every assignment of `assignment_kind`: at least `at_least` meetings of
    /// `meeting_type` in the assignment's region per period.
    PerAssignment {
        assignment_kind: AssignmentKind,
        meeting_type: String,
        at_least: u32,
        every: Every,
    },
    /// Every village: at least `at_least` meetings of `meeting_type` per period.
    PerVillage {
        meeting_type: String,
        at_least: u32,
        every: Every,
    },
    /// Per region and period: the problems due in it are finished by their deadlines.
    ProblemsOnTime { every: Every },
    /// Per village and period: the disclosures due in it are published by their due dates.
    DisclosuresOnTime { every: Every },
}

impl RuleKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            RuleKind::PerAssignment { .. } => "per_assignment",
            RuleKind::PerVillage { .. } => "per_village",
            RuleKind::ProblemsOnTime { .. } => "problems_on_time",
            RuleKind::DisclosuresOnTime { .. } => "disclosures_on_time",
        }
    }

    pub fn every(&self) -> Every {
        match self {
            RuleKind::PerAssignment { every, .. }
            | RuleKind::PerVillage { every, .. }
            | RuleKind::ProblemsOnTime { every }
            | RuleKind::DisclosuresOnTime { every } => *every,
        }
    }

    pub fn meeting_type(&self) -> Option<&str> {
        match self {
            RuleKind::PerAssignment { meeting_type, .. }
            | RuleKind::PerVillage { meeting_type, .. } => Some(meeting_type),
            RuleKind::ProblemsOnTime { .. } | RuleKind::DisclosuresOnTime { .. } => None,
        }
    }

    /// Checks the parameters (the store checks that the meeting type exists).
    pub fn validate(&self) -> Result<(), FieldError> {
        let at_least = match self {
            RuleKind::PerAssignment { at_least, .. } | RuleKind::PerVillage { at_least, .. } => {
                *at_least
            }
            RuleKind::ProblemsOnTime { .. } | RuleKind::DisclosuresOnTime { .. } => 1,
        };
        if !(1..=1000).contains(&at_least) {
            return Err(FieldError::new("mechanism.number_invalid", "at_least")
                .arg("value", at_least.to_string())
                .arg("min", "1")
                .arg("max", "1000"));
        }
        if self.meeting_type().is_some_and(|t| t.trim().is_empty()) {
            return Err(FieldError::new("common.required", "meeting_type"));
        }
        Ok(())
    }
}

/// An active rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub kind: RuleKind,
}

/// An assignment as the evaluation needs it (archived ones left out by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentFact {
    pub id: String,
    pub region: RegionCode,
    pub kind: AssignmentKind,
    pub starts_on: NaiveDate,
    /// The last day (inclusive); none while it lasts.
    pub ends_on: Option<NaiveDate>,
}

impl AssignmentFact {
    /// Active on every day of `span`.
    pub fn covers(&self, span: Span) -> bool {
        self.starts_on <= span.first_day() && self.ends_on.is_none_or(|e| e >= span.last_day())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFact {
    pub id: String,
    pub type_code: String,
    pub region: String,
    pub date: NaiveDate,
}

/// Something due by a deadline: a problem, or a disclosure obligation (finished on the day
/// it was first published; `id` names the item, or the obligation when nothing was made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemFact {
    pub id: String,
    pub region: String,
    pub deadline: NaiveDate,
    pub state: ProblemState,
    pub done_at: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// Green.
    Met,
    /// Yellow: the period is still open and the rule is not met yet.
    Pending,
    /// Red.
    Missed,
}

impl CellStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CellStatus::Met => "met",
            CellStatus::Pending => "pending",
            CellStatus::Missed => "missed",
        }
    }
}

/// One cell of the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The region code: the village, the assignment's region, or the problems' region.
    pub region: String,
    /// The rule's id.
    pub rule: String,
    /// `2023-05`, `2023-Q2` or `2023`.
    pub period: Span,
    pub status: CellStatus,
    pub required: u32,
    pub actual: u32,
    /// The ids of the meetings (or problems) counted.
    pub records: Vec<String>,
    /// The assignment, for a per-assignment rule.
    pub assignment: Option<String>,
}

/// The status of a meeting count.
pub fn status(actual: u32, required: u32, span: Span, today: NaiveDate) -> CellStatus {
    if actual >= required {
        CellStatus::Met
    } else if today <= span.last_day() {
        CellStatus::Pending
    } else {
        CellStatus::Missed
    }
}

type Dated<'a> = Vec<(NaiveDate, &'a str)>;

/// Evaluates `rules` over the periods overlapping `from`–`to` (see the module docs).
/// Cells come in rule order, then by region (assignment start for per-assignment rules),
/// then by period.
#[allow(clippy::too_many_arguments)] // the facts of the board, each of its own kind
pub fn evaluate(
    rules: &[Rule],
    assignments: &[AssignmentFact],
    meetings: &[MeetingFact],
    villages: &[RegionCode],
    problems: &[ProblemFact],
    disclosures: &[ProblemFact],
    from: Period,
    to: Period,
    today: NaiveDate,
) -> Vec<Cell> {
    // Meetings by type and region, each list sorted by date.
    let mut index: BTreeMap<(&str, &str), Dated<'_>> = BTreeMap::new();
    for m in meetings.iter().filter(|m| m.date <= today) {
        index
            .entry((m.type_code.as_str(), m.region.as_str()))
            .or_default()
            .push((m.date, m.id.as_str()));
    }
    for list in index.values_mut() {
        list.sort_unstable();
    }
    let mut sorted_assignments: Vec<&AssignmentFact> = assignments.iter().collect();
    sorted_assignments.sort_by(|a, b| {
        (a.region.as_str(), a.starts_on, a.id.as_str()).cmp(&(
            b.region.as_str(),
            b.starts_on,
            b.id.as_str(),
        ))
    });
    let mut sorted_villages: Vec<&RegionCode> = villages.iter().collect();
    sorted_villages.sort();
    sorted_villages.dedup();

    let mut cells = Vec::new();
    for rule in rules {
        let spans: Vec<Span> = Span::overlapping(rule.kind.every(), from, to)
            .into_iter()
            .filter(|s| s.first_day() <= today)
            .collect();
        if spans.is_empty() {
            continue;
        }
        match &rule.kind {
            RuleKind::PerAssignment {
                assignment_kind,
                meeting_type,
                at_least,
                ..
            } => {
                for a in sorted_assignments
                    .iter()
                    .filter(|a| a.kind == *assignment_kind)
                {
                    let prefix = a.region.subtree_prefix();
                    let lists: Vec<&Dated<'_>> = index
                        .range((meeting_type.as_str(), prefix)..)
                        .take_while(|((t, r), _)| {
                            *t == meeting_type.as_str() && r.starts_with(prefix)
                        })
                        .map(|(_, v)| v)
                        .collect();
                    for span in spans.iter().filter(|s| a.covers(**s)) {
                        let records = count(&lists, *span);
                        cells.push(meeting_cell(
                            a.region.as_str(),
                            rule,
                            *span,
                            *at_least,
                            records,
                            Some(a.id.clone()),
                            today,
                        ));
                    }
                }
            }
            RuleKind::PerVillage {
                meeting_type,
                at_least,
                ..
            } => {
                for v in &sorted_villages {
                    let lists: Vec<&Dated<'_>> = index
                        .get(&(meeting_type.as_str(), v.as_str()))
                        .into_iter()
                        .collect();
                    for span in &spans {
                        let records = count(&lists, *span);
                        cells.push(meeting_cell(
                            v.as_str(),
                            rule,
                            *span,
                            *at_least,
                            records,
                            None,
                            today,
                        ));
                    }
                }
            }
            RuleKind::ProblemsOnTime { every } => {
                deadline_cells(rule, *every, problems, &spans, today, &mut cells);
            }
            RuleKind::DisclosuresOnTime { every } => {
                deadline_cells(rule, *every, disclosures, &spans, today, &mut cells);
            }
        }
    }
    cells
}

/// One cell per region and period of `spans` with facts due in it (see the module docs).
fn deadline_cells(
    rule: &Rule,
    every: Every,
    facts: &[ProblemFact],
    spans: &[Span],
    today: NaiveDate,
    cells: &mut Vec<Cell>,
) {
    let mut groups: BTreeMap<(&str, Span), Vec<&ProblemFact>> = BTreeMap::new();
    for p in facts {
        let span = Span::containing(every, p.deadline);
        if spans.contains(&span) {
            groups.entry((p.region.as_str(), span)).or_default().push(p);
        }
    }
    for ((region, span), mut list) in groups {
        list.sort_by(|a, b| (a.deadline, &a.id).cmp(&(b.deadline, &b.id)));
        let required = list.len() as u32;
        let actual = list
            .iter()
            .filter(|p| on_time(p.state, p.deadline, p.done_at))
            .count() as u32;
        let lost = list.iter().any(|p| {
            !on_time(p.state, p.deadline, p.done_at)
                && (p.state.is_finished() || p.deadline < today)
        });
        let status = if actual >= required {
            CellStatus::Met
        } else if lost || today > span.last_day() {
            CellStatus::Missed
        } else {
            CellStatus::Pending
        };
        cells.push(Cell {
            region: region.to_string(),
            rule: rule.id.clone(),
            period: span,
            status,
            required,
            actual,
            records: list.iter().map(|p| p.id.clone()).collect(),
            assignment: None,
        });
    }
}

/// The ids of the meetings in `lists` dated within `span`, by date.
fn count(lists: &[&Dated<'_>], span: Span) -> Vec<(NaiveDate, String)> {
    let (first, last) = (span.first_day(), span.last_day());
    let mut out = Vec::new();
    for list in lists {
        let start = list.partition_point(|(d, _)| *d < first);
        let end = list.partition_point(|(d, _)| *d <= last);
        out.extend(list[start..end].iter().map(|(d, id)| (*d, id.to_string())));
    }
    out.sort();
    out
}

fn meeting_cell(
    region: &str,
    rule: &Rule,
    span: Span,
    required: u32,
    records: Vec<(NaiveDate, String)>,
    assignment: Option<String>,
    today: NaiveDate,
) -> Cell {
    let actual = records.len() as u32;
    Cell {
        region: region.to_string(),
        rule: rule.id.clone(),
        period: span,
        status: status(actual, required, span, today),
        required,
        actual,
        records: records.into_iter().map(|(_, id)| id).collect(),
        assignment,
    }
}

/// The rules a district starts with (also seeded by the migration): 定点指导 work-promotion
/// meeting monthly and liaison meeting quarterly; every village 支委会 monthly, 支部党员大会 and
/// 党课 quarterly; problems finished by their deadline, monthly.
pub fn default_rules() -> Vec<(&'static str, RuleKind)> {
    vec![
        (
            "定点指导村每月至少召开一次工作推进会",
            RuleKind::PerAssignment {
                assignment_kind: AssignmentKind::Guide,
                meeting_type: "work_promotion".into(),
                at_least: 1,
                every: Every::Month,
            },
        ),
        (
            "定点指导村每季度至少召开一次联系会议",
            RuleKind::PerAssignment {
                assignment_kind: AssignmentKind::Guide,
                meeting_type: "liaison".into(),
                at_least: 1,
                every: Every::Quarter,
            },
        ),
        (
            "村党支部每月召开支委会",
            RuleKind::PerVillage {
                meeting_type: "branch_committee".into(),
                at_least: 1,
                every: Every::Month,
            },
        ),
        (
            "村党支部每季度召开支部党员大会",
            RuleKind::PerVillage {
                meeting_type: "branch_assembly".into(),
                at_least: 1,
                every: Every::Quarter,
            },
        ),
        (
            "村党支部每季度上一次党课",
            RuleKind::PerVillage {
                meeting_type: "party_lecture".into(),
                at_least: 1,
                every: Every::Quarter,
            },
        ),
        (
            "问题按期办结",
            RuleKind::ProblemsOnTime {
                every: Every::Month,
            },
        ),
    ]
}

#[cfg(test)]
mod tests;
