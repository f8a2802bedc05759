"""How long `posture report` takes over a generated year, and how big a year's history gets.

Builds a year of history (8 hours a day, a sample a second, alerts, a break, stretches) in a
temporary database through the real schema, rolls its days up as the end of a session does,
then times the reports the CLI makes: one day (read from samples), 30 days and 365 days (read
from rollups, each with the same number of days before it for the comparison), as terminal
text, JSON and HTML. Then the file's size with retention off and on (samples older than the
default `keep_samples_days` dropped, the file compacted). Prints markdown tables and saves them
to benchmarks/results/report_speed.json.

    python -m benchmarks.report_speed [--days 365] [--hours 8]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks._common import compare_and_save
from posture.adapters.store.store import Store
from posture.app import report as app_report
from posture.cli.report_output import TIMELINE_DAYS, document, span_text
from posture.core.settings import Settings

ZONE = ZoneInfo("Europe/Berlin")


DAY_SQL = """
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ? - 1)
INSERT INTO samples
SELECT ? + i, 1, 1, 'front', a, 0.9, CASE WHEN a > 25 THEN 'forward' ELSE 'good' END,
       i % 1500, i, 0
FROM (SELECT i, 12.0 + (abs(random()) % 600) / 100.0 + 18.0 * ((i / 900) % 4 = 1) AS a FROM s)
"""
"""One day's samples, generated inside SQLite (a year of them in Python took many minutes):
a second apart, 12-18 deg with a 15-minute slouch past the threshold each hour."""


def build(db: Path, first: date, days: int, hours: int) -> int:
    """A workday a day from 09:00, a sample a second, slouches, alerts, a break, stretches."""
    with Store(db, time.monotonic) as store:
        store.start_session(0.0, "camera 0", {})
        con = store._db  # bulk insert through the real schema
        for i in range(days):
            start = datetime.combine(first + timedelta(days=i), datetime.min.time(), ZONE)
            t0 = start.timestamp() + 9 * 3600
            con.execute("BEGIN")
            con.execute(DAY_SQL, (hours * 3600, t0))
            con.executemany(
                "INSERT INTO events VALUES (?, 1, ?, 60, NULL, 0, 0, NULL)",
                [(t0 + k * 3600 + 960, "forward_head_alert") for k in range(hours)]
                + [(t0 + k * 3600 + 1200, "forward_head_cleared") for k in range(0, hours, 2)]
                + [(t0 + hours * 1800, "break")],
            )
            con.executemany(
                "INSERT INTO stretches VALUES (?, 1, 'chin-tucks', 'forward_head_alert', ?, "
                "5, 5, 1, 40)",
                [(t0 + k * 3600 + 1000, "completed" if k % 3 else "skipped") for k in range(hours)],
            )
            con.execute("COMMIT")
        con.execute("UPDATE sessions SET ended = ?", (t0 + hours * 3600,))
    return days * hours * 3600


def timed(db: Path, first: date, last: date, name: str) -> tuple[float, float]:
    """Seconds (wall clock, and this process's CPU) for one report of first..last, made as the
    CLI makes it. On a shared machine the CPU time is the steadier figure."""
    began, cpu = time.perf_counter(), time.process_time()
    html = name == "html"
    sample_days = TIMELINE_DAYS if html and (last - first).days < TIMELINE_DAYS else 1
    span, history = app_report.load_span(db, first, last, ZONE, sample_days)
    if name == "text":
        span_text(span, ZONE)
    elif name == "json":
        document(span, ZONE)
    else:
        from posture.adapters.report import html as report_html

        report_html.render(span, history, ZONE, 25.0)
    return time.perf_counter() - began, time.process_time() - cpu


def sizes(db: Path, last: date) -> list[dict[str, object]]:
    """The file's size as built, with rollups, and after retention's drop and compaction."""
    keep = Settings().keep_samples_days
    now = datetime.combine(last + timedelta(days=1), datetime.min.time(), ZONE).timestamp()
    out: list[dict[str, object]] = [{"history": "retention off", "MB": _mb(db)}]
    with Store(db, time.monotonic) as store:
        began = time.perf_counter()
        dropped = store.drop_samples(keep, ZONE, now)
        seconds = time.perf_counter() - began
    out.append({"history": f"retention on ({keep} days)", "MB": _mb(db)})
    print(f"retention: {dropped} samples dropped and the file compacted in {seconds:.1f} s")
    return out


def _mb(db: Path) -> float:
    return round(db.stat().st_size / 1e6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--hours", type=int, default=8)
    args = parser.parse_args()
    last = date(2026, 11, 20)
    first = last - timedelta(days=args.days - 1)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "h.db"
        began = time.perf_counter()
        rows = build(db, first, args.days, args.hours)
        print(f"history: {rows} samples over {args.days} days, {_mb(db)} MB", end="")
        print(f" (built in {time.perf_counter() - began:.0f} s)")
        began = time.perf_counter()
        with Store(db, time.monotonic) as store:
            store.catch_up(ZONE, time.time())
        print(f"rolled up {args.days} days in {time.perf_counter() - began:.1f} s\n")
        print("| report | seconds | CPU seconds |\n|---|---|---|")
        results: list[dict[str, object]] = []
        for days in sorted({1, min(30, args.days), args.days}):
            for name in ("text", "json", "html"):
                seconds, cpu = timed(db, last - timedelta(days=days - 1), last, name)
                label = f"{days} days, {name}"
                print(f"| {label} | {seconds:.2f} | {cpu:.2f} |", flush=True)
                results.append(
                    {"output": label, "seconds": round(seconds, 3), "cpu": round(cpu, 3)}
                )
        print("\n| history of a year | MB |\n|---|---|")
        for row in sizes(db, last):
            print(f"| {row['history']} | {row['MB']} |")
            results.append({"output": f"size, {row['history']}", "seconds": row["MB"]})
    compare_and_save("report_speed", results, key="output", measure="seconds")


if __name__ == "__main__":
    main()
