"""How long `posture report` takes over 30 days of history (8 hours a day, a sample a second).

Builds the history in a temporary database through the real schema, then times the report the
CLI makes for the 30 days (which also reads the 30 days before them for the comparison), as
terminal text, as JSON and as HTML. Prints a markdown table and saves it to
benchmarks/results/report_speed.json.

    python -m benchmarks.report_speed [--days 30]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from benchmarks._common import compare_and_save
from posture.adapters.store import Store
from posture.app import report as app_report
from posture.cli.report_output import document, span_text
from posture.core import report

ZONE = ZoneInfo("Europe/Berlin")


def build(db: Path, first: date, days: int) -> int:
    """A workday a day: 09:00-17:00, a sample a second, slouches, alerts and a break."""
    rng = np.random.default_rng(1)
    rows = 0
    with Store(db, time.monotonic) as store:
        store.start_session(0.0, "benchmark", {})
        con = store._db  # bulk insert through the real schema
        for i in range(days):
            start = datetime.combine(first + timedelta(days=i), datetime.min.time(), ZONE)
            t0 = start.timestamp() + 9 * 3600
            t = t0 + np.arange(8 * 3600, dtype=float)
            angle = 15 + 3 * rng.standard_normal(t.size) + 18 * (np.sin(t / 900.0) > 0.7)
            posture = np.where(angle > 25, "forward", "good")
            still = (t - t0) % 1500
            con.executemany(
                "INSERT INTO samples VALUES (?, 1, 1, 'front', ?, 0.9, ?, ?, ?, 0)",
                zip(
                    t.tolist(),
                    angle.round(2).tolist(),
                    posture.tolist(),
                    still.tolist(),
                    (t - t0).tolist(),
                    strict=True,
                ),
            )
            con.executemany(
                "INSERT INTO events VALUES (?, 1, ?, 60, NULL, 0, 0)",
                [(t0 + k * 3000, "forward_head_alert") for k in range(9)]
                + [(t0 + 4 * 3600, "break")],
            )
            rows += t.size
        con.commit()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    last = date(2026, 11, 20)
    first = last - timedelta(days=args.days - 1)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "h.db"
        rows = build(db, first - timedelta(days=args.days), 2 * args.days)
        size_mb = db.stat().st_size / 1e6
        print(f"history: {rows} samples over {2 * args.days} days, {size_mb:.0f} MB\n")
        print("| output | seconds |")
        print("|---|---|")
        results = []
        for name in ("text", "json", "html"):
            began = time.perf_counter()
            span, history = app_report.load_span(db, first, last, ZONE)
            if name == "text":
                span_text(span, ZONE)
            elif name == "json":
                document(span, ZONE, simulated=False)
            else:
                from posture.adapters import report_html

                report_html.render(span, history, ZONE, 25.0)
            seconds = time.perf_counter() - began
            print(f"| {args.days} days, {name} | {seconds:.2f} |", flush=True)
            results.append({"output": f"{args.days} days, {name}", "seconds": round(seconds, 3)})
        assert report.MAX_WEIGHT_S > 0
    compare_and_save("report_speed", results, key="output", measure="seconds")


if __name__ == "__main__":
    main()
