//! Sending a stored file (meeting attachments, project documents): the content type
//! recognised from its bytes when it was stored — never one taken from a name — and its file
//! name in a `Content-Disposition` with an ASCII fallback plus the UTF-8 name.

use crate::identity::session::urlencode;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// Whether the browser shows the file (photos, PDFs of a meeting) or saves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    Inline,
    Attachment,
}

/// The response carrying `data`, stored as `file_name` with the recognised `stored_type`.
pub fn stored_file(
    file_name: &str,
    stored_type: &str,
    data: Vec<u8>,
    disposition: Disposition,
    cache_control: &'static str,
) -> Response {
    // Only the types the checks recognise go out as such; anything else is plain bytes.
    let content_type = match stored_type {
        "image/png" => "image/png",
        "image/jpeg" => "image/jpeg",
        "application/pdf" => "application/pdf",
        domain::industry::document::DOCX => domain::industry::document::DOCX,
        _ => "application/octet-stream",
    };
    // A quote or backslash would end the quoted fallback name early.
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let kind = match disposition {
        Disposition::Inline => "inline",
        Disposition::Attachment => "attachment",
    };
    let value = format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        urlencode(file_name)
    );
    let mut response = data.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&value) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    response
}
