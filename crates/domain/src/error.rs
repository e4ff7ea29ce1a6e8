//! Errors with stable codes. A code is also the i18n key of its message
//! (dots become dashes in the fluent file: `region.code_invalid` → `region-code_invalid`).

use std::collections::BTreeMap;

/// A rule was broken by input. `field` names the input the user should fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} ({field})")]
pub struct FieldError {
    pub code: &'static str,
    pub field: &'static str,
    /// Values substituted into the translated message, e.g. `value`.
    pub args: BTreeMap<&'static str, String>,
    /// The label the message names when it is not the input's own (`field.<field>`): a
    /// person's name is 姓名 though its input is `name` like any other name (名称).
    pub label: Option<&'static str>,
}

impl FieldError {
    pub fn new(code: &'static str, field: &'static str) -> Self {
        Self {
            code,
            field,
            args: BTreeMap::new(),
            label: None,
        }
    }

    /// Names the input by the label `field.<label>` in messages (placement stays `field`).
    pub fn labelled(mut self, label: &'static str) -> Self {
        self.label = Some(label);
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.insert(name, value.into());
        self
    }
}

/// Errors every layer can raise with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("invalid input: {0}")]
    Invalid(#[from] FieldError),
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(&'static str),
}

impl DomainError {
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::Invalid(e) => e.code,
            DomainError::NotFound => "common.not_found",
            DomainError::Forbidden => "auth.forbidden",
            DomainError::Conflict(code) => code,
        }
    }
}
