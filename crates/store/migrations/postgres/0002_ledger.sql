-- Village collective economy books: organisations, books per fiscal year, accounts (from a
-- chart template plus sub-accounts), vouchers and their lines, monthly periods, and balances
-- per account and period that posting maintains (so reports never re-add all lines).

CREATE TABLE ledger_orgs (
    id          TEXT PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    name        TEXT NOT NULL,
    credit_code TEXT NOT NULL UNIQUE,
    archived    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX ledger_orgs_region ON ledger_orgs (region_code);

CREATE TABLE ledger_books (
    id                TEXT PRIMARY KEY NOT NULL,
    org_id            TEXT NOT NULL REFERENCES ledger_orgs (id),
    year              INTEGER NOT NULL,
    accounting_system TEXT NOT NULL,
    opening_checked   BOOLEAN NOT NULL DEFAULT FALSE,
    closed            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (org_id, year)
);

CREATE TABLE ledger_accounts (
    book_id       TEXT NOT NULL REFERENCES ledger_books (id),
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    normal_side   TEXT NOT NULL,
    parent_code   TEXT,
    from_template BOOLEAN NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    -- Debit-positive opening balance (期初余额) of the fiscal year; entered on leaf accounts.
    opening       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (book_id, code)
);

CREATE TABLE ledger_vouchers (
    id             TEXT PRIMARY KEY NOT NULL,
    book_id        TEXT NOT NULL REFERENCES ledger_books (id),
    period         TEXT NOT NULL,
    number         INTEGER NOT NULL,
    date           TEXT NOT NULL,
    summary        TEXT NOT NULL,
    attachments    BIGINT NOT NULL,
    state          TEXT NOT NULL,
    -- normal, reversal (红字冲销) or closing (年终结转)
    kind           TEXT NOT NULL,
    reverses_id    TEXT REFERENCES ledger_vouchers (id),
    reversed_by_id TEXT,
    preparer_id    TEXT,
    preparer_name  TEXT NOT NULL,
    reviewer_name  TEXT,
    poster_name    TEXT,
    total          BIGINT NOT NULL,
    created_at     TEXT NOT NULL,
    reviewed_at    TEXT,
    posted_at      TEXT,
    UNIQUE (book_id, period, number)
);
CREATE INDEX ledger_vouchers_book_period ON ledger_vouchers (book_id, period, state);

CREATE TABLE ledger_lines (
    voucher_id   TEXT NOT NULL REFERENCES ledger_vouchers (id),
    line_no      INTEGER NOT NULL,
    account_code TEXT NOT NULL,
    debit        BIGINT NOT NULL,
    credit       BIGINT NOT NULL,
    summary      TEXT NOT NULL,
    PRIMARY KEY (voucher_id, line_no)
);

-- Movements per account (every level) and month from posted vouchers; year-end carry-over
-- movements apart, so operating income can be read before closing.
CREATE TABLE ledger_period_balances (
    book_id        TEXT NOT NULL REFERENCES ledger_books (id),
    account_code   TEXT NOT NULL,
    period         TEXT NOT NULL,
    debit          BIGINT NOT NULL,
    credit         BIGINT NOT NULL,
    closing_debit  BIGINT NOT NULL,
    closing_credit BIGINT NOT NULL,
    PRIMARY KEY (book_id, account_code, period)
);

CREATE TABLE ledger_periods (
    book_id       TEXT NOT NULL REFERENCES ledger_books (id),
    period        TEXT NOT NULL,
    closed        BOOLEAN NOT NULL,
    changed_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    reopen_reason TEXT,
    PRIMARY KEY (book_id, period)
);
