"""What the sharp-movement bursts cost: extra model readings on the desk recording, with bursts at
their default rate and without them, in virtual time (the model's work is real, the waiting is not).

The recording is the shared clips strung into a working stretch (benchmarks/desk_recording.py):
long still spells, head turns, talking and writing. Each row plays it once through `posture run`'s
loop with the model in VIDEO mode, as `run` uses it; the monitor's events are compared between
the two rows (bursts must change none of them). Prints a markdown table and saves it to
benchmarks/results/sharp_bursts.json.

    python -m benchmarks.sharp_bursts [--minutes 6.7]
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from benchmarks._common import compare_and_save, shared_path
from benchmarks.desk_recording import PLAN, DeskWebcam, built
from benchmarks.run_cpu_loops import Quiet
from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.notify.notifier import TerminalNotifier
from posture.adapters.store.store import Store
from posture.app.loop import Loop, Parts
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.alert_table import ALERTS
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Listener
from posture.core.settings import Settings

WATCHED = {*ALERTS, EventKind.NECK_MOVED, EventKind.FORWARD_CLEARED, EventKind.AWAY}


class Events(Listener):
    """Keeps every event of a run."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, float]] = []

    def events(self, events: object) -> None:
        self.seen += [(e.kind.value, round(e.t, 3)) for e in events]  # type: ignore[attr-defined]


def play(
    recording: Path, folder: Path, settings: Settings, seconds: float, sequence: bool
) -> dict[str, object]:
    """One run of the recording (the model in VIDEO mode or IMAGE mode); its figures and
    events."""
    clock = VirtualClock()
    feed = DeskWebcam(recording, clock.now)
    model = shared_path("models/pose_landmarker_full.task")
    with (
        PoseEstimator(model, sequence=sequence) as pose,
        Store(folder / f"h{settings.burst_hz:g}{sequence}.db", clock.now) as store,
    ):
        store.start_session(0.0, feed.name, {})
        parts = Parts(feed, pose, FrontalEstimator(), store, TerminalNotifier(), Quiet())
        loop = Loop(parts, settings, Monitor(settings), clock, lambda t: 1e9 + t)
        events = Events()
        loop.subscribe(events)
        loop.run(seconds)
    feed.close()
    watch, minutes = loop.sharp, seconds / 60.0
    return {
        "mode": "VIDEO" if sequence else "IMAGE",
        "burst_hz": settings.burst_hz,
        "model_per_min": round((loop.estimates - watch.burst_readings) / minutes, 1),
        "burst_readings_per_min": round(watch.burst_readings / minutes, 1),
        "bursts_per_min": round(watch.burst.count / minutes, 2),
        "movements": len(watch.movements),
        "speeds_deg_s": sorted(round(m.peak_deg_s) for m in watch.movements),
        "sharp": sum(kind.startswith("sharp") for kind, _ in events.seen),
        "events": [e for e in events.seen if EventKind(e[0]) in WATCHED],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=sum(s for _, s in PLAN) / 60.0)
    args = parser.parse_args()
    seconds = args.minutes * 60.0
    with built(shared_path("data/video")) as recording:
        folder = recording.parent
        rows = [
            play(recording, folder, replace(Settings(), burst_hz=hz), seconds, sequence)
            for sequence in (True, False)
            for hz in (Settings().burst_hz, 0.0)
        ]
    print(f"desk recording, {args.minutes:.1f} min in virtual time\n")
    print(
        "| model mode | burst_hz | model readings/min (monitor) | burst readings/min | bursts/min "
        "| movements | sharp | monitor's events | the same as without bursts | movement speeds "
        "deg/s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row, without in zip(rows, [rows[1], rows[1], rows[3], rows[3]], strict=True):
        events, others = row["events"], without["events"]
        assert isinstance(events, list) and isinstance(others, list)
        differ = len(set(events) ^ set(others))
        row["same_events"] = "yes" if events == others else f"no ({differ} differ)"
        row["events"] = len(events)
        row["key"] = f"{row['mode']} {row['burst_hz']:g}"
    for row in rows:
        print(
            f"| {row['mode']} | {row['burst_hz']:g} | {row['model_per_min']} "
            f"| {row['burst_readings_per_min']} | {row['bursts_per_min']} | {row['movements']} "
            f"| {row['sharp']} | {row['events']} | {row['same_events']} | {row['speeds_deg_s']} |"
        )
    compare_and_save("sharp_bursts", rows, "key", "model_per_min")


if __name__ == "__main__":
    main()
