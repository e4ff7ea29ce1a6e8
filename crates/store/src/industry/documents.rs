//! A project's documents (项目文件): the plan (实施方案), approvals (批复) and others, stored
//! with their bytes. Files are checked by content before the transaction opens (nothing is
//! written for a refused file); documents are archived, never deleted.

use super::projects::project_for_write;
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::industry::document::{self, Document};
use domain::industry::entity;
use domain::mechanism::attachment;
use domain::{DomainError, Id};
use serde::Serialize;

/// A document without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DocumentMeta {
    pub id: String,
    pub project_id: String,
    /// plan, approval or other
    pub kind: String,
    pub title: String,
    pub file_name: String,
    /// Recognised from the bytes when stored.
    pub content_type: String,
    pub size: i64,
    pub created_by: String,
    pub created_at: String,
    pub archived: bool,
}

/// The columns of [`DocumentMeta`] (a macro so that queries stay literal strings).
macro_rules! meta {
    () => {
        "d.id, d.project_id, d.kind, d.title, d.file_name, d.content_type, d.size, \
         d.created_by, d.created_at, d.archived"
    };
}

async fn meta_in_tx(tx: &mut Tx, id: &str) -> Result<Option<DocumentMeta>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(concat!(
            "SELECT ",
            meta!(),
            " FROM industry_documents d WHERE d.id = $1"
        ))
        .bind(id)
        .fetch_optional(conn)
        .await?
    }))
}

/// Adds a document to a project the actor may write. The file is checked by content (PDF,
/// .docx, PNG, JPEG; at most 10 MiB) first; an error names the file.
pub async fn add(
    db: &Db,
    actor: &Actor,
    project_id: &str,
    doc: &Document,
    file_name: &str,
    data: &[u8],
) -> Result<DocumentMeta, StoreError> {
    let content_type = document::check(file_name, data)?;
    let mut tx = db.begin_write().await?;
    let project = project_for_write(&mut tx, actor, project_id).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let meta = DocumentMeta {
        id,
        project_id: project.id.clone(),
        kind: doc.kind.as_str().to_string(),
        title: doc.title.clone(),
        file_name: attachment::clean_name(file_name),
        content_type: content_type.to_string(),
        size: data.len() as i64,
        created_by: actor.username.clone(),
        created_at: now,
        archived: false,
    };
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO industry_documents (id, project_id, kind, title, file_name, content_type,
                 size, data, created_by, created_at, archived)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&meta.id)
        .bind(&meta.project_id)
        .bind(&meta.kind)
        .bind(&meta.title)
        .bind(&meta.file_name)
        .bind(&meta.content_type)
        .bind(meta.size)
        .bind(data)
        .bind(&meta.created_by)
        .bind(&meta.created_at)
        .bind(false)
        .execute(conn)
        .await?;
    });
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject::new(entity::DOCUMENT, &meta.id, &project.region_code),
        None::<&DocumentMeta>,
        Some(&meta),
    )
    .await?;
    tx.commit().await?;
    Ok(meta)
}

/// The documents of a project in scope, without their bytes, oldest first; archived ones
/// only when asked.
pub async fn list(
    db: &Db,
    scope: &Scope,
    project_id: &str,
    with_archived: bool,
) -> Result<Vec<DocumentMeta>, StoreError> {
    let mut q = List::new(
        meta!(),
        "FROM industry_documents d JOIN industry_projects p ON p.id = d.project_id",
    );
    let project = q.arg(project_id);
    q.and(format!("d.project_id = {project}"))
        .scoped("p.region_code", scope)
        .unarchived("d.archived", with_archived)
        .order_by("d.created_at, d.id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

/// One document with its bytes, when its project lies in scope.
pub async fn get(
    db: &Db,
    scope: &Scope,
    id: &str,
) -> Result<Option<(DocumentMeta, Vec<u8>)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        meta: DocumentMeta,
        data: Vec<u8>,
    }
    let (lo, hi) = scope.range();
    let row: Option<Row> = on_pool!(db, |pool| {
        sqlx::query_as(concat!(
            "SELECT ",
            meta!(),
            ", d.data FROM industry_documents d
             JOIN industry_projects p ON p.id = d.project_id
             WHERE d.id = $1 AND p.region_code >= $2 AND p.region_code < $3"
        ))
        .bind(id)
        .bind(&lo)
        .bind(&hi)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(|r| (r.meta, r.data)))
}

/// Archives (or restores) a document uploaded by mistake; nothing is deleted.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<DocumentMeta, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = meta_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let project = project_for_write(&mut tx, actor, &old.project_id).await?;
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE industry_documents SET archived = $2 WHERE id = $1")
            .bind(id)
            .bind(archived)
            .execute(conn)
            .await?;
    });
    let new = DocumentMeta {
        archived,
        ..old.clone()
    };
    audit::change(
        &mut tx,
        actor,
        if archived {
            Action::Archive
        } else {
            Action::Update
        },
        audit::Subject::new(entity::DOCUMENT, &new.id, &project.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}
