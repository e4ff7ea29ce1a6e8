-- Pay linkage (报酬挂钩, issue 14): policies as data with effective years, a village's
-- yearly calculation (pool, shares and steps as a JSON snapshot) with its approval, and the
-- village's 四议两公开 steps attached. No foreign key into the assessment tables (the rating
-- is read through store::assessment::published_band and kept in the snapshot).
CREATE TABLE pay_policies (
    id          TEXT PRIMARY KEY NOT NULL,
    -- The region that owns the policy (a district); it applies to the villages below.
    region_code TEXT NOT NULL REFERENCES regions (code),
    name        TEXT NOT NULL,
    -- 'increase_share' | 'net_share'
    kind        TEXT NOT NULL,
    from_year   INTEGER NOT NULL,
    to_year     INTEGER,
    -- domain::assessment::pay::Policy as JSON (tiers, rates, cap, coefficients …).
    params      TEXT NOT NULL,
    archived    BOOLEAN NOT NULL DEFAULT 0,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX pay_policies_region ON pay_policies (region_code, from_year);

CREATE TABLE pay_calculations (
    id                TEXT PRIMARY KEY NOT NULL,
    policy_id         TEXT NOT NULL REFERENCES pay_policies (id),
    -- The village.
    region_code       TEXT NOT NULL REFERENCES regions (code),
    year              INTEGER NOT NULL,
    -- 'draft' | 'submitted' | 'approved' | 'returned'
    state             TEXT NOT NULL,
    pool              BIGINT NOT NULL,
    paid              BIGINT NOT NULL,
    -- The snapshot: domain::assessment::pay::{Policy, Facts, Calculation} as JSON.
    policy            TEXT NOT NULL,
    facts             TEXT NOT NULL,
    result            TEXT NOT NULL,
    computed_by_name  TEXT NOT NULL,
    computed_at       TEXT NOT NULL,
    submitted_by      TEXT REFERENCES users (id),
    submitted_by_name TEXT,
    submitted_at      TEXT,
    decided_by        TEXT REFERENCES users (id),
    decided_by_name   TEXT,
    decided_at        TEXT,
    reason            TEXT NOT NULL DEFAULT '',
    voucher_id        TEXT REFERENCES ledger_vouchers (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (policy_id, region_code, year)
);
CREATE INDEX pay_calculations_region_year ON pay_calculations (region_code, year);
CREATE UNIQUE INDEX pay_calculations_voucher ON pay_calculations (voucher_id);

-- 四议两公开: one row per step taken, with its date and the meeting it was, if any.
CREATE TABLE pay_deliberations (
    calculation_id TEXT NOT NULL REFERENCES pay_calculations (id),
    step           TEXT NOT NULL,
    step_no        INTEGER NOT NULL,
    held_on        TEXT NOT NULL,
    meeting_id     TEXT REFERENCES mechanism_meetings (id),
    note           TEXT NOT NULL,
    PRIMARY KEY (calculation_id, step)
);
