-- What an estimator wrote about where or how (drawing references, floor and area tags, scope notes),
-- cut out of the description before matching and kept verbatim (see sync_pipeline/core/annotations.py).
ALTER TABLE match_results ADD COLUMN annotations VARCHAR;
