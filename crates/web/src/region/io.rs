//! The region spreadsheet: one row per region, the same columns out and in, so that an
//! export imports back unchanged. Used by the web page and by `zhenxing region import`.

use crate::i18n::{I18n, Locale, Tr};
use crate::tabular;
use domain::FieldError;
use domain::region::{Region, RegionInput, RegionKind, RegionTag};
use store::region::RegionRecord;

/// Column keys in file order; the header shows their translated labels.
pub const COLUMNS: [&str; 9] = [
    "code",
    "parent_code",
    "name",
    "kind",
    "tags",
    "population",
    "households",
    "area_km2",
    "party_members",
];

/// A file refused whole: which file, row and column, and why, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    /// 1-based as the spreadsheet shows it (the header is row 1); 0 for the whole file.
    pub row: usize,
    /// The column's label, empty when the file as a whole is at fault.
    pub column: String,
    pub message: String,
}

impl ImportError {
    /// "文件 regions.xlsx 第 3 行“区划代码”列：…"
    pub fn describe(&self, tr: &Tr) -> String {
        let args = [
            ("file", self.file.clone()),
            ("row", self.row.to_string()),
            ("column", self.column.clone()),
            ("reason", self.message.clone()),
        ];
        let key = if self.row == 0 {
            "import-file-error"
        } else {
            "import-row-error"
        };
        let mut map = std::collections::BTreeMap::new();
        for (k, v) in args {
            map.insert(k, v);
        }
        tr.with_args(key, &map)
    }
}

fn label(tr: &Tr, key: &str) -> String {
    tr.t(&format!("field-{key}"))
}

/// Header labels in the user's language.
pub fn header(tr: &Tr) -> Vec<String> {
    COLUMNS.iter().map(|k| label(tr, k)).collect()
}

/// One spreadsheet row per region; kinds and tags in Chinese as people write them.
pub fn export_rows(records: &[RegionRecord]) -> Vec<Vec<String>> {
    records
        .iter()
        .map(|r| {
            let kind = r
                .kind()
                .map(RegionKind::chinese)
                .unwrap_or(&r.kind)
                .to_string();
            let tags: Vec<&str> = r.tag_list().into_iter().map(RegionTag::chinese).collect();
            let n = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
            vec![
                r.code.clone(),
                r.parent_code.clone().unwrap_or_default(),
                r.name.clone(),
                kind,
                tags.join("、"),
                n(r.population),
                n(r.households),
                r.area_km2.clone().unwrap_or_default(),
                n(r.party_members),
            ]
        })
        .collect()
}

/// Reads and validates a whole file. Column headers may be the Chinese or English label or
/// the key. The first bad row stops the import and is named.
pub fn parse_file(
    i18n: &std::sync::Arc<I18n>,
    tr: &Tr,
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, Region)>, ImportError> {
    let rows = tabular::read(file_name, bytes).map_err(|e| read_error(tr, file_name, e))?;
    parse_rows(i18n, tr, file_name, &rows)
}

/// [`parse_file`] for an upload: the file is read off the async workers
/// ([`tabular::read_blocking`]).
pub async fn parse_upload(
    i18n: &std::sync::Arc<I18n>,
    tr: &Tr,
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, Region)>, ImportError> {
    let rows = tabular::read_blocking(file_name, bytes)
        .await
        .map_err(|e| read_error(tr, file_name, e))?;
    parse_rows(i18n, tr, file_name, &rows)
}

/// A file that could not be read, as an import error (a control character names its cell).
fn read_error(tr: &Tr, file_name: &str, e: tabular::ReadError) -> ImportError {
    match e {
        tabular::ReadError::ControlChar { row, column } => ImportError {
            file: file_name.to_string(),
            row,
            column,
            message: tr.t("import.control_char"),
        },
        other => ImportError {
            file: file_name.to_string(),
            row: 0,
            column: String::new(),
            message: other.message(tr),
        },
    }
}

/// Validates the rows of a file (row 0 the header).
fn parse_rows(
    i18n: &std::sync::Arc<I18n>,
    tr: &Tr,
    file_name: &str,
    rows: &[Vec<String>],
) -> Result<Vec<(usize, Region)>, ImportError> {
    let file_error = |message: String| ImportError {
        file: file_name.to_string(),
        row: 0,
        column: String::new(),
        message,
    };
    let all_labels: Vec<(&'static str, Vec<String>)> = COLUMNS
        .iter()
        .map(|k| {
            let labels = Locale::ALL
                .iter()
                .map(|l| label(&Tr::new(i18n.clone(), *l), k))
                .collect();
            (*k, labels)
        })
        .collect();
    let header_row = &rows[0];
    let mut index = Vec::new();
    for (key, labels) in &all_labels {
        let found = header_row.iter().position(|h| {
            let h = h.trim();
            h.eq_ignore_ascii_case(key) || labels.iter().any(|l| l == h)
        });
        let required = matches!(*key, "code" | "name" | "kind");
        if found.is_none() && required {
            return Err(ImportError {
                file: file_name.to_string(),
                row: 1,
                column: label(tr, key),
                message: tr.t("import-missing-column"),
            });
        }
        index.push(found);
    }
    let cell = |row: &[String], i: usize| -> String {
        index[i]
            .and_then(|c| row.get(c))
            .cloned()
            .unwrap_or_default()
    };
    let mut regions = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let row_number = i + 1;
        if row.iter().all(String::is_empty) {
            continue;
        }
        let input = RegionInput {
            code: cell(row, 0),
            parent_code: cell(row, 1),
            name: cell(row, 2),
            kind: cell(row, 3),
            tags: cell(row, 4),
            population: cell(row, 5),
            households: cell(row, 6),
            area_km2: cell(row, 7),
            party_members: cell(row, 8),
        };
        let region = input
            .validate()
            .map_err(|e| row_error(tr, file_name, row_number, &e))?;
        if let Some(first) = seen.insert(region.code.to_string(), row_number) {
            let e = FieldError::new("import.duplicate", "code")
                .arg("value", region.code.as_str())
                .arg("first", first.to_string());
            return Err(row_error(tr, file_name, row_number, &e));
        }
        regions.push((row_number, region));
    }
    if regions.is_empty() {
        return Err(file_error(tr.t("import.empty")));
    }
    Ok(regions)
}

/// Names the row and the column of a field error.
pub fn row_error(tr: &Tr, file_name: &str, row: usize, e: &FieldError) -> ImportError {
    ImportError {
        file: file_name.to_string(),
        row,
        column: label(tr, e.field),
        message: tr.field_error(e),
    }
}
