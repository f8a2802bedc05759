"""A report as `report` and `demo` show it: terminal text, JSON, CSV and a self-contained HTML."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import webbrowser
from dataclasses import replace
from datetime import date, tzinfo
from pathlib import Path

from posture.adapters.system.files import write_output
from posture.adapters.system.localzone import local_zone
from posture.app import report as app_report
from posture.core import settings
from posture.core.errors import UsageError
from posture.core.monitor.alert_table import spec
from posture.core.reports import views as report_views
from posture.core.reports.answers import AlertCount
from posture.core.reports.days import Day
from posture.core.reports.diary import DiaryDay
from posture.core.reports.diary_compare import compare
from posture.core.reports.sharp import sharp_of
from posture.core.reports.span import Span
from posture.core.reports.views import share
from posture.core.words import duration_text

BARS = " ▁▂▃▄▅▆▇█"
TIMELINE_DAYS = 7
"""A week's HTML report draws each day's timeline; a longer one draws only the last day's (its
by-day and by-week charts tell the longer story, and reading a week of samples for a year's
report would cost more than the year's rollups)."""


# --- terminal --------------------------------------------------------------------------------


def _hours_line(d: Day) -> str:
    cells = []
    for h in d.hours:
        if h.good_share is None or h.present_s < 60:
            continue
        cells.append(f"{h.hour:02d}{BARS[round(h.good_share * (len(BARS) - 1))]}")
    return " ".join(cells) or "(no hour had a minute of you in view)"


def _answers(c: AlertCount) -> str:
    """How an alert kind's alerts were answered (snoozed and skipped named only when some were)."""
    parts = [f"{c.acted_on} acted on"]
    parts += [f"{n} {word}" for n, word in ((c.snoozed, "snoozed"), (c.skipped, "skipped")) if n]
    return ", ".join([*parts, f"{c.ignored} ignored"])


def diary_lines(span: Span) -> list[str]:
    """The neck diary's lines of a report: the note (one day) or the comparison, the advice."""
    lines = []
    if len(span.days) == 1:
        note = span.diary.get(span.days[0].day)
        noted = note.text() if note else "nothing noted (`posture diary 3 stiff` notes it)"
        lines.append(f"  neck diary: {noted}")
    else:
        found = compare(span.days, span.diary)
        if found is not None:
            lines.append(f"  neck diary: {found.words()}")
    if span.advice is not None:
        lines.append(f"  please note: {span.advice.text()}")
    return lines


def day_text(d: Day, zone: tzinfo, still_alert_s: float) -> str:
    head = f"posture report for {d.day:%A %d %B %Y} ({zone})"
    if d.empty:
        return f"{head}\n  nothing was monitored on this day"
    answered = [f"{spec(k).label} {c.raised} ({_answers(c)})" for k, c in d.alerts.items()]
    alerts = f"\n{' ' * len('  alerts: ')}".join(answered) or "none"  # a kind a line
    st = d.stretches
    lines = [
        head,
        f"  monitored {duration_text(d.monitored_s)}, you were there {duration_text(d.present_s)}",
        f"  posture: good {share(d.good_share)}, head forward {share(d.forward_share)} "
        f"(median {d.median_deg or 0:.0f} deg, 90th percentile {d.p90_deg or 0:.0f} deg)",
        f"  longest forward head: {duration_text(d.longest_forward_s)}"
        + (f", from {d.longest_forward_from:%H:%M}" if d.longest_forward_from else ""),
        f"  neck: longest still {duration_text(d.longest_still_s)}; "
        f"{d.still_periods_over} still periods reached the {duration_text(still_alert_s)} alert",
        f"  sitting: longest without a break {duration_text(d.longest_sitting_s)}; "
        f"{d.breaks} breaks",
        f"  alerts: {alerts}",
        f"  stretches: {st['suggested']} suggested: {st['completed']} completed, "
        f"{st['partial']} partial, {st['skipped']} skipped, {st['ignored']} ignored",
        f"  good posture by hour: {_hours_line(d)}",
        f"  sharp head movements: {sharp_of([d]).words(' deg/s')}",
    ]
    if d.worst_hour is not None:
        worst = d.hours[d.worst_hour]
        lines.append(
            f"  worst hour: {d.worst_hour:02d}:00-{d.worst_hour + 1:02d}:00, head forward "
            f"{share(worst.forward_share)} of the time"
        )
    return "\n".join(lines)


def span_text(span: Span, zone: tzinfo) -> str:
    first, last = span.days[0].day, span.days[-1].day
    lines = [f"posture report, {first:%a %d %b} to {last:%a %d %b %Y} ({zone})"]
    for d in span.days:
        if d.empty:
            lines.append(f"  {d.day:%a %d %b}  not monitored{_neck(span, d.day)}")
            continue
        alerts = sum(c.raised for c in d.alerts.values())
        done = d.stretches["completed"] + d.stretches["partial"]
        lines.append(
            f"  {d.day:%a %d %b}  {duration_text(d.monitored_s):>11}  forward "
            f"{share(d.forward_share):>4}  alerts {alerts:2d}  breaks {d.breaks:2d}  "
            f"stretches {done:2d}{_neck(span, d.day)}"
        )
    now, before = span.totals(), span.previous
    count = int(now["days_monitored"] or 0)
    monitored = "1 day," if count == 1 else f"{count} days,"
    lines.append(
        f"  in all: {duration_text(now['monitored_s'] or 0)} on {monitored} "
        f"head forward {share(now['forward_share'])} "
        f"(the {len(span.days)} days before: {share(before['forward_share'])})"
    )
    sharp = sharp_of(span.days)
    if sharp.count:
        lines.append(f"  sharp head movements: {sharp.words(' deg/s')}")
    trend = span.trend()
    if trend is not None:
        way = "falling" if trend < 0 else "rising"
        lines.append(f"  trend: head forward {way} {abs(trend) * 100:.1f} points a day")
    return "\n".join(lines)


def _neck(span: Span, day: date) -> str:
    note = span.diary.get(day)
    return f"  neck {note.text()}" if note else ""


def data_label(span: Span) -> str | None:
    """What every report of made-up or replayed data says first (None for a real history)."""
    if span.simulated:
        return "SIMULATED data (made up by `posture demo`), not anyone's real posture"
    if span.replayed:
        return "REPLAYED data (from recordings given with --source), not a live webcam"
    return None


def data_kind(span: Span) -> str:
    """The CSV's `data` column: real, simulated or replayed."""
    return "simulated" if span.simulated else "replayed" if span.replayed else "real"


# --- files -----------------------------------------------------------------------------------


def document(span: Span, zone: tzinfo) -> dict[str, object]:
    """The JSON report (schema in docs/report-json.md)."""
    return {
        "type": "report",
        "schema": 1,
        "zone": str(zone),
        "from": span.days[0].day.isoformat(),
        "to": span.days[-1].day.isoformat(),
        "simulated": span.simulated,
        "replayed": span.replayed,
        "days": [report_views.day_dict(d, span.diary.get(d.day)) for d in span.days],
        "totals": span.totals(),
        "previous_totals": span.previous,
        "forward_share_trend_per_day": span.trend(),
        "diary": _diary_record(span),
    }


def _diary_record(span: Span) -> dict[str, object]:
    """The JSON report's `diary`: the comparison (null when nothing was noted) and the advice."""
    found = compare(span.days, span.diary)
    advice = span.advice
    return {
        "comparison": None if found is None else found.record(),
        "doctor_advice": None
        if advice is None
        else {"day": advice.day.isoformat(), "reason": advice.reason.value, "text": advice.text()},
    }


CSV_FIELDS = [
    "data",
    "date",
    "hour",
    "monitored_s",
    "present_s",
    "good_share",
    "forward_share",
    "median_deg",
    "p90_deg",
    "longest_forward_s",
    "longest_still_s",
    "still_periods_over_threshold",
    "breaks",
    "alerts_raised",
    "alerts_acted_on",
    "alerts_ignored",
    "stretches_suggested",
    "stretches_completed",
    "stretches_partial",
    "stretches_skipped",
    "stretches_ignored",
    "sharp_turns",
    "sharp_nods",
    "sharp_fastest_deg_s",
    "neck_level",
    "neck_words",
]


def write_csv(span: Span, path: Path) -> None:
    """The per-day and per-hour figures as a private CSV file."""
    write_output(
        path, csv_text(span), "CSV report", UsageError, (",".join(CSV_FIELDS[:4]).encode(),)
    )


def csv_text(span: Span) -> str:
    kind = data_kind(span)
    with io.StringIO(newline="") as out:
        writer = csv.DictWriter(out, CSV_FIELDS, restval="")
        writer.writeheader()
        for d in span.days:
            row = report_views.day_dict(d)
            alerts = row["alerts"]
            assert isinstance(alerts, dict)
            writer.writerow(
                {
                    "data": kind,
                    "date": row["date"],
                    "hour": "all",
                    **{k: row[k] for k in CSV_FIELDS[3:12]},
                    "alerts_raised": sum(a["raised"] for a in alerts.values()),
                    "alerts_acted_on": sum(a["acted_on"] for a in alerts.values()),
                    "alerts_ignored": sum(a["ignored"] for a in alerts.values()),
                    **{f"stretches_{k}": v for k, v in d.stretches.items()},
                    **{f"sharp_{k}": v for k, v in sharp_of([d]).record().items()},
                    **_neck_cells(span.diary.get(d.day)),
                }
            )
            for h in report_views.day_dict(d)["hours"]:  # type: ignore[attr-defined]
                if h["present_s"]:
                    writer.writerow(
                        {
                            "data": kind,
                            "date": row["date"],
                            "hour": h["hour"],
                            "present_s": h["present_s"],
                            "good_share": h["good_share"],
                            "forward_share": h["forward_share"],
                            "median_deg": h["median_deg"],
                        }
                    )
        return out.getvalue()


def _neck_cells(note: DiaryDay | None) -> dict[str, object]:
    return {} if note is None else {"neck_level": note.level, "neck_words": " ".join(note.words)}


def show(args: argparse.Namespace, db: Path, first: date, last: date, simulated: bool) -> None:
    """The days first..last of `db` as the arguments ask: text or JSON, and CSV and HTML files."""
    zone = local_zone(args.tz)
    sample_days = TIMELINE_DAYS if args.html and (last - first).days < TIMELINE_DAYS else 1
    span, history = app_report.load_span(db, first, last, zone, sample_days)
    threshold = settings.Settings().forward_threshold_deg
    span = replace(span, simulated=span.simulated or simulated)
    if getattr(args, "json", False):
        print(json.dumps(document(span, zone), indent=1))
    else:
        label = data_label(span)
        if label:
            print(label)
        if len(span.days) == 1:
            print(day_text(span.days[0], zone, history.still_alert_s))
        else:
            print(span_text(span, zone))
        for line in diary_lines(span):
            print(line)
    if getattr(args, "csv", None):
        write_csv(span, args.csv)
    if args.html:
        from posture.adapters.report import html as report_html  # loaded only when a page is wanted

        page = report_html.render(span, history, zone, threshold)
        write_output(args.html, page, "HTML report", UsageError, report_html.MARKS)
        if not getattr(args, "json", False):
            print(f"HTML report: {args.html}")
        if getattr(args, "open", False) and not webbrowser.open(args.html.resolve().as_uri()):
            print(
                f"posture: no browser could be started here: open {args.html} yourself",
                file=sys.stderr,
            )
