//! Spreadsheet downloads: the files `usecase::tabular` writes, as HTTP responses.
//!
//! The file side (reading with limits, typed cells, writing .xlsx/.csv) is `usecase::tabular`,
//! which pages name directly (`usecase::tabular::Format`); this module only answers HTTP.

use crate::error::AppError;
use crate::i18n::Tr;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use usecase::tabular::{Cell, Format, Kind, csv_bytes, typed, typed_xlsx_bytes, xlsx_bytes};

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An .xlsx download.
pub fn xlsx_response(
    sheet: &str,
    headers: &[String],
    rows: &[Vec<String>],
    file_name: &str,
) -> Result<Response, AppError> {
    let bytes = xlsx_bytes(sheet, headers, rows)?;
    Ok(download(bytes, XLSX_TYPE, file_name))
}

/// An .xlsx download of typed cells.
pub fn typed_xlsx_response(
    sheet: &str,
    headers: &[String],
    rows: &[Vec<Cell>],
    file_name: &str,
) -> Result<Response, AppError> {
    let bytes = typed_xlsx_bytes(sheet, headers, rows)?;
    Ok(download(bytes, XLSX_TYPE, file_name))
}

/// [`xlsx_response`] with the columns typed by `kinds` (see [`Cell::of`]).
pub fn kinds_xlsx_response(
    sheet: &str,
    headers: &[String],
    kinds: &[Kind],
    rows: &[Vec<String>],
    file_name: &str,
) -> Result<Response, AppError> {
    typed_xlsx_response(sheet, headers, &typed(kinds, rows), file_name)
}

/// A table as a download in `format`, named `stem.xlsx` or `stem.csv`.
pub fn table_response(
    format: Format,
    sheet: &str,
    headers: &[String],
    rows: &[Vec<String>],
    stem: &str,
) -> Result<Response, AppError> {
    kinds_table_response(format, sheet, headers, &[], rows, stem)
}

/// [`table_response`] whose workbook types its columns by `kinds`; the CSV is the same text.
pub fn kinds_table_response(
    format: Format,
    sheet: &str,
    headers: &[String],
    kinds: &[Kind],
    rows: &[Vec<String>],
    stem: &str,
) -> Result<Response, AppError> {
    let name = format!("{stem}.{}", format.ext());
    match format {
        Format::Xlsx => kinds_xlsx_response(sheet, headers, kinds, rows, &name),
        Format::Csv => Ok(download(
            csv_bytes(headers, rows)?,
            "text/csv; charset=utf-8",
            &name,
        )),
    }
}

/// A file to save, named `file_name` (any language: see [`crate::download::disposition`]).
pub fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type.to_string())], bytes).into_response();
    if let Some(v) =
        crate::download::disposition(crate::download::Disposition::Attachment, file_name)
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// What an import page shows of a refused file: the refusal in the user's language (file,
/// row, column, reason). A database failure is not the file's fault: it is the error page's
/// (503 while the database is away, else 500 with an id), never the database's text.
pub fn refusal(e: usecase::import::ImportError, tr: &Tr) -> Result<String, AppError> {
    match e {
        usecase::import::ImportError::Store { error, .. } => Err((*error).into()),
        refused => Ok(refused.describe(tr)),
    }
}
