"""Wiring for `posture history`: the history exported as CSV or JSON, and deleted on request."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, TextIO

from posture.adapters.store.admin import TABLES, Counts
from posture.adapters.store.store import Store
from posture.adapters.system.files import check_target
from posture.core.errors import UsageError
from posture.core.reports.days import day_bounds

FORMATS = ("csv", "json")
CSV_COLUMNS = ["table", "time_utc", *dict.fromkeys(c for cols in TABLES.values() for c in cols)]
"""One CSV for every table: which table a row is from, its time in words, then every column."""


def _time(row: dict[str, Any], table: str) -> str:
    t = row["started"] if table == "sessions" else row["t"]
    return datetime.fromtimestamp(float(t), UTC).isoformat(timespec="seconds")


def _records(store: Store, start: float, end: float) -> Iterator[tuple[str, dict[str, Any]]]:
    for table, columns in TABLES.items():
        for row in store.rows(table, start, end):
            record = dict(zip(columns, row, strict=True))
            yield table, {"time_utc": _time(record, table), **record}


def export(db: Path, span: tuple[float, float], fmt: str, out: TextIO) -> dict[str, int]:
    """Write the history's rows in [start, end) to `out`; how many of each table."""
    counts = dict.fromkeys(TABLES, 0)
    with Store(db, time.monotonic, read_only=True) as store:
        if fmt == "csv":
            writer = csv.DictWriter(out, CSV_COLUMNS, restval="")
            writer.writeheader()
            for table, record in _records(store, *span):
                writer.writerow({"table": table, **record})
                counts[table] += 1
            return counts
        out.write('{"type": "posture-history", "schema": 1')
        current = None
        for table, record in _records(store, *span):
            if table != current:
                out.write("]" if current else "")
                out.write(f', "{table}": [\n')
                current = table
            else:
                out.write(",\n")
            out.write(json.dumps(record))
            counts[table] += 1
        out.write("]" if current else "")
        for table in TABLES:  # every table is there, if only empty
            if not counts[table] and table != current:
                out.write(f', "{table}": []')
        out.write("}\n")
    return counts


def export_to_file(db: Path, span: tuple[float, float], fmt: str, path: Path) -> dict[str, int]:
    """Export into a new private file (0600), written whole or not at all."""
    check_target(path, "export", UsageError)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".posture-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            counts = export(db, span, fmt, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        raise UsageError(f"cannot write the export {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    return counts


def span_of(first: date | None, last: date | None, zone: tzinfo) -> tuple[float, float]:
    """UTC bounds of the local days first..last (open ends: everything)."""
    start = day_bounds(first, zone)[0] if first else float("-inf")
    end = day_bounds(last, zone)[1] if last else float("inf")
    return start, end


def counts_before(db: Path, day: date, zone: tzinfo) -> Counts:
    with Store(db, time.monotonic, create=False) as store:
        return store.counts(day_bounds(day, zone)[0], day)


def delete_before(db: Path, day: date, zone: tzinfo) -> Counts:
    with Store(db, time.monotonic, create=False) as store:
        return store.delete_before(day_bounds(day, zone)[0], day)


def files_of(db: Path) -> list[Path]:
    """The history file and everything beside it that holds its rows: journal, backups."""
    found = [db, *db.parent.glob(f"{db.name}-*"), *db.parent.glob(f"{db.name}.v*.bak")]
    return [p for p in found if p.is_file()]


def delete_files(files: list[Path]) -> None:
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot delete {path}: {exc.strerror or exc}") from None
