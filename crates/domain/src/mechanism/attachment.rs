//! Meeting attachments: photos (PNG, JPEG) and PDF, recognised by their first bytes (the
//! content), never by the file name; at most [`MAX_BYTES`].

use crate::error::FieldError;

/// 10 MiB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The content type of an accepted file, from its magic bytes.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]) {
        Some("image/png")
    } else if data.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// A name safe to show and to send back in `Content-Disposition`: the last path segment,
/// without control characters or quotes, at most 120 characters.
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() {
        "file".to_string()
    } else {
        cleaned
    }
}

/// Checks one uploaded file and returns its content type. Errors name the file.
pub fn check(file_name: &str, data: &[u8]) -> Result<&'static str, FieldError> {
    let name = clean_name(file_name);
    if data.is_empty() {
        return Err(FieldError::new("mechanism.attachment_empty", "file").arg("name", name));
    }
    if data.len() > MAX_BYTES {
        return Err(FieldError::new("mechanism.attachment_too_large", "file")
            .arg("name", name)
            .arg("max", "10 MiB"));
    }
    sniff(data)
        .ok_or_else(|| FieldError::new("mechanism.attachment_type", "file").arg("name", name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_not_the_name() {
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0];
        assert_eq!(check("photo.pdf", &png), Ok("image/png"));
        assert_eq!(check("a.jpg", &[0xff, 0xd8, 0xff, 0xe0]), Ok("image/jpeg"));
        assert_eq!(check("minutes", b"%PDF-1.7\n"), Ok("application/pdf"));
        let err = check("evil.png", b"<html>").unwrap_err();
        assert_eq!(
            (err.code, err.args["name"].as_str()),
            ("mechanism.attachment_type", "evil.png")
        );
        assert_eq!(
            check("e.pdf", b"").unwrap_err().code,
            "mechanism.attachment_empty"
        );
        let big = vec![0xffu8; MAX_BYTES + 1];
        assert_eq!(
            check("big.jpg", &big).unwrap_err().code,
            "mechanism.attachment_too_large"
        );
        assert_eq!(clean_name("C:\\tmp\\会议\"照片.jpg"), "会议照片.jpg");
    }
}
