//! A project's documents (项目文件) on both backends: upload, list, download, archive and
//! restore, each audited; scope and role; a file that is not what it says is refused and
//! nothing is written.

use super::ledger::{book, user};
use super::*;
use domain::DomainError;
use domain::industry::ProjectInput;
use domain::industry::document::{DOCX, DocumentInput};
use store::industry::{documents, projects};

const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";

fn code_of(e: &StoreError) -> &'static str {
    match e {
        StoreError::Domain(d) => d.code(),
        other => panic!("{other:?}"),
    }
}

async fn audited(db: &Db) -> Vec<store::audit::AuditRecord> {
    store::audit::list(
        db,
        &Scope::system(),
        &store::audit::Filter {
            entity: "industry_document".into(),
            ..Default::default()
        },
        Page::all(),
    )
    .await
    .unwrap()
    .0
}

fn doc(kind: &str, title: &str, file: &str) -> domain::industry::document::Document {
    DocumentInput {
        kind: kind.into(),
        title: title.into(),
    }
    .validate(file)
    .unwrap()
}

#[tokio::test]
async fn documents_are_stored_scoped_and_archived() {
    on_each_backend!(|db| {
        let (org, _book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let other = user("hongpu", Role::VillageCadre, HONGPU);
        let leader = user("leader", Role::DistrictLeader, "340803000000");
        let p = ProjectInput {
            region_code: BAOYING.into(),
            org_id: org.id.clone(),
            sector: "种植业".into(),
            title: "灵芝大棚种植".into(),
            responsible_name: "张书记".into(),
            applied_on: "2024-02-01".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let p = projects::create(db, &cadre, &p).await.unwrap();

        let pdf = b"%PDF-1.7\n1 0 obj\n".to_vec();
        let plan = documents::add(
            db,
            &cadre,
            &p.id,
            &doc("plan", "灵芝项目实施方案", "实施方案.pdf"),
            "C:\\docs\\实施方案.pdf",
            &pdf,
        )
        .await
        .unwrap();
        assert_eq!(
            (
                plan.kind.as_str(),
                plan.file_name.as_str(),
                plan.content_type.as_str(),
                plan.size,
                plan.created_by.as_str()
            ),
            (
                "plan",
                "实施方案.pdf",
                "application/pdf",
                pdf.len() as i64,
                "kuaiji"
            )
        );
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml".to_vec();
        let approval = documents::add(
            db,
            &cadre,
            &p.id,
            &doc("approval", "", "批复.docx"),
            "批复.docx",
            &docx,
        )
        .await
        .unwrap();
        assert_eq!(
            (approval.title.as_str(), approval.content_type.as_str()),
            ("批复.docx", DOCX)
        );

        let listed = documents::list(db, &cadre.scope, &p.id, false)
            .await
            .unwrap();
        assert_eq!(listed, vec![plan.clone(), approval.clone()]);
        let (meta, bytes) = documents::get(db, &cadre.scope, &plan.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((meta, bytes), (plan.clone(), pdf.clone()));

        // Another village's cadre sees nothing and cannot write.
        assert!(
            documents::list(db, &other.scope, &p.id, true)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            documents::get(db, &other.scope, &plan.id)
                .await
                .unwrap()
                .is_none()
        );
        let e = documents::add(
            db,
            &other,
            &p.id,
            &doc("other", "x", "x.pdf"),
            "x.pdf",
            &pdf,
        )
        .await
        .unwrap_err();
        assert_eq!(code_of(&e), "common.not_found");
        let e = documents::set_archived(db, &other, &plan.id, true)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "common.not_found");

        // A district leader reads but does not upload.
        assert_eq!(
            documents::list(db, &leader.scope, &p.id, false)
                .await
                .unwrap()
                .len(),
            2
        );
        assert!(matches!(
            documents::add(
                db,
                &leader,
                &p.id,
                &doc("other", "x", "x.pdf"),
                "x.pdf",
                &pdf
            )
            .await,
            Err(StoreError::Domain(DomainError::Forbidden))
        ));

        // A file that is not what it says is refused, naming the file; nothing is written.
        let before = audited(db).await.len();
        let e = documents::add(
            db,
            &cadre,
            &p.id,
            &doc("plan", "方案", "方案.pdf"),
            "方案.pdf",
            b"<html>not a pdf</html>",
        )
        .await
        .unwrap_err();
        match &e {
            StoreError::Domain(DomainError::Invalid(f)) => {
                assert_eq!(
                    (f.code, f.field, f.args["name"].as_str()),
                    ("industry.document_type", "file", "方案.pdf")
                );
            }
            other => panic!("{other:?}"),
        }
        let e = documents::add(db, &cadre, &p.id, &doc("plan", "空", "e.pdf"), "e.pdf", b"")
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "industry.document_empty");
        assert_eq!(
            documents::list(db, &cadre.scope, &p.id, true)
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(audited(db).await.len(), before);
        assert_eq!(before, 2);

        // Archived, not deleted: hidden from the list, still in the archive; restorable.
        let archived = documents::set_archived(db, &cadre, &approval.id, true)
            .await
            .unwrap();
        assert!(archived.archived);
        assert_eq!(
            documents::list(db, &cadre.scope, &p.id, false)
                .await
                .unwrap(),
            vec![plan.clone()]
        );
        assert_eq!(
            documents::list(db, &cadre.scope, &p.id, true)
                .await
                .unwrap()
                .len(),
            2
        );
        assert!(matches!(
            documents::set_archived(db, &leader, &approval.id, false).await,
            Err(StoreError::Domain(DomainError::Forbidden))
        ));
        documents::set_archived(db, &cadre, &approval.id, false)
            .await
            .unwrap();
        assert_eq!(
            documents::list(db, &cadre.scope, &p.id, false)
                .await
                .unwrap()
                .len(),
            2
        );
        let actions: Vec<String> = audited(db).await.into_iter().map(|a| a.action).collect();
        assert_eq!(actions.len(), 4);
        assert!(actions.iter().any(|a| a == "archive"), "{actions:?}");
        // The audit keeps what was stored, never the bytes.
        let entries = audited(db).await;
        assert!(entries.iter().all(|a| {
            a.after_json
                .as_deref()
                .is_some_and(|j| j.contains("file_name") && !j.contains("\"data\""))
        }));
    });
}
