//! The problem list (问题清单): problems raised at meetings, on visits or entered directly,
//! each with a region, an owner and a deadline, and the workflow
//! 待办 todo → 办理中 doing → 已办结 done (result and evidence required) → 已销号 closed
//! (confirmed by someone other than the owner), or done → doing when sent back (退回).

use super::{date, opt_id, optional, region, required};
use crate::error::{DomainError, FieldError};
use crate::id::Id;
use crate::region::RegionCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemState {
    /// 待办
    Todo,
    /// 办理中
    Doing,
    /// 已办结
    Done,
    /// 已销号
    Closed,
}

impl ProblemState {
    pub const ALL: [ProblemState; 4] = [
        ProblemState::Todo,
        ProblemState::Doing,
        ProblemState::Done,
        ProblemState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemState::Todo => "todo",
            ProblemState::Doing => "doing",
            ProblemState::Done => "done",
            ProblemState::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<ProblemState> {
        ProblemState::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
    }

    /// Done or closed: the work is finished.
    pub fn is_finished(self) -> bool {
        matches!(self, ProblemState::Done | ProblemState::Closed)
    }
}

/// Where a problem comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Meeting,
    Visit,
    Direct,
}

impl SourceKind {
    pub const ALL: [SourceKind; 3] = [SourceKind::Meeting, SourceKind::Visit, SourceKind::Direct];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Meeting => "meeting",
            SourceKind::Visit => "visit",
            SourceKind::Direct => "direct",
        }
    }

    pub fn parse(text: &str) -> Option<SourceKind> {
        SourceKind::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
    }
}

/// Raw text of a problem (or of a meeting decision / a visit finding that becomes one).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProblemInput {
    /// Empty in a decision or a visit: the meeting's or the visit's region.
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub owner_user_id: String,
    /// May be empty when `owner_user_id` names a user (the store fills in the user's name).
    pub owner_name: String,
    pub deadline: String,
    pub parent_id: String,
    /// Weight in the parent's roll-up, 1 when empty.
    pub weight: String,
}

/// A validated problem, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub region: RegionCode,
    pub title: String,
    pub description: String,
    pub owner_user_id: Option<Id>,
    pub owner_name: String,
    pub deadline: NaiveDate,
    pub parent_id: Option<Id>,
    pub weight: i32,
}

impl ProblemInput {
    /// Validates the problem; `default_region` stands in for an empty region.
    pub fn validate(&self, default_region: Option<&RegionCode>) -> Result<Problem, FieldError> {
        let region = match (self.region_code.trim(), default_region) {
            ("", Some(r)) => r.clone(),
            (text, _) => region(text, "region_code")?,
        };
        let title = required(&self.title, "title", 200)?;
        let description = optional(&self.description, "description", 4000)?;
        let owner_user_id = opt_id(&self.owner_user_id, "owner_user_id")?;
        let owner_name = if owner_user_id.is_some() {
            optional(&self.owner_name, "owner_name", 64)?
        } else {
            required(&self.owner_name, "owner_name", 64)?
        };
        let deadline = date(&self.deadline, "deadline")?;
        let parent_id = opt_id(&self.parent_id, "parent_id")?;
        let weight = match self.weight.trim() {
            "" => 1,
            t => super::number(t, "weight", 0..=1000)? as i32,
        };
        Ok(Problem {
            region,
            title,
            description,
            owner_user_id,
            owner_name,
            deadline,
            parent_id,
            weight,
        })
    }
}

/// A step of the workflow, as a user asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Transition {
    /// 待办 → 办理中.
    Start,
    /// 办理中 → 已办结, with the result and the evidence of it.
    Finish { result: String, evidence: String },
    /// 已办结 → 已销号, by someone other than the owner.
    Close,
    /// 已办结 → 办理中 (退回), with the reason.
    SendBack { reason: String },
}

impl Transition {
    pub fn as_str(&self) -> &'static str {
        match self {
            Transition::Start => "start",
            Transition::Finish { .. } => "finish",
            Transition::Close => "close",
            Transition::SendBack { .. } => "send_back",
        }
    }
}

/// The workflow fields of a problem, before or after a transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub state: ProblemState,
    pub result: String,
    pub evidence: String,
    pub done_at: Option<NaiveDate>,
    pub closed_at: Option<NaiveDate>,
    pub closed_by: Option<String>,
}

/// What a transition changed: the new status and the note for the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub from: ProblemState,
    pub status: Status,
    pub note: String,
}

/// Applies `t` to a problem in `status` owned by `owner` (a user id, when the owner is a
/// user), acted on by `actor` (`actor_name` is recorded as the closer). Only the steps of the
/// workflow are allowed; 销号 by the owner is refused (`mechanism.problem_owner_confirms`);
/// a problem whose owner is no user may be closed by anyone allowed to write it.
pub fn apply(
    status: &Status,
    owner: Option<Id>,
    actor: Option<Id>,
    actor_name: &str,
    t: &Transition,
    today: NaiveDate,
) -> Result<Change, DomainError> {
    use ProblemState::*;
    let invalid = || DomainError::Conflict("mechanism.problem_transition_invalid");
    let mut next = status.clone();
    let note = match (status.state, t) {
        (Todo, Transition::Start) => {
            next.state = Doing;
            String::new()
        }
        (Doing, Transition::Finish { result, evidence }) => {
            next.result = required(result, "result", 4000)?;
            next.evidence = required(evidence, "evidence", 4000)?;
            next.state = Done;
            next.done_at = Some(today);
            String::new()
        }
        (Done, Transition::Close) => {
            if owner.is_some() && owner == actor {
                return Err(DomainError::Conflict("mechanism.problem_owner_confirms"));
            }
            next.state = Closed;
            next.closed_at = Some(today);
            next.closed_by = Some(actor_name.to_string());
            String::new()
        }
        (Done, Transition::SendBack { reason }) => {
            let reason = required(reason, "reason", 1000)?;
            next.state = Doing;
            next.done_at = None;
            reason
        }
        _ => return Err(invalid()),
    };
    Ok(Change {
        from: status.state,
        status: next,
        note,
    })
}

/// Overdue (逾期): still open after its deadline, or finished after it.
pub fn is_overdue(
    state: ProblemState,
    deadline: NaiveDate,
    done_at: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    if state.is_finished() {
        done_at.is_some_and(|d| d > deadline)
    } else {
        deadline < today
    }
}

/// Finished by its deadline (办结 on or before the deadline).
pub fn on_time(state: ProblemState, deadline: NaiveDate, done_at: Option<NaiveDate>) -> bool {
    state.is_finished() && done_at.is_some_and(|d| d <= deadline)
}

/// One problem in the roll-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub parent: Option<String>,
    pub weight: i32,
    /// The progress entered (0–100), used for leaves.
    pub progress: i32,
    pub state: ProblemState,
}

/// The progress of every node (0–100): a finished node counts 100; a node with children the
/// weighted mean of its children's progress (rounded half up; the plain mean when all weights
/// are 0); a leaf its entered progress. Parents outside `nodes` are ignored; a cycle is cut.
pub fn rollup(nodes: &[Node]) -> BTreeMap<String, i32> {
    let mut children: BTreeMap<&str, Vec<&Node>> = BTreeMap::new();
    for n in nodes {
        if let Some(p) = &n.parent {
            children.entry(p.as_str()).or_default().push(n);
        }
    }
    let mut done: BTreeMap<String, i32> = BTreeMap::new();
    for n in nodes {
        let mut visiting = BTreeSet::new();
        progress_of(n, &children, &mut done, &mut visiting);
    }
    done
}

fn progress_of<'a>(
    n: &'a Node,
    children: &BTreeMap<&str, Vec<&'a Node>>,
    done: &mut BTreeMap<String, i32>,
    visiting: &mut BTreeSet<&'a str>,
) -> i32 {
    if let Some(p) = done.get(&n.id) {
        return *p;
    }
    let value = if n.state.is_finished() {
        100
    } else {
        match children.get(n.id.as_str()) {
            Some(kids) if visiting.insert(n.id.as_str()) => {
                let mut sum = 0i64;
                let mut total = 0i64;
                let mut plain = 0i64;
                for k in kids {
                    let p = i64::from(progress_of(k, children, done, visiting));
                    let w = i64::from(k.weight.max(0));
                    sum += w * p;
                    total += w;
                    plain += p;
                }
                visiting.remove(n.id.as_str());
                let (sum, total) = if total == 0 {
                    (plain, kids.len() as i64)
                } else {
                    (sum, total)
                };
                ((2 * sum + total) / (2 * total)) as i32
            }
            _ => n.progress.clamp(0, 100),
        }
    };
    done.insert(n.id.clone(), value);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::time::parse_date(s).unwrap()
    }

    fn open() -> Status {
        Status {
            state: ProblemState::Todo,
            result: String::new(),
            evidence: String::new(),
            done_at: None,
            closed_at: None,
            closed_by: None,
        }
    }

    #[test]
    fn workflow_runs_and_the_owner_cannot_tick_off() {
        let owner = Id::new();
        let other = Id::new();
        let today = d("2024-03-05");
        let s = open();
        assert_eq!(
            apply(&s, Some(owner), Some(owner), "o", &Transition::Close, today).unwrap_err(),
            DomainError::Conflict("mechanism.problem_transition_invalid")
        );
        let s = apply(&s, Some(owner), Some(owner), "o", &Transition::Start, today)
            .unwrap()
            .status;
        assert_eq!(s.state, ProblemState::Doing);
        let missing = apply(
            &s,
            Some(owner),
            Some(owner),
            "o",
            &Transition::Finish {
                result: "已修好".into(),
                evidence: " ".into(),
            },
            today,
        )
        .unwrap_err();
        assert_eq!(missing.code(), "common.required");
        let s = apply(
            &s,
            Some(owner),
            Some(owner),
            "o",
            &Transition::Finish {
                result: "已修好".into(),
                evidence: "照片".into(),
            },
            today,
        )
        .unwrap()
        .status;
        assert_eq!((s.state, s.done_at), (ProblemState::Done, Some(today)));
        assert_eq!(
            apply(&s, Some(owner), Some(owner), "o", &Transition::Close, today).unwrap_err(),
            DomainError::Conflict("mechanism.problem_owner_confirms")
        );
        // Sent back with a reason: open again, no longer done.
        assert_eq!(
            apply(
                &s,
                Some(owner),
                Some(other),
                "x",
                &Transition::SendBack { reason: "".into() },
                today
            )
            .unwrap_err()
            .code(),
            "common.required"
        );
        let back = apply(
            &s,
            Some(owner),
            Some(other),
            "x",
            &Transition::SendBack {
                reason: "证据不足".into(),
            },
            today,
        )
        .unwrap();
        assert_eq!(
            (back.status.state, back.status.done_at),
            (ProblemState::Doing, None)
        );
        assert_eq!(back.note, "证据不足");
        let closed = apply(
            &s,
            Some(owner),
            Some(other),
            "镇干部",
            &Transition::Close,
            today,
        )
        .unwrap()
        .status;
        assert_eq!(closed.state, ProblemState::Closed);
        assert_eq!(closed.closed_by.as_deref(), Some("镇干部"));
        assert!(apply(&closed, None, None, "x", &Transition::Start, today).is_err());
        // Nobody owns it as a user: anyone who may write closes it.
        assert!(apply(&s, None, Some(owner), "o", &Transition::Close, today).is_ok());
    }

    #[test]
    fn overdue_and_on_time() {
        let deadline = d("2024-03-31");
        assert!(!is_overdue(
            ProblemState::Doing,
            deadline,
            None,
            d("2024-03-31")
        ));
        assert!(is_overdue(
            ProblemState::Doing,
            deadline,
            None,
            d("2024-04-01")
        ));
        assert!(!is_overdue(
            ProblemState::Done,
            deadline,
            Some(deadline),
            d("2025-01-01")
        ));
        assert!(is_overdue(
            ProblemState::Closed,
            deadline,
            Some(d("2024-04-01")),
            d("2024-04-02")
        ));
        assert!(on_time(ProblemState::Done, deadline, Some(deadline)));
        assert!(!on_time(ProblemState::Doing, deadline, None));
    }

    fn node(
        id: &str,
        parent: Option<&str>,
        weight: i32,
        progress: i32,
        state: ProblemState,
    ) -> Node {
        Node {
            id: id.into(),
            parent: parent.map(Into::into),
            weight,
            progress,
            state,
        }
    }

    #[test]
    fn parent_progress_is_the_weighted_mean_of_children() {
        use ProblemState::*;
        let nodes = vec![
            node("p", None, 1, 0, Doing),
            node("a", Some("p"), 3, 50, Doing),
            node("b", Some("p"), 1, 10, Done),
            node("c", Some("p"), 0, 90, Doing),
            node("q", Some("a"), 1, 0, Todo),
        ];
        let r = rollup(&nodes);
        // a has one child q at 0, so a counts 0; b done counts 100: (3*0 + 1*100 + 0*90) / 4.
        assert_eq!(r["a"], 0);
        assert_eq!(r["p"], 25);
        assert_eq!(r["b"], 100);
        let flat = rollup(&[
            node("p", None, 1, 0, Doing),
            node("a", Some("p"), 2, 50, Doing),
            node("b", Some("p"), 1, 0, Doing),
        ]);
        assert_eq!(flat["p"], 33);
        let zero = rollup(&[
            node("p", None, 1, 0, Doing),
            node("a", Some("p"), 0, 50, Doing),
            node("b", Some("p"), 0, 0, Closed),
        ]);
        assert_eq!(zero["p"], 75);
        let cycle = rollup(&[
            node("x", Some("y"), 1, 10, Doing),
            node("y", Some("x"), 1, 20, Doing),
        ]);
        assert_eq!(cycle.len(), 2);
    }

    #[test]
    fn input_rules() {
        let village = RegionCode::parse("340803100201").unwrap();
        let input = ProblemInput {
            title: "道路破损".into(),
            owner_name: "王五".into(),
            deadline: "2024-04-30".into(),
            ..Default::default()
        };
        let p = input.validate(Some(&village)).unwrap();
        assert_eq!((p.region.as_str(), p.weight), ("340803100201", 1));
        assert_eq!(input.validate(None).unwrap_err().field, "region_code");
        let no_owner = ProblemInput {
            owner_name: "".into(),
            ..input.clone()
        };
        assert_eq!(
            no_owner.validate(Some(&village)).unwrap_err().field,
            "owner_name"
        );
        let bad_date = ProblemInput {
            deadline: "2024-02-30".into(),
            ..input
        };
        assert_eq!(
            bad_date.validate(Some(&village)).unwrap_err().code,
            "common.date_invalid"
        );
    }
}
