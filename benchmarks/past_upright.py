"""How far past your own upright is forward: two side-view men, each calibrated on one photo.

For every straight photo of each man in ../shared/data/side (the one-photo calibration), and for
several `past_upright_deg` values, the balanced accuracy of forward (hunchback) against not
forward (straight, kneeling, recline) over that man's labelled photos; the side view's
uncalibrated threshold beside it. This is the table behind the default of `past_upright_deg`.
Forward counts from `forward_from` (the monitor's own rule: the upright plus `past_upright_deg`),
the upright as calibration takes it (`own_upright`: the reading, raised by any lean back of the
trunk past sitting tall's).

    python -m benchmarks.past_upright
"""

from __future__ import annotations

from pathlib import Path

from benchmarks._common import shared_path
from posture.app.wiring import file_frames
from posture.core.measure import metrics
from posture.core.measure.baseline import forward_from, own_upright
from posture.core.measure.frontal import FrontalEstimator
from posture.core.settings import Settings

MEN = {
    "man 1": "data/side/sitting-posture-recognition",
    "man 2": "data/side/kaazima-sitting-posture",
}
LABELS = ("hunchback", "straight", "kneeling", "recline")
PAST_DEG = (6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 20.0)


def side_readings(folder: Path) -> tuple[dict[str, float], dict[str, float | None]]:
    """The side-view head-forward reading and the trunk angle of every labelled photo."""
    paths = sorted(p for p in folder.iterdir() if p.name.startswith(LABELS))
    out: dict[str, float] = {}
    trunks: dict[str, float | None] = {}
    for path in paths:
        for _, sample in file_frames([path], None):
            reading = metrics.read(sample, 0.0, FrontalEstimator())
            if reading.head_forward_deg is not None:
                out[path.name] = reading.head_forward_deg
                trunks[path.name] = reading.trunk_deg
    return out, trunks


def balanced_accuracy(readings: dict[str, float], threshold: float) -> float:
    bad = [v > threshold for k, v in readings.items() if k.startswith("hunchback")]
    good = [v <= threshold for k, v in readings.items() if not k.startswith("hunchback")]
    return (sum(bad) / len(bad) + sum(good) / len(good)) / 2.0


def main() -> None:
    print(
        "| man | calibrated on | reads | trunk | upright | "
        + " | ".join(f"+{p:g}" for p in PAST_DEG)
        + " |"
    )
    print("|---|---|---|---|---|" + "---|" * len(PAST_DEG))
    for man, relative in MEN.items():
        readings, trunks = side_readings(shared_path(relative))
        for name, reads in readings.items():
            if name.startswith("straight"):
                upright = own_upright(reads, trunks[name])
                cells = [
                    f"{balanced_accuracy(readings, forward_from(upright, p)):.2f}" for p in PAST_DEG
                ]
                trunk = "-" if trunks[name] is None else f"{trunks[name]:.0f}"
                print(
                    f"| {man} | {name} | {reads:.1f} | {trunk} | {upright:.1f} | "
                    + " | ".join(cells)
                    + " |"
                )
        side = Settings().side_threshold_deg
        print(f"| {man} | (none: {side:g} deg) | | {balanced_accuracy(readings, side):.2f} |")


if __name__ == "__main__":
    main()
