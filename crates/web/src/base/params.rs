//! Query parameters of lists and filters in the API: present-and-not-blank, regions, dates,
//! months, years, booleans, numbers, choices and paging. A bad value is 400 with a neutral
//! `param.*` code naming the parameter, the value and what is expected.

use crate::error::AppError;
use axum::http::StatusCode;
use chrono::NaiveDate;
use domain::FieldError;
use domain::ledger::Period;
use domain::region::RegionCode;

/// A field error as a 400 (a bad query parameter rather than a bad record).
fn bad_request(e: FieldError) -> AppError {
    let mut e: AppError = e.into();
    e.status = StatusCode::BAD_REQUEST;
    e
}

/// A bad query parameter: 400, naming the parameter, the value and what is expected.
pub fn bad_param(param: &'static str, value: &str, expected: &str) -> AppError {
    bad_request(
        FieldError::new("param.invalid", param)
            .arg("param", param)
            .arg("value", value.trim())
            .arg("expected", expected),
    )
}

/// A query parameter present and not blank.
pub fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// An optional region code.
pub fn region_param(
    text: &Option<String>,
    param: &'static str,
) -> Result<Option<RegionCode>, AppError> {
    given(text)
        .map(|t| {
            RegionCode::parse(t).map_err(|_| {
                bad_request(
                    FieldError::new("param.region_invalid", param)
                        .arg("param", param)
                        .arg("value", t),
                )
            })
        })
        .transpose()
}

/// An optional `YYYY-MM-DD` date.
pub fn date_param(
    text: &Option<String>,
    param: &'static str,
) -> Result<Option<NaiveDate>, AppError> {
    given(text)
        .map(|t| domain::time::parse_date(t).ok_or_else(|| bad_param(param, t, "YYYY-MM-DD")))
        .transpose()
}

/// A required `YYYY-MM` month.
pub fn month_param(text: &Option<String>, param: &'static str) -> Result<Period, AppError> {
    let t = given(text).unwrap_or("");
    let code = if t.is_empty() {
        "param.month_required"
    } else {
        "param.month_invalid"
    };
    Period::parse(t).map_err(|_| {
        bad_request(
            FieldError::new(code, param)
                .arg("param", param)
                .arg("value", t),
        )
    })
}

/// An optional fiscal year (1990–2999), as a field error of the field `year`.
pub fn year_param(year: Option<&str>) -> Result<Option<i32>, FieldError> {
    let Some(text) = year.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    match text.parse::<i32>() {
        Ok(y) if (1990..=2999).contains(&y) => Ok(Some(y)),
        _ => Err(FieldError::new("param.year_invalid", "year").arg("value", text)),
    }
}

/// An optional boolean: `true`/`1` or `false`/`0` (absent is false).
pub fn bool_param(text: &Option<String>, param: &'static str) -> Result<bool, AppError> {
    match given(text) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(t) => Err(bad_param(param, t, "true, false")),
    }
}

/// An optional whole number within `range`.
pub fn int_param(
    text: &Option<String>,
    param: &'static str,
    range: std::ops::RangeInclusive<i32>,
) -> Result<Option<i32>, AppError> {
    given(text)
        .map(|t| {
            t.parse::<i32>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| bad_param(param, t, &format!("{}–{}", range.start(), range.end())))
        })
        .transpose()
}

/// An optional choice among `all`, parsed by `parse`; a bad value lists the choices by `name`.
pub fn choice_param<T: Copy>(
    text: &Option<String>,
    param: &'static str,
    all: &[T],
    parse: impl Fn(&str) -> Result<T, FieldError>,
    name: impl Fn(T) -> &'static str,
) -> Result<Option<T>, AppError> {
    given(text)
        .map(|t| {
            parse(t).map_err(|_| {
                let expected: Vec<&str> = all.iter().map(|v| name(*v)).collect();
                bad_param(param, t, &expected.join(", "))
            })
        })
        .transpose()
}

/// Page number and size: 1-based, 1–500 rows (default 50).
pub fn paging(page: Option<i64>, per_page: Option<i64>) -> (i64, i64, store::Page) {
    let page = page.unwrap_or(1).max(1);
    let per_page = per_page.unwrap_or(50).clamp(1, store::Page::MAX_LIMIT);
    (page, per_page, store::Page::new(page, per_page))
}

/// Text of an optional number, for the domain's text inputs.
pub fn num_text<T: ToString>(n: Option<T>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// A number sent as a JSON number or string (scores, hours), as the domain's text input:
/// null or absent is empty; anything else is passed on as written so the domain names it.
pub fn number_text(value: &Option<serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

// ------------------------------------------------------------------ page filters

/// An optional `YYYY-MM-DD` filter date of a page (a bad date is an error of `field`).
pub fn filter_date(
    text: &str,
    field: &'static str,
) -> Result<Option<chrono::NaiveDate>, FieldError> {
    match text.trim() {
        "" => Ok(None),
        t => domain::time::parse_date(t)
            .map(Some)
            .ok_or_else(|| FieldError::new("common.date_invalid", field).arg("value", t)),
    }
}

/// An optional choice of a list's filter (a state, …): blank is none; text that `parse` does
/// not know is `common.choice_invalid` of `field`, naming the value.
pub fn filter_choice<T>(
    text: &str,
    field: &'static str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, FieldError> {
    match text.trim() {
        "" => Ok(None),
        t => parse(t)
            .map(Some)
            .ok_or_else(|| FieldError::new("common.choice_invalid", field).arg("value", t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_400_with_neutral_codes() {
        let e = bool_param(&Some("yes".into()), "current").unwrap_err();
        assert_eq!(
            (e.status, e.code),
            (StatusCode::BAD_REQUEST, "param.invalid")
        );
        let e = region_param(&Some("12".into()), "region").unwrap_err();
        assert_eq!(e.code, "param.region_invalid");
        let e = month_param(&None, "from").unwrap_err();
        assert_eq!(e.code, "param.month_required");
        assert_eq!(
            year_param(Some("1989")).unwrap_err().code,
            "param.year_invalid"
        );
        assert_eq!(year_param(Some(" 2024 ")), Ok(Some(2024)));
        assert_eq!(given(&Some("  ".into())), None);
    }

    #[test]
    fn a_filter_choice_is_blank_known_or_named_as_invalid() {
        let parse = |t: &str| (t == "open").then_some(1);
        assert_eq!(filter_choice("  ", "state", parse), Ok(None));
        assert_eq!(filter_choice(" open ", "state", parse), Ok(Some(1)));
        let e = filter_choice(" shut ", "state", parse).unwrap_err();
        assert_eq!((e.code, e.field), ("common.choice_invalid", "state"));
        assert_eq!(e.args.get("value").map(String::as_str), Some("shut"));
    }
}
