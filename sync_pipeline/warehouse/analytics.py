"""What an analyst needs to open the warehouse read-only from their own DuckDB.

The attached lake reads the catalog and the Parquet files as they are committed: a connection
held for hours never blocks a writer, and each query sees the latest committed snapshot.
"""

from __future__ import annotations

import duckdb

from sync_pipeline.warehouse.store import Warehouse, extension_file, without_password

ANALYST_ALIAS = "sync"


def install_extensions(location_is_postgres: bool) -> None:
    """Copy the shipped extensions into DuckDB's extension directory, so ATTACH loads them without a download."""
    with duckdb.connect() as con:
        for name in ("ducklake", "postgres_scanner" if location_is_postgres else "sqlite_scanner"):
            con.execute(f"INSTALL '{extension_file(name)}'")


def attach_sql(store: Warehouse) -> str:
    """One DuckDB statement attaching every warehouse table read-only as `sync`.

    A catalog URL is printed without its password: libpq takes it from PGPASSWORD or ~/.pgpass,
    ideally those of a read-only database role.
    """
    location = store.location
    target = location.attach_target()
    if location.is_postgres:
        target = target.replace(location.catalog, without_password(location.catalog, mask=""))
    return f"ATTACH '{target}' AS {ANALYST_ALIAS} (READ_ONLY);"

