//! The work mechanism (工作机制) of "党建引领乡村振兴": yearly implementation plans with
//! their leading group and targets, leaders' assignments (定点指导 / 包联), meetings (工作推进会,
//! 联系会议, 三会一课 …) with attendees, minutes and decisions, visits (包乡走村入户), the problem
//! list (问题清单) with its workflow, and the compliance rules evaluated into the board.
//!
//! Pure rules only: validation of what users enter, the problem workflow, the progress
//! roll-up, the HTML whitelist of minutes, attachment sniffing and the rule evaluation.

pub mod assignment;
pub mod attachment;
pub mod compliance;
pub mod html;
pub mod meeting;
pub mod minutes;
pub mod period;
pub mod plan;
pub mod problem;
pub mod visit;

pub use assignment::{Assignment, AssignmentInput, AssignmentKind};
pub use compliance::{Cell, CellStatus, Rule, RuleKind};
pub use meeting::{AttendeeStatus, Meeting, MeetingInput};
pub use period::{Every, Span};
pub use plan::{Metric, Plan, PlanInput, Target, TargetInput, TargetKind, TargetProgress};
pub use problem::{Problem, ProblemInput, ProblemState, Transition};
pub use visit::{Visit, VisitInput};

use crate::error::FieldError;
pub(crate) use crate::input::{date, opt_date, opt_id, optional, region, required};

/// Entity names of the audit log written by this module (listed with all others in
/// `crate::audit::entity`; each has a label `audit-entity-<name>` in `mechanism.ftl`).
pub mod entity {
    pub use crate::audit::entity::{
        MECHANISM_ASSIGNMENT as ASSIGNMENT, MECHANISM_ATTACHMENT as ATTACHMENT,
        MECHANISM_MEETING as MEETING, MECHANISM_MEETING_TYPE as MEETING_TYPE,
        MECHANISM_PLAN as PLAN, MECHANISM_PROBLEM as PROBLEM, MECHANISM_RULE as RULE,
        MECHANISM_TARGET as TARGET, MECHANISM_VISIT as VISIT,
    };
}

/// A whole number within `range`, or the error `code` naming `field`.
pub(crate) fn number(
    text: &str,
    field: &'static str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, FieldError> {
    let t = text.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    match t.parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(FieldError::new("mechanism.number_invalid", field)
            .arg("value", text.trim())
            .arg("min", range.start().to_string())
            .arg("max", range.end().to_string())),
    }
}
