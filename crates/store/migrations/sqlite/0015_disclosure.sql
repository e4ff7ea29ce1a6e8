-- Disclosure (村务、财务、党务公开, issue 15): schedules (data, with a provincial default),
-- disclosure items of a village or town for a period, their published versions (frozen
-- snapshots: canonical JSON and the page rendered from it), and the append-only Merkle log
-- whose leaves are the versions' snapshot hashes, with its signed checkpoints.

CREATE TABLE disclosure_schedules (
    id            TEXT PRIMARY KEY NOT NULL,
    -- NULL: the provincial default; a district or town overrides it for the villages below.
    region_code   TEXT REFERENCES regions (code),
    -- finance (财务公开), affairs (村务公开), party (党务公开)
    category      TEXT NOT NULL,
    -- quarterly, monthly
    cadence       TEXT NOT NULL,
    -- Monthly instead where a village posted more vouchers than this in the quarter before.
    monthly_over_vouchers INTEGER,
    -- Days after the period's end within which the period's disclosure is due.
    due_days      INTEGER NOT NULL,
    -- Major matters (重大事项): days after their approval within which they are due.
    major_days    INTEGER NOT NULL,
    -- The town approves an item before it is published.
    needs_approval BOOLEAN NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX disclosure_schedules_scope ON disclosure_schedules (COALESCE(region_code, ''), category);
INSERT INTO disclosure_schedules VALUES
    ('default-finance', NULL, 'finance', 'quarterly', 30, 10, 5, 1, '2026-01-01T00:00:00+08:00'),
    ('default-affairs', NULL, 'affairs', 'quarterly', NULL, 10, 5, 0, '2026-01-01T00:00:00+08:00'),
    ('default-party',   NULL, 'party',   'quarterly', NULL, 10, 5, 0, '2026-01-01T00:00:00+08:00');

CREATE TABLE disclosure_items (
    id            TEXT PRIMARY KEY NOT NULL,
    -- The village (or town) that discloses.
    region_code   TEXT NOT NULL REFERENCES regions (code),
    category      TEXT NOT NULL,
    -- What the item shows (domain::disclosure::Kind), e.g. finance_period, meeting_decisions,
    -- project_progress, subsidy_list, other, party_period.
    kind          TEXT NOT NULL,
    -- The period covered, YYYY-MM-DD inclusive.
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    title         TEXT NOT NULL,
    -- A major matter (重大事项): due within the schedule's days of `approved_on`.
    major         BOOLEAN NOT NULL DEFAULT 0,
    -- The day the matter was approved (major matters), YYYY-MM-DD.
    approved_on   TEXT,
    -- What was entered for publication where the item is not computed (a subsidy list, other
    -- matters, a meeting's implementation): JSON, shape by kind.
    input_json    TEXT,
    -- draft, submitted (awaiting the town), approved, published (current_version > 0; a
    -- correction goes back to draft with the published version still shown).
    state         TEXT NOT NULL,
    -- The latest published version (0: never published).
    current_version INTEGER NOT NULL DEFAULT 0,
    prepared_by   TEXT REFERENCES users (id),
    submitted_by  TEXT REFERENCES users (id),
    approved_by   TEXT REFERENCES users (id),
    -- The reason of the correction being prepared (empty for a first publication).
    correction_reason TEXT NOT NULL DEFAULT '',
    archived      BOOLEAN NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX disclosure_items_region ON disclosure_items (region_code, category, period_from);

-- The append-only log. `size` of the single head row is the guard: appending is
-- `UPDATE … SET size = size + 1 RETURNING size`, so concurrent appends take distinct indices.
CREATE TABLE disclosure_log_head (
    id   INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    size BIGINT NOT NULL
);
INSERT INTO disclosure_log_head VALUES (1, 0);

CREATE TABLE disclosure_log (
    -- The leaf's index, from 0.
    idx          BIGINT PRIMARY KEY NOT NULL,
    -- The leaf's entry: hex SHA-256 of the version's canonical snapshot JSON (32 bytes);
    -- the leaf hash is SHA-256(0x00 || entry) (RFC 6962).
    entry_sha256 TEXT NOT NULL,
    appended_at  TEXT NOT NULL
);

CREATE TABLE disclosure_versions (
    id            TEXT PRIMARY KEY NOT NULL,
    item_id       TEXT NOT NULL REFERENCES disclosure_items (id),
    version       INTEGER NOT NULL,
    -- Why this version corrects the one before ('' for the first).
    reason        TEXT NOT NULL DEFAULT '',
    -- The canonical JSON (sorted keys, no spaces) that the log entry hashes.
    snapshot      TEXT NOT NULL,
    -- The item's page body rendered from the snapshot at publication (sanitised HTML).
    page_html     TEXT NOT NULL,
    snapshot_sha256 TEXT NOT NULL,
    log_index     BIGINT NOT NULL UNIQUE REFERENCES disclosure_log (idx),
    published_at  TEXT NOT NULL,
    published_by  TEXT REFERENCES users (id),
    published_by_name TEXT NOT NULL,
    UNIQUE (item_id, version)
);

-- Signed checkpoints (tree size, root hash), one per size signed.
CREATE TABLE disclosure_checkpoints (
    size        BIGINT PRIMARY KEY NOT NULL,
    root_sha256 TEXT NOT NULL,
    -- The signed note (C2SP signed-note / checkpoint text with its signature line).
    note        TEXT NOT NULL,
    -- The signing key's id (first bytes of the public key's hash), hex.
    key_id      TEXT NOT NULL,
    signed_at   TEXT NOT NULL
);
