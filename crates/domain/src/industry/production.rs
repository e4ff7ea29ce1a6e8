//! Production records in the style of farmOS: units (大棚, plots) and batches, with dated
//! logs — input, activity, harvest, sale, labour. Quantities are exact decimals with a unit;
//! units of mass convert explicitly (g, kg = 公斤 = 1000 g, 斤 = 500 g); any other unit
//! (袋, 棒, m² …) converts only to itself.

use super::{amount, date, optional, required};
use crate::decimal::Decimal;
use crate::error::FieldError;
use crate::id::Id;
use crate::money::{Money, YuanError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Millionths: the finest step a quantity keeps.
const MICRO: i128 = 1_000_000;

/// A decimal as millionths (its scale is at most 6).
pub fn micro(d: Decimal) -> i128 {
    d.mantissa() * 10_i128.pow(6_u32.saturating_sub(d.scale()))
}

/// Millionths back to a decimal (`None` beyond what a decimal holds).
pub fn from_micro(m: i128) -> Option<Decimal> {
    let sign = if m < 0 { "-" } else { "" };
    let abs = m.unsigned_abs();
    let unit = MICRO.unsigned_abs();
    Decimal::parse(&format!("{sign}{}.{:06}", abs / unit, abs % unit))
}

/// Grams per unit of mass, or `None` for a unit that is not a mass.
pub fn grams(unit: &str) -> Option<i128> {
    match unit.trim() {
        "g" | "克" => Some(1),
        "kg" | "公斤" | "千克" => Some(1000),
        "斤" => Some(500),
        _ => None,
    }
}

/// `value` given in `from` expressed in `to` (rounded half up to millionths), or the error
/// `industry.unit_mismatch` when the units do not convert.
pub fn convert(value: Decimal, from: &str, to: &str) -> Result<Decimal, FieldError> {
    if from.trim() == to.trim() {
        return Ok(value);
    }
    match (grams(from), grams(to)) {
        (Some(f), Some(t)) => {
            let scaled = micro(value) * f;
            let half = t / 2;
            let q = if scaled >= 0 {
                (scaled + half) / t
            } else {
                (scaled - half) / t
            };
            from_micro(q).ok_or_else(|| {
                FieldError::new("industry.quantity_invalid", "quantity")
                    .arg("value", value.to_string())
            })
        }
        _ => Err(FieldError::new("industry.unit_mismatch", "unit")
            .arg("value", from.trim())
            .arg("unit", to.trim())),
    }
}

/// A production unit's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 大棚
    Greenhouse,
    /// 地块
    Plot,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 3] = [UnitKind::Greenhouse, UnitKind::Plot, UnitKind::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Greenhouse => "greenhouse",
            UnitKind::Plot => "plot",
            UnitKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<UnitKind> {
        UnitKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
    }
}

/// A non-negative decimal (positive when `positive`).
pub(crate) fn quantity(
    text: &str,
    field: &'static str,
    positive: bool,
) -> Result<Decimal, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    match Decimal::parse(text) {
        Some(d) if !d.is_negative() && (!positive || d.mantissa() != 0) => Ok(d),
        _ => Err(FieldError::new("industry.quantity_invalid", field).arg("value", text.trim())),
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitInput {
    pub kind: String,
    pub name: String,
    pub area_m2: String,
    pub built_on: String,
    pub asset_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub kind: UnitKind,
    pub name: String,
    pub area_m2: Decimal,
    pub built_on: Option<NaiveDate>,
    pub asset_note: String,
}

impl UnitInput {
    pub fn validate(&self) -> Result<Unit, FieldError> {
        let kind = UnitKind::parse(&self.kind).ok_or_else(|| {
            FieldError::new("common.choice_invalid", "kind").arg("value", self.kind.trim())
        })?;
        Ok(Unit {
            kind,
            name: required(&self.name, "name", 100)?,
            area_m2: quantity(&self.area_m2, "area_m2", true)?,
            built_on: if self.built_on.trim().is_empty() {
                None
            } else {
                Some(date(&self.built_on, "built_on")?)
            },
            asset_note: optional(&self.asset_note, "asset_note", 500)?,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BatchInput {
    pub crop: String,
    pub variety: String,
    pub started_on: String,
    pub size: String,
    pub size_unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub crop: String,
    pub variety: String,
    pub started_on: NaiveDate,
    pub size: Decimal,
    pub size_unit: String,
}

impl BatchInput {
    pub fn validate(&self) -> Result<Batch, FieldError> {
        Ok(Batch {
            crop: required(&self.crop, "crop", 64)?,
            variety: optional(&self.variety, "variety", 100)?,
            started_on: date(&self.started_on, "started_on")?,
            size: quantity(&self.size, "size", true)?,
            size_unit: required(&self.size_unit, "size_unit", 16)?,
        })
    }
}

/// Raw text of a log on a batch; which fields count depends on `kind`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LogInput {
    /// input, activity, harvest, sale, labour
    pub kind: String,
    pub date: String,
    /// input: material; harvest and sale: product.
    pub item: String,
    pub quantity: String,
    pub unit: String,
    /// input: cost (yuan).
    pub cost: String,
    /// activity (and any log): note.
    pub note: String,
    /// harvest: grade.
    pub grade: String,
    /// sale: buyer, unit price (yuan per `unit`), amount (yuan; empty = quantity × price).
    pub buyer: String,
    pub unit_price: String,
    pub amount: String,
    /// sale: the account debited; empty is 102 银行存款 (e.g. 113 or 112 for a sale on credit).
    pub debit_account: String,
    /// labour: person (people registry), days, wage (yuan).
    pub person_id: String,
    pub days: String,
    pub wage: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogEntry {
    Input {
        material: String,
        quantity: Decimal,
        unit: String,
        cost: Money,
    },
    Activity,
    Harvest {
        product: String,
        quantity: Decimal,
        unit: String,
        grade: String,
    },
    Sale {
        buyer: String,
        product: String,
        quantity: Decimal,
        unit: String,
        unit_price: Money,
        amount: Money,
        /// `None`: 102 银行存款.
        debit_account: Option<String>,
    },
    Labour {
        person_id: Id,
        days: Decimal,
        wage: Money,
    },
}

impl LogEntry {
    pub fn kind(&self) -> &'static str {
        match self {
            LogEntry::Input { .. } => "input",
            LogEntry::Activity => "activity",
            LogEntry::Harvest { .. } => "harvest",
            LogEntry::Sale { .. } => "sale",
            LogEntry::Labour { .. } => "labour",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    pub date: NaiveDate,
    pub note: String,
    pub entry: LogEntry,
}

/// `quantity × price`, rounded half up to the fen (exact: computed in i128); `None` when it
/// does not fit in fen at all. The caller bounds it ([`Money::bounded`]).
pub fn times(quantity: Decimal, price: Money) -> Option<Money> {
    let product = micro(quantity).checked_mul(i128::from(price.fen()))?;
    let fen = product.checked_add(MICRO / 2)?.div_euclid(MICRO);
    i64::try_from(fen).ok().map(Money)
}

fn money_or_zero(text: &str, field: &'static str) -> Result<Money, FieldError> {
    if text.trim().is_empty() {
        Ok(Money(0))
    } else {
        match Money::parse_yuan_bounded(text) {
            Ok(m) if m.fen() >= 0 => Ok(m),
            Err(YuanError::TooLarge) if !text.trim().starts_with('-') => {
                Err(Money::too_large(field, text))
            }
            _ => Err(FieldError::new("industry.amount_invalid", field).arg("value", text.trim())),
        }
    }
}

impl LogInput {
    pub fn validate(&self) -> Result<Log, FieldError> {
        let date = date(&self.date, "date")?;
        let note = optional(&self.note, "note", 2000)?;
        let entry = match self.kind.trim() {
            "input" => LogEntry::Input {
                material: required(&self.item, "item", 100)?,
                quantity: quantity(&self.quantity, "quantity", true)?,
                unit: required(&self.unit, "unit", 16)?,
                cost: money_or_zero(&self.cost, "cost")?,
            },
            "activity" => {
                if note.is_empty() {
                    return Err(FieldError::new("common.required", "note"));
                }
                LogEntry::Activity
            }
            "harvest" => LogEntry::Harvest {
                product: required(&self.item, "item", 100)?,
                quantity: quantity(&self.quantity, "quantity", true)?,
                unit: required(&self.unit, "unit", 16)?,
                grade: optional(&self.grade, "grade", 32)?,
            },
            "sale" => {
                let quantity = quantity(&self.quantity, "quantity", true)?;
                let unit_price = money_or_zero(&self.unit_price, "unit_price")?;
                let amount = if self.amount.trim().is_empty() {
                    // quantity × price beyond the bound (or beyond fen altogether) is
                    // `money.too_large` on the amount, with the product when it fits.
                    match times(quantity, unit_price) {
                        Some(m) if m.fen() > 0 => m.bounded("amount")?,
                        Some(_) => {
                            return Err(FieldError::new("industry.amount_invalid", "amount")
                                .arg("value", ""));
                        }
                        None => {
                            return Err(Money::too_large(
                                "amount",
                                &format!("{quantity} × {unit_price}"),
                            ));
                        }
                    }
                } else {
                    let given = amount(&self.amount, "amount")?;
                    // An amount typed beside a price must be quantity × price, give or take
                    // rounding off the jiao and fen (抹零: less than one yuan).
                    if unit_price.fen() > 0
                        && let Some(expected) = times(quantity, unit_price)
                        && given.fen().abs_diff(expected.fen()) >= 100
                    {
                        return Err(FieldError::new("industry.sale_amount_mismatch", "amount")
                            .arg("value", given.to_string())
                            .arg("quantity", quantity.to_string())
                            .arg("price", unit_price.to_string())
                            .arg("expected", expected.to_string()));
                    }
                    given
                };
                LogEntry::Sale {
                    buyer: required(&self.buyer, "buyer", 100)?,
                    product: required(&self.item, "item", 100)?,
                    quantity,
                    unit: required(&self.unit, "unit", 16)?,
                    unit_price,
                    amount,
                    debit_account: if self.debit_account.trim().is_empty() {
                        None
                    } else {
                        Some(super::account(&self.debit_account, "debit_account")?)
                    },
                }
            }
            "labour" => {
                let t = self.person_id.trim();
                if t.is_empty() {
                    return Err(FieldError::new("common.required", "person_id"));
                }
                let person_id = t.parse::<Id>().map_err(|_| {
                    FieldError::new("common.choice_invalid", "person_id").arg("value", t)
                })?;
                LogEntry::Labour {
                    person_id,
                    days: quantity(&self.days, "days", true)?,
                    wage: amount(&self.wage, "wage")?,
                }
            }
            other => {
                return Err(FieldError::new("common.choice_invalid", "kind").arg("value", other));
            }
        };
        Ok(Log { date, note, entry })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn mass_converts_exactly() {
        assert_eq!(convert(d("3"), "斤", "kg").unwrap(), d("1.5"));
        assert_eq!(convert(d("1.5"), "公斤", "g").unwrap(), d("1500"));
        assert_eq!(convert(d("250"), "g", "斤").unwrap(), d("0.5"));
        assert_eq!(convert(d("12"), "袋", "袋").unwrap(), d("12"));
        assert_eq!(
            convert(d("12"), "袋", "kg").unwrap_err().code,
            "industry.unit_mismatch"
        );
        assert_eq!(from_micro(micro(d("0.000001"))), Some(d("0.000001")));
    }

    #[test]
    fn money_in_logs_is_bounded() {
        let sale = |quantity: &str, price: &str, amount: &str| LogInput {
            kind: "sale".into(),
            date: "2024-09-01".into(),
            item: "灵芝子实体".into(),
            quantity: quantity.into(),
            unit: "kg".into(),
            unit_price: price.into(),
            amount: amount.into(),
            buyer: "药材公司".into(),
            ..Default::default()
        };
        // 10^9 kg at 10^9 yuan: 10^20 fen, beyond the bound (and beyond i64).
        let e = sale("1000000000", "1000000000", "").validate().unwrap_err();
        assert_eq!((e.code, e.field), ("money.too_large", "amount"));
        // 2 × 60,000,000,000 yuan fits in i64 but not in the bound.
        let e = sale("2", "60000000000", "").validate().unwrap_err();
        assert_eq!((e.code, e.field), ("money.too_large", "amount"));
        assert_eq!(e.args["value"], "120000000000.00");
        let e = sale("1", "100000000000.01", "").validate().unwrap_err();
        assert_eq!((e.code, e.field), ("money.too_large", "unit_price"));
        let e = sale("1", "1", "92233720368547758.07")
            .validate()
            .unwrap_err();
        assert_eq!((e.code, e.field), ("money.too_large", "amount"));
        assert!(sale("1", "100000000000", "").validate().is_ok());
        let wage = LogInput {
            kind: "labour".into(),
            date: "2024-09-01".into(),
            person_id: Id::new().to_string(),
            days: "1".into(),
            wage: "1000000000000".into(),
            ..Default::default()
        };
        assert_eq!(wage.validate().unwrap_err().code, "money.too_large");
        let cost = LogInput {
            kind: "input".into(),
            date: "2024-09-01".into(),
            item: "菌棒".into(),
            quantity: "1".into(),
            unit: "袋".into(),
            cost: "1000000000000".into(),
            ..Default::default()
        };
        assert_eq!(cost.validate().unwrap_err().code, "money.too_large");
    }

    #[test]
    fn a_sale_amount_beside_a_price_must_be_quantity_times_price() {
        let sale = |amount: &str| {
            LogInput {
                kind: "sale".into(),
                date: "2024-09-01".into(),
                item: "灵芝子实体".into(),
                quantity: "12.5".into(),
                unit: "kg".into(),
                unit_price: "80.10".into(),
                amount: amount.into(),
                buyer: "药材公司".into(),
                ..Default::default()
            }
            .validate()
        };
        // 12.5 × 80.10 = 1,001.25: exact, or with the jiao and fen rounded off.
        assert!(sale("1001.25").is_ok());
        assert!(sale("1001").is_ok());
        let e = sale("10012.50").unwrap_err();
        assert_eq!(
            (e.code, e.field),
            ("industry.sale_amount_mismatch", "amount")
        );
        assert_eq!(e.args["expected"], "1001.25");
        assert!(sale("999.00").is_err());
    }

    #[test]
    fn sale_amount_is_quantity_times_price() {
        let log = LogInput {
            kind: "sale".into(),
            date: "2024-09-01".into(),
            item: "灵芝子实体".into(),
            quantity: "12.5".into(),
            unit: "kg".into(),
            unit_price: "80.10".into(),
            buyer: "药材公司".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        match log.entry {
            LogEntry::Sale { amount, .. } => assert_eq!(amount, Money(100_125)),
            other => panic!("{other:?}"),
        }
    }
}
