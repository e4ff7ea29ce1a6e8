-- People and talent (队伍建设): the person registry, posts and tenure, the talent pool
-- (reserve cadres, local talent), recruitment campaigns with positions and applicants,
-- trainings with attendance, and incentives.
-- Ids are UUIDv7 text made in Rust; dates 'YYYY-MM-DD'; timestamps RFC 3339 UTC text;
-- exact decimals (hours, scores) as their text.

CREATE TABLE people_persons (
    id               TEXT PRIMARY KEY NOT NULL,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    name             TEXT NOT NULL,
    -- male, female
    sex              TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    ethnicity        TEXT NOT NULL,
    -- The full resident ID number: personal information, read only through the store's
    -- masking (people::persons) or its audited reveal.
    id_number        TEXT NOT NULL UNIQUE,
    political_status TEXT NOT NULL,
    education        TEXT,
    phone            TEXT,
    photo            BLOB,
    photo_type       TEXT,
    archived         BOOLEAN NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX people_persons_region ON people_persons (region_code, name);

-- Posts and tenure; ending sets ends_on (the last day); never deleted.
CREATE TABLE people_posts (
    id               TEXT PRIMARY KEY NOT NULL,
    person_id        TEXT NOT NULL REFERENCES people_persons (id),
    region_code      TEXT NOT NULL REFERENCES regions (code),
    post             TEXT NOT NULL,
    dispatching_unit TEXT NOT NULL,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT,
    note             TEXT NOT NULL,
    archived         BOOLEAN NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX people_posts_region ON people_posts (region_code, post, starts_on);
CREATE INDEX people_posts_person ON people_posts (person_id);

CREATE TABLE people_talent (
    id         TEXT PRIMARY KEY NOT NULL,
    person_id  TEXT NOT NULL REFERENCES people_persons (id),
    -- reserve_cadre, local_talent
    pool       TEXT NOT NULL,
    category   TEXT NOT NULL,
    skills     TEXT NOT NULL,
    -- canonical comma list
    tags       TEXT NOT NULL,
    -- reserve, training, used
    status     TEXT NOT NULL,
    post_id    TEXT REFERENCES people_posts (id),
    note       TEXT NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_talent_person ON people_talent (person_id);

CREATE TABLE people_campaigns (
    id          TEXT PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    title       TEXT NOT NULL,
    -- reserve_cadre_exam, public_institution
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    -- open, closed
    status      TEXT NOT NULL,
    note        TEXT NOT NULL,
    archived    BOOLEAN NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX people_campaigns_region ON people_campaigns (region_code, year);

CREATE TABLE people_positions (
    id          TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT NOT NULL REFERENCES people_campaigns (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    title       TEXT NOT NULL,
    quota       BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX people_positions_campaign ON people_positions (campaign_id);

CREATE TABLE people_applicants (
    id              TEXT PRIMARY KEY NOT NULL,
    position_id     TEXT NOT NULL REFERENCES people_positions (id),
    person_id       TEXT NOT NULL REFERENCES people_persons (id),
    written_score   TEXT,
    interview_score TEXT,
    total_score     TEXT,
    -- pending, hired, not_hired
    result          TEXT NOT NULL,
    -- The talent-pool entry a reserve-cadre hire created.
    talent_id       TEXT REFERENCES people_talent (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (position_id, person_id)
);
CREATE INDEX people_applicants_person ON people_applicants (person_id);

CREATE TABLE people_trainings (
    id           TEXT PRIMARY KEY NOT NULL,
    -- The organising region: its subtree and its ancestors see the training.
    region_code  TEXT NOT NULL REFERENCES regions (code),
    topic        TEXT NOT NULL,
    organiser    TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    hours        TEXT NOT NULL,
    target_group TEXT NOT NULL,
    note         TEXT NOT NULL,
    archived     BOOLEAN NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX people_trainings_start ON people_trainings (starts_on, target_group);

CREATE TABLE people_attendance (
    training_id TEXT NOT NULL REFERENCES people_trainings (id),
    person_id   TEXT NOT NULL REFERENCES people_persons (id),
    attended    BOOLEAN NOT NULL,
    hours       TEXT,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (training_id, person_id)
);
CREATE INDEX people_attendance_person ON people_attendance (person_id);

CREATE TABLE people_incentives (
    id         TEXT PRIMARY KEY NOT NULL,
    person_id  TEXT NOT NULL REFERENCES people_persons (id),
    -- award, promotion, pay_rise, other
    kind       TEXT NOT NULL,
    date       TEXT NOT NULL,
    title      TEXT NOT NULL,
    issuer     TEXT NOT NULL,
    note       TEXT NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_incentives_person ON people_incentives (person_id, date);
