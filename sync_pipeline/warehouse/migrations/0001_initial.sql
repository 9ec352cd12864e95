-- The analyst-facing tables. Column meanings are documented in README.md (Warehouse tables).
-- DuckLake has no key constraints: "one row per (...)" is kept by the writers, which replace rows per partition.

CREATE TABLE raw_takeoffs (
    takeoff_id      VARCHAR NOT NULL,
    revision        INTEGER NOT NULL,
    project_id      VARCHAR NOT NULL,
    warehouse_code  VARCHAR,            -- the project's supplying warehouse when fetched
    status          VARCHAR NOT NULL,
    name            VARCHAR,
    approved_at     TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL,
    payload         JSON NOT NULL,
    payload_sha256  VARCHAR NOT NULL,
    fetched_at      TIMESTAMPTZ NOT NULL
    -- one row per (takeoff_id, revision)
);

CREATE TABLE takeoff_line_items (
    takeoff_id        VARCHAR NOT NULL,
    revision          INTEGER NOT NULL,
    line_id           VARCHAR NOT NULL,
    line_number       INTEGER NOT NULL,
    project_id        VARCHAR NOT NULL,
    area              VARCHAR,
    phase             VARCHAR,
    description       VARCHAR,
    description_key   VARCHAR,
    quantity_raw      VARCHAR,
    quantity          DOUBLE,
    uom_raw           VARCHAR,
    uom_code          VARCHAR,
    part_number       VARCHAR,
    spec_ref          VARCHAR,
    notes             VARCHAR,
    line_status       VARCHAR NOT NULL,   -- ok | quarantined
    quarantine_reason VARCHAR
    -- one row per (takeoff_id, revision, line_id)
);

CREATE TABLE catalog_snapshots (
    snapshot_id       INTEGER NOT NULL,
    taken_at          TIMESTAMPTZ NOT NULL,
    kind              VARCHAR NOT NULL,   -- full | incremental
    products_changed  INTEGER NOT NULL,
    products_total    INTEGER NOT NULL,
    high_water_mark   TIMESTAMPTZ
);

CREATE TABLE catalog_products (
    sku                       VARCHAR NOT NULL,
    description               VARCHAR NOT NULL,
    category                  VARCHAR,
    manufacturer              VARCHAR,
    manufacturer_part_number  VARCHAR,
    upc                       VARCHAR,
    uom                       VARCHAR NOT NULL,
    uom_conversions           STRUCT(uom VARCHAR, factor DOUBLE)[],
    unit_cost                 DECIMAL(18, 4),
    reorder_point             DOUBLE,
    reorder_qty               DOUBLE,
    active                    BOOLEAN NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL,
    snapshot_id               INTEGER NOT NULL
);

-- Every version of every product, so a match can be traced to the catalog it used.
CREATE TABLE catalog_product_history AS SELECT * FROM catalog_products LIMIT 0;

CREATE TABLE uom_codes (
    code         VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    snapshot_id  INTEGER NOT NULL
);

CREATE TABLE stock_levels (
    sku             VARCHAR NOT NULL,
    warehouse_code  VARCHAR NOT NULL,
    on_hand         DOUBLE NOT NULL,
    allocated       DOUBLE NOT NULL,
    on_order        DOUBLE NOT NULL,
    bin             VARCHAR,
    snapshot_id     INTEGER NOT NULL
    -- one row per (sku, warehouse_code)
);

CREATE TABLE vendor_items (
    vendor_id           VARCHAR NOT NULL,
    vendor_name         VARCHAR,
    vendor_active       BOOLEAN,
    quote_email         VARCHAR,
    sku                 VARCHAR NOT NULL,
    vendor_part_number  VARCHAR,
    unit_price          DECIMAL(18, 4) NOT NULL,
    price_breaks        STRUCT(min_quantity DOUBLE, unit_price DECIMAL(18, 4))[],
    pack_quantity       DOUBLE NOT NULL,
    min_order_quantity  DOUBLE NOT NULL,
    lead_time_days      INTEGER,
    preferred           BOOLEAN NOT NULL,
    status              VARCHAR NOT NULL,
    snapshot_id         INTEGER NOT NULL
    -- one row per (vendor_id, sku)
);

CREATE TABLE match_results (
    takeoff_id           VARCHAR NOT NULL,
    revision             INTEGER NOT NULL,
    line_id              VARCHAR NOT NULL,
    project_id           VARCHAR NOT NULL,
    description          VARCHAR,
    description_key      VARCHAR,
    status               VARCHAR NOT NULL,   -- matched | review | unmatched
    sku                  VARCHAR,
    confidence           DOUBLE NOT NULL,
    method               VARCHAR NOT NULL,   -- mapping | part_number | fuzzy | none
    candidates           VARCHAR[] NOT NULL,
    quantity             DOUBLE,
    uom_code             VARCHAR,
    stock_uom            VARCHAR,
    stock_quantity       DOUBLE,
    reason               VARCHAR NOT NULL,
    catalog_snapshot_id  INTEGER NOT NULL,
    matched_at           TIMESTAMPTZ NOT NULL
    -- one row per (takeoff_id, revision, line_id)
);

CREATE TABLE material_requirements (
    takeoff_id       VARCHAR NOT NULL,
    revision         INTEGER NOT NULL,
    project_id       VARCHAR NOT NULL,
    warehouse_code   VARCHAR,
    sku              VARCHAR NOT NULL,
    quantity         DOUBLE NOT NULL,
    uom              VARCHAR NOT NULL,
    source_line_ids  VARCHAR[] NOT NULL,
    requirement_id   VARCHAR,            -- the platform's id for the document written
    idempotency_key  VARCHAR NOT NULL,
    write_status     VARCHAR NOT NULL,   -- created | replayed | stale_revision
    written_at       TIMESTAMPTZ NOT NULL
    -- one row per (takeoff_id, revision, sku)
);

-- One row per requirement document posted (a takeoff revision), including empty ones.
CREATE TABLE requirement_writes (
    takeoff_id       VARCHAR NOT NULL,
    revision         INTEGER NOT NULL,
    project_id       VARCHAR NOT NULL,
    requirement_id   VARCHAR,
    idempotency_key  VARCHAR NOT NULL,
    write_status     VARCHAR NOT NULL,   -- created | replayed | stale_revision
    line_count       INTEGER NOT NULL,
    written_at       TIMESTAMPTZ NOT NULL
    -- one row per (takeoff_id, revision)
);

CREATE TABLE project_rollups (
    project_id         VARCHAR NOT NULL,
    warehouse_code     VARCHAR,
    sku                VARCHAR NOT NULL,
    uom                VARCHAR NOT NULL,
    required_quantity  DOUBLE NOT NULL,
    takeoff_count      INTEGER NOT NULL,
    on_hand            DOUBLE NOT NULL,
    allocated          DOUBLE NOT NULL,
    on_order           DOUBLE NOT NULL,
    available          DOUBLE NOT NULL,   -- on_hand - allocated + on_order
    net_requirement    DOUBLE NOT NULL,   -- max(required - available, 0)
    computed_at        TIMESTAMPTZ NOT NULL
    -- one row per (project_id, sku)
);

CREATE TABLE po_recommendations (
    recommendation_id  VARCHAR NOT NULL,   -- one draft or quote request
    kind               VARCHAR NOT NULL,   -- draft | quote_request | unsourced
    project_id         VARCHAR NOT NULL,
    warehouse_code     VARCHAR,
    vendor_id          VARCHAR,            -- the draft's vendor; null for a quote request
    vendor_ids         VARCHAR[] NOT NULL, -- vendors asked to quote (or the one draft vendor)
    sku                VARCHAR NOT NULL,
    vendor_part_number VARCHAR,
    net_requirement    DOUBLE NOT NULL,
    order_quantity     DOUBLE NOT NULL,
    uom                VARCHAR NOT NULL,
    unit_price         DECIMAL(18, 4),
    line_total         DECIMAL(18, 2),
    needed_by          DATE,
    rule               VARCHAR NOT NULL,   -- why this vendor and quantity
    computed_at        TIMESTAMPTZ NOT NULL
);

-- One row per draft or quote request posted; a changed recommendation is a new document.
CREATE TABLE purchase_order_writes (
    idempotency_key    VARCHAR NOT NULL,
    recommendation_id  VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL,   -- draft | quote_request
    platform_id        VARCHAR NOT NULL,
    line_count         INTEGER NOT NULL,
    write_status       VARCHAR NOT NULL,   -- created | replayed
    written_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE integration_events (
    event_id        BIGINT NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    source_system   VARCHAR NOT NULL,
    target_system   VARCHAR NOT NULL,
    operation       VARCHAR NOT NULL,
    entity          VARCHAR,
    payload_sha256  VARCHAR,
    status          VARCHAR NOT NULL,   -- ok | replayed | transient_error | permanent_error
    http_status     INTEGER,
    attempt         INTEGER NOT NULL,
    error_type      VARCHAR,
    error_detail    VARCHAR,
    run_id          VARCHAR,
    latency_ms      DOUBLE
);

CREATE TABLE manual_mappings (
    mapping_id       BIGINT NOT NULL,
    description_key  VARCHAR NOT NULL,
    description      VARCHAR NOT NULL,   -- an example of the text as an estimator wrote it
    sku              VARCHAR,            -- null for a rejection ("not in the catalog")
    action           VARCHAR NOT NULL,   -- confirm | correct | reject
    decided_by       VARCHAR NOT NULL,
    decided_at       TIMESTAMPTZ NOT NULL,
    superseded_at    TIMESTAMPTZ          -- set when a later decision replaces this one; null = in force
);

CREATE TABLE sync_state (
    name        VARCHAR NOT NULL,
    value       VARCHAR,
    updated_at  TIMESTAMPTZ NOT NULL
);
