//! What an audit entry changed, as a person reads it: one line per field with its label (the
//! forms' `field-<key>` message where there is one, else `audit-field-<key>`, else the key
//! itself), the value before and after, money in yuan and times in China time.

use crate::i18n::Tr;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What [`changes`] needs to write values as people read them.
pub struct Context<'a> {
    pub tr: &'a Tr,
    /// Display names by username, for the `…_name` fields that record a user.
    pub names: &'a HashMap<String, String>,
}

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

/// Keys not worth a line: the record's id is in its own column, and other ids mean nothing
/// to a person (the names beside them say who or what).
fn skipped(key: &str) -> bool {
    key == "id" || key.ends_with("_id") || key == "password_hash"
}

/// The usernames an entry's snapshot may name (values of `…_name` fields), to look their
/// display names up once for a page.
pub fn usernames(json: Option<&str>, out: &mut Vec<String>) {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match v {
                        Value::String(s) if k.ends_with("_name") && !out.contains(s) => {
                            out.push(s.clone())
                        }
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    if let Some(v) = json.and_then(|t| serde_json::from_str::<Value>(t).ok()) {
        walk(&v, out);
    }
}

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
pub fn changes(cx: &Context<'_>, before: Option<&str>, after: Option<&str>) -> Vec<Change> {
    let parse = |t: Option<&str>| {
        t.map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string())))
    };
    match (parse(before), parse(after)) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => fields(cx, Some(&b), Some(&a)),
        (None, Some(Value::Object(a))) => fields(cx, None, Some(&a)),
        (Some(Value::Object(b)), None) => fields(cx, Some(&b), None),
        (None, None) => Vec::new(),
        (b, a) if b == a => Vec::new(),
        (b, a) => vec![Change {
            label: String::new(),
            before: b.map(|v| value(cx, "", &v)),
            after: a.map(|v| value(cx, "", &v)),
        }],
    }
}

fn fields(
    cx: &Context<'_>,
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
    // On a creation (or an entry with only its earlier state) empty fields say nothing.
    let one_sided = before.is_none() || after.is_none();
    let mut out = Vec::new();
    for k in keys {
        if skipped(k) {
            continue;
        }
        let b = before.and_then(|m| m.get(k));
        let a = after.and_then(|m| m.get(k));
        if b == a || (blank(b) && blank(a)) || (one_sided && blank(a.or(b))) {
            continue;
        }
        // A record nested in the snapshot (`{"voucher": {…}, "lines": […]}`): its own fields.
        if let (Some(bo), Some(ao)) = (as_object(b), as_object(a))
            && (bo.is_some() || ao.is_some())
        {
            let b_side = before.map(|_| bo.unwrap_or(&*EMPTY));
            let a_side = after.map(|_| ao.unwrap_or(&*EMPTY));
            out.extend(fields(cx, b_side, a_side));
            continue;
        }
        let shown =
            |v: Option<&Value>| Some(v.map_or_else(|| "—".to_string(), |v| value(cx, k, v)));
        out.push(Change {
            label: label(cx.tr, k),
            before: before.and_then(|_| shown(b)),
            after: after.and_then(|_| shown(a)),
        });
    }
    out
}

/// `Some(Some(map))` for an object, `Some(None)` for nothing, `None` for any other value.
fn as_object(v: Option<&Value>) -> Option<Option<&Map<String, Value>>> {
    match v {
        Some(Value::Object(m)) => Some(Some(m)),
        None | Some(Value::Null) => Some(None),
        _ => None,
    }
}

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// A value as text: money in yuan, stored times in China time, users by name, yes/no, lists
/// joined.
fn value(cx: &Context<'_>, key: &str, v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::Bool(true) => cx.tr.t("common-yes"),
        Value::Bool(false) => cx.tr.t("common-no"),
        Value::Number(n) => match n.as_i64() {
            Some(fen) if is_money(key) => crate::base::format::yuan(fen),
            _ => n.to_string(),
        },
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) if key.ends_with("_name") && cx.names.contains_key(s) => {
            cx.names.get(s).cloned().unwrap_or_default()
        }
        Value::String(s) => match domain::time::parse_ts(s) {
            Some(_) => crate::base::format::china_time(s),
            None => s.clone(),
        },
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(|i| value(cx, key, i)).collect();
            let nested = items.iter().any(|i| i.is_array() || i.is_object());
            inner.join(if nested { "；" } else { " " })
        }
        // A row inside a list (a voucher line): its fields that say something.
        Value::Object(m) => m
            .iter()
            .filter(|(k, v)| {
                let says_nothing = skipped(k)
                    || v.is_null()
                    || v.as_str() == Some("")
                    || (is_money(k) && v.as_i64() == Some(0));
                !says_nothing
            })
            .map(|(k, v)| format!("{} {}", label(cx.tr, k), value(cx, k, v)))
            .collect::<Vec<_>>()
            .join(" "),
    }
}
