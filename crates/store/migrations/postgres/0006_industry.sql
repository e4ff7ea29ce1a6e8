-- Industry projects (产业振兴): projects with their status history, funding sources, budget
-- lines, milestones, approvals of extra amounts and disbursements (each a draft voucher in
-- the books of the village's collective economic organisation).
-- Ids are UUIDv7 text made in Rust; dates 'YYYY-MM-DD'; timestamps RFC 3339 UTC text;
-- money in fen.

CREATE TABLE industry_projects (
    id                     TEXT PRIMARY KEY NOT NULL,
    region_code            TEXT NOT NULL REFERENCES regions (code),
    org_id                 TEXT NOT NULL REFERENCES ledger_orgs (id),
    sector                 TEXT NOT NULL,
    title                  TEXT NOT NULL,
    description            TEXT NOT NULL,
    responsible_person_id  TEXT REFERENCES people_persons (id),
    responsible_name       TEXT NOT NULL,
    -- applied, approved, implementing, accepted, operating, terminated
    status                 TEXT NOT NULL,
    terminated_reason      TEXT,
    -- Accounts of sales and labour; defaults by the chart: 501, 401, 211 (2004) / 212 (2023).
    income_account         TEXT NOT NULL,
    labour_cost_account    TEXT NOT NULL,
    labour_payable_account TEXT NOT NULL,
    archived               BOOLEAN NOT NULL DEFAULT FALSE,
    created_by             TEXT NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX industry_projects_region ON industry_projects (region_code, status);

CREATE TABLE industry_project_events (
    id          TEXT PRIMARY KEY NOT NULL,
    project_id  TEXT NOT NULL REFERENCES industry_projects (id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX industry_project_events_project ON industry_project_events (project_id, at);

CREATE TABLE industry_funding (
    id         TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES industry_projects (id),
    -- fiscal, collective, social, other
    source     TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    note       TEXT NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);
CREATE INDEX industry_funding_project ON industry_funding (project_id);

CREATE TABLE industry_budget_lines (
    id           TEXT PRIMARY KEY NOT NULL,
    project_id   TEXT NOT NULL REFERENCES industry_projects (id),
    name         TEXT NOT NULL,
    amount       BIGINT NOT NULL,
    account_code TEXT NOT NULL,
    archived     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TEXT NOT NULL
);
CREATE INDEX industry_budget_lines_project ON industry_budget_lines (project_id);

CREATE TABLE industry_milestones (
    id         TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES industry_projects (id),
    title      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    weight     BIGINT NOT NULL,
    progress   BIGINT NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX industry_milestones_project ON industry_milestones (project_id, due_on);

CREATE TABLE industry_approvals (
    id             TEXT PRIMARY KEY NOT NULL,
    budget_line_id TEXT NOT NULL REFERENCES industry_budget_lines (id),
    amount         BIGINT NOT NULL,
    approved_by    TEXT NOT NULL,
    approved_on    TEXT NOT NULL,
    reason         TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX industry_approvals_line ON industry_approvals (budget_line_id);

CREATE TABLE industry_disbursements (
    id             TEXT PRIMARY KEY NOT NULL,
    budget_line_id TEXT NOT NULL REFERENCES industry_budget_lines (id),
    date           TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    summary        TEXT NOT NULL,
    voucher_id     TEXT NOT NULL REFERENCES ledger_vouchers (id),
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX industry_disbursements_line ON industry_disbursements (budget_line_id);

-- Production (farmOS style): units, batches and dated logs. Quantities are exact decimals
-- stored as their text with a unit.
CREATE TABLE industry_units (
    id         TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES industry_projects (id),
    -- greenhouse, plot, other
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    area_m2    TEXT NOT NULL,
    built_on   TEXT,
    asset_note TEXT NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);
CREATE INDEX industry_units_project ON industry_units (project_id);

CREATE TABLE industry_batches (
    id         TEXT PRIMARY KEY NOT NULL,
    unit_id    TEXT NOT NULL REFERENCES industry_units (id),
    crop       TEXT NOT NULL,
    variety    TEXT NOT NULL,
    started_on TEXT NOT NULL,
    size       TEXT NOT NULL,
    size_unit  TEXT NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);
CREATE INDEX industry_batches_unit ON industry_batches (unit_id);

-- One row per log; the columns of other kinds stay NULL.
CREATE TABLE industry_logs (
    id              TEXT PRIMARY KEY NOT NULL,
    batch_id        TEXT NOT NULL REFERENCES industry_batches (id),
    -- input, activity, harvest, sale, labour
    kind            TEXT NOT NULL,
    date            TEXT NOT NULL,
    note            TEXT NOT NULL,
    -- input: material; harvest, sale: product
    item            TEXT,
    quantity        TEXT,
    unit            TEXT,
    -- input: cost (fen)
    cost            BIGINT,
    grade           TEXT,
    buyer           TEXT,
    unit_price      BIGINT,
    -- sale: amount (fen)
    amount          BIGINT,
    person_id       TEXT REFERENCES people_persons (id),
    days            TEXT,
    -- labour: wage (fen)
    wage            BIGINT,
    -- sale: the income voucher; labour: the 应付劳务费 voucher
    voucher_id      TEXT REFERENCES ledger_vouchers (id),
    -- labour: the voucher that paid it
    paid_voucher_id TEXT REFERENCES ledger_vouchers (id),
    archived        BOOLEAN NOT NULL DEFAULT FALSE,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX industry_logs_batch ON industry_logs (batch_id, kind, date);
CREATE INDEX industry_logs_person ON industry_logs (person_id);

-- The household a worker belongs to (default: the person alone).
CREATE TABLE industry_households (
    person_id  TEXT PRIMARY KEY NOT NULL REFERENCES people_persons (id),
    household  TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
