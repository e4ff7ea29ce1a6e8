//! The region spreadsheet: one row per region, the same columns out and in, so that an
//! export imports back unchanged. Run by the web page and by `zhenxing region import`.

use crate::i18n::{I18n, Tr};
use crate::import::{self, Column, ImportError, Label, Reason};
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

/// Header labels in the user's language.
pub fn header(tr: &Tr) -> Vec<String> {
    COLUMNS.iter().map(|k| Label::field(k).text(tr)).collect()
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
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, Region)>, ImportError> {
    let rows = tabular::read(file_name, bytes).map_err(|e| ImportError::read(file_name, e))?;
    parse_rows(i18n, file_name, &rows)
}

/// Validates the rows of a file (row 0 the header).
fn parse_rows(
    i18n: &std::sync::Arc<I18n>,
    file_name: &str,
    rows: &[Vec<String>],
) -> Result<Vec<(usize, Region)>, ImportError> {
    let columns: Vec<Column> = COLUMNS
        .iter()
        .map(|key| Column {
            key,
            required: matches!(*key, "code" | "name" | "kind"),
            names: import::names(i18n, "field-", key, &[]),
        })
        .collect();
    let rows = import::read_columns(file_name, rows, &columns, Label::field)?;
    let mut regions = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (row_number, cells) in rows {
        let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
        let input = RegionInput {
            code: cell(0),
            parent_code: cell(1),
            name: cell(2),
            kind: cell(3),
            tags: cell(4),
            population: cell(5),
            households: cell(6),
            area_km2: cell(7),
            party_members: cell(8),
        };
        let region = input
            .validate()
            .map_err(|e| row_error_of(file_name, row_number, e))?;
        if let Some(first) = seen.insert(region.code.to_string(), row_number) {
            let e = FieldError::new("import.duplicate", "code")
                .arg("value", region.code.as_str())
                .arg("first", first.to_string());
            return Err(row_error_of(file_name, row_number, e));
        }
        regions.push((row_number, region));
    }
    if regions.is_empty() {
        return Err(ImportError::file(
            file_name,
            Reason::Message("import.empty"),
        ));
    }
    Ok(regions)
}

fn row_error_of(file_name: &str, row: usize, e: FieldError) -> ImportError {
    ImportError::row(file_name, row, Label::field(e.field), Reason::Field(e))
}

/// Imports a region file: parsed and validated whole, then written in one audited
/// transaction; `Err` names file, row, column and reason.
pub async fn import_file(
    db: &store::Db,
    actor: &domain::identity::Actor,
    i18n: &std::sync::Arc<I18n>,
    file_name: &str,
    bytes: &[u8],
) -> Result<store::region::ImportSummary, ImportError> {
    let rows = tabular::read_blocking(file_name, bytes)
        .await
        .map_err(|e| ImportError::read(file_name, e))?;
    let regions = parse_rows(i18n, file_name, &rows)?;
    store::region::import(db, actor, &regions)
        .await
        .map_err(|e| ImportError::store(file_name, e, Label::field))
}
