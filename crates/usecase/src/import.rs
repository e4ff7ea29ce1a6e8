//! What every importer shares: finding the columns of a file by their header (the key, the
//! label in any language, another name people write, or "label (key)"), the rows of cells
//! in column order, and the error naming file, row, column and reason.

use crate::i18n::{I18n, Locale, Tr};
use crate::tabular::ReadError;
use domain::FieldError;
use std::collections::BTreeMap;
use std::sync::Arc;
use store::StoreError;

/// How a column is named in a message: a message id (`field-code`, `pp-col-name`), or the
/// fixed Chinese header of a file format, used as such in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub message: String,
    pub zh: Option<&'static str>,
}

impl Label {
    /// The label of a form field: `field-<key>`.
    pub fn field(key: &str) -> Label {
        Label::message(format!("field-{key}"))
    }

    pub fn message(id: String) -> Label {
        Label {
            message: id,
            zh: None,
        }
    }

    /// A column of a fixed format: its Chinese header, else `field-<key>`.
    pub fn fixed(key: &str, zh: &'static str) -> Label {
        Label {
            zh: Some(zh),
            ..Label::field(key)
        }
    }

    pub fn text(&self, tr: &Tr) -> String {
        match self.zh {
            Some(zh) if tr.locale == Locale::ZhCn => zh.to_string(),
            _ => tr.t(&self.message),
        }
    }
}

/// Why a row or a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A rule broken by a value (translated with the field's name and the value).
    Field(FieldError),
    /// A message id (`import-missing-column`, `import.empty`, `auth.forbidden`).
    Message(&'static str),
}

impl Reason {
    pub fn text(&self, tr: &Tr) -> String {
        match self {
            Reason::Field(f) => tr.field_error(f),
            Reason::Message(id) => tr.t(id),
        }
    }
}

impl From<domain::DomainError> for Reason {
    fn from(e: domain::DomainError) -> Self {
        match e {
            domain::DomainError::Invalid(f) => Reason::Field(f),
            other => Reason::Message(other.code()),
        }
    }
}

/// A file refused whole (imports are all or nothing): where and why.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read at all.
    #[error("{file}: {}", .error.code())]
    Read { file: String, error: ReadError },
    /// A row (1-based as the spreadsheet shows it, the header is row 1) broke a rule.
    #[error("{file}, row {row}, {}: {reason:?}", .column.message)]
    Row {
        file: String,
        row: usize,
        column: Box<Label>,
        reason: Box<Reason>,
    },
    /// The file as a whole broke a rule (no rows, not allowed).
    #[error("{file}: {reason:?}")]
    File { file: String, reason: Reason },
    /// The database failed: logged with an id, never shown.
    #[error("{file}: {error}")]
    Store {
        file: String,
        error: Box<StoreError>,
    },
}

impl ImportError {
    pub fn row(file: &str, row: usize, column: Label, reason: Reason) -> ImportError {
        ImportError::Row {
            file: file.to_string(),
            row,
            column: Box::new(column),
            reason: Box::new(reason),
        }
    }

    pub fn file(file: &str, reason: Reason) -> ImportError {
        ImportError::File {
            file: file.to_string(),
            reason,
        }
    }

    pub fn read(file: &str, error: ReadError) -> ImportError {
        ImportError::Read {
            file: file.to_string(),
            error,
        }
    }

    /// A store error of an import: a rule becomes the file's reason, a row error the row's
    /// (its column named by `label`), anything else stays the database's.
    pub fn store(file: &str, error: StoreError, label: impl Fn(&str) -> Label) -> ImportError {
        match error {
            StoreError::Domain(d) => ImportError::file(file, d.into()),
            StoreError::Row { row, error } => {
                let column = label(error.field);
                ImportError::row(file, row, column, Reason::Field(error))
            }
            other => ImportError::Store {
                file: file.to_string(),
                error: Box::new(other),
            },
        }
    }

    /// "文件 regions.xlsx 第 3 行“区划代码”列：…" in the user's language. A database
    /// failure is logged with an id, which the message names (never the database's text).
    pub fn describe(&self, tr: &Tr) -> String {
        let (file, row, column, reason) = match self {
            ImportError::Read {
                file,
                error: ReadError::ControlChar { row, column },
            } => (file, *row, column.clone(), tr.t("import.control_char")),
            ImportError::Read { file, error } => (file, 0, String::new(), error.message(tr)),
            ImportError::Row {
                file,
                row,
                column,
                reason,
            } => (file, *row, column.text(tr), reason.text(tr)),
            ImportError::File { file, reason } => (file, 0, String::new(), reason.text(tr)),
            ImportError::Store { file, error } => {
                let reason = if error.unavailable().is_some() {
                    tr.t("common.unavailable")
                } else {
                    let id = crate::error::log_internal(&**error);
                    format!(
                        "{} {}",
                        tr.t("common.internal"),
                        tr.t1("common-error_id", "id", &id)
                    )
                };
                (file, 0, String::new(), reason)
            }
        };
        let mut args = BTreeMap::new();
        args.insert("file", file.clone());
        args.insert("reason", reason);
        if row == 0 {
            return tr.with_args("import-file-error", &args);
        }
        args.insert("row", row.to_string());
        args.insert("column", column);
        tr.with_args("import-row-error", &args)
    }
}

/// A column an importer reads: its key, whether the file must have it, and the headers that
/// name it besides the key.
#[derive(Debug, Clone)]
pub struct Column {
    pub key: &'static str,
    pub required: bool,
    pub names: Vec<String>,
}

/// The column's label message (`<prefix><key>`) in every language, then `aliases` for it.
pub fn names(i18n: &Arc<I18n>, prefix: &str, key: &str, aliases: &[(&str, &str)]) -> Vec<String> {
    let mut names: Vec<String> = Locale::ALL
        .iter()
        .map(|l| i18n.message(*l, &format!("{prefix}{key}"), &[]))
        .collect();
    names.extend(
        aliases
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, a)| a.to_string()),
    );
    names
}

/// Whether header cell `h` names column `c`: the key in any case, one of its names (either
/// with or without a note in brackets: "姓名（必填）", "单价（元）"), or anything ending in "(key)".
fn names_column(h: &str, c: &Column) -> bool {
    let h = h.trim();
    h.eq_ignore_ascii_case(c.key)
        || c.names.iter().any(|n| n == h || bare(n) == bare(h))
        || h.ends_with(&format!("({})", c.key))
}

/// A header without its note in brackets: "单价（元）" → "单价".
pub fn bare(text: &str) -> &str {
    let t = text.trim();
    t.split_once(['(', '（'])
        .map(|(a, _)| a.trim())
        .unwrap_or(t)
}

/// The position in `header` of each column; `Err` is the first required column missing.
pub fn find_columns(
    header: &[String],
    columns: &[Column],
) -> Result<Vec<Option<usize>>, &'static str> {
    columns
        .iter()
        .map(|c| {
            let found = header.iter().position(|h| names_column(h, c));
            match found {
                None if c.required => Err(c.key),
                found => Ok(found),
            }
        })
        .collect()
}

/// The data rows (after the header) as (1-based row number, cells in column order, trimmed);
/// blank rows are skipped.
pub fn cells_by_column(rows: &[Vec<String>], index: &[Option<usize>]) -> Vec<(usize, Vec<String>)> {
    rows.iter()
        .enumerate()
        .skip(1)
        .filter(|(_, row)| !row.iter().all(|c| c.trim().is_empty()))
        .map(|(i, row)| {
            let cells = index
                .iter()
                .map(|c| {
                    c.and_then(|c| row.get(c))
                        .map(|s| s.trim().to_string())
                        .unwrap_or_default()
                })
                .collect();
            (i + 1, cells)
        })
        .collect()
}

/// Reads an uploaded file (on the blocking pool, within the import limits) and maps each data
/// row to its cells by column key: each column of `columns` (key, required) is found by its
/// label `<prefix><key>` in any language, an alias, the key, or "label (key)"; blank rows are
/// skipped; rows keep their 1-based numbers.
pub async fn read_keyed(
    i18n: &Arc<I18n>,
    file: &str,
    bytes: &[u8],
    columns: &[(&'static str, bool)],
    prefix: &str,
    aliases: &[(&str, &str)],
    label: impl Fn(&str) -> Label,
) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let rows = crate::tabular::read_blocking(file, bytes)
        .await
        .map_err(|e| ImportError::read(file, e))?;
    let wanted: Vec<Column> = columns
        .iter()
        .map(|(key, required)| Column {
            key,
            required: *required,
            names: names(i18n, prefix, key, aliases),
        })
        .collect();
    read_columns(file, &rows, &wanted, label)
}

/// Reads a file into its cells by column (see [`find_columns`] and [`cells_by_column`]): a
/// missing required column is refused on row 1 naming it by `label`; a file without data
/// rows is refused as empty.
pub fn read_columns(
    file: &str,
    rows: &[Vec<String>],
    columns: &[Column],
    label: impl Fn(&str) -> Label,
) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let Some(header) = rows.first() else {
        return Err(ImportError::file(file, Reason::Message("import.empty")));
    };
    let index = find_columns(header, columns).map_err(|key| {
        ImportError::row(
            file,
            1,
            label(key),
            Reason::Message("import-missing-column"),
        )
    })?;
    let out = cells_by_column(rows, &index);
    if out.is_empty() {
        return Err(ImportError::file(file, Reason::Message("import.empty")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn column(key: &'static str, required: bool, names: &[&str]) -> Column {
        Column {
            key,
            required,
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn a_column_is_found_by_key_label_bracketed_label_or_key_in_brackets() {
        let columns = [
            column("code", true, &["区划代码", "Code"]),
            column("name", true, &["名称", "Name"]),
            column("kind", false, &["类型"]),
            column("note", false, &["备注"]),
        ];
        let header: Vec<String> = ["CODE", "名称（必填）", "Type (kind)", "x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            find_columns(&header, &columns).unwrap(),
            vec![Some(0), Some(1), Some(2), None]
        );
        let missing = find_columns(&header[1..], &columns).unwrap_err();
        assert_eq!(missing, "code");
    }

    #[test]
    fn errors_name_file_row_column_and_reason_in_both_languages() {
        let i18n = Arc::new(I18n::load().unwrap());
        let e = ImportError::row(
            "a.csv",
            3,
            Label::fixed("account_code", "科目代码"),
            Reason::Message("import-missing-column"),
        );
        let zh = e.describe(&Tr::new(i18n.clone(), Locale::ZhCn));
        assert!(zh.contains("a.csv") && zh.contains('3') && zh.contains("科目代码"));
        assert!(zh.contains(&i18n.message(Locale::ZhCn, "import-missing-column", &[])));
        let en = e.describe(&Tr::new(i18n.clone(), Locale::EnUs));
        assert!(en.contains(&i18n.message(Locale::EnUs, "field-account_code", &[])));
        assert!(!en.contains("科目代码"));
    }

    #[test]
    fn a_database_failure_is_described_without_the_databases_text() {
        let i18n = Arc::new(I18n::load().unwrap());
        let tr = Tr::new(i18n, Locale::ZhCn);
        let e = ImportError::store(
            "v.xlsx",
            StoreError::BadUrl("secret detail of the database".into()),
            Label::field,
        );
        let text = e.describe(&tr);
        assert!(text.contains(&tr.t("common.internal")), "{text}");
        assert!(!text.contains("secret detail"), "{text}");
    }
}
