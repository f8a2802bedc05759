"""The HTML report's day-by-day table: a few columns a phone can hold, the rest per day on demand.

Each day is one row (day, time monitored, head forward, alerts, breaks, stretches completed) and
under it a `<details>` with every other figure; a day not monitored says so in one cell. On a
narrow screen the `opt` columns step aside (their figures are in the details too).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date

from posture.core.monitor.alert_table import ALERT_TABLE
from posture.core.reports.days import Day
from posture.core.reports.diary import DiaryDay
from posture.core.reports.sharp import sharp_of
from posture.core.reports.views import share
from posture.core.words import duration_text

HEAD: tuple[tuple[str, str], ...] = (
    ("day", ""),
    ("monitored", ""),
    ("forward", ""),
    ("alerts", ""),
    ("breaks", "opt"),
    ("stretches", ""),
)
"""The columns: (heading, class); `opt` columns are hidden on a phone."""


def table(days: list[Day], diary: Mapping[date, DiaryDay] | None = None) -> str:
    """Every day of the span: a row of the main figures and its details (with the neck diary's
    note of the day, where there is one)."""
    header = "".join(f'<th class="{c}">{html.escape(h)}</th>' for h, c in HEAD)
    notes = diary or {}
    rows = [_row(d, notes[d.day].text() if d.day in notes else None) for d in days]
    return f'<table class="days"><tr>{header}</tr>{"".join(rows)}</table>'


def _day(d: Day) -> str:
    """The day's cell: 'Sat 14 Nov' (on a phone 'Sat 14', on one line)."""
    return f'<td class="day">{d.day:%a %d}<span class="opt"> {d.day:%b}</span></td>'


def _row(d: Day, noted: str | None) -> str:
    if d.empty:
        said = "not monitored" + (f"; neck noted: {html.escape(noted)}" if noted else "")
        none = f"<td class='none' colspan={len(HEAD) - 1}>{said}</td>"
        return f"<tr>{_day(d)}{none}</tr>"
    cells = (
        duration_text(d.monitored_s),
        share(d.forward_share),
        str(sum(c.raised for c in d.alerts.values())),
        str(d.breaks),
        f"{d.stretches['completed']} of {d.stretches['suggested']}",
    )
    row = _day(d) + "".join(
        f'<td class="{c}">{html.escape(v)}</td>' for v, (_, c) in zip(cells, HEAD[1:], strict=True)
    )
    more = f'<tr class="more"><td colspan={len(HEAD)}>{_details(d, noted)}</td></tr>'
    return f"<tr>{row}</tr>{more}"


def _details(d: Day, noted: str | None) -> str:
    """Every other figure of the day, shown when asked for."""
    st = d.stretches
    pairs = [
        ("median angle", "-" if d.median_deg is None else f"{d.median_deg:.0f}°"),
        ("longest forward", duration_text(d.longest_forward_s)),
        ("longest still", duration_text(d.longest_still_s)),
        ("longest sitting", duration_text(d.longest_sitting_s)),
        ("breaks", str(d.breaks)),
    ]
    for spec in ALERT_TABLE:
        c = d.alerts[spec.kind.value]
        pairs.append(
            (f"{spec.label} alerts", f"{c.raised}: {c.acted_on} acted on, {c.ignored} ignored")
        )
    pairs.append(
        (
            "stretches",
            f"{st['suggested']} offered: {st['completed']} completed, {st['partial']} partial, "
            f"{st['skipped']} skipped, {st['ignored']} ignored",
        )
    )
    sharp = sharp_of([d])
    fastest = f", fastest {sharp.fastest_deg_s:.0f}°/s" if sharp.fastest_deg_s else ""
    pairs.append(("sharp movements", f"{sharp.count}{fastest}"))
    if noted:
        pairs.append(("neck noted", noted))
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in pairs)
    return f"<details><summary>details of {d.day:%a %d %b}</summary><dl>{items}</dl></details>"
