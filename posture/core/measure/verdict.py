"""The angle past which a reading is forward: per view without a calibration, else the person's own.

Pure. The monitor, `calibrate --check` and the benchmarks judge through this one rule.
"""

from __future__ import annotations

from posture.core.data import Reading, View
from posture.core.measure.baseline import Upright, forward_from
from posture.core.settings import Settings


def threshold_deg(settings: Settings, reading: Reading, upright: Upright | None) -> float:
    """`past_upright_deg` beyond the person's calibrated upright when the reading is in the
    calibration's view, else the view's own uncalibrated threshold (the frontal estimate and the
    side angle are different measures)."""
    if upright is not None and reading.view is upright.view:
        return forward_from(upright.head_forward_deg, settings.past_upright_deg)
    if reading.view is View.SIDE:
        return settings.side_threshold_deg
    return settings.forward_threshold_deg
