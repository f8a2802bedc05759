"""The bits of `samples.flags`: away, paused, calibrated, and one for each alert while it is on."""

from __future__ import annotations

from posture.core.data import Reading
from posture.core.monitor.alert_table import ALERT_TABLE
from posture.core.monitor.events import Status


class Flag:
    """Bits of `samples.flags`; each active alert adds its own bit, from the alert table.

    A covered lens stores no samples (nothing is seen, so nothing is judged or counted as
    monitored): its period lies between a camera_covered and a camera_back event.
    """

    AWAY = 1
    PAUSED = 2
    CALIBRATED = 32


ALERT_FLAGS = {spec.kind: spec.flag for spec in ALERT_TABLE if spec.flag is not None}
"""The `samples.flags` bit of each alert kind while it is active."""


def flags_of(status: Status, reading: Reading) -> int:
    bits = (Flag.AWAY if status.away else 0) | (Flag.PAUSED if status.paused else 0)
    bits |= Flag.CALIBRATED if reading.calibrated else 0
    for kind in status.alerting:
        bits |= ALERT_FLAGS.get(kind, 0)
    return bits
