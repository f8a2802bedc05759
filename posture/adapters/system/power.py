"""Whether the computer runs on battery, where the system tells (psutil)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import psutil

log = logging.getLogger(__name__)

CHECK_EVERY_S = 60.0
"""The power source is asked at most this often (a plug pulled counts within a minute)."""


class Battery:
    """`on_battery()`: True while the computer runs on its battery; False when plugged in, with
    no battery (a desktop), or where the system does not say."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._checked = -float("inf")
        self._on = False

    def on_battery(self) -> bool:
        now = self._clock()
        if now - self._checked >= CHECK_EVERY_S:
            self._checked = now
            on = _ask()
            if on != self._on:
                log.info("on battery" if on else "on mains power")
            self._on = on
        return self._on


def _ask() -> bool:
    try:
        battery = psutil.sensors_battery()
    except (OSError, RuntimeError, NotImplementedError, AttributeError):
        return False  # a platform or a sandbox that cannot tell: as plugged in
    return battery is not None and battery.power_plugged is False
