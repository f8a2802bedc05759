"""Wiring for stretches: a coached session from a feed, for `posture stretch` and for `run`.

The same session runs standalone (its own camera or recording) and inside `posture run` (the
run's camera and model, when the user presses g after an alert).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.store.store import Store
from posture.adapters.system import paths
from posture.app.coaching import coach_session, stored
from posture.app.live import clock_for, open_live
from posture.app.wiring import resolve_model
from posture.core.errors import SourceError
from posture.core.measure import metrics
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.alert_table import ALERT_TABLE
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Clock, Feed
from posture.core.stretches import catalogue as stretches
from posture.core.stretches.cues import Cue, Result

CAUSES: dict[str, EventKind] = {spec.word: spec.kind for spec in ALERT_TABLE}
"""What `posture stretch --for WORD` takes: one word per alert, from the alert table."""


@dataclass(frozen=True, slots=True)
class StretchPlan:
    """What `posture stretch` was asked for."""

    stretch_id: str | None
    cause: str
    camera: str = "0"
    source: Path | None = None
    db: Path | None = None
    profile: Path | None = None
    model: str | None = None
    disabled: tuple[str, ...] = ()
    network: bool = False
    """The network_camera setting: a URL as `camera` is allowed."""


def choose(
    plan: StretchPlan, catalogue: stretches.Catalogue, recent: list[str]
) -> stretches.Stretch:
    if plan.stretch_id is not None:
        return catalogue.get(plan.stretch_id)
    chooser = stretches.Chooser(catalogue, plan.disabled, recent)
    found = chooser.choose(CAUSES[plan.cause])
    if found is None:
        raise SourceError(f"every stretch for '{plan.cause}' is disabled in your config")
    return found


def run_session(
    plan: StretchPlan,
    catalogue: stretches.Catalogue,
    say: Callable[[Cue], None],
) -> Result:
    """A standalone coached stretch; the result is stored in the history."""
    if plan.stretch_id is not None:
        catalogue.get(plan.stretch_id)  # a mistyped id is refused before any history is made
    with ExitStack() as stack:
        store = stack.enter_context(Store(plan.db or paths.history_db(plan.source), time.monotonic))
        stretch = choose(plan, catalogue, store.recent_stretches())
        feed: Feed | None = None
        pose = None
        front: metrics.FrontEstimator
        clock: Clock
        if stretch.check is not None:
            live = stack.enter_context(
                open_live(plan.camera, plan.source, profile=plan.profile, network=plan.network)
            )
            feed, clock = live.feed, live.clock
            front, _ = live.front()
            pose = stack.enter_context(PoseEstimator(resolve_model(plan.model).path, sequence=True))
        else:
            front, clock = FrontalEstimator(), clock_for(plan.source)
        result = coach_session(stretch, feed, pose, front, clock, say, catalogue.safety)
        store.record_stretch(None, time.time(), stored(result))
        return result
