-- What each purchase-order draft or quote request we posted asked for, one row per project and SKU,
-- so rollups count it as supply and a new takeoff is drafted only for what is still missing.
CREATE TABLE purchase_order_lines (
    idempotency_key    VARCHAR NOT NULL,   -- the document (purchase_order_writes.idempotency_key)
    recommendation_id  VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL,   -- draft | quote_request
    project_id         VARCHAR NOT NULL,
    warehouse_code     VARCHAR NOT NULL,
    vendor_id          VARCHAR,            -- the draft's vendor; null for a quote request
    sku                VARCHAR NOT NULL,
    quantity           DOUBLE NOT NULL,    -- order quantity in the stock unit, pack and minimum rounding included
    uom                VARCHAR NOT NULL,
    written_at         TIMESTAMPTZ NOT NULL
    -- one row per (idempotency_key, project_id, sku)
);

-- Our drafts and quote requests for the warehouse and SKU, counted like stock on order.
ALTER TABLE project_rollups ADD COLUMN drafted DOUBLE DEFAULT 0;
