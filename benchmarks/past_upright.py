"""How far past your own upright is forward: two side-view men, each calibrated on one photo.

For every straight photo of each man in ../shared/data/side (the one-photo calibration), and for
several `past_upright_deg` values, the balanced accuracy of forward (hunchback) against not
forward (straight, kneeling, recline) over that man's labelled photos; the absolute 25-degree
threshold beside it. This is the table behind the default of `past_upright_deg`. Forward counts
from `forward_from` (the monitor's own rule: the upright plus `past_upright_deg`; the upright here
is the photo's plain reading, without the trunk check calibration applies).

    python -m benchmarks.past_upright
"""

from __future__ import annotations

from pathlib import Path

from benchmarks._common import shared_path
from posture.app.wiring import file_frames
from posture.core.measure import metrics
from posture.core.measure.baseline import forward_from
from posture.core.measure.frontal import FrontalEstimator

MEN = {
    "man 1": "data/side/sitting-posture-recognition",
    "man 2": "data/side/kaazima-sitting-posture",
}
LABELS = ("hunchback", "straight", "kneeling", "recline")
PAST_DEG = (6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 20.0)


def side_readings(folder: Path) -> dict[str, float]:
    """The side-view head-forward reading of every labelled photo."""
    paths = sorted(p for p in folder.iterdir() if p.name.startswith(LABELS))
    out: dict[str, float] = {}
    for path in paths:
        for _, sample in file_frames([path], None):
            reading = metrics.read(sample, 0.0, FrontalEstimator())
            if reading.head_forward_deg is not None:
                out[path.name] = reading.head_forward_deg
    return out


def balanced_accuracy(readings: dict[str, float], threshold: float) -> float:
    bad = [v > threshold for k, v in readings.items() if k.startswith("hunchback")]
    good = [v <= threshold for k, v in readings.items() if not k.startswith("hunchback")]
    return (sum(bad) / len(bad) + sum(good) / len(good)) / 2.0


def main() -> None:
    print(
        "| man | calibrated on | upright reads | " + " | ".join(f"+{p:g}" for p in PAST_DEG) + " |"
    )
    print("|---|---|---|" + "---|" * len(PAST_DEG))
    for man, relative in MEN.items():
        readings = side_readings(shared_path(relative))
        for name, upright in readings.items():
            if name.startswith("straight"):
                cells = [
                    f"{balanced_accuracy(readings, forward_from(upright, p)):.2f}" for p in PAST_DEG
                ]
                print(f"| {man} | {name} | {upright:.1f} | " + " | ".join(cells) + " |")
        print(f"| {man} | (none: absolute 25 deg) | | {balanced_accuracy(readings, 25.0):.2f} |")


if __name__ == "__main__":
    main()
