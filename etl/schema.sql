-- Warehouse contract of the Wirkungsmonitor. Documented column by column in docs/warehouse.md.
-- All observation timestamps are UTC (TIMESTAMP without zone, by convention UTC).

CREATE TABLE IF NOT EXISTS load_log (
    load_id        BIGINT,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    kind           VARCHAR,
    rows_in        BIGINT NOT NULL,
    rows_loaded    BIGINT NOT NULL,
    rows_rejected  BIGINT NOT NULL,
    status         VARCHAR NOT NULL,   -- loaded | loaded_with_rejects | rejected
    message        VARCHAR,
    is_demo        BOOLEAN NOT NULL DEFAULT FALSE,
    loaded_at      TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS rejected_row (
    load_id    BIGINT NOT NULL,
    file_name  VARCHAR NOT NULL,
    line       BIGINT,
    reason     VARCHAR NOT NULL,
    raw        VARCHAR,            -- the first 2 000 characters of the row's raw text
    raw_length BIGINT              -- length of the whole raw text in characters
);
-- warehouses built before raw_length existed (#15) get the column; their rows keep NULL there
ALTER TABLE rejected_row ADD COLUMN IF NOT EXISTS raw_length BIGINT;

CREATE TABLE IF NOT EXISTS action_field (
    action_field_id  VARCHAR,
    name             VARCHAR NOT NULL,
    zielbild         VARCHAR NOT NULL,
    sort_order       INTEGER NOT NULL,
    load_id          BIGINT
);

CREATE TABLE IF NOT EXISTS measure (
    measure_id        VARCHAR,
    title             VARCHAR NOT NULL,
    description       VARCHAR,
    status            VARCHAR NOT NULL,
    responsible_unit  VARCHAR NOT NULL,
    budget_eur        DOUBLE,
    staff_fte         DOUBLE,
    start_date        DATE,
    end_date          DATE,
    milestones        VARCHAR,
    in_backlog        BOOLEAN NOT NULL,
    is_example        BOOLEAN NOT NULL,
    load_id           BIGINT
);

CREATE TABLE IF NOT EXISTS measure_action_field (
    measure_id       VARCHAR NOT NULL,
    action_field_id  VARCHAR NOT NULL,
    load_id          BIGINT
);

CREATE TABLE IF NOT EXISTS indicator (
    indicator_id      VARCHAR,
    measure_id        VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,
    definition        VARCHAR,
    unit              VARCHAR NOT NULL,
    ioo_level         VARCHAR NOT NULL,
    direction         VARCHAR NOT NULL,
    baseline_value    DOUBLE,
    baseline_date     DATE,
    target_value      DOUBLE,
    target_date       DATE,
    update_interval   VARCHAR NOT NULL,
    source            VARCHAR,
    responsible_unit  VARCHAR,
    is_public         BOOLEAN NOT NULL,
    caveats           VARCHAR,
    is_example        BOOLEAN NOT NULL,
    load_id           BIGINT,
    progress_basis    VARCHAR
);
-- warehouses built before the column: added in place (the catalogue's next load fills it)
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS progress_basis VARCHAR;
-- optional English texts of the catalogue (`Name (en)`, …): NULL = show the German one; added in place to warehouses
-- built before them
ALTER TABLE action_field ADD COLUMN IF NOT EXISTS name_en VARCHAR;
ALTER TABLE action_field ADD COLUMN IF NOT EXISTS zielbild_en VARCHAR;
ALTER TABLE measure ADD COLUMN IF NOT EXISTS title_en VARCHAR;
ALTER TABLE measure ADD COLUMN IF NOT EXISTS description_en VARCHAR;
ALTER TABLE measure ADD COLUMN IF NOT EXISTS milestones_en VARCHAR;
-- the day a measure was last re-examined ("Zuletzt geprüft"; the Maßnahmenspeicher's measures are re-examined at each
-- Wirkungsmessung): added in place to warehouses built before it
ALTER TABLE measure ADD COLUMN IF NOT EXISTS last_reviewed DATE;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS name_en VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS definition_en VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS source_en VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS caveats_en VARCHAR;

CREATE TABLE IF NOT EXISTS indicator_value (
    indicator_id  VARCHAR NOT NULL,
    period_start  DATE NOT NULL,
    value         DOUBLE,
    is_example    BOOLEAN NOT NULL,
    load_id       BIGINT
);

-- Evaluation plans (catalogue sheet "Evaluationspläne"), one row per published version and frozen: write mode
-- "frozen" never changes or deletes a stored version; a row that comes again under a stored (plan_id, version) with
-- other content (content_hash: sha256 of its fields) is rejected. A changed plan is a new version with its reason.
CREATE TABLE IF NOT EXISTS evaluation_plan (
    plan_id              VARCHAR NOT NULL,
    version              INTEGER NOT NULL,
    measure_id           VARCHAR NOT NULL,
    indicator_id         VARCHAR NOT NULL,
    station_id           VARCHAR,            -- NULL: the indicator's own series
    cutoff_date          DATE NOT NULL,      -- Stichtag
    window_days          INTEGER NOT NULL,   -- days before and after the Stichtag
    method               VARCHAR NOT NULL,   -- simple | adjusted | its | did
    controls             VARCHAR,            -- did: control stations, comma-separated
    expected_direction   VARCHAR NOT NULL,   -- increase | decrease | none (a placebo)
    expected_effect_pct  DOUBLE NOT NULL,    -- the expected change in %, signed
    decided_by           VARCHAR NOT NULL,
    decided_on           DATE NOT NULL,
    published_on         DATE NOT NULL,      -- after cutoff_date: "nachträglich"
    change_reason        VARCHAR,            -- required from version 2 on
    change_reason_en     VARCHAR,
    content_hash         VARCHAR NOT NULL,
    is_example           BOOLEAN NOT NULL,
    load_id              BIGINT
);

CREATE TABLE IF NOT EXISTS station (
    station_id  VARCHAR,
    kind        VARCHAR NOT NULL,
    name        VARCHAR,
    lat         DOUBLE,
    lon         DOUBLE,
    source      VARCHAR NOT NULL,
    is_demo     BOOLEAN NOT NULL DEFAULT FALSE,
    load_id     BIGINT
);

CREATE TABLE IF NOT EXISTS observation (
    station_id  VARCHAR NOT NULL,
    ts          TIMESTAMP NOT NULL,
    metric      VARCHAR NOT NULL,
    value       DOUBLE,
    load_id     BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS observation_detail (
    station_id  VARCHAR NOT NULL,
    ts          TIMESTAMP NOT NULL,
    metric      VARCHAR NOT NULL,
    component   VARCHAR NOT NULL,
    value       DOUBLE,
    load_id     BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS charging_station (
    station_id         VARCHAR NOT NULL,
    release_date       DATE,
    operator           VARCHAR,
    address            VARCHAR,
    postcode           VARCHAR,
    city               VARCHAR,
    commissioned_on    DATE,
    power_kw           DOUBLE,
    charge_points      INTEGER,
    charger_type       VARCHAR,
    load_id            BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS service_request (
    request_id    VARCHAR NOT NULL,
    category      VARCHAR,
    service_code  VARCHAR,
    requested_at  TIMESTAMP,
    updated_at    TIMESTAMP,
    closed_at     TIMESTAMP,
    status        VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    load_id       BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS survey_result (
    survey_id    VARCHAR NOT NULL,
    wave         VARCHAR NOT NULL,
    survey_date  DATE,
    question_id  VARCHAR NOT NULL,
    answer       VARCHAR NOT NULL,
    n            BIGINT,
    load_id      BIGINT NOT NULL,
    survey_title VARCHAR
);
-- warehouses built before the column: added in place (the survey's next load fills it)
ALTER TABLE survey_result ADD COLUMN IF NOT EXISTS survey_title VARCHAR;

CREATE TABLE IF NOT EXISTS survey_response (
    survey_id    VARCHAR NOT NULL,
    wave         VARCHAR NOT NULL,
    response_id  VARCHAR NOT NULL,
    submitted_at TIMESTAMP,
    question_id  VARCHAR NOT NULL,
    answer       VARCHAR,
    load_id      BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS district (
    district_id  VARCHAR NOT NULL,
    name         VARCHAR,
    geojson      VARCHAR NOT NULL,
    load_id      BIGINT NOT NULL
);

-- Pre-aggregated observations (etl/aggregates.py), recomputed by the loader in the same transaction as the rows:
-- period_start is the UTC start of the hour / day / month; n counts non-NULL values.
CREATE TABLE IF NOT EXISTS observation_hourly (
    station_id    VARCHAR NOT NULL,
    period_start  TIMESTAMP NOT NULL,
    metric        VARCHAR NOT NULL,
    n             BIGINT NOT NULL,
    sum           DOUBLE,
    min           DOUBLE,
    max           DOUBLE,
    mean          DOUBLE
);

CREATE TABLE IF NOT EXISTS observation_daily (
    station_id    VARCHAR NOT NULL,
    period_start  TIMESTAMP NOT NULL,
    metric        VARCHAR NOT NULL,
    n             BIGINT NOT NULL,
    sum           DOUBLE,
    min           DOUBLE,
    max           DOUBLE,
    mean          DOUBLE
);

CREATE TABLE IF NOT EXISTS observation_monthly (
    station_id    VARCHAR NOT NULL,
    period_start  TIMESTAMP NOT NULL,
    metric        VARCHAR NOT NULL,
    n             BIGINT NOT NULL,
    sum           DOUBLE,
    min           DOUBLE,
    max           DOUBLE,
    mean          DOUBLE
);

-- `etl sync` (etl/sync/): one row per source of sources.toml. high_water = the end (UTC) of the last window whose data
-- loaded completely; the next pull asks from high_water minus the source's overlap. A failed pull writes only
-- last_attempt and last_error (the mark stays). Read by `etl check` for its "sync failed" rule.
CREATE TABLE IF NOT EXISTS sync_state (
    source        VARCHAR PRIMARY KEY,
    high_water    TIMESTAMP,
    last_attempt  TIMESTAMP NOT NULL,
    last_success  TIMESTAMP,
    last_error    VARCHAR,
    rows_loaded   BIGINT NOT NULL DEFAULT 0
);

-- Alerts of `python -m etl check` (package alerts/): one row per episode of a rule finding something about a subject,
-- from the first check that saw it to the first that no longer did. Internal: not in the public snapshot.
CREATE TABLE IF NOT EXISTS alert (
    alert_id     BIGINT NOT NULL,     -- increasing number
    rule         VARCHAR NOT NULL,    -- station_silent | indicator_stale | cleanup_48h | pm10_exceedance | load_failed | sync_failed
    subject      VARCHAR NOT NULL,    -- what it is about within the rule: station_id, indicator_id, file name, source, …
    message      VARCHAR NOT NULL,    -- German sentence of the latest check that saw it
    first_seen   TIMESTAMP NOT NULL,  -- `now` of the first check that saw it (UTC)
    last_seen    TIMESTAMP NOT NULL,  -- `now` of the latest check that saw it
    resolved_at  TIMESTAMP            -- `now` of the first check that no longer saw it; NULL while the alert stands
);

-- One row per alert, event (start | end) and channel (smtp | webhook): sent once; a failed send is tried again at the
-- next check, what was sent is never sent again.
CREATE TABLE IF NOT EXISTS alert_notification (
    alert_id      BIGINT NOT NULL,
    event         VARCHAR NOT NULL,   -- start | end
    channel       VARCHAR NOT NULL,   -- smtp | webhook
    attempts      BIGINT NOT NULL,    -- sends tried
    last_attempt  TIMESTAMP,          -- `now` of the latest try
    sent_at       TIMESTAMP,          -- `now` of the check that sent it; NULL: not yet delivered
    last_error    VARCHAR             -- why the latest try failed (NULL once sent)
);
