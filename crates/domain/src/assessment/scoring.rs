//! Scores: each indicator's score in hundredths of a point, always within
//! `0..=weight × 100`, and a subject's total.

use super::scheme::{Basis, Indicator, IndicatorKind, Rule};
use crate::error::FieldError;
use crate::metrics::{Metric, MetricValue};

/// The figure a rule reads from a metric's value (`None`: not available, which scores 0 and
/// never triggers a veto). A share of an empty whole (no problem due, no meeting owed, no
/// secretary to train, no project under way) is fully met: 100 %. Other percentages of a
/// whole that is not positive (growth over a year without income) are not available.
pub fn figure(metric: Metric, value: Option<MetricValue>, basis: Basis) -> Option<i64> {
    let v = value?;
    match basis {
        Basis::Value => Some(v.value),
        Basis::Percent if is_share(metric) && v.of == Some(0) => Some(100),
        Basis::Percent => v.percent(),
    }
}

/// A metric whose value is a count out of a whole that is due (not a growth).
pub fn is_share(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::ProblemsClosedOnTime
            | Metric::TrainingCoverage
            | Metric::MeetingCompliance
            | Metric::FirstSecretaryInPost
            | Metric::ProjectsOnSchedule
    )
}

/// `max × part ÷ whole`, rounded down, clamped to `0..=max`.
fn share(max: i64, part: i64, whole: i64) -> i64 {
    if whole <= 0 || part <= 0 {
        return 0;
    }
    let s = i128::from(max) * i128::from(part) / i128::from(whole);
    i64::try_from(s.clamp(0, i128::from(max))).unwrap_or(max)
}

/// The score of a computed rule for `figure` (hundredths of a point, within `0..=max`).
/// `target` is the subject's own plan target (for [`Rule::RatioToTarget`]).
pub fn rule_score(rule: &Rule, max: i64, figure: Option<i64>, target: Option<i64>) -> i64 {
    let Some(f) = figure else { return 0 };
    let s = match rule {
        Rule::Linear { floor, target } => {
            if f <= *floor {
                0
            } else if f >= *target {
                max
            } else {
                // floor < f < target: both differences positive and within i128.
                let part = i128::from(f) - i128::from(*floor);
                let whole = i128::from(*target) - i128::from(*floor);
                i64::try_from(i128::from(max) * part / whole).unwrap_or(0)
            }
        }
        Rule::Tiered { tiers } => tiers
            .iter()
            .find(|t| f >= t.at_least)
            .map_or(0, |t| t.points),
        Rule::RatioToTarget => match target {
            Some(t) if t > 0 => share(max, f, t),
            _ => 0,
        },
        Rule::PassFail { threshold } => {
            if f >= *threshold {
                max
            } else {
                0
            }
        }
    };
    s.clamp(0, max.max(0))
}

/// A manual score typed by an assessor, in hundredths (`"8.5"` → 850): at most two decimals,
/// within `0..=weight`.
pub fn parse_manual(text: &str, indicator: &Indicator) -> Result<i64, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", "score"));
    }
    let invalid = || {
        FieldError::new("assessment.score_range", "score")
            .arg("value", t)
            .arg("max", indicator.weight.to_string())
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || whole.len() > 4
        || frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(invalid());
    }
    let w: i64 = whole.parse().map_err(|_| invalid())?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| invalid())?
    };
    let score = w * 100 + f;
    if score > indicator.max_score() {
        return Err(invalid());
    }
    Ok(score)
}

/// A score in hundredths as points text: 850 → "8.5", 800 → "8", 1234 → "12.34".
pub fn points_text(score: i64) -> String {
    let sign = if score < 0 { "-" } else { "" };
    let a = score.unsigned_abs();
    let (w, f) = (a / 100, a % 100);
    if f == 0 {
        format!("{sign}{w}")
    } else if f % 10 == 0 {
        format!("{sign}{w}.{}", f / 10)
    } else {
        format!("{sign}{w}.{f:02}")
    }
}

/// What one subject brings to an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Input {
    /// The metric's value (computed and metric veto indicators).
    pub value: Option<MetricValue>,
    /// The subject's own plan target for the metric (ratio rule).
    pub target: Option<i64>,
    /// The manual score in hundredths (manual indicators), or 1 = veto / 0 = no veto
    /// (manual veto).
    pub manual: Option<i64>,
}

/// An indicator's outcome for a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The figure the rule read (computed and metric veto).
    pub figure: Option<i64>,
    /// Hundredths of a point, within `0..=weight × 100` (0 for a veto).
    pub score: i64,
    /// The veto holds.
    pub vetoed: bool,
}

/// Scores one indicator. A manual score not yet entered scores 0; a manual score is
/// clamped to the weight.
pub fn score(indicator: &Indicator, input: &Input) -> Outcome {
    let max = indicator.max_score().max(0);
    match &indicator.kind {
        IndicatorKind::Computed {
            metric,
            basis,
            rule,
        } => {
            let f = figure(*metric, input.value, *basis);
            Outcome {
                figure: f,
                score: rule_score(rule, max, f, input.target),
                vetoed: false,
            }
        }
        IndicatorKind::Manual { .. } => Outcome {
            figure: None,
            score: input.manual.unwrap_or(0).clamp(0, max),
            vetoed: false,
        },
        IndicatorKind::VetoMetric {
            metric,
            basis,
            cmp,
            threshold,
        } => {
            let f = figure(*metric, input.value, *basis);
            Outcome {
                figure: f,
                score: 0,
                vetoed: f.is_some_and(|f| cmp.holds(f, *threshold)),
            }
        }
        IndicatorKind::VetoManual { .. } => Outcome {
            figure: None,
            score: 0,
            vetoed: input.manual.is_some_and(|m| m != 0),
        },
    }
}

/// A subject's total: the sum of the scores (each within its weight, weights summing to
/// 100, so the total is within 0..=10000).
pub fn total(outcomes: &[Outcome]) -> i64 {
    outcomes.iter().map(|o| o.score).sum()
}
