"""Posture verdicts: forward head or good, with hysteresis, and the forward timer. Pure."""

from __future__ import annotations

from posture.core.data import Reading, View
from posture.core.measure import verdict
from posture.core.measure.baseline import Upright
from posture.core.monitor.events import Posture, Unknown, why_unknown
from posture.core.settings import Settings

MIN_CONFIDENCE = 0.3
"""Readings less sure than this do not judge posture (they still count as presence)."""


class Verdicts:
    """The verdict on each reading and the forward timer (see monitor.py for the rules)."""

    def __init__(self, settings: Settings, upright: Upright | None) -> None:
        self.settings, self.upright = settings, upright
        self.verdict = Posture.UNKNOWN
        self.angle: float | None = None
        self.unknown: Unknown | None = None
        self.view: View | None = None
        self.calibrated = False
        self.forward_since: float | None = None
        self.good_since: float | None = None

    def restart(self) -> None:
        """The forward timer and the good run start over."""
        self.forward_since, self.good_since = None, None

    def forget(self) -> None:
        """Nobody to judge (away): no verdict, no angle, no timers."""
        self.verdict, self.angle = Posture.UNKNOWN, None
        self.restart()

    def drifted(self, changed: bool) -> None:
        """The view has just changed (or matched again): the timers restart."""
        self.restart()
        if changed:
            self.verdict = Posture.UNKNOWN

    def seen(self, reading: Reading) -> None:
        """A reading with someone in it: its view."""
        self.view, self.calibrated = reading.view, reading.calibrated

    def threshold_deg(self, reading: Reading) -> float:
        """The angle past which this reading is forward: `past_upright_deg` beyond the person's
        calibrated upright when the reading is in the calibration's view, else its view's own
        (one rule for the monitor, `calibrate --check` and the benchmarks: measure/verdict.py)."""
        return verdict.threshold_deg(self.settings, reading, self.upright)

    def relative(self, reading: Reading) -> bool:
        """Whether the reading is judged against the person's own upright."""
        return self.upright is not None and reading.view is self.upright.view

    def forward_for(self, t: float) -> float | None:
        """How long the forward head has lasted, if it is judged forward now."""
        forward = self.verdict is Posture.FORWARD and self.angle is not None
        return t - self.forward_since if self.forward_since is not None and forward else None

    def judge(self, reading: Reading, t: float, arriving: bool, view_off: bool) -> bool:
        """Judge one reading; True when good has lasted `forward_clear_s` (a forward alert
        clears). While `arriving`, a forward reading starts no timer; while `view_off`, nothing
        is judged."""
        angle = reading.head_forward_deg
        if view_off:
            self.angle, self.unknown, self.verdict = None, Unknown.VIEW_CHANGED, Posture.UNKNOWN
            return False
        if angle is None or reading.confidence < MIN_CONFIDENCE:
            self.angle, self.unknown = None, why_unknown(reading)
            return False
        self.angle, self.unknown = angle, None
        self.calibrated = reading.calibrated or self.relative(reading)
        self._hysteresis(angle, self.threshold_deg(reading))
        if self.verdict is Posture.FORWARD:
            if self.forward_since is None and not arriving:
                self.forward_since = t
            self.good_since = None
            return False
        if self.good_since is None:
            self.good_since = t
        good_for = t - self.good_since
        if self.forward_since is not None and good_for > self.settings.forward_gap_s:
            self.forward_since = None  # a real correction, not a glance
        return good_for >= self.settings.forward_clear_s

    def _hysteresis(self, angle: float, threshold: float) -> None:
        """Forward past the threshold, good below it by the margin; in between the last stays."""
        if angle > threshold:
            self.verdict = Posture.FORWARD
        elif angle < threshold - self.settings.forward_margin_deg or (
            self.verdict is Posture.UNKNOWN  # in the band with no history: give the benefit
        ):
            self.verdict = Posture.GOOD
