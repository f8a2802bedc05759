"""The guided relaxation of shoulders and neck: tense 5 s, let go 12 s, checked by the camera."""

from __future__ import annotations

from test_coach import Session

from posture.adapters.system.catalogue import load as load_catalogue
from posture.core.monitor.kinds import EventKind, Helps
from posture.core.sim.simulator import Scene
from posture.core.stretches.catalogue import Chooser, Measure
from posture.core.stretches.cues import Outcome

RELAXATION = load_catalogue().stretches["relaxation"]
TENSE = Scene(shrug_m=0.05)


def test_it_follows_the_texts_timing_and_the_camera_checks_the_shoulders() -> None:
    assert (RELAXATION.hold_s, RELAXATION.reps) == (5, 3) and 10 <= RELAXATION.rest_s <= 15
    assert Helps.SHOULDERS in RELAXATION.counters
    assert RELAXATION.check is not None and RELAXATION.check.measure is Measure.SHRUG


def test_tensing_and_letting_go_three_times_completes_it() -> None:
    s = Session(RELAXATION)
    s.play(2)
    for _ in range(3):
        s.play(6.5, TENSE)
        s.play(13)
    result = s.coach.result()
    assert result.status is Outcome.COMPLETED and (result.done, result.total) == (3, 3)


def test_never_tensing_does_not_complete_it() -> None:
    s = Session(RELAXATION)
    s.play(60)
    assert s.coach.result().status is not Outcome.COMPLETED


def test_a_shoulders_alert_offers_the_relaxation_first() -> None:
    chosen = Chooser(load_catalogue()).choose(EventKind.SHOULDERS_ALERT)
    assert chosen is not None and chosen.id == "relaxation"
