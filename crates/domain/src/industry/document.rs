//! A project's documents (项目文件): the plan (实施方案), approvals (批复) and others. Files are
//! recognised by their content, as meeting attachments are ([`crate::mechanism::attachment`]
//! decides PDF and photos and the size limit); Word documents (.docx) are added here.

use crate::error::FieldError;
use crate::mechanism::attachment;

/// The content type of a Word document (.docx).
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What a document is to the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 项目实施方案
    Plan,
    /// 批复
    Approval,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Plan, Kind::Approval, Kind::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Approval => "approval",
            Kind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }
}

/// A .docx is a ZIP archive whose entries live under `word/`; entry names are stored
/// uncompressed, so the bytes show them.
fn is_docx(data: &[u8]) -> bool {
    data.starts_with(b"PK\x03\x04")
        && data.windows(b"word/".len()).any(|w| w == b"word/")
        && data
            .windows(b"[Content_Types].xml".len())
            .any(|w| w == b"[Content_Types].xml")
}

/// The content type of an accepted document, from its bytes: PDF, PNG, JPEG or .docx.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    attachment::sniff(data).or_else(|| is_docx(data).then_some(DOCX))
}

/// Checks one uploaded file and returns its content type; errors name the file (field `file`).
pub fn check(file_name: &str, data: &[u8]) -> Result<&'static str, FieldError> {
    let name = attachment::clean_name(file_name);
    if data.is_empty() {
        return Err(FieldError::new("industry.document_empty", "file").arg("name", name));
    }
    if data.len() > attachment::MAX_BYTES {
        return Err(FieldError::new("industry.document_too_large", "file")
            .arg("name", name)
            .arg("max", "10 MiB"));
    }
    sniff(data).ok_or_else(|| FieldError::new("industry.document_type", "file").arg("name", name))
}

/// A document as entered: kind and title (the file name when left empty).
#[derive(Debug, Clone, Default)]
pub struct DocumentInput {
    pub kind: String,
    pub title: String,
}

/// A checked document description.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub kind: Kind,
    pub title: String,
}

impl DocumentInput {
    pub fn validate(&self, file_name: &str) -> Result<Document, FieldError> {
        let kind = Kind::parse(&self.kind).ok_or_else(|| {
            FieldError::new("common.choice_invalid", "kind").arg("value", self.kind.trim())
        })?;
        let title = if self.title.trim().is_empty() {
            attachment::clean_name(file_name)
        } else {
            super::optional(&self.title, "title", 200)?
        };
        Ok(Document { kind, title })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docx_pdf_and_photos_by_content() {
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml";
        assert_eq!(check("方案.docx", docx), Ok(DOCX));
        assert_eq!(check("plan", b"%PDF-1.4\n"), Ok("application/pdf"));
        assert_eq!(check("a.jpg", &[0xff, 0xd8, 0xff, 0xe0]), Ok("image/jpeg"));
        // Any other ZIP (an .xlsx) is not a Word document.
        let xlsx = b"PK\x03\x04....[Content_Types].xml....xl/workbook.xml";
        assert_eq!(
            check("plan.docx", xlsx).unwrap_err().code,
            "industry.document_type"
        );
        assert_eq!(
            check("e.pdf", b"").unwrap_err().code,
            "industry.document_empty"
        );
        let big = vec![0xffu8; attachment::MAX_BYTES + 1];
        assert_eq!(
            check("big.jpg", &big).unwrap_err().code,
            "industry.document_too_large"
        );
    }

    #[test]
    fn kind_is_checked_and_title_defaults_to_the_file() {
        let d = DocumentInput {
            kind: "plan".into(),
            title: " ".into(),
        }
        .validate("C:\\x\\实施方案.pdf")
        .unwrap();
        assert_eq!((d.kind, d.title.as_str()), (Kind::Plan, "实施方案.pdf"));
        let err = DocumentInput {
            kind: "memo".into(),
            title: String::new(),
        }
        .validate("a.pdf")
        .unwrap_err();
        assert_eq!((err.code, err.field), ("common.choice_invalid", "kind"));
    }
}
