//! Sending a stored file (meeting attachments, project documents): the content type
//! recognised from its bytes when it was stored — never one taken from a name — and its file
//! name in a `Content-Disposition` with an ASCII fallback plus the UTF-8 name.

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
    disposition_kind: Disposition,
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
    let mut response = data.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(v) = disposition(disposition_kind, file_name) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    response
}

/// The `Content-Disposition` of a file named `file_name`: an ASCII fallback name for old
/// clients (other characters as `_`) and the exact name as UTF-8 in `filename*` (RFC 6266),
/// so that `保婴村-2024-科目余额表-01-06.xlsx` is saved under that name.
pub fn disposition(kind: Disposition, file_name: &str) -> Option<HeaderValue> {
    // Line breaks and control characters never reach a header; a slash is no part of a name.
    let file_name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '/' || c == '\\' { '_' } else { c })
        .collect();
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
    let kind = match kind {
        Disposition::Inline => "inline",
        Disposition::Attachment => "attachment",
    };
    HeaderValue::from_str(&format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::base::url::encode(&file_name)
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_language_survive() {
        let v = disposition(Disposition::Attachment, "保婴村-2024-科目余额表-01-06.xlsx").unwrap();
        let v = v.to_str().unwrap();
        assert!(
            v.starts_with("attachment; filename=\"___-2024-_____-01-06.xlsx\"; filename*=UTF-8''")
        );
        // 保 is E4 BF 9D in UTF-8.
        assert!(v.ends_with("''%E4%BF%9D%E5%A9%B4%E6%9D%91-2024-%E7%A7%91%E7%9B%AE%E4%BD%99%E9%A2%9D%E8%A1%A8-01-06.xlsx"), "{v}");
        let v = disposition(Disposition::Inline, "a\"b\r\n/c.pdf").unwrap();
        assert!(
            v.to_str()
                .unwrap()
                .starts_with("inline; filename=\"a_b_c.pdf\"")
        );
    }
}
