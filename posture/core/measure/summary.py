"""Summaries of a run of readings: pure arithmetic over `Reading`s, no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from posture.core.data import Reading, View
from posture.core.measure.metrics import is_forward


@dataclass(frozen=True, slots=True)
class Spread:
    """Median, 90th percentile, minimum and maximum of one measure, in degrees."""

    median: float
    p90: float
    low: float
    high: float

    @staticmethod
    def of(values: list[float]) -> Spread | None:
        if not values:
            return None
        arr = np.asarray(values, dtype=float)
        median, p90 = np.percentile(arr, [50, 90])
        return Spread(
            round(float(median), 2),
            round(float(p90), 2),
            round(float(arr.min()), 2),
            round(float(arr.max()), 2),
        )

    def as_dict(self) -> dict[str, float]:
        return {"median": self.median, "p90": self.p90, "min": self.low, "max": self.high}


@dataclass(frozen=True, slots=True)
class Summary:
    """What one input amounted to."""

    source: str
    frames: int
    present_frames: int
    views: dict[str, int]
    forward_frames: int
    judged_frames: int
    threshold_deg: float
    head_forward: Spread | None
    yaw: Spread | None
    pitch: Spread | None
    roll: Spread | None
    side_threshold_deg: float | None = None
    """The side view's own threshold (None: `threshold_deg` for both views)."""

    @property
    def forward_share(self) -> float | None:
        return self.forward_frames / self.judged_frames if self.judged_frames else None

    def as_dict(self) -> dict[str, object]:
        share = self.forward_share
        return {
            "type": "summary",
            "source": self.source,
            "frames": self.frames,
            "present_frames": self.present_frames,
            "views": self.views,
            "forward_threshold_deg": self.threshold_deg,
            "side_threshold_deg": self.side_threshold_deg or self.threshold_deg,
            "forward_frames": self.forward_frames,
            "forward_share": None if share is None else round(share, 4),
            "head_forward_deg": _maybe(self.head_forward),
            "yaw_deg": _maybe(self.yaw),
            "pitch_deg": _maybe(self.pitch),
            "roll_deg": _maybe(self.roll),
        }


def _maybe(spread: Spread | None) -> dict[str, float] | None:
    return None if spread is None else spread.as_dict()


def _values(readings: list[Reading], name: str) -> list[float]:
    return [v for r in readings if (v := getattr(r, name)) is not None]


def summarize(
    source: str,
    readings: Iterable[Reading],
    threshold_deg: float,
    side_threshold_deg: float | None = None,
) -> Summary:
    """Count, spread and verdict share of a sequence of readings (side views judged at
    `side_threshold_deg` when given)."""
    rows = list(readings)
    present = [r for r in rows if r.present]
    side = threshold_deg if side_threshold_deg is None else side_threshold_deg

    def threshold(r: Reading) -> float:
        return side if r.view is View.SIDE else threshold_deg

    verdicts = [v for r in present if (v := is_forward(r, threshold(r))) is not None]
    return Summary(
        source=source,
        frames=len(rows),
        present_frames=len(present),
        views=dict(Counter(r.view.value for r in present if r.view is not None)),
        forward_frames=sum(verdicts),
        judged_frames=len(verdicts),
        threshold_deg=threshold_deg,
        head_forward=Spread.of(_values(present, "head_forward_deg")),
        yaw=Spread.of(_values(present, "yaw_deg")),
        pitch=Spread.of(_values(present, "pitch_deg")),
        roll=Spread.of(_values(present, "roll_deg")),
        side_threshold_deg=side_threshold_deg,
    )
