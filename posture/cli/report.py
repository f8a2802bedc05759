"""`posture report` and `posture demo`: summaries in the terminal, HTML, JSON and CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
import webbrowser
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from posture.adapters import paths
from posture.adapters.files import write_private
from posture.app import report as app_report
from posture.core import report, settings
from posture.core.alert_table import spec
from posture.core.errors import UsageError
from posture.core.report import Day, Span, share
from posture.core.words import duration_text

BARS = " ▁▂▃▄▅▆▇█"


def add_parsers(commands: Any) -> None:
    rep = commands.add_parser("report", help="daily and weekly summaries of your history")
    rep.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    rep.add_argument("--week", action="store_true", help="the 7 days ending with --date")
    rep.add_argument("--from", dest="start", metavar="DATE", help="first day of a range")
    rep.add_argument("--to", dest="end", metavar="DATE", help="last day of a range")
    _outputs(rep)
    rep.add_argument("--open", action="store_true", help="open the --html file in a browser")
    rep.add_argument("--json", action="store_true", help="one JSON document on stdout")
    rep.add_argument("--csv", type=Path, metavar="FILE", help="per-day and per-hour figures")
    rep.set_defaults(handler=_cmd_report)
    demo = commands.add_parser(
        "demo", help="a simulated workday, monitored and reported: the product without a camera"
    )
    _outputs(demo)
    demo.set_defaults(handler=_cmd_demo)


def _outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, metavar="FILE", help="history database")
    parser.add_argument("--html", type=Path, metavar="FILE", help="write an HTML report")
    parser.add_argument("--tz", metavar="ZONE", help="time zone of the days (default: local)")


def _date(text: str, flag: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} must be a date like 2026-11-21, got '{text}'") from None
    return report.check_day(day, flag)


def _days(args: argparse.Namespace, zone: tzinfo) -> tuple[date, date]:
    if (args.start is None) != (args.end is None):
        raise UsageError("--from and --to go together")
    if args.start is not None:
        if args.date or args.week:
            raise UsageError("use either --from/--to or --date/--week")
        first, last = _date(args.start, "--from"), _date(args.end, "--to")
        if last < first or (last - first).days > 366:
            raise UsageError("--to must be on or after --from, at most a year later")
        return first, last
    last = _date(args.date, "--date") if args.date else datetime.now(zone).date()
    return (last - timedelta(days=6), last) if args.week else (last, last)


# --- terminal --------------------------------------------------------------------------------


def _hours_line(d: Day) -> str:
    cells = []
    for h in d.hours:
        if h.good_share is None or h.present_s < 60:
            continue
        cells.append(f"{h.hour:02d}{BARS[round(h.good_share * (len(BARS) - 1))]}")
    return " ".join(cells)


def day_text(d: Day, zone: tzinfo, still_alert_s: float) -> str:
    head = f"posture report for {d.day:%A %d %B %Y} ({zone})"
    if d.empty:
        return f"{head}\n  nothing was monitored on this day"
    alerts = " | ".join(
        f"{spec(k).label} {c.raised} ({c.acted_on} acted on, {c.ignored} ignored)"
        for k, c in d.alerts.items()
    )
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
        f"{st['partial']} partial, {st['skipped']} skipped",
        f"  good posture by hour: {_hours_line(d)}",
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
            lines.append(f"  {d.day:%a %d %b}  not monitored")
            continue
        alerts = sum(c.raised for c in d.alerts.values())
        done = d.stretches["completed"] + d.stretches["partial"]
        lines.append(
            f"  {d.day:%a %d %b}  {duration_text(d.monitored_s):>11}  forward "
            f"{share(d.forward_share):>4}  alerts {alerts:2d}  breaks {d.breaks:2d}  "
            f"stretches {done:2d}"
        )
    now, before = span.totals(), span.previous
    count = int(now["days_monitored"] or 0)
    monitored = "1 day," if count == 1 else f"{count} days,"
    lines.append(
        f"  in all: {duration_text(now['monitored_s'] or 0)} on {monitored} "
        f"head forward {share(now['forward_share'])} "
        f"(the {len(span.days)} days before: {share(before['forward_share'])})"
    )
    trend = span.trend()
    if trend is not None:
        way = "falling" if trend < 0 else "rising"
        lines.append(f"  trend: head forward {way} {abs(trend) * 100:.1f} points a day")
    return "\n".join(lines)


# --- files -----------------------------------------------------------------------------------


def document(span: Span, zone: tzinfo, simulated: bool) -> dict[str, object]:
    """The JSON report (schema in docs/report-json.md)."""
    return {
        "type": "report",
        "schema": 1,
        "zone": str(zone),
        "from": span.days[0].day.isoformat(),
        "to": span.days[-1].day.isoformat(),
        "simulated": simulated,
        "days": [report.day_dict(d) for d in span.days],
        "totals": span.totals(),
        "previous_totals": span.previous,
        "forward_share_trend_per_day": span.trend(),
    }


CSV_FIELDS = [
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
]


def write_csv(span: Span, path: Path) -> None:
    """The per-day and per-hour figures as a private CSV file."""
    write_private(path, csv_text(span), "CSV report", UsageError)


def csv_text(span: Span) -> str:
    with io.StringIO(newline="") as out:
        writer = csv.DictWriter(out, CSV_FIELDS, restval="")
        writer.writeheader()
        for d in span.days:
            row = report.day_dict(d)
            alerts = row["alerts"]
            assert isinstance(alerts, dict)
            writer.writerow(
                {
                    "date": row["date"],
                    "hour": "all",
                    **{k: row[k] for k in CSV_FIELDS[2:11]},
                    "alerts_raised": sum(a["raised"] for a in alerts.values()),
                    "alerts_acted_on": sum(a["acted_on"] for a in alerts.values()),
                    "alerts_ignored": sum(a["ignored"] for a in alerts.values()),
                    **{f"stretches_{k}": v for k, v in d.stretches.items()},
                }
            )
            for h in report.day_dict(d)["hours"]:  # type: ignore[attr-defined]
                if h["present_s"]:
                    writer.writerow(
                        {
                            "date": row["date"],
                            "hour": h["hour"],
                            "present_s": h["present_s"],
                            "good_share": h["good_share"],
                            "forward_share": h["forward_share"],
                            "median_deg": h["median_deg"],
                        }
                    )
        return out.getvalue()


def _show(args: argparse.Namespace, db: Path, first: date, last: date, simulated: bool) -> None:
    zone = app_report.local_zone(args.tz)
    span, history = app_report.load_span(db, first, last, zone)
    threshold = settings.Settings().forward_threshold_deg
    if getattr(args, "json", False):
        print(json.dumps(document(span, zone, simulated), indent=1))
    elif len(span.days) == 1:
        print(day_text(span.days[0], zone, history.still_alert_s))
    else:
        print(span_text(span, zone))
    if getattr(args, "csv", None):
        write_csv(span, args.csv)
    if args.html:
        from posture.adapters import report_html  # matplotlib loads only when a chart is wanted

        page = report_html.render(span, history, zone, threshold, simulated)
        write_private(args.html, page, "HTML report", UsageError)
        if not getattr(args, "json", False):
            print(f"HTML report: {args.html}")
        if getattr(args, "open", False):
            webbrowser.open(args.html.resolve().as_uri())


def _cmd_report(args: argparse.Namespace) -> int:
    zone = app_report.local_zone(args.tz)
    first, last = _days(args, zone)
    _show(args, args.db or paths.default_db(), first, last, simulated=False)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    zone = app_report.local_zone(args.tz)
    db = args.db or app_report.default_demo_db()
    if db.exists():
        raise UsageError(f"{db} exists; the demo writes a new database (give a new --db path)")
    day = datetime.now(zone).date()
    print(
        f"SIMULATED: playing a made-up workday into {db} (the simulator drives the real "
        "monitor, one reading a second, accelerated)...",
        flush=True,
    )
    app_report.write_demo(db, day, zone)
    _show(args, db, day, day, simulated=True)
    print(f"(simulated data; the history is {db}: try `posture report --db {db} --html r.html`)")
    return 0
