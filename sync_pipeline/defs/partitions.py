"""One dynamic partition per takeoff; the revision to process travels as a run tag."""

from __future__ import annotations

import dagster as dg

takeoff_partitions = dg.DynamicPartitionsDefinition(name="takeoffs")

# Set by whoever launches a run for a specific revision (the sync command, later the sensor);
# without it a run processes the takeoff's latest revision.
REVISION_TAG = "sync_pipeline/revision"
