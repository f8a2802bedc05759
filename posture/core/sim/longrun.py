"""Scripted readings for long accelerated sessions (benchmarks and tests of memory and growth).

Pure. A day of readings without the camera or the model: sitting with the head drifting
between upright and forward, looking around now and then, short absences and breaks.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from posture.core.data import Reading, View


def scripted_day(hours: float = 8.0, hz: float = 1.0, seed: int = 3) -> Iterator[Reading]:
    """Readings every 1/hz seconds for `hours` hours."""
    rng = np.random.default_rng(seed)
    t, end = 0.0, hours * 3600.0
    away_until = -1.0
    while t < end:
        if t >= away_until and rng.random() < 1 / 3000:  # about one absence an hour
            away_until = t + float(rng.choice([60.0, 420.0]))
        if t < away_until:
            yield Reading(t=t, present=False)
        else:
            slouch = np.sin(t / 1100.0) > 0.6
            turn = 30.0 if rng.random() < 1 / 200 else 0.0
            yield Reading(
                t=t,
                present=True,
                view=View.FRONT,
                head_forward_deg=round(float((32.0 if slouch else 15.0) + rng.normal(0, 2)), 2),
                confidence=0.9,
                yaw_deg=round(turn + float(rng.normal(0, 2)), 2),
                pitch_deg=round(float(rng.normal(0, 2)), 2),
                roll_deg=round(float(rng.normal(0, 1)), 2),
                neck_ratio=0.55,
            )
        t += 1.0 / hz
