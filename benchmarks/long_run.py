"""An accelerated 8-hour session: memory stays flat, and how much the history grows a day.

Scripted readings (no camera, no model) go through the real monitor core and the real SQLite
history on a fake clock as fast as they can. Python's heap is traced hour by hour; the database
size is read at the end. Prints a markdown table; saves to benchmarks/results/long_run.json.

    python -m benchmarks.long_run [--hours 8]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks._common import compare_and_save
from posture.adapters.store.store import Store
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings
from posture.core.sim.longrun import scripted_day


def session(db: Path, hours: float) -> list[tuple[int, float]]:
    """Runs the session; returns (hour, traced heap MB) at the end of each hour."""
    clock = [0.0]
    settings = Settings()
    monitor = Monitor(settings)
    heap = []
    with Store(db, lambda: clock[0]) as store:
        store.start_session(1e9, "long run", {})
        for reading in scripted_day(hours):
            clock[0] = reading.t
            events = monitor.update(reading)
            store.add_sample(1e9 + reading.t, reading, monitor.status())
            store.add_events(lambda t: 1e9 + t, events)
            if reading.t % 3600 == 3599:
                heap.append((int(reading.t // 3600) + 1, tracemalloc.get_traced_memory()[0] / 1e6))
    return heap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=8.0)
    args = parser.parse_args()
    if args.hours < 1:
        parser.error("--hours must be at least 1 (the heap is sampled once an hour)")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "h.db"
        tracemalloc.start()
        began = time.perf_counter()
        heap = session(db, args.hours)
        seconds = time.perf_counter() - began
        tracemalloc.stop()
        size_mb = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1e6
    print("| hour | Python heap MB |")
    print("|---|---|")
    for hour, mb in heap:
        print(f"| {hour} | {mb:.2f} |")
    growth = heap[-1][1] - heap[0][1]
    per_day = size_mb * 8.0 / args.hours
    print(
        f"\n{args.hours:g} h simulated in {seconds:.1f} s; heap change from hour 1 to the end: "
        f"{growth:+.2f} MB; history {size_mb:.2f} MB, about {per_day:.1f} MB per 8-hour day"
    )
    compare_and_save(
        "long_run",
        [
            {"measure": "history MB per 8 h day", "value": round(per_day, 2)},
            {"measure": "heap growth MB", "value": round(growth, 3)},
        ],
        key="measure",
        measure="value",
    )


if __name__ == "__main__":
    main()
