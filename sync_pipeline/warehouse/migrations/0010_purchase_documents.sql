-- Inventory API 2.4: our drafts and quote requests as the platform shows them, what we did to them,
-- and who discarded a dead letter. Portable SQL only: no keys, sequences or defaults (ids come from Python).

-- One row per document we posted or are about to post (written before the POST, so a process that dies
-- between the POST and the record still knows the key to look it up by).
CREATE TABLE purchase_documents (
    idempotency_key      VARCHAR NOT NULL,   -- from the document's identity, never from the day
    identity             VARCHAR NOT NULL,   -- hash of kind, warehouse, vendor(s), projects, requirement writes covered
    recommendation_id    VARCHAR NOT NULL,
    kind                 VARCHAR NOT NULL,   -- draft | quote_request
    warehouse_code       VARCHAR NOT NULL,
    vendor_id            VARCHAR,            -- a draft's vendor; null for a quote request
    platform_id          VARCHAR,            -- null until the platform's answer or a read-back names it
    status               VARCHAR NOT NULL,   -- pending | open | issued | answered | cancelled | missing | abandoned
    issued_po_number     VARCHAR,
    buyer_changed        BOOLEAN NOT NULL,   -- a buyer changed its quantities on the platform
    notes                VARCHAR,            -- as sent (why it was posted, what it replaces)
    status_reason        VARCHAR,            -- why it has this status, in words
    platform_updated_at  VARCHAR,            -- the platform's updated_at when last read
    posted_at            TIMESTAMPTZ NOT NULL,
    checked_at           TIMESTAMPTZ NOT NULL
);

-- The lines of each document per SKU: what we asked for and what the platform shows now.
CREATE TABLE purchase_document_lines (
    idempotency_key  VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    warehouse_code   VARCHAR NOT NULL,
    vendor_id        VARCHAR,
    sku              VARCHAR NOT NULL,
    posted_quantity  DOUBLE NOT NULL,
    quantity         DOUBLE NOT NULL,    -- as it stands on the platform (0 when a buyer removed the line)
    uom              VARCHAR NOT NULL,
    unit_price       DECIMAL(18, 4),     -- drafts only
    checked_at       TIMESTAMPTZ NOT NULL
);

-- What reconciliation saw or did, with the reason: cancelled, cancel refused, status changed, adopted,
-- abandoned, missing, left alone (a document we did not create, an unlisted status).
CREATE TABLE purchase_document_actions (
    action_id        VARCHAR NOT NULL,   -- uuid4
    acted_at         TIMESTAMPTZ NOT NULL,
    run_id           VARCHAR,
    idempotency_key  VARCHAR,
    platform_id      VARCHAR,
    kind             VARCHAR NOT NULL,
    action           VARCHAR NOT NULL,
    detail           VARCHAR NOT NULL
);

ALTER TABLE dead_letters ADD COLUMN discarded_by VARCHAR;
ALTER TABLE dead_letters ADD COLUMN discard_reason VARCHAR;
ALTER TABLE dead_letters ADD COLUMN discarded_at TIMESTAMPTZ;
