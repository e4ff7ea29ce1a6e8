//! Open data: `/public/r/{code}/open-data/{year}`, a ZIP of everything a village published
//! for a year (by the start of each item's period): for every published version its canonical
//! snapshot exactly as hashed (`<kind>-<from>_<to>-v<n>.json`), a CSV of each table in it,
//! its bundle (snapshot, inclusion proof, checkpoint, key: what `zhenxing disclosure verify`
//! checks), the index `items.csv` and the current checkpoint. The ZIP's bytes depend only on
//! the data (entries carry a fixed time), so its ETag holds across requests.

use super::{Rendered, answer, stored_http_time};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use std::io::Write;
use store::disclosure::public::{self as public, YearVersion};

/// Versions one ZIP holds at most (a village publishes a few dozen a year).
pub const MAX_VERSIONS: usize = 1000;

/// How deep tables are looked for inside a snapshot.
const TABLE_DEPTH: usize = 3;

pub(super) async fn open_data(
    State(state): State<AppState>,
    Path((code, year)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let year: i32 = year
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(AppError::not_found)?;
    let region = public::region(&state.db, &code)
        .await?
        .filter(|r| r.level == "village")
        .ok_or_else(AppError::not_found)?;
    let versions = public::versions_in_year(&state.db, &code, year, MAX_VERSIONS)
        .await?
        .ok_or_else(|| AppError::new(StatusCode::CONFLICT, "portal.open_data_too_large"))?;
    let mut bundles = Vec::with_capacity(versions.len());
    for v in &versions {
        bundles.push(crate::disclosure::log::bundle(&state, &v.version).await?);
    }
    let checkpoint = crate::disclosure::log::checkpoint_text(&state).await?;
    let bytes = zip_bytes(&versions, &bundles, &checkpoint)?;
    let modified = versions
        .iter()
        .map(|v| v.version.published_at.as_str())
        .max()
        .map(stored_http_time)
        .unwrap_or(chrono::DateTime::UNIX_EPOCH);
    let r = Rendered::new(bytes, "application/zip", modified);
    let mut response = answer(&headers, &r, super::CACHE_REGION);
    let name = format!("{}-{year}-open-data.zip", region.name);
    if let Some(v) = crate::download::disposition(crate::download::Disposition::Attachment, &name) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// `<kind>-<from>_<to>-v<n>` (with the item's id when two items share kind and period).
fn base_name(v: &YearVersion, taken: &mut std::collections::HashSet<String>) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let plain = format!(
        "{}-{}_{}-v{}",
        clean(&v.item.kind),
        clean(&v.item.period_from),
        clean(&v.item.period_to),
        v.version.version
    );
    if taken.insert(plain.clone()) {
        return plain;
    }
    let named = format!(
        "{}-{}_{}-{}-v{}",
        clean(&v.item.kind),
        clean(&v.item.period_from),
        clean(&v.item.period_to),
        clean(&v.item.id),
        v.version.version
    );
    taken.insert(named.clone());
    named
}

/// The ZIP of `versions` (with their `bundles`, in the same order) and the checkpoint.
pub fn zip_bytes(
    versions: &[YearVersion],
    bundles: &[serde_json::Value],
    checkpoint: &str,
) -> Result<Vec<u8>, AppError> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time (the format's epoch), so the same data always gives the same bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut put = |name: &str, bytes: &[u8]| -> Result<(), AppError> {
        out.start_file(name, options).map_err(AppError::internal)?;
        out.write_all(bytes).map_err(AppError::internal)
    };
    let mut taken = std::collections::HashSet::new();
    let mut index = Vec::with_capacity(versions.len());
    for (v, bundle) in versions.iter().zip(bundles) {
        let base = base_name(v, &mut taken);
        let json_name = format!("{base}.json");
        put(&json_name, v.version.snapshot.as_bytes())?;
        if let Ok(snapshot) = serde_json::from_str::<serde_json::Value>(&v.version.snapshot) {
            let mut tables = Vec::new();
            find_tables(&snapshot, String::new(), 0, &mut tables);
            for (path, headers, rows) in tables {
                let csv = usecase::tabular::csv_bytes(&headers, &rows)?;
                put(&format!("{base}-{path}.csv"), &csv)?;
            }
        }
        if !bundle.is_null() {
            let text = serde_json::to_vec_pretty(bundle).map_err(AppError::internal)?;
            put(&format!("{base}-bundle.json"), &text)?;
        }
        index.push(vec![
            v.item.id.clone(),
            v.item.title.clone(),
            v.item.category.clone(),
            v.item.kind.clone(),
            v.item.period_from.clone(),
            v.item.period_to.clone(),
            v.version.version.to_string(),
            v.version.reason.clone(),
            v.version.snapshot_sha256.clone(),
            v.version.log_index.to_string(),
            v.version.published_at.clone(),
            json_name,
        ]);
    }
    let headers: Vec<String> = [
        "item",
        "title",
        "category",
        "kind",
        "period_from",
        "period_to",
        "version",
        "reason",
        "sha256",
        "log_index",
        "published_at",
        "file",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    put("items.csv", &usecase::tabular::csv_bytes(&headers, &index)?)?;
    if !checkpoint.is_empty() {
        put("checkpoint.txt", checkpoint.as_bytes())?;
    }
    let cursor = out.finish().map_err(AppError::internal)?;
    Ok(cursor.into_inner())
}

/// Every array of objects in `value` (down to [`TABLE_DEPTH`]) as a table: its path (keys
/// joined by `.`), the union of its objects' keys in order of appearance, and the rows.
type Table = (String, Vec<String>, Vec<Vec<String>>);

fn find_tables(value: &serde_json::Value, path: String, depth: usize, out: &mut Vec<Table>) {
    if depth > TABLE_DEPTH {
        return;
    }
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                let p = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                find_tables(v, p, depth + 1, out);
            }
        }
        serde_json::Value::Array(rows)
            if !rows.is_empty() && rows.iter().all(serde_json::Value::is_object) =>
        {
            let mut headers: Vec<String> = Vec::new();
            for row in rows {
                if let serde_json::Value::Object(m) = row {
                    for k in m.keys() {
                        if !headers.contains(k) {
                            headers.push(k.clone());
                        }
                    }
                }
            }
            let cells = rows
                .iter()
                .map(|row| {
                    headers
                        .iter()
                        .map(|h| match row.get(h) {
                            None | Some(serde_json::Value::Null) => String::new(),
                            Some(serde_json::Value::String(s)) => s.clone(),
                            Some(other) => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            let name = if path.is_empty() {
                "table".to_string()
            } else {
                path
            };
            out.push((name, headers, cells));
        }
        _ => {}
    }
}
