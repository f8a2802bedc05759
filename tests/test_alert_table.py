"""The alert table: each alert's words are written once, and every user of them derives from it."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import BERLIN, Builder, at, make_status

import posture
from posture.adapters.store.flags import ALERT_FLAGS, Flag
from posture.adapters.store.store import Store
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app import report as app_report
from posture.app import stretch as app_stretch
from posture.cli.report_output import day_text
from posture.cli.run import status_text
from posture.core.alerts import alert_for
from posture.core.data import Reading, View
from posture.core.monitor import monitor
from posture.core.monitor.alert_table import ALERT_TABLE, ALERTS, AlertSpec, spec, spec_of
from posture.core.monitor.events import Event, Status
from posture.core.monitor.kinds import EventKind
from posture.core.reports import span as report
from posture.core.stretches.catalogue import Chooser

ROOT = Path(posture.__file__).resolve().parent.parent
TABLE_FILE = Path("posture/core/monitor/alert_table.py")
KINDS_FILE = Path("posture/core/monitor/kinds.py")


def source_lines() -> list[tuple[Path, int, str]]:
    """Every line of the project's code and packaged data (posture/, calibration/)."""
    found = []
    for package in ("posture", "calibration"):
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
                text = path.read_text(encoding="utf-8")
                for number, line in enumerate(text.splitlines(), start=1):
                    found.append((path.relative_to(ROOT), number, line))
    return found


def where(pattern: str) -> list[tuple[Path, int]]:
    """The (file, line) of every line matching a regular expression."""
    return [(path, n) for path, n, line in source_lines() if re.search(pattern, line)]


def quoted(word: str) -> str:
    """A string literal that is exactly `word`, in either quote."""
    return f"[\"']{re.escape(word)}[\"']"


@pytest.mark.parametrize("row", ALERT_TABLE, ids=lambda r: r.kind.name)
def test_each_alert_title_and_label_is_written_once_in_the_table(row: AlertSpec) -> None:
    title = where(rf"\b{re.escape(row.title)}\b")  # distinctive words: anywhere in any line
    assert len(title) == 1 and title[0][0] == TABLE_FILE, title
    for word in {row.title, row.label, row.short}:
        lines = where(quoted(word))
        assert len(lines) == 1 and lines[0][0] == TABLE_FILE, (word, lines)


@pytest.mark.parametrize("row", ALERT_TABLE, ids=lambda r: r.kind.name)
def test_each_stored_alert_kind_is_spelled_once(row: AlertSpec) -> None:
    lines = where(quoted(row.kind.value))
    assert len(lines) == 1 and lines[0][0] == KINDS_FILE, lines


def test_the_table_is_consistent() -> None:
    kinds = [r.kind for r in ALERT_TABLE]
    assert len(set(kinds)) == len(kinds) == 4
    for field in ("short", "title", "word", "cause", "flag"):
        values = [getattr(r, field) for r in ALERT_TABLE]
        assert len(set(values)) == len(values), field
    assert all(r.relief not in ALERTS for r in ALERT_TABLE)
    assert all("{lasted}" in r.what for r in ALERT_TABLE)
    own_bits = [v for k, v in vars(Flag).items() if k.isupper()]
    bits = [*own_bits, *ALERT_FLAGS.values()]
    assert all(b > 0 and b & (b - 1) == 0 for b in bits)  # one bit each
    assert len(set(bits)) == len(bits)  # and none shared


def test_lookups_name_alerts_and_refuse_other_kinds() -> None:
    assert spec(EventKind.STILL_ALERT) is spec("still_neck_alert") is ALERT_TABLE[1]
    assert spec_of(EventKind.BREAK) is None
    with pytest.raises(ValueError, match="not an alert"):
        spec("break")
    with pytest.raises(ValueError):
        spec("no_such_kind")


def test_the_monitor_alerts_are_the_table_in_its_order() -> None:
    assert (
        monitor.ALERTS
        == ALERTS
        == (
            EventKind.FORWARD_ALERT,
            EventKind.STILL_ALERT,
            EventKind.SITTING_ALERT,
            EventKind.SHOULDERS_ALERT,
        )
    )


@pytest.mark.parametrize("row", ALERT_TABLE, ids=lambda r: r.kind.name)
def test_messages_and_stretches_come_from_the_table(row: AlertSpec) -> None:
    alert = alert_for(Event(row.kind, 0.0, duration_s=600.0))
    assert alert is not None and alert.title == row.title
    assert alert.body == f"{row.what.format(lasted='10 min')} {row.suggestion}"
    chosen = Chooser(load_catalogue()).choose(row.kind)
    assert chosen is not None and row.cause in chosen.helps
    assert app_stretch.CAUSES[row.word] is row.kind


def _status(alerting: frozenset[EventKind], next_alert: EventKind | None) -> Status:
    return make_status(
        alerting=alerting, next_alert=None if next_alert is None else (next_alert, 60.0)
    )


def test_the_history_flags_and_counts_every_alert_of_the_table(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    reading = Reading(t=0.0, present=True, view=View.FRONT, head_forward_deg=12, confidence=0.9)
    with Store(db, lambda: 0.0) as store:
        store.start_session(0.0, "test", {})
        for second, row in enumerate(ALERT_TABLE):
            store.add_sample(float(second), reading, _status(frozenset({row.kind}), None))
        events = [Event(r.kind, 10.0 + i) for i, r in enumerate(ALERT_TABLE)]
        store.add_events(lambda t: t, [*events, Event(EventKind.NECK_MOVED, 19.0)])
        store.add_events(lambda t: t, [Event(EventKind.BREAK, 20.0)])
        previous = report.sums(store.days(date(1970, 1, 1), date(1970, 1, 1), BERLIN))
    con = sqlite3.connect(db)
    try:
        flags = [f for (f,) in con.execute("SELECT flags FROM samples ORDER BY t")]
    finally:
        con.close()
    assert flags == [r.flag for r in ALERT_TABLE]
    assert previous["alerts"] == len(ALERT_TABLE) and previous["breaks"] == 1


def test_reports_and_the_status_line_use_the_labels(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    b = Builder(db)
    day = date(2026, 11, 16)
    b.samples(at(day, 9), 3600)
    for i, row in enumerate(ALERT_TABLE):
        b.event(at(day, 9.1 + i / 10), row.kind, 60)
        b.event(at(day, 9.12 + i / 10), row.relief)  # acted on: its cause went away at once
    b.close()
    span, history = app_report.load_span(db, day, day, BERLIN)
    counts = span.days[0].alerts
    assert list(counts) == [r.kind.value for r in ALERT_TABLE]
    assert all((c.raised, c.acted_on) == (1, 1) for c in counts.values())
    text = day_text(span.days[0], BERLIN, history.still_alert_s)
    labels = [f"{r.label} 1 (1 acted on, 0 ignored)" for r in ALERT_TABLE]
    lines = text.splitlines()
    first = lines.index(f"  alerts: {labels[0]}")  # one kind a line, aligned under the first
    assert lines[first : first + len(labels)] == [
        f"{'  alerts: ' if i == 0 else ' ' * 10}{label}" for i, label in enumerate(labels)
    ]
    for row in ALERT_TABLE:
        assert f"next: {row.short} in 60 s" in status_text(_status(frozenset(), row.kind))
