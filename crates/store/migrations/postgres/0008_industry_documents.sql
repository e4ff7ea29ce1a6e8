-- A project's documents (项目文件): the plan (实施方案), approvals (批复) and others.
-- PDF, Word (.docx) and photos, recognised by their bytes; at most 10 MiB each. Archived,
-- never deleted.
CREATE TABLE industry_documents (
    id           TEXT PRIMARY KEY NOT NULL,
    project_id   TEXT NOT NULL REFERENCES industry_projects (id),
    -- plan, approval, other
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         BYTEA NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    archived     BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX industry_documents_project ON industry_documents (project_id, created_at);
