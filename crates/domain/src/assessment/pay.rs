//! Pay linkage (报酬挂钩): policies and the computation of a village's pool and its cadres'
//! shares.
//!
//! A policy is data with effective years (`from_year ..= to_year`), of one of two kinds:
//! - **(a) `increase_share`** — a share of the year's increase in operating income
//!   (经营收益增量), by tiers taken slice by slice (分段累进: the part of the increase from
//!   one tier's `from` up to the next tier's `from` at that tier's rate), only for a village
//!   whose operating income *reaches* the threshold (`income >= threshold`). No increase
//!   (zero or a fall) is no pool. The rating plays no part.
//! - **(b) `net_share`** — a share of the year's operating (net) income, capped at an
//!   amount, for a village whose income is *above* the threshold (`income > threshold`),
//!   then scaled by the village team's published rating (a rate per band; `unrated` is the
//!   rate when no rating is published — 0 by default: no rating, no pay). The cap applies
//!   before the rating: `pool = min(income × share, cap) × rate(band)`.
//!
//! Every product rounds down to the fen. The pool is divided among the village's cadres:
//! - A **month counts** for a post when the post is held on the month's last day.
//! - Each month a person counts with the **highest coefficient** of the posts they hold that
//!   month in the village (一肩挑 is paid once, at the higher post); their **weight** is the
//!   sum over the year's months of that coefficient (so `coefficient × months` for one post
//!   held all along), their **months** the months with a paid post (coefficient above 0).
//! - A person with fewer than `min_months` months (six by default; exactly six is paid) is
//!   excluded, as is a post with coefficient 0 (a first secretary paid by their unit).
//! - share = ⌊pool × weight / total weight⌋; the fen left over go one each to the largest
//!   remainders (ties: the order of the list — higher coefficient first, then name and
//!   person), so the shares sum exactly to the pool. No eligible cadre: nothing is paid.
//!
//! The calculation is a list of [`Step`]s (a message id, its arguments, an amount) that the
//! pages show as they are; scenarios (income +10 %, rating one band lower) run the same
//! computation on changed facts.

use super::Band;
use crate::DomainError;
use crate::error::FieldError;
use crate::money::{Money, OVERFLOW};
use crate::people::post::PostKind;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Entity names of the audit log written by this module (labels `audit-entity-<name>` in
/// `pay.ftl`).
pub mod entity {
    pub use crate::audit::entity::{PAY_CALCULATION as CALCULATION, PAY_POLICY as POLICY};
}

/// Basis points in a whole (100 %).
pub const WHOLE_BP: i64 = 10_000;
/// The most tier rows a policy has.
pub const MAX_TIERS: usize = 8;

/// The two kinds of policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// (a) A tiered share of the increase in operating income.
    IncreaseShare,
    /// (b) A capped share of operating (net) income, scaled by the rating.
    NetShare,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::IncreaseShare, Kind::NetShare];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::IncreaseShare => "increase_share",
            Kind::NetShare => "net_share",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }

    /// The label's message id.
    pub fn label_id(self) -> String {
        format!("pay-kind-{}", self.as_str())
    }
}

/// A tier of kind (a): the part of the increase from `from` (fen) up to the next tier's
/// `from` is paid at `rate_bp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub from: i64,
    pub rate_bp: i64,
}

/// The rate of a rating band, kind (b).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandRate {
    pub band: Band,
    pub rate_bp: i64,
}

/// A post's coefficient in hundredths (1.00 = 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coefficient {
    pub post: PostKind,
    pub hundredths: i64,
}

/// A pay-linkage policy, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub name: String,
    pub kind: Kind,
    pub from_year: i32,
    /// The last year in force; none while it lasts.
    pub to_year: Option<i32>,
    /// Operating income (fen) the village must reach (a) or exceed (b).
    pub threshold: i64,
    /// (a) ascending by `from`, the first from 0.
    pub tiers: Vec<Tier>,
    /// (b) the share of income.
    pub share_bp: i64,
    /// (b) the most a pool may be before the rating (fen).
    pub cap: i64,
    /// (b) a rate for each band, best first.
    pub band_rates: Vec<BandRate>,
    /// (b) the rate when no rating is published.
    pub unrated_bp: i64,
    /// A coefficient for each post; a post not listed counts 0.
    pub coefficients: Vec<Coefficient>,
    /// Cadres with fewer months in post are excluded.
    pub min_months: u32,
}

impl Policy {
    /// In force in `year`.
    pub fn in_force(&self, year: i32) -> bool {
        self.from_year <= year && self.to_year.is_none_or(|t| year <= t)
    }

    pub fn coefficient(&self, post: PostKind) -> i64 {
        self.coefficients
            .iter()
            .find(|c| c.post == post)
            .map_or(0, |c| c.hundredths)
    }

    pub fn band_rate(&self, band: Option<Band>) -> i64 {
        match band {
            None => self.unrated_bp,
            Some(b) => self
                .band_rates
                .iter()
                .find(|r| r.band == b)
                .map_or(0, |r| r.rate_bp),
        }
    }

    /// The programme's usual policy of `kind` from `year`: (a) 8 / 9 / 10 / 12 % of the
    /// increase by slices of 0, 10万, 30万 and 50万 yuan, for villages reaching 10万; (b) 10 %
    /// of operating income capped at 10万, for villages above 5万, 优秀 100 %, 良好 80 %, 合格 and
    /// 基本合格 50 %, 不合格 0, no rating 0. Coefficients 书记 1.00, 主任 0.90, 两委委员 0.70,
    /// 监委会成员 0.50, 第一书记 and 工作队员 0 (paid by their units); six months minimum.
    pub fn example(kind: Kind, year: i32, name: &str) -> Policy {
        const WAN: i64 = 1_000_000; // 1万元 in fen
        Policy {
            name: name.to_string(),
            kind,
            from_year: year,
            to_year: None,
            threshold: if kind == Kind::IncreaseShare {
                10 * WAN
            } else {
                5 * WAN
            },
            tiers: if kind == Kind::IncreaseShare {
                vec![
                    Tier {
                        from: 0,
                        rate_bp: 800,
                    },
                    Tier {
                        from: 10 * WAN,
                        rate_bp: 900,
                    },
                    Tier {
                        from: 30 * WAN,
                        rate_bp: 1000,
                    },
                    Tier {
                        from: 50 * WAN,
                        rate_bp: 1200,
                    },
                ]
            } else {
                Vec::new()
            },
            share_bp: if kind == Kind::NetShare { 1000 } else { 0 },
            cap: if kind == Kind::NetShare { 10 * WAN } else { 0 },
            band_rates: if kind == Kind::NetShare {
                [10_000, 8_000, 5_000, 5_000, 0]
                    .into_iter()
                    .zip(Band::ALL)
                    .map(|(rate_bp, band)| BandRate { band, rate_bp })
                    .collect()
            } else {
                Vec::new()
            },
            unrated_bp: 0,
            coefficients: [100, 90, 70, 50, 0, 0]
                .into_iter()
                .zip(PostKind::ALL.iter().copied())
                .map(|(hundredths, post)| Coefficient { post, hundredths })
                .collect(),
            min_months: 6,
        }
    }
}

/// Raw text of a policy as typed into the form. Rates are percentages (two decimals),
/// amounts yuan, coefficients decimals (two decimals).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyInput {
    pub name: String,
    pub kind: String,
    pub from_year: String,
    pub to_year: String,
    pub threshold: String,
    /// (from yuan, rate %) rows; blank rows are skipped.
    pub tiers: Vec<(String, String)>,
    pub share: String,
    pub cap: String,
    /// One per band, in `Band::ALL` order.
    pub band_rates: Vec<String>,
    pub unrated: String,
    /// One per post, in `PostKind::ALL` order.
    pub coefficients: Vec<String>,
    pub min_months: String,
}

impl PolicyInput {
    /// The form's text for `p` (what an edit form starts from).
    pub fn from_policy(p: &Policy) -> PolicyInput {
        let pct = |bp: i64| trim_zeros(Money(bp).to_string());
        let yuan = |fen: i64| trim_zeros(Money(fen).to_string());
        PolicyInput {
            name: p.name.clone(),
            kind: p.kind.as_str().into(),
            from_year: p.from_year.to_string(),
            to_year: p.to_year.map(|y| y.to_string()).unwrap_or_default(),
            threshold: yuan(p.threshold),
            tiers: p
                .tiers
                .iter()
                .map(|t| (yuan(t.from), pct(t.rate_bp)))
                .collect(),
            share: if p.kind == Kind::NetShare {
                pct(p.share_bp)
            } else {
                String::new()
            },
            cap: if p.kind == Kind::NetShare {
                yuan(p.cap)
            } else {
                String::new()
            },
            band_rates: Band::ALL
                .iter()
                .map(|b| {
                    p.band_rates
                        .iter()
                        .find(|r| r.band == *b)
                        .map(|r| pct(r.rate_bp))
                        .unwrap_or_default()
                })
                .collect(),
            unrated: if p.kind == Kind::NetShare {
                pct(p.unrated_bp)
            } else {
                String::new()
            },
            coefficients: PostKind::ALL
                .iter()
                .map(|k| pct(p.coefficient(*k)))
                .collect(),
            min_months: p.min_months.to_string(),
        }
    }

    /// The policy typed, or the first error (its message names the input by a `pay_` label:
    /// `field-pay_threshold` …).
    pub fn validate(&self) -> Result<Policy, FieldError> {
        self.check().map_err(labelled)
    }

    fn check(&self) -> Result<Policy, FieldError> {
        let name = crate::input::required(&self.name, "name", 100)?;
        let kind = Kind::parse(&self.kind).ok_or_else(|| {
            FieldError::new("common.choice_invalid", "kind").arg("value", self.kind.trim())
        })?;
        let from_year = year(&self.from_year, "from_year")?;
        let to_year = if self.to_year.trim().is_empty() {
            None
        } else {
            let y = year(&self.to_year, "to_year")?;
            if y < from_year {
                return Err(FieldError::new("pay.to_before_from", "to_year")
                    .arg("value", y.to_string())
                    .arg("from", from_year.to_string()));
            }
            Some(y)
        };
        let threshold = amount(&self.threshold, "threshold")?;
        let mut tiers = Vec::new();
        let mut band_rates = Vec::new();
        let (mut share_bp, mut cap, mut unrated_bp) = (0, 0, 0);
        match kind {
            Kind::IncreaseShare => {
                for (i, (from, rate)) in self.tiers.iter().enumerate() {
                    if from.trim().is_empty() && rate.trim().is_empty() {
                        continue;
                    }
                    let line = |e: FieldError| e.arg("line", (i + 1).to_string());
                    let from = amount(from, "tiers").map_err(line)?;
                    let rate_bp = rate_bp(rate, "tiers").map_err(line)?;
                    if tiers.last().is_some_and(|t: &Tier| t.from >= from)
                        || (tiers.is_empty() && from != 0)
                    {
                        return Err(line(FieldError::new("pay.tiers_order", "tiers")));
                    }
                    tiers.push(Tier { from, rate_bp });
                }
                if tiers.is_empty() {
                    return Err(FieldError::new("common.required", "tiers"));
                }
                if tiers.len() > MAX_TIERS {
                    return Err(FieldError::new("common.too_long", "tiers")
                        .arg("max", MAX_TIERS.to_string()));
                }
            }
            Kind::NetShare => {
                share_bp = rate_bp(&self.share, "share")?;
                cap = amount(&self.cap, "cap")?;
                for (i, band) in Band::ALL.into_iter().enumerate() {
                    let text = self.band_rates.get(i).map_or("", String::as_str);
                    let rate_bp = rate_bp(text, "band_rates")
                        .map_err(|e| e.arg("band", band.as_str().to_string()))?;
                    band_rates.push(BandRate { band, rate_bp });
                }
                unrated_bp = if self.unrated.trim().is_empty() {
                    0
                } else {
                    rate_bp(&self.unrated, "unrated")?
                };
            }
        }
        let mut coefficients = Vec::new();
        for (i, post) in PostKind::ALL.iter().enumerate() {
            let text = self.coefficients.get(i).map_or("", String::as_str);
            let hundredths = if text.trim().is_empty() {
                0
            } else {
                match Money::parse_yuan(text) {
                    Some(m) if (0..=1_000).contains(&m.fen()) => m.fen(),
                    _ => {
                        return Err(FieldError::new("pay.coefficient_invalid", "coefficients")
                            .arg("value", text.trim())
                            .arg("post", post.as_str()));
                    }
                }
            };
            coefficients.push(Coefficient {
                post: *post,
                hundredths,
            });
        }
        let min_months = match self.min_months.trim().parse::<u32>() {
            Ok(m) if m <= 12 => m,
            _ => {
                return Err(FieldError::new("pay.months_invalid", "min_months")
                    .arg("value", self.min_months.trim()));
            }
        };
        Ok(Policy {
            name,
            kind,
            from_year,
            to_year,
            threshold,
            tiers,
            share_bp,
            cap,
            band_rates,
            unrated_bp,
            coefficients,
            min_months,
        })
    }
}

/// Names an input of this module by its own label (`field-pay_<field>` in `pay.ftl`).
pub fn labelled(e: FieldError) -> FieldError {
    let label = match e.field {
        "name" => "pay_name",
        "kind" => "pay_kind",
        "from_year" => "pay_from_year",
        "to_year" => "pay_to_year",
        "threshold" => "pay_threshold",
        "tiers" => "pay_tiers",
        "share" => "pay_share",
        "cap" => "pay_cap",
        "band_rates" => "pay_band_rates",
        "unrated" => "pay_unrated",
        "coefficients" => "pay_coefficients",
        "min_months" => "pay_min_months",
        "reason" => "pay_reason",
        "step" => "pay_step",
        "on" => "pay_on",
        "meeting_id" => "pay_meeting_id",
        "note" => "pay_note",
        _ => return e,
    };
    e.labelled(label)
}

/// "8.50" → "8.5", "10.00" → "10".
fn trim_zeros(text: String) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn year(text: &str, field: &'static str) -> Result<i32, FieldError> {
    match text.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Ok(y),
        _ => Err(FieldError::new("pay.year_invalid", field).arg("value", text.trim())),
    }
}

/// A non-negative yuan amount, in fen.
fn amount(text: &str, field: &'static str) -> Result<i64, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    match Money::parse_yuan_bounded(text) {
        Ok(m) if m.fen() >= 0 => Ok(m.fen()),
        Err(crate::money::YuanError::TooLarge) => Err(Money::too_large(field, text)),
        _ => Err(FieldError::new("pay.amount_invalid", field).arg("value", text.trim())),
    }
}

/// A percentage 0–100 with at most two decimals, in basis points (hundredths of a percent,
/// which is what yuan text with two decimals parses to in fen).
fn rate_bp(text: &str, field: &'static str) -> Result<i64, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    match Money::parse_yuan(text.trim().trim_end_matches('%')) {
        Some(m) if (0..=WHOLE_BP).contains(&m.fen()) => Ok(m.fen()),
        _ => Err(FieldError::new("pay.rate_invalid", field).arg("value", text.trim())),
    }
}

/// A post held in the village (from the people module's posts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenure {
    pub person_id: String,
    pub name: String,
    pub post: PostKind,
    pub starts_on: NaiveDate,
    /// The last day in post (inclusive).
    pub ends_on: Option<NaiveDate>,
}

/// What a village's calculation starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub year: i32,
    /// Operating income of the year (the metrics catalogue's `operating_income`), fen.
    pub income: i64,
    /// Operating income of the year before, fen.
    pub previous: i64,
    /// The published rating, if any.
    pub band: Option<Band>,
    pub posts: Vec<Tenure>,
}

/// An argument of a step, formatted by the page (yuan, percent, months …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Arg {
    Fen(i64),
    Bp(i64),
    Count(i64),
    Band(Band),
    Text(String),
}

/// One step of a calculation: the message `pay-step-<id>` with its arguments, and the
/// amount it comes to (fen), if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub args: BTreeMap<String, Arg>,
    pub amount: Option<i64>,
}

impl Step {
    fn new(id: &str, amount: Option<i64>) -> Step {
        Step {
            id: id.to_string(),
            args: BTreeMap::new(),
            amount,
        }
    }

    fn arg(mut self, name: &str, value: Arg) -> Step {
        self.args.insert(name.to_string(), value);
        self
    }

    /// The message id.
    pub fn message_id(&self) -> String {
        format!("pay-step-{}", self.id)
    }
}

/// Why a cadre gets no share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// Fewer months in post than the policy's minimum.
    ShortTenure,
    /// Only posts with coefficient 0.
    NoCoefficient,
}

impl Exclusion {
    pub fn label_id(self) -> &'static str {
        match self {
            Exclusion::ShortTenure => "pay-excluded-short_tenure",
            Exclusion::NoCoefficient => "pay-excluded-no_coefficient",
        }
    }
}

/// A cadre's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub person_id: String,
    pub name: String,
    /// The post counted in the last month held (the highest coefficient that month).
    pub post: PostKind,
    /// That post's coefficient, hundredths.
    pub coefficient: i64,
    /// Months with a paid post.
    pub months: u32,
    /// Σ monthly coefficient (hundredths × months).
    pub weight: i64,
    /// Fen.
    pub amount: i64,
    pub excluded: Option<Exclusion>,
}

/// A village's calculation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calculation {
    /// The pool (fen); what the shares sum to when some cadre is eligible.
    pub pool: i64,
    /// The sum of the shares (fen): the pool, or 0 when nobody is eligible.
    pub paid: i64,
    pub shares: Vec<Share>,
    pub steps: Vec<Step>,
}

fn overflow() -> DomainError {
    DomainError::Conflict(OVERFLOW)
}

/// ⌊amount × bp / 10000⌋ for a non-negative amount.
fn apply_bp(amount: i64, bp: i64) -> Result<i64, DomainError> {
    let v = i128::from(amount.max(0)) * i128::from(bp.max(0)) / i128::from(WHOLE_BP);
    i64::try_from(v).map_err(|_| overflow())
}

/// The pool for `facts` under `policy`, with its steps.
pub fn pool(policy: &Policy, facts: &Facts) -> Result<(i64, Vec<Step>), DomainError> {
    let mut steps = vec![
        Step::new("income", Some(facts.income))
            .arg("year", Arg::Count(i64::from(facts.year)))
            .arg("income", Arg::Fen(facts.income)),
    ];
    let pool = match policy.kind {
        Kind::IncreaseShare => {
            let met = facts.income >= policy.threshold;
            steps.push(
                Step::new(if met { "reaches" } else { "below" }, None)
                    .arg("threshold", Arg::Fen(policy.threshold)),
            );
            if !met {
                return Ok((0, steps));
            }
            let increase = facts
                .income
                .checked_sub(facts.previous)
                .ok_or_else(overflow)?;
            steps.push(
                Step::new("increase", Some(increase))
                    .arg("year", Arg::Count(i64::from(facts.year) - 1))
                    .arg("previous", Arg::Fen(facts.previous)),
            );
            if increase <= 0 {
                steps.push(Step::new("no_increase", Some(0)));
                return Ok((0, steps));
            }
            let mut total: i64 = 0;
            for (i, tier) in policy.tiers.iter().enumerate() {
                if increase <= tier.from {
                    break;
                }
                let upper = policy.tiers.get(i + 1).map(|t| t.from);
                let top = upper.map_or(increase, |u| u.min(increase));
                let slice = top - tier.from;
                let part = apply_bp(slice, tier.rate_bp)?;
                let mut step = Step::new("tier", Some(part))
                    .arg("from", Arg::Fen(tier.from))
                    .arg("slice", Arg::Fen(slice))
                    .arg("rate", Arg::Bp(tier.rate_bp));
                step = step.arg("to", Arg::Fen(top));
                steps.push(step);
                total = total.checked_add(part).ok_or_else(overflow)?;
            }
            total
        }
        Kind::NetShare => {
            let met = facts.income > policy.threshold;
            steps.push(
                Step::new(if met { "above" } else { "not_above" }, None)
                    .arg("threshold", Arg::Fen(policy.threshold)),
            );
            if !met {
                return Ok((0, steps));
            }
            let share = apply_bp(facts.income, policy.share_bp)?;
            steps.push(Step::new("share", Some(share)).arg("rate", Arg::Bp(policy.share_bp)));
            let capped = share.min(policy.cap);
            steps.push(
                Step::new(
                    if share > policy.cap {
                        "capped"
                    } else {
                        "within_cap"
                    },
                    Some(capped),
                )
                .arg("cap", Arg::Fen(policy.cap)),
            );
            let rate = policy.band_rate(facts.band);
            let scaled = apply_bp(capped, rate)?;
            steps.push(match facts.band {
                Some(b) => Step::new("rating", Some(scaled))
                    .arg("band", Arg::Band(b))
                    .arg("rate", Arg::Bp(rate)),
                None => Step::new("unrated", Some(scaled)).arg("rate", Arg::Bp(rate)),
            });
            scaled
        }
    };
    steps.push(Step::new("pool", Some(pool)));
    Ok((pool, steps))
}

/// The last day of `month` (1–12) of `year`.
fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Each person's line (before amounts), in list order: higher coefficient first, then
/// name, then person id.
pub fn lines(policy: &Policy, year: i32, posts: &[Tenure]) -> Vec<Share> {
    let mut people: Vec<(&str, &str)> = posts
        .iter()
        .map(|t| (t.person_id.as_str(), t.name.as_str()))
        .collect();
    people.sort();
    people.dedup_by(|a, b| a.0 == b.0);
    let mut out = Vec::new();
    for (person_id, name) in people {
        let mine: Vec<&Tenure> = posts.iter().filter(|t| t.person_id == person_id).collect();
        let (mut months, mut weight) = (0_u32, 0_i64);
        let mut last: Option<(PostKind, i64)> = None;
        let mut held_any = false;
        for month in 1..=12 {
            let Some(day) = month_end(year, month) else {
                continue;
            };
            let best = mine
                .iter()
                .filter(|t| crate::people::post::holds_on(t.starts_on, t.ends_on, day))
                .map(|t| (t.post, policy.coefficient(t.post)))
                .max_by_key(|(p, c)| (*c, std::cmp::Reverse(*p)));
            if let Some((post, c)) = best {
                held_any = true;
                if c > 0 {
                    months += 1;
                    weight += c;
                    last = Some((post, c));
                } else if last.is_none_or(|(_, lc)| lc == 0) {
                    last = Some((post, c));
                }
            }
        }
        if !held_any {
            continue;
        }
        let (post, coefficient) = last.unwrap_or((mine[0].post, 0));
        let excluded = if weight == 0 {
            Some(Exclusion::NoCoefficient)
        } else if months < policy.min_months {
            Some(Exclusion::ShortTenure)
        } else {
            None
        };
        out.push(Share {
            person_id: person_id.to_string(),
            name: name.to_string(),
            post,
            coefficient,
            months,
            weight,
            amount: 0,
            excluded,
        });
    }
    out.sort_by(|a, b| {
        b.coefficient
            .cmp(&a.coefficient)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.person_id.cmp(&b.person_id))
    });
    out
}

/// Divides `pool` over the eligible lines by weight, largest remainders taking the fen
/// left over (ties in list order). Returns what was paid: `pool`, or 0 when nobody is
/// eligible.
pub fn divide(pool: i64, shares: &mut [Share]) -> Result<i64, DomainError> {
    let total: i64 = shares
        .iter()
        .filter(|s| s.excluded.is_none())
        .try_fold(0_i64, |acc, s| acc.checked_add(s.weight))
        .ok_or_else(overflow)?;
    for s in shares.iter_mut() {
        s.amount = 0;
    }
    if total <= 0 || pool <= 0 {
        return Ok(0);
    }
    let mut rems: Vec<(i128, usize)> = Vec::new();
    let mut given: i64 = 0;
    for (i, s) in shares.iter_mut().enumerate() {
        if s.excluded.is_some() {
            continue;
        }
        let product = i128::from(pool) * i128::from(s.weight);
        let whole = product / i128::from(total);
        s.amount = i64::try_from(whole).map_err(|_| overflow())?;
        given = given.checked_add(s.amount).ok_or_else(overflow)?;
        rems.push((product % i128::from(total), i));
    }
    // Largest remainder first; equal remainders in list order.
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = pool - given;
    for (_, i) in rems.into_iter().take(usize::try_from(left).unwrap_or(0)) {
        shares[i].amount += 1;
    }
    Ok(pool)
}

/// The whole calculation: the pool, the cadres' shares and the steps.
pub fn calculate(policy: &Policy, facts: &Facts) -> Result<Calculation, DomainError> {
    let (pool, mut steps) = pool(policy, facts)?;
    let mut shares = lines(policy, facts.year, &facts.posts);
    let paid = divide(pool, &mut shares)?;
    let eligible = shares.iter().filter(|s| s.excluded.is_none()).count();
    let total_weight: i64 = shares
        .iter()
        .filter(|s| s.excluded.is_none())
        .map(|s| s.weight)
        .sum();
    steps.push(
        Step::new("tenure", None)
            .arg("min", Arg::Count(i64::from(policy.min_months)))
            .arg("eligible", Arg::Count(eligible as i64))
            .arg("excluded", Arg::Count((shares.len() - eligible) as i64)),
    );
    if pool > 0 && eligible == 0 {
        steps.push(Step::new("nobody", Some(0)));
    } else if pool > 0 {
        steps.push(
            Step::new("divide", Some(paid))
                .arg("weight", Arg::Count(total_weight))
                .arg("eligible", Arg::Count(eligible as i64)),
        );
    }
    Ok(Calculation {
        pool,
        paid,
        shares,
        steps,
    })
}

/// A scenario beside the calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// The facts as recorded.
    Recorded,
    /// Operating income 10 % higher (rounded down to the fen; the year before unchanged).
    IncomePlus10,
    /// The rating one band lower (`Band::lower`; no rating stays none).
    BandLower,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [
        Scenario::Recorded,
        Scenario::IncomePlus10,
        Scenario::BandLower,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Recorded => "recorded",
            Scenario::IncomePlus10 => "income_plus_10",
            Scenario::BandLower => "band_lower",
        }
    }

    pub fn label_id(self) -> String {
        format!("pay-scenario-{}", self.as_str())
    }

    /// The facts of the scenario.
    pub fn facts(self, facts: &Facts) -> Result<Facts, DomainError> {
        let mut f = facts.clone();
        match self {
            Scenario::Recorded => {}
            Scenario::IncomePlus10 => {
                let extra =
                    i64::try_from(i128::from(facts.income.abs()) / 10).map_err(|_| overflow())?;
                f.income = facts.income.checked_add(extra).ok_or_else(overflow)?;
            }
            Scenario::BandLower => f.band = facts.band.map(Band::lower),
        }
        Ok(f)
    }
}

/// Every scenario's calculation, side by side.
pub fn scenarios(
    policy: &Policy,
    facts: &Facts,
) -> Result<Vec<(Scenario, Facts, Calculation)>, DomainError> {
    Scenario::ALL
        .into_iter()
        .map(|s| {
            let f = s.facts(facts)?;
            let c = calculate(policy, &f)?;
            Ok((s, f, c))
        })
        .collect()
}

/// The state of a village-year calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Computed, open to recomputing and to submitting by the town.
    Draft,
    /// Submitted by the town, awaiting the district.
    Submitted,
    /// Approved by the district; its voucher is written.
    Approved,
    /// Returned by the district with a reason; the town may recompute and submit again.
    Returned,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Draft,
        State::Submitted,
        State::Approved,
        State::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Approved => "approved",
            State::Returned => "returned",
        }
    }

    pub fn parse(text: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label_id(self) -> String {
        format!("pay-state-{}", self.as_str())
    }

    /// Recomputing and the 四议两公开 record are open.
    pub fn editable(self) -> bool {
        matches!(self, State::Draft | State::Returned)
    }
}

/// The steps of 四议两公开 (four deliberations, two disclosures), in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deliberation {
    /// 村党组织提议
    PartyProposal,
    /// 村“两委”会议商议
    CommitteesDiscuss,
    /// 党员大会审议
    MembersReview,
    /// 村民会议或村民代表会议决议
    VillagersResolve,
    /// 决议公开
    ResolutionPublic,
    /// 实施结果公开
    ResultPublic,
}

impl Deliberation {
    pub const ALL: [Deliberation; 6] = [
        Deliberation::PartyProposal,
        Deliberation::CommitteesDiscuss,
        Deliberation::MembersReview,
        Deliberation::VillagersResolve,
        Deliberation::ResolutionPublic,
        Deliberation::ResultPublic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Deliberation::PartyProposal => "party_proposal",
            Deliberation::CommitteesDiscuss => "committees_discuss",
            Deliberation::MembersReview => "members_review",
            Deliberation::VillagersResolve => "villagers_resolve",
            Deliberation::ResolutionPublic => "resolution_public",
            Deliberation::ResultPublic => "result_public",
        }
    }

    pub fn parse(text: &str) -> Option<Deliberation> {
        Deliberation::ALL
            .into_iter()
            .find(|d| d.as_str() == text.trim())
    }

    pub fn label_id(self) -> String {
        format!("pay-deliberation-{}", self.as_str())
    }
}

/// One recorded step of 四议两公开.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliberationStep {
    pub step: Deliberation,
    pub on: NaiveDate,
    /// A meeting of the mechanism module, when the step was one.
    pub meeting_id: Option<String>,
    pub note: String,
}

/// Raw text of one step as typed (blank date = not yet done, skipped).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeliberationInput {
    pub step: String,
    pub on: String,
    pub meeting_id: String,
    pub note: String,
}

/// Validates the steps typed: each known step at most once, dates in order of the steps
/// (a later step not before an earlier one), within `year` or after it. Blank dates are
/// steps not yet taken.
pub fn validate_deliberation(
    rows: &[DeliberationInput],
    year: i32,
) -> Result<Vec<DeliberationStep>, FieldError> {
    check_deliberation(rows, year).map_err(labelled)
}

fn check_deliberation(
    rows: &[DeliberationInput],
    year: i32,
) -> Result<Vec<DeliberationStep>, FieldError> {
    let mut out: Vec<DeliberationStep> = Vec::new();
    for row in rows {
        if row.on.trim().is_empty() {
            continue;
        }
        let step = Deliberation::parse(&row.step).ok_or_else(|| {
            FieldError::new("common.choice_invalid", "step").arg("value", row.step.trim())
        })?;
        let field: &'static str = "on";
        let on = crate::input::date(&row.on, field).map_err(|e| e.arg("step", step.as_str()))?;
        if on.year() < year {
            return Err(FieldError::new("pay.step_before_year", field)
                .arg("value", on.to_string())
                .arg("step", step.as_str())
                .arg("year", year.to_string()));
        }
        if out.iter().any(|s| s.step == step) {
            return Err(FieldError::new("pay.step_twice", "step").arg("step", step.as_str()));
        }
        if let Some(prev) = out.last()
            && prev.on > on
        {
            return Err(FieldError::new("pay.step_out_of_order", field)
                .arg("value", on.to_string())
                .arg("step", step.as_str()));
        }
        let meeting_id = crate::input::opt_id(&row.meeting_id, "meeting_id")
            .map_err(|e| e.arg("step", step.as_str()))?
            .map(|id| id.to_string());
        let note = crate::input::optional(&row.note, "note", 200)?;
        out.push(DeliberationStep {
            step,
            on,
            meeting_id,
            note,
        });
    }
    Ok(out)
}

/// A reason to return a calculation: required, at most 500 characters.
pub fn reason(text: &str) -> Result<String, FieldError> {
    crate::input::required(text, "reason", 500).map_err(labelled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const WAN: i64 = 1_000_000;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn tenure(id: &str, post: PostKind, from: &str, to: Option<&str>) -> Tenure {
        Tenure {
            person_id: id.into(),
            name: format!("name-{id}"),
            post,
            starts_on: d(from),
            ends_on: to.map(d),
        }
    }

    fn team() -> Vec<Tenure> {
        vec![
            tenure("a", PostKind::PartySecretary, "2018-01-01", None),
            tenure("b", PostKind::CommitteeDirector, "2018-01-01", None),
            tenure("c", PostKind::CommitteeMember, "2018-01-01", None),
        ]
    }

    fn facts(income: i64, previous: i64, band: Option<Band>) -> Facts {
        Facts {
            year: 2021,
            income,
            previous,
            band,
            posts: team(),
        }
    }

    fn a() -> Policy {
        Policy::example(Kind::IncreaseShare, 2021, "a")
    }

    fn b() -> Policy {
        Policy::example(Kind::NetShare, 2021, "b")
    }

    #[test]
    fn increase_threshold_is_reached_at_equality() {
        let p = a();
        let at = calculate(&p, &facts(p.threshold, 0, None)).unwrap();
        assert_eq!(at.pool, apply_bp(p.threshold, 800).unwrap());
        assert!(at.steps.iter().any(|s| s.id == "reaches"));
        let below = calculate(&p, &facts(p.threshold - 1, 0, None)).unwrap();
        assert_eq!(below.pool, 0);
        assert_eq!(below.paid, 0);
        assert!(below.steps.iter().any(|s| s.id == "below"));
    }

    #[test]
    fn increase_tiers_are_slices() {
        let p = a();
        // Increase 60万: 10万 × 8 % + 20万 × 9 % + 20万 × 10 % + 10万 × 12 %.
        let c = calculate(&p, &facts(80 * WAN, 20 * WAN, None)).unwrap();
        let expected = apply_bp(10 * WAN, 800).unwrap()
            + apply_bp(20 * WAN, 900).unwrap()
            + apply_bp(20 * WAN, 1000).unwrap()
            + apply_bp(10 * WAN, 1200).unwrap();
        assert_eq!(c.pool, expected);
        assert_eq!(c.steps.iter().filter(|s| s.id == "tier").count(), 4);
        // Exactly at a tier's start: nothing from that tier.
        let c = calculate(&p, &facts(30 * WAN, 20 * WAN, None)).unwrap();
        assert_eq!(c.pool, apply_bp(10 * WAN, 800).unwrap());
        assert_eq!(c.steps.iter().filter(|s| s.id == "tier").count(), 1);
        // One fen into the next tier.
        let c = calculate(&p, &facts(30 * WAN + 1, 20 * WAN, None)).unwrap();
        assert_eq!(c.steps.iter().filter(|s| s.id == "tier").count(), 2);
    }

    #[test]
    fn no_or_negative_growth_is_no_pool() {
        let p = a();
        for prev in [50 * WAN, 60 * WAN] {
            let c = calculate(&p, &facts(50 * WAN, prev, Some(Band::Excellent))).unwrap();
            assert_eq!(c.pool, 0);
            assert!(c.shares.iter().all(|s| s.amount == 0));
            assert!(c.steps.iter().any(|s| s.id == "no_increase"));
        }
    }

    #[test]
    fn increase_ignores_rating() {
        let p = a();
        let x = calculate(&p, &facts(50 * WAN, 20 * WAN, Some(Band::Excellent))).unwrap();
        let y = calculate(&p, &facts(50 * WAN, 20 * WAN, None)).unwrap();
        assert_eq!(x.pool, y.pool);
    }

    #[test]
    fn net_share_threshold_is_strictly_above() {
        let p = b();
        let at = calculate(&p, &facts(p.threshold, 0, Some(Band::Excellent))).unwrap();
        assert_eq!(at.pool, 0);
        assert!(at.steps.iter().any(|s| s.id == "not_above"));
        let over = calculate(&p, &facts(p.threshold + 1, 0, Some(Band::Excellent))).unwrap();
        assert_eq!(over.pool, apply_bp(p.threshold + 1, p.share_bp).unwrap());
    }

    #[test]
    fn net_share_cap_then_rating() {
        let p = b();
        // Exactly at the cap: share = cap, not "capped".
        let at_cap = p.cap * WHOLE_BP / p.share_bp;
        let c = calculate(&p, &facts(at_cap, 0, Some(Band::Excellent))).unwrap();
        assert_eq!(c.pool, p.cap);
        assert!(c.steps.iter().any(|s| s.id == "within_cap"));
        let c = calculate(&p, &facts(at_cap * 3, 0, Some(Band::Excellent))).unwrap();
        assert_eq!(c.pool, p.cap);
        assert!(c.steps.iter().any(|s| s.id == "capped"));
        for band in Band::ALL {
            let c = calculate(&p, &facts(at_cap * 3, 0, Some(band))).unwrap();
            assert_eq!(c.pool, apply_bp(p.cap, p.band_rate(Some(band))).unwrap());
        }
        let fail = calculate(&p, &facts(at_cap * 3, 0, Some(Band::Fail))).unwrap();
        assert_eq!(fail.pool, 0);
        let pass = calculate(&p, &facts(at_cap * 3, 0, Some(Band::Pass))).unwrap();
        let basic = calculate(&p, &facts(at_cap * 3, 0, Some(Band::BasicPass))).unwrap();
        assert_eq!(pass.pool, p.cap / 2);
        assert_eq!(basic.pool, pass.pool);
        let none = calculate(&p, &facts(at_cap * 3, 0, None)).unwrap();
        assert_eq!(none.pool, 0, "no published rating, no pay");
        assert!(none.steps.iter().any(|s| s.id == "unrated"));
        assert!(
            pass.pool
                < calculate(&p, &facts(at_cap * 3, 0, Some(Band::Good)))
                    .unwrap()
                    .pool
        );
    }

    #[test]
    fn tenure_cut_off_at_six_months() {
        let p = a();
        // Held on 30 June … 31 December = 7 months; from 1 July = 6 (paid); from 1 August = 5.
        let posts = vec![
            tenure("a", PostKind::PartySecretary, "2018-01-01", None),
            tenure("b", PostKind::CommitteeMember, "2021-07-01", None),
            tenure("c", PostKind::CommitteeMember, "2021-08-01", None),
            tenure(
                "d",
                PostKind::CommitteeMember,
                "2021-01-01",
                Some("2021-06-30"),
            ),
            tenure(
                "e",
                PostKind::CommitteeMember,
                "2021-01-01",
                Some("2021-06-29"),
            ),
        ];
        let shares = lines(&p, 2021, &posts);
        let get = |id: &str| shares.iter().find(|s| s.person_id == id).unwrap();
        assert_eq!(get("a").months, 12);
        assert_eq!(get("b").months, 6);
        assert_eq!(get("b").excluded, None);
        assert_eq!(get("c").months, 5);
        assert_eq!(get("c").excluded, Some(Exclusion::ShortTenure));
        assert_eq!(get("d").months, 6);
        assert_eq!(get("d").excluded, None);
        assert_eq!(get("e").months, 5);
        assert_eq!(get("e").excluded, Some(Exclusion::ShortTenure));
        let f = Facts {
            posts,
            ..facts(80 * WAN, 20 * WAN, None)
        };
        let c = calculate(&p, &f).unwrap();
        assert_eq!(c.shares.iter().map(|s| s.amount).sum::<i64>(), c.pool);
        assert_eq!(
            c.shares.iter().find(|s| s.person_id == "c").unwrap().amount,
            0
        );
    }

    #[test]
    fn dual_post_counts_once_at_the_higher_coefficient() {
        let p = a();
        let posts = vec![
            tenure("a", PostKind::PartySecretary, "2018-01-01", None),
            tenure("a", PostKind::CommitteeDirector, "2018-01-01", None),
            tenure("f", PostKind::FirstSecretary, "2020-01-01", None),
        ];
        let shares = lines(&p, 2021, &posts);
        assert_eq!(shares.len(), 2);
        assert_eq!(shares[0].post, PostKind::PartySecretary);
        assert_eq!(
            shares[0].weight,
            12 * p.coefficient(PostKind::PartySecretary)
        );
        assert_eq!(shares[1].excluded, Some(Exclusion::NoCoefficient));
    }

    #[test]
    fn weights_follow_coefficients_and_remainders_sum_exactly() {
        let p = a();
        let mut shares = lines(&p, 2021, &team());
        let paid = divide(1001, &mut shares).unwrap();
        assert_eq!(paid, 1001);
        assert_eq!(shares.iter().map(|s| s.amount).sum::<i64>(), 1001);
        // 100 : 90 : 70 of 1001 = 385, 346.5, 269.5: the half fen goes to the director
        // (tie in remainder, list order).
        assert_eq!(
            shares.iter().map(|s| s.amount).collect::<Vec<_>>(),
            vec![385, 347, 269]
        );
        let mut nobody = lines(&p, 2021, &[]);
        assert_eq!(divide(1001, &mut nobody).unwrap(), 0);
        let c = calculate(
            &p,
            &Facts {
                posts: vec![tenure("x", PostKind::CommitteeMember, "2021-11-01", None)],
                ..facts(80 * WAN, 20 * WAN, None)
            },
        )
        .unwrap();
        assert!(c.pool > 0);
        assert_eq!(c.paid, 0);
        assert!(c.steps.iter().any(|s| s.id == "nobody"));
    }

    #[test]
    fn scenarios_side_by_side() {
        let p = b();
        let f = facts(60 * WAN, 0, Some(Band::Good));
        let s = scenarios(&p, &f).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].1.income, 66 * WAN);
        assert!(s[1].2.pool > s[0].2.pool);
        assert_eq!(s[2].1.band, Some(Band::Pass));
        assert!(s[2].2.pool < s[0].2.pool);
        let unrated = scenarios(&p, &facts(60 * WAN, 0, None)).unwrap();
        assert_eq!(unrated[2].1.band, None);
        let fail = scenarios(&p, &facts(60 * WAN, 0, Some(Band::Fail))).unwrap();
        assert_eq!(fail[2].1.band, Some(Band::Fail));
    }

    #[test]
    fn overflow_is_a_conflict() {
        let f = facts(i64::MAX, 0, Some(Band::Excellent));
        assert_eq!(
            Scenario::IncomePlus10.facts(&f).unwrap_err(),
            DomainError::Conflict(OVERFLOW)
        );
        let a = a();
        let f = facts(i64::MAX, -1, None);
        assert_eq!(
            calculate(&a, &f).unwrap_err(),
            DomainError::Conflict(OVERFLOW)
        );
    }

    #[test]
    fn input_round_trips_and_refuses() {
        for p in [a(), b()] {
            let input = PolicyInput::from_policy(&p);
            assert_eq!(input.validate().unwrap(), p);
        }
        let mut bad = PolicyInput::from_policy(&a());
        bad.tiers[1].0 = "0".into();
        let e = bad.validate().unwrap_err();
        assert_eq!((e.code, e.field), ("pay.tiers_order", "tiers"));
        assert_eq!(e.args["line"], "2");
        let mut bad = PolicyInput::from_policy(&a());
        bad.tiers[0].1 = "101".into();
        assert_eq!(bad.validate().unwrap_err().code, "pay.rate_invalid");
        let mut bad = PolicyInput::from_policy(&b());
        bad.to_year = "2020".into();
        assert_eq!(bad.validate().unwrap_err().code, "pay.to_before_from");
        let mut bad = PolicyInput::from_policy(&b());
        bad.cap = "-1".into();
        assert_eq!(bad.validate().unwrap_err().field, "cap");
        let mut bad = PolicyInput::from_policy(&b());
        bad.min_months = "13".into();
        assert_eq!(bad.validate().unwrap_err().code, "pay.months_invalid");
        let mut bad = PolicyInput::from_policy(&b());
        bad.coefficients[0] = "abc".into();
        assert_eq!(bad.validate().unwrap_err().code, "pay.coefficient_invalid");
        let mut blank = PolicyInput::from_policy(&a());
        blank.tiers.push((String::new(), String::new()));
        assert_eq!(blank.validate().unwrap(), a());
    }

    #[test]
    fn in_force_years() {
        let mut p = a();
        assert!(p.in_force(2021) && p.in_force(2030) && !p.in_force(2020));
        p.to_year = Some(2022);
        assert!(p.in_force(2022) && !p.in_force(2023));
    }

    #[test]
    fn deliberation_steps() {
        let row = |s: &str, on: &str| DeliberationInput {
            step: s.into(),
            on: on.into(),
            ..Default::default()
        };
        let ok = validate_deliberation(
            &[
                row("party_proposal", "2022-01-05"),
                row("committees_discuss", "2022-01-06"),
                row("members_review", ""),
            ],
            2021,
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
        let e = validate_deliberation(
            &[
                row("party_proposal", "2022-01-05"),
                row("committees_discuss", "2022-01-04"),
            ],
            2021,
        )
        .unwrap_err();
        assert_eq!(e.code, "pay.step_out_of_order");
        let e = validate_deliberation(&[row("party_proposal", "2020-12-31")], 2021).unwrap_err();
        assert_eq!(e.code, "pay.step_before_year");
        let e = validate_deliberation(&[row("x", "2022-01-05")], 2021).unwrap_err();
        assert_eq!(e.code, "common.choice_invalid");
    }

    fn arb_posts() -> impl Strategy<Value = Vec<Tenure>> {
        prop::collection::vec((0usize..6, 0u32..6, 1u32..=12, 0u32..=13), 0..8).prop_map(|v| {
            v.into_iter()
                .map(|(k, person, start, end)| Tenure {
                    person_id: format!("p{person}"),
                    name: format!("n{person}"),
                    post: PostKind::ALL[k],
                    starts_on: NaiveDate::from_ymd_opt(2021, start, 1).unwrap(),
                    ends_on: if end == 0 || end < start {
                        None
                    } else {
                        month_end(2021, end.min(12))
                    },
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn shares_sum_to_pool_never_negative_never_above_cap(
            income in -100_000_000i64..10_000_000_000,
            previous in -100_000_000i64..10_000_000_000,
            band in prop::option::of(0usize..5),
            net in any::<bool>(),
            posts in arb_posts(),
        ) {
            let p = if net { b() } else { a() };
            let f = Facts { year: 2021, income, previous, band: band.map(|i| Band::ALL[i]), posts };
            let c = calculate(&p, &f).unwrap();
            prop_assert!(c.pool >= 0);
            if net {
                prop_assert!(c.pool <= p.cap);
            }
            prop_assert!(c.shares.iter().all(|s| s.amount >= 0));
            let sum: i64 = c.shares.iter().map(|s| s.amount).sum();
            prop_assert_eq!(sum, c.paid);
            let eligible = c.shares.iter().any(|s| s.excluded.is_none());
            prop_assert_eq!(c.paid, if eligible { c.pool } else { 0 });
            prop_assert!(c.shares.iter().filter(|s| s.excluded.is_some()).all(|s| s.amount == 0));
            prop_assert!(c.shares.iter().all(|s| s.excluded.is_some() || s.months >= p.min_months));
        }
    }
}
