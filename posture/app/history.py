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

from posture.adapters.store import family
from posture.adapters.store.admin import TABLES, Counts
from posture.adapters.store.store import Store
from posture.adapters.system import control, paths
from posture.adapters.system.files import check_replaceable, remove_stale_temps
from posture.core.errors import UsageError
from posture.core.escape import csv_cell
from posture.core.reports.days import day_bounds

FORMATS = ("csv", "json")
CSV_COLUMNS = ["table", "time_utc", *dict.fromkeys(c for cols in TABLES.values() for c in cols)]
"""One CSV for every table: which table a row is from, its time in words, then every column."""
JSON_START = '{"type": "posture-history"'
"""How a JSON export begins."""
EXPORT_MARKS = (",".join(CSV_COLUMNS[:3]).encode(), JSON_START.encode())
"""How an export file starts (CSV header, JSON), so a new export may replace an old one."""
BUSY_WAIT_S = 30.0
"""A delete waits this long for a running monitor to commit (it does every few seconds)."""
TEMP_PREFIX = ".posture-"
"""An export is written to a hidden temporary file so named beside its target, then renamed."""


def _time(row: dict[str, Any], table: str) -> str | None:
    """A row's time in words; None where no date can say it (before year 1, after 9999)."""
    t = row["started"] if table == "sessions" else row["t"]
    try:
        return datetime.fromtimestamp(float(t), UTC).isoformat(timespec="seconds")
    except (ValueError, OverflowError, OSError, TypeError):
        return None


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
                writer.writerow({k: csv_cell(v) for k, v in {"table": table, **record}.items()})
                counts[table] += 1
            return counts
        out.write(JSON_START + ', "schema": 1')
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
    """Export into a new private file (0600), written whole or not at all; an existing file only
    if it is an export (CSV or JSON)."""
    check_replaceable(path, "history export", UsageError, EXPORT_MARKS)
    remove_stale_temps(path.parent, TEMP_PREFIX)  # partial copies left by killed exports
    temp = None
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=".tmp")
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            counts = export(db, span, fmt, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        raise UsageError(f"cannot write the export {path}: {exc.strerror or exc}") from None
    finally:
        if temp is not None:
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
    """Delete before a local day. While a monitor runs, its session's row stays (its rows
    before the day go) so it goes on writing; the wait for its next commit may be long."""
    running = bool(control.running_pids(paths.state_dir()))
    with Store(db, time.monotonic, create=False, busy_timeout_s=BUSY_WAIT_S) as store:
        return store.delete_before(day_bounds(day, zone)[0], day, keep_open=running)


def refuse_while_running() -> None:
    """Deleting the files under a running monitor would leave it writing into a file that is
    no longer there: refused, saying which monitor to stop."""
    pids = control.running_pids(paths.state_dir())
    if pids:
        raise UsageError(
            f"a monitor is running (pid {pids[-1]}) and writing the history: nothing deleted; "
            "stop it first (quit the tray, or end `posture run`), or delete --before a day"
        )


def files_of(db: Path) -> list[Path]:
    """The history and its own files (journals, migration backups: adapters/store/family.py);
    a file at `db` that is not a posture history is refused, with nothing deleted."""
    if (db.exists() or db.is_symlink()) and not family.is_history(db):
        raise UsageError(
            f"{db} is not a posture history (posture deletes only its own files): nothing deleted"
        )
    return family.own_files(db)


def clear_own(db: Path) -> None:
    """Delete a history posture keeps at a fixed path of its own (the kept demo) and its files,
    whatever a killed run left in it (an empty or half-written file); a link or a folder there
    is not posture's, and is refused with nothing deleted."""
    if db.is_symlink() or (db.exists() and not db.is_file()):
        raise UsageError(f"{db} is not a file posture made: move it aside (nothing deleted)")
    delete_files([*family.journals_of(db), *family.backups_of(db), db])


def delete_files(files: list[Path]) -> None:
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot delete {path}: {exc.strerror or exc}") from None
