"""The state at a glance (core/monitor/state.py) and the Presence listener that feeds surfaces."""

from __future__ import annotations

from conftest import make_status

from posture.app.presence import Presence, snapshot_doc
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Event, Posture, Status
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.state import STILL_SOON_S, Camera, Snapshot, State, state_of


def _state(camera: Camera = Camera.OK, **changes: object) -> State:
    return state_of(Snapshot(make_status(**changes), camera))


def test_each_state_the_issue_names() -> None:
    assert _state() is State.GOOD
    assert _state(posture=Posture.FORWARD, head_forward_deg=35.0) is State.FORWARD
    assert _state(alerting=frozenset({EventKind.FORWARD_ALERT})) is State.FORWARD
    soon = (EventKind.STILL_ALERT, STILL_SOON_S - 1)
    assert _state(next_alert=soon) is State.STILL_SOON
    assert _state(next_alert=(EventKind.STILL_ALERT, STILL_SOON_S + 60)) is State.GOOD
    assert _state(next_alert=(EventKind.SITTING_ALERT, 10.0)) is State.GOOD
    assert _state(alerting=frozenset({EventKind.STILL_ALERT})) is State.STILL_SOON
    assert _state(alerting=frozenset({EventKind.SITTING_ALERT})) is State.BREAK_DUE
    raised = frozenset({EventKind.SHOULDERS_ALERT})  # its own state (a tray-only nudge shows it)
    assert _state(alerting=raised, next_alert=soon) is State.SHOULDERS_UP
    assert _state(away=True, present=False) is State.AWAY
    assert _state(paused=True) is State.PAUSED
    assert _state(snoozed_s=300.0, posture=Posture.FORWARD) is State.SNOOZED
    assert _state(Camera.LOST) is State.CAMERA_PROBLEM
    assert _state(Camera.COVERED) is State.CAMERA_PROBLEM
    assert _state(Camera.IN_USE, paused=True) is State.CAMERA_IN_USE
    assert _state(posture=Posture.UNKNOWN, head_forward_deg=None) is State.UNSURE
    assert state_of(Snapshot(None)) is State.STARTING


def test_the_strongest_state_wins() -> None:
    forward = {"posture": Posture.FORWARD, "alerting": frozenset({EventKind.SITTING_ALERT})}
    assert _state(**forward) is State.FORWARD
    assert _state(Camera.LOST, paused=True) is State.PAUSED
    assert _state(Camera.LOST, away=True) is State.CAMERA_PROBLEM


class Recorder:
    def __init__(self) -> None:
        self.shown: list[Snapshot] = []

    def __call__(self, snapshot: Snapshot) -> None:
        self.shown.append(snapshot)


def _presence(status: Status, every_s: float = 2.0) -> tuple[Presence, Recorder]:
    shown = Recorder()
    return Presence(lambda: status, lambda t: 1000.0 + t, [shown], every_s), shown


def test_presence_follows_camera_events_and_pauses() -> None:
    presence, shown = _presence(make_status(paused=True))
    presence.events([Event(EventKind.CAMERA_LOST, 1.0)])
    assert shown.shown[-1].camera is Camera.LOST
    presence.events([Event(EventKind.CAMERA_BACK, 2.0), Event(EventKind.PAUSED, 3.0, 600.0)])
    last = shown.shown[-1]
    assert last.camera is Camera.OK and last.paused_until_utc == 1603.0
    presence.events([Event(EventKind.RESUMED, 4.0)])
    assert shown.shown[-1].paused_until_utc is None
    presence.camera(5.0, Camera.IN_USE)
    presence.events([Event(EventKind.CAMERA_BACK, 6.0)])  # the call still holds the camera
    assert state_of(shown.shown[-1]) is State.CAMERA_IN_USE


def test_presence_shows_a_change_at_once_and_the_same_state_at_most_every_few_seconds() -> None:
    presence, shown = _presence(make_status(), every_s=2.0)

    class Seen:
        def __init__(self, t: float, status: Status) -> None:
            self.reading = type("R", (), {"t": t})()
            self.status = status

    for t in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5):
        presence.reading(Seen(t, make_status(t=t)))  # type: ignore[arg-type]
    assert [s.status.t for s in shown.shown if s.status] == [0.0, 2.0]
    presence.reading(Seen(2.6, make_status(t=2.6, posture=Posture.FORWARD)))  # type: ignore[arg-type]
    assert state_of(shown.shown[-1]) is State.FORWARD
    presence.command(Command(Action.SNOOZE), 2.7)
    assert len(shown.shown) == 4


def test_the_status_document_names_the_state_and_numbers() -> None:
    status = make_status(still_s=95.4, sitting_s=1800.2, next_alert=(EventKind.STILL_ALERT, 60.0))
    doc = snapshot_doc(Snapshot(status))
    assert doc["state"] == "still_soon" and doc["camera"] == "ok"
    assert doc["head_forward_deg"] == 12.0 and doc["still_s"] == 95 and doc["sitting_s"] == 1800
    assert doc["next_alert"] == {"alert": "still neck", "in_s": 60}
    assert snapshot_doc(Snapshot(None)) == {
        "state": "starting",
        "camera": "ok",
        "paused_until_utc": None,
    }


def test_a_pause_before_the_first_reading_shows_as_paused() -> None:
    presence, shown = _presence(make_status(paused=True, present=False))
    presence.command(Command(Action.PAUSE, 600.0), 0.5)
    assert state_of(shown.shown[-1]) is State.PAUSED
