//! What every module's validation shares: required and optional text, dates, ids and
//! region codes typed into a form or a file, each refused with a `FieldError` naming the input.

use crate::error::FieldError;
use crate::id::Id;
use crate::region::RegionCode;
use chrono::NaiveDate;

/// Trimmed text that must not be empty and may hold at most `max` characters.
pub(crate) fn required(text: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    optional(t, field, max)
}

/// Trimmed text of at most `max` characters (may be empty).
pub(crate) fn optional(text: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    let t = text.trim();
    if t.chars().count() > max {
        return Err(FieldError::new("common.too_long", field).arg("max", max.to_string()));
    }
    Ok(t.to_string())
}

/// A required `YYYY-MM-DD` date.
pub(crate) fn date(text: &str, field: &'static str) -> Result<NaiveDate, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    crate::time::parse_date(text)
        .ok_or_else(|| FieldError::new("common.date_invalid", field).arg("value", text.trim()))
}

/// An optional `YYYY-MM-DD` date (empty is none).
pub(crate) fn opt_date(text: &str, field: &'static str) -> Result<Option<NaiveDate>, FieldError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        date(text, field).map(Some)
    }
}

/// An optional id (of a user, a parent problem …); empty is none.
pub(crate) fn opt_id(text: &str, field: &'static str) -> Result<Option<Id>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<Id>()
        .map(Some)
        .map_err(|_| FieldError::new("common.choice_invalid", field).arg("value", t))
}

/// A region code named by `field`.
pub(crate) fn region(text: &str, field: &'static str) -> Result<RegionCode, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    RegionCode::parse(text).map_err(|e| FieldError { field, ..e })
}
