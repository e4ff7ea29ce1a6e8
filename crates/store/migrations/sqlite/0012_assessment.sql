-- Assessment (考核): yearly schemes of indicators and rating bands (data), runs of a scheme
-- (open → computed → review → published; a correction is a new version), each subject's
-- indicator values and scores, manual scores with their assessor, reason and evidence, and
-- each subject's result (total, rank, band). Scores are hundredths of a point.

CREATE TABLE assessment_schemes (
    id           TEXT PRIMARY KEY NOT NULL,
    -- The owner: the district, or a town for its villages.
    region_code  TEXT NOT NULL REFERENCES regions (code),
    year         INTEGER NOT NULL,
    -- village_team, town_team, first_secretary
    subject_kind TEXT NOT NULL,
    title        TEXT NOT NULL,
    -- The scheme copied from (last year's), if any.
    copied_from  TEXT REFERENCES assessment_schemes (id),
    archived     BOOLEAN NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (region_code, year, subject_kind)
);
CREATE INDEX assessment_schemes_region ON assessment_schemes (region_code, year);

CREATE TABLE assessment_indicators (
    scheme_id   TEXT NOT NULL REFERENCES assessment_schemes (id),
    position    INTEGER NOT NULL,
    indicator_key TEXT NOT NULL,
    name        TEXT NOT NULL,
    weight      BIGINT NOT NULL,
    -- computed, manual, veto_metric, veto_manual
    kind        TEXT NOT NULL,
    metric      TEXT,
    -- value, percent
    basis       TEXT NOT NULL,
    -- linear, tiered, ratio, pass_fail (computed)
    rule        TEXT,
    floor_value BIGINT,
    -- linear: the target; pass_fail and veto_metric: the threshold
    target_value BIGINT,
    -- tiered: JSON [{"at_least": n, "points": hundredths}, …]
    tiers       TEXT,
    -- veto_metric: gt, ge, lt, le
    cmp         TEXT,
    -- manual, veto_manual: the assessor role
    role        TEXT,
    PRIMARY KEY (scheme_id, indicator_key)
);

CREATE TABLE assessment_bands (
    scheme_id  TEXT NOT NULL REFERENCES assessment_schemes (id),
    band       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    min_points BIGINT NOT NULL,
    -- percent of the subjects, rounded down; none = no quota
    quota      BIGINT,
    PRIMARY KEY (scheme_id, band)
);

CREATE TABLE assessment_runs (
    id           TEXT PRIMARY KEY NOT NULL,
    scheme_id    TEXT NOT NULL REFERENCES assessment_schemes (id),
    -- The scheme's owner (the scope of the run).
    region_code  TEXT NOT NULL REFERENCES regions (code),
    year         INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    -- open, computed, review, published
    state        TEXT NOT NULL,
    -- A correction: the version it corrects and why.
    corrects_id  TEXT REFERENCES assessment_runs (id),
    reason       TEXT NOT NULL,
    computed_at  TEXT,
    published_at TEXT,
    published_by TEXT REFERENCES users (id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (scheme_id, version)
);
CREATE INDEX assessment_runs_region ON assessment_runs (region_code, year);

-- One subject's figure and score on one indicator of a run (computed by the run; manual
-- scores copied in when rated). Frozen once the run is published.
CREATE TABLE assessment_scores (
    run_id        TEXT NOT NULL REFERENCES assessment_runs (id),
    region_code   TEXT NOT NULL REFERENCES regions (code),
    indicator_key TEXT NOT NULL,
    value         BIGINT,
    of_value      BIGINT,
    figure        BIGINT,
    target        BIGINT,
    score         BIGINT NOT NULL,
    vetoed        BOOLEAN NOT NULL,
    PRIMARY KEY (run_id, region_code, indicator_key)
);
CREATE INDEX assessment_scores_region ON assessment_scores (region_code, run_id);

CREATE TABLE assessment_manual (
    id                TEXT PRIMARY KEY NOT NULL,
    run_id            TEXT NOT NULL REFERENCES assessment_runs (id),
    region_code       TEXT NOT NULL REFERENCES regions (code),
    indicator_key     TEXT NOT NULL,
    -- hundredths of a point; a manual veto: 1 yes, 0 no
    score             BIGINT NOT NULL,
    reason            TEXT NOT NULL,
    assessor_user_id  TEXT REFERENCES users (id),
    assessor_name     TEXT NOT NULL,
    evidence_name     TEXT,
    evidence_type     TEXT,
    evidence          BLOB,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (run_id, region_code, indicator_key)
);
CREATE INDEX assessment_manual_region ON assessment_manual (region_code, run_id);

CREATE TABLE assessment_results (
    run_id      TEXT NOT NULL REFERENCES assessment_runs (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    total       BIGINT NOT NULL,
    rank        INTEGER NOT NULL,
    -- the band the total reaches, and the band given (after veto and quota)
    by_score    TEXT NOT NULL,
    band        TEXT NOT NULL,
    -- veto, quota, quota_tie_broken, quota_tie
    moved       TEXT,
    PRIMARY KEY (run_id, region_code)
);
CREATE INDEX assessment_results_region ON assessment_results (region_code, run_id);
