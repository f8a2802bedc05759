"""Alert texts, the terminal notifier, and the fallback when no desktop service is reachable."""

from __future__ import annotations

import io
import logging
import time
from pathlib import Path

import pytest
from conftest import RecordingNotifier

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.notify.note import ICON, Note, NotifyError, OnAction, OnClosed
from posture.adapters.notify.notifier import (
    RETRY_S,
    DesktopNotifier,
    TerminalNotifier,
    make_notifier,
    note_for,
)
from posture.adapters.store.store import Store
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app.coaching import CoachSlot
from posture.app.listeners import Alerter, HistoryWriter
from posture.core.alerts import BODY_MAX, Alert, alert_for, duration_text
from posture.core.monitor.alert_table import ALERTS
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.stretches.catalogue import Chooser

K = EventKind


def alert(kind: EventKind, repeat: int = 0) -> Alert:
    """An alert with no stretch offered (as when every stretch for it is disabled)."""
    said = alert_for(Event(kind, 0.0, duration_s=600.0, repeat=repeat))
    assert said is not None
    return said


@pytest.mark.parametrize(
    ("seconds", "text"), [(45, "45 s"), (600, "10 min"), (3000, "50 min"), (3900, "1 h 05 min")]
)
def test_durations_read_naturally(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


def test_each_alert_says_what_for_how_long_and_what_to_do() -> None:
    forward = alert_for(Event(EventKind.FORWARD_ALERT, 0.0, duration_s=120.0))
    sitting = alert_for(Event(EventKind.SITTING_ALERT, 0.0, duration_s=3000.0, repeat=1))
    assert forward is not None and sitting is not None
    assert "forward" in forward.body and "2 min" in forward.body and "chin" in forward.body
    assert sitting.title == "Sitting too long (reminder)" and "walk" in sitting.body
    assert alert_for(Event(EventKind.NECK_MOVED, 0.0)) is None


def test_the_terminal_notifier_rings_and_writes_one_line() -> None:
    out = io.StringIO()
    alert = alert_for(Event(EventKind.STILL_ALERT, 0.0, duration_s=1500.0, urgent=True))
    assert alert is not None
    TerminalNotifier(out).notify(alert)
    text = out.getvalue()
    assert text.startswith("\a") and "!! Neck still: " in text and text.count("\n") == 2


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_alert_replaces_the_status_line_instead_of_leaving_it_above() -> None:
    out = Terminal()
    out.write("-34 deg | still 59 s | sit 59 s")  # the status line, drawn in place
    alert = alert_for(Event(EventKind.STILL_ALERT, 0.0, duration_s=60.0))
    assert alert is not None
    TerminalNotifier(out).notify(alert)
    shown = out.getvalue().split("\r")[-1]
    assert shown.startswith("\x1b[K") and shown.endswith("\n") and shown.count("\n") == 1
    assert "Neck still: " in shown


def test_without_a_desktop_session_alerts_fall_back_and_say_why_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no bus socket there
    out = io.StringIO()
    with caplog.at_level(logging.WARNING):
        notifier = make_notifier(desktop=True, stream=out)
        alert = alert_for(Event(EventKind.SITTING_ALERT, 0.0, duration_s=3000.0))
        assert alert is not None and isinstance(notifier, DesktopNotifier)
        notifier.notify(alert)
        notifier.notify(alert)
    assert out.getvalue().count("Sitting too long") == 2
    warnings = [r for r in caplog.records if "desktop notifications unavailable" in r.message]
    assert len(warnings) == 1 and "D-Bus" in warnings[0].message


# --- desktop notifications: buttons, one per cause, withdrawn (a scripted server) -------------


class ScriptedServer:
    """A notification server that numbers what it shows; the desktop tests use dunst itself."""

    def __init__(self, on_action: OnAction, on_closed: OnClosed, fail: bool = False) -> None:
        self.on_action, self.on_closed, self.fail = on_action, on_closed, fail
        self.shown: list[tuple[int, int, Note]] = []  # (id, replaced id, note)
        self.withdrawn: list[int] = []

    def show(self, note: Note, replaces: int = 0) -> int:
        if self.fail:
            raise NotifyError("org.freedesktop.DBus.Error.ServiceUnknown: no server")
        nid = replaces or len(self.shown) + 1
        self.shown.append((nid, replaces, note))
        return nid

    def withdraw(self, nid: int) -> None:
        self.withdrawn.append(nid)

    def close(self) -> None:
        """Nothing to close."""


class Service:
    """The notification service as a test scripts it: up or down, and a clock for the retries."""

    def __init__(self, up: bool = True) -> None:
        self.up = up
        self.servers: list[ScriptedServer] = []
        self.tries = 0
        self.clock = VirtualClock()

    def factory(self, on_action: OnAction, on_closed: OnClosed) -> ScriptedServer:
        self.tries += 1
        if not self.up:
            raise NotifyError("org.freedesktop.DBus.Error.ServiceUnknown: no server")
        self.servers.append(ScriptedServer(on_action, on_closed))
        return self.servers[-1]


def scripted(fail: bool = False) -> tuple[DesktopNotifier, list[ScriptedServer], io.StringIO]:
    servers: list[ScriptedServer] = []
    out = io.StringIO()

    def factory(on_action: OnAction, on_closed: OnClosed) -> ScriptedServer:
        servers.append(ScriptedServer(on_action, on_closed, fail))
        return servers[-1]

    return DesktopNotifier(TerminalNotifier(out), factory), servers, out


CATALOGUE = load_catalogue()


def offer_alert(kind: EventKind, repeat: int = 0) -> Alert:
    stretch = Chooser(CATALOGUE).choose(kind)
    alert = alert_for(Event(kind, 0.0, duration_s=600.0, repeat=repeat), stretch)
    assert alert is not None and alert.offer is stretch
    return alert


def test_an_alert_with_a_stretch_has_start_snooze_skip_each_once_at_normal_urgency() -> None:
    urgent = alert_for(
        Event(K.FORWARD_ALERT, 0.0, duration_s=600.0, repeat=3, urgent=True),
        Chooser(CATALOGUE).choose(K.FORWARD_ALERT),
    )
    assert urgent is not None
    offered, plain = note_for(urgent), note_for(alert(K.SITTING_ALERT))
    assert [label for _, label in offered.buttons] == ["Start stretch", "Snooze", "Skip"]
    assert [label for _, label in plain.buttons] == ["Snooze"]
    assert not offered.urgent and not offered.expires  # kept until acted on or withdrawn
    assert offered.icon == ICON and ICON.exists() and ICON.with_suffix(".svg").exists()
    own = note_for(Alert("posture", "calibrated", False))  # a reply: nothing withdraws it
    assert own.expires and own.buttons == ()


def test_buttons_come_back_as_commands_for_their_own_cause() -> None:
    notifier, [server], _ = scripted()
    asked: list[Command] = []
    notifier.connect(asked.append)
    notifier.notify(offer_alert(K.FORWARD_ALERT))
    notifier.notify(offer_alert(K.STILL_ALERT))
    forward, still = server.shown[0][0], server.shown[1][0]
    for key in ("snooze", "skip", "start", "default", "unknown"):
        server.on_action(forward, key)
    server.on_action(still, "start")
    server.on_action(still + 99, "snooze")  # another application's notification
    actions = [Action.SNOOZE, Action.SKIP_STRETCH, Action.TAKE_STRETCH]
    assert asked == [Command(a, cause=K.FORWARD_ALERT) for a in actions] + [
        Command(Action.TAKE_STRETCH, cause=K.STILL_ALERT)
    ]


def test_a_reminder_replaces_its_cause_and_a_closed_one_is_shown_anew() -> None:
    notifier, [server], _ = scripted()
    notifier.notify(alert(K.STILL_ALERT))
    notifier.notify(alert(K.SITTING_ALERT))
    notifier.notify(alert(K.STILL_ALERT, repeat=1))
    assert [(nid, replaced) for nid, replaced, _ in server.shown] == [(1, 0), (2, 0), (1, 1)]
    server.on_closed(1)  # the person dismissed it
    notifier.notify(alert(K.STILL_ALERT, repeat=2))
    assert server.shown[-1][1] == 0  # nothing left to replace
    notifier.withdraw(K.SITTING_ALERT)
    notifier.withdraw(K.SITTING_ALERT)  # gone already: nothing more
    assert server.withdrawn == [2]


def test_a_new_alert_leaves_the_other_causes_notifications_alone() -> None:
    notifier, [server], _ = scripted()
    notifier.notify(offer_alert(K.FORWARD_ALERT))
    notifier.notify(offer_alert(K.STILL_ALERT))
    assert [note.title for _, _, note in server.shown] == ["Head forward", "Neck still"]


def test_a_service_down_at_the_start_is_tried_again_with_backoff_and_used_when_it_answers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    service, out = Service(up=False), io.StringIO()
    with caplog.at_level(logging.WARNING):
        notifier = DesktopNotifier(TerminalNotifier(out), service.factory, service.clock.now)
        notifier.notify(alert(K.STILL_ALERT))  # at once: the terminal, no new try
        assert service.tries == 1
        service.clock.sleep_until(RETRY_S[0])
        notifier.notify(alert(K.STILL_ALERT, repeat=1))  # tried again, still down
        assert service.tries == 2
        service.clock.sleep_until(RETRY_S[0] * 2.5)  # the wait has doubled: not yet
        notifier.notify(alert(K.STILL_ALERT, repeat=2))
        assert service.tries == 2
        service.up = True
        service.clock.sleep_until(RETRY_S[0] * 3)
        notifier.notify(alert(K.SITTING_ALERT))
    assert service.tries == 3 and out.getvalue().count("Neck still") == 3
    titles = [note.title for _, _, note in service.servers[0].shown]
    assert titles == ["Neck still (reminder)", "Sitting too long"]  # the standing one, again
    said = [r.message for r in caplog.records]
    assert sum("unavailable" in m for m in said) == 1 and "ServiceUnknown" in said[0]
    assert sum("are back" in m for m in said) == 1


def test_a_service_that_stops_answering_is_used_again_when_it_comes_back() -> None:
    service, out = Service(), io.StringIO()
    notifier = DesktopNotifier(TerminalNotifier(out), service.factory, service.clock.now)
    notifier.notify(alert(K.FORWARD_ALERT))
    service.servers[0].fail = True  # the daemon died
    notifier.notify(alert(K.STILL_ALERT))
    assert "Neck still" in out.getvalue()
    service.clock.sleep_until(RETRY_S[0])
    notifier.notify(alert(K.SITTING_ALERT))
    assert len(service.servers) == 2
    titles = sorted(note.title for _, _, note in service.servers[1].shown)
    assert titles == ["Head forward", "Neck still", "Sitting too long"]


@pytest.mark.parametrize("kind", ALERTS, ids=lambda k: k.name)
def test_every_alert_is_short_and_names_its_stretch_without_terminal_instructions(
    kind: EventKind,
) -> None:
    long_ago = Event(kind, 0.0, duration_s=3600 * 9 + 59 * 60, repeat=3, urgent=True)
    for stretch in [*CATALOGUE.stretches.values(), None]:
        said = alert_for(long_ago, stretch)
        assert said is not None and len(said.body) <= BODY_MAX, said.body
        assert "9 h 59 min" in said.body and "terminal" not in said.body
        if stretch is not None:
            assert stretch.name in said.body and "press" not in said.body.lower()


def test_the_terminal_line_names_the_keys_only_where_they_work() -> None:
    with_keys, without = io.StringIO(), io.StringIO()
    TerminalNotifier(with_keys, keys=True).notify(offer_alert(K.FORWARD_ALERT))
    TerminalNotifier(without).notify(offer_alert(K.FORWARD_ALERT))
    TerminalNotifier(with_keys, keys=True).notify(alert(K.SITTING_ALERT))  # nothing to start
    lines = [line for line in with_keys.getvalue().splitlines() if line.strip("\a")]
    assert lines[0].endswith("(g: start it, s: snooze, x: skip)") and len(lines[0]) < 200
    assert "(g: " not in lines[1] and "(g: " not in without.getvalue()


# --- the alerter takes back what no longer holds ---------------------------------------------


def alerter_with(notifier: RecordingNotifier, tmp_path: Path) -> tuple[Alerter, list[Command]]:
    store = Store(tmp_path / "h.db", time.monotonic)
    store.start_session(1e9, "test", {})
    asked: list[Command] = []

    clock = VirtualClock()
    coach = CoachSlot(clock, lambda cue: None)
    history = HistoryWriter(store, lambda t: 1e9 + t)
    chooser = Chooser(CATALOGUE)
    return Alerter(notifier, chooser, history, coach, clock, asked.append), asked


def test_a_cleared_cause_a_snooze_and_the_end_of_the_run_withdraw_notifications(
    tmp_path: Path,
) -> None:
    notifier = RecordingNotifier()
    alerter, _ = alerter_with(notifier, tmp_path)
    alerter.events([Event(K.FORWARD_ALERT, 1.0), Event(K.STILL_ALERT, 1.0)])
    alerter.events([Event(K.NECK_MOVED, 2.0)])
    assert notifier.withdrawn == [K.STILL_ALERT]
    alerter.events([Event(K.NECK_MOVED, 3.0), Event(K.AWAY, 3.0)])  # nothing more to take back
    alerter.events([Event(K.FORWARD_ALERT, 4.0, repeat=1), Event(K.STILL_ALERT, 4.0)])
    alerter.events([Event(K.SNOOZED, 5.0, duration_s=600.0)])
    assert sorted(notifier.withdrawn[1:], key=ALERTS.index) == [K.FORWARD_ALERT, K.STILL_ALERT]
    alerter.events([Event(K.SITTING_ALERT, 6.0)])
    alerter.finished(10.0)
    assert notifier.withdrawn[-1] == K.SITTING_ALERT and len(notifier.withdrawn) == 4


def test_taking_or_skipping_the_offer_withdraws_its_notification(tmp_path: Path) -> None:
    notifier = RecordingNotifier()
    alerter, _ = alerter_with(notifier, tmp_path)
    alerter.events([Event(K.FORWARD_ALERT, 1.0), Event(K.SITTING_ALERT, 1.0)])
    alerter.command(Command(Action.SKIP_STRETCH), 2.0)
    assert notifier.withdrawn == [K.SITTING_ALERT]  # the offer is the latest alert's
    alerter.events([Event(K.STILL_ALERT, 3.0)])
    alerter.command(Command(Action.TAKE_STRETCH), 4.0)
    assert notifier.withdrawn == [K.SITTING_ALERT, K.STILL_ALERT]


def test_a_changed_view_is_one_notification_withdrawn_when_the_view_matches(
    tmp_path: Path,
) -> None:
    notifier = RecordingNotifier()
    alerter, _ = alerter_with(notifier, tmp_path)
    alerter.events([Event(K.VIEW_CHANGED, 1.0)])
    assert [a.cause for a in notifier.alerts] == [K.VIEW_CHANGED]
    assert len(notifier.alerts[0].body) <= BODY_MAX, notifier.alerts[0].body
    alerter.events([Event(K.VIEW_MATCHED, 2.0)])
    assert notifier.withdrawn == [K.VIEW_CHANGED]
