//! What an audit entry changed, as a person reads it: one line per field with its label (the
//! forms' `field-<key>` message where there is one, else `audit-field-<key>`, else the key
//! itself), the value before and after, money in yuan and times in China time.

use crate::i18n::Tr;
use serde_json::{Map, Value};

/// The keys whose numbers are fen (or, for `lines`, whose rows carry fen).
const MONEY_KEYS: [&str; 20] = [
    "amount",
    "budget",
    "cost",
    "costs",
    "credit",
    "debit",
    "figure",
    "gross_income",
    "income",
    "income_posted",
    "input_costs",
    "lines",
    "net",
    "opening",
    "shell_below",
    "strong_from",
    "total",
    "wage",
    "wages",
    "weak_below",
];

/// Keys not worth a line: the record's id is in its own column.
const SKIPPED: [&str; 1] = ["id"];

fn is_money(key: &str) -> bool {
    MONEY_KEYS.contains(&key) || key.ends_with("_fen")
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    /// Absent when the record was created.
    pub before: Option<String>,
    /// Absent when only the earlier state was recorded.
    pub after: Option<String>,
}

impl Change {
    /// `label: before → after` on one line.
    pub fn text(&self) -> String {
        let label = if self.label.is_empty() {
            String::new()
        } else {
            format!("{}: ", self.label)
        };
        match (&self.before, &self.after) {
            (Some(b), Some(a)) => format!("{label}{b} → {a}"),
            (None, Some(a)) => format!("{label}{a}"),
            (Some(b), None) => format!("{label}{b} → —"),
            (None, None) => label,
        }
    }
}

/// The label of a field: the forms' own words where they exist.
pub fn label(tr: &Tr, key: &str) -> String {
    for id in [format!("field-{key}"), format!("audit-field-{key}")] {
        let text = tr.t(&id);
        // A missing message comes back as its id.
        if text != id {
            return text;
        }
    }
    key.to_string()
}

/// The fields that differ between the `before` and `after` snapshots (JSON text as stored).
pub fn changes(tr: &Tr, before: Option<&str>, after: Option<&str>) -> Vec<Change> {
    let parse = |t: Option<&str>| {
        t.map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string())))
    };
    match (parse(before), parse(after)) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => fields(tr, Some(&b), Some(&a)),
        (None, Some(Value::Object(a))) => fields(tr, None, Some(&a)),
        (Some(Value::Object(b)), None) => fields(tr, Some(&b), None),
        (None, None) => Vec::new(),
        (b, a) if b == a => Vec::new(),
        (b, a) => vec![Change {
            label: String::new(),
            before: b.map(|v| value(tr, "", &v)),
            after: a.map(|v| value(tr, "", &v)),
        }],
    }
}

fn fields(
    tr: &Tr,
    before: Option<&Map<String, Value>>,
    after: Option<&Map<String, Value>>,
) -> Vec<Change> {
    let mut keys: Vec<&String> = after.into_iter().flat_map(|m| m.keys()).collect();
    for k in before.into_iter().flat_map(|m| m.keys()) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let blank = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    };
    keys.into_iter()
        .filter(|k| !SKIPPED.contains(&k.as_str()))
        .filter_map(|k| {
            let b = before.and_then(|m| m.get(k));
            let a = after.and_then(|m| m.get(k));
            if b == a || (blank(b) && blank(a)) {
                return None;
            }
            // On a creation (or an entry with only its earlier state) empty fields say nothing.
            let one_sided = before.is_none() || after.is_none();
            if one_sided && blank(a.or(b)) {
                return None;
            }
            let shown = |v: Option<&Value>| v.map(|v| value(tr, k, v));
            Some(Change {
                label: label(tr, k),
                before: if before.is_some() {
                    shown(b).or(Some("—".into()))
                } else {
                    None
                },
                after: if after.is_some() {
                    shown(a).or(Some("—".into()))
                } else {
                    None
                },
            })
        })
        .collect()
}

/// A value as text: money in yuan, stored times in China time, yes/no, lists joined.
fn value(tr: &Tr, key: &str, v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::Bool(true) => tr.t("common-yes"),
        Value::Bool(false) => tr.t("common-no"),
        Value::Number(n) => match n.as_i64() {
            Some(fen) if is_money(key) => crate::ledger::yuan(fen),
            _ => n.to_string(),
        },
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => match domain::time::parse_ts(s) {
            Some(_) => crate::mechanism::meetings::china_time(s),
            None => s.clone(),
        },
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(|i| value(tr, key, i)).collect();
            let nested = items.iter().any(|i| i.is_array() || i.is_object());
            inner.join(if nested { "；" } else { " " })
        }
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{}: {}", label(tr, k), value(tr, k, v)))
            .collect::<Vec<_>>()
            .join("，"),
    }
}
