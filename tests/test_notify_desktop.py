"""Notifications on a real desktop (Xvfb, a D-Bus session bus, dunst): the buttons dunst offers,
Snooze pressed through dunst snoozing the run's monitor, a reminder replacing its notification,
a correction withdrawing it, a click on the body starting the stretch."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import RecordingSink, ScriptedCamera
from desktop_session import Desktop
from test_one_thing_at_a_time import Day

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.notify.dbus import FreedesktopServer
from posture.adapters.notify.library import LibraryServer
from posture.adapters.notify.note import Note, OnAction, OnClosed
from posture.adapters.notify.notifier import RETRY_S, DesktopNotifier, TerminalNotifier
from posture.adapters.notify.sound import Sound
from posture.adapters.store.store import Store
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app.loop import Loop, Parts
from posture.app.nudges import NudgeChoice
from posture.core.data import Frame, PoseSample, Reading, View
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.commands import Action
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings
from posture.core.stretches.catalogue import Chooser

FORWARD_DEG, GOOD_DEG = 40.0, 5.0


class NoPose:
    def estimate(self, frame: Frame) -> PoseSample | None:
        return None


class CountingServer(FreedesktopServer):
    """The real server connection, keeping the id dunst gave each notification."""

    def __init__(self, on_action: OnAction, on_closed: OnClosed, address: str) -> None:
        super().__init__(on_action, on_closed, address)
        self.ids: list[int] = []

    def show(self, note: Note, replaces: int = 0) -> int:
        self.ids.append(super().show(note, replaces))
        return self.ids[-1]


def wait_for(check: Callable[[], bool], what: str, seconds: float = 5.0) -> None:
    """Poll the real desktop for a condition, with a deadline."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {seconds:.0f} s")
        time.sleep(0.05)


def displayed(desktop: Desktop) -> int:
    return int(desktop.run("dunstctl", "count", "displayed").strip() or 0)


@pytest.fixture
def quiet(desktop: Desktop) -> Iterator[Desktop]:
    """The desktop with no notification left over from another test, before and after."""
    desktop.run("dunstctl", "close-all")
    wait_for(lambda: displayed(desktop) == 0, "dunst emptied")
    yield desktop
    desktop.run("dunstctl", "close-all")


class Run:
    """The real loop with its real alerter, monitor and history, and a real desktop notifier;
    the readings are scripted (no camera), in virtual time."""

    def __init__(self, desktop: Desktop, tmp_path: Path, settings: Settings | None = None) -> None:
        """`settings`: the run's (the nudge settings choose what reaches the notifier)."""
        self.servers: list[CountingServer] = []
        self.terminal = io.StringIO()
        address = desktop.env["DBUS_SESSION_BUS_ADDRESS"]

        def server(on_action: OnAction, on_closed: OnClosed) -> CountingServer:
            self.servers.append(CountingServer(on_action, on_closed, address))
            return self.servers[-1]

        self.retry_clock = VirtualClock()
        self.notifier = DesktopNotifier(
            TerminalNotifier(self.terminal), server, self.retry_clock.now
        )
        self.store = Store(tmp_path / "h.db", time.monotonic)
        self.store.start_session(0.0, "scripted", {})
        self.clock = VirtualClock()
        self.settings = settings or Settings()
        chooser = Chooser(load_catalogue())
        self.sink = sink = RecordingSink()
        camera = ScriptedCamera([np.zeros((4, 4, 3), np.uint8)], [])  # never looked at
        nudged = NudgeChoice(self.notifier, self.settings, Sound().play)  # as the run does
        parts = Parts(camera, NoPose(), FrontalEstimator(), self.store, nudged, sink)
        parts.chooser = chooser
        monitor = Monitor(self.settings)
        self.loop = Loop(parts, self.settings, monitor, self.clock, lambda t: 1e9 + t)
        self.kinds: list[EventKind] = []

    @property
    def ids(self) -> list[int]:
        return self.servers[0].ids

    def sit(self, seconds: float, angle: float) -> None:
        """A reading a second with the head at `angle`, each step published as the loop does."""
        end = self.clock.now() + seconds
        while self.clock.now() < end:
            self.clock.sleep_until(self.clock.now() + 1.0)
            reading = Reading(
                t=self.clock.now(),
                present=True,
                view=View.FRONT,
                head_forward_deg=angle,
                confidence=0.9,
                yaw_deg=0.0,
                pitch_deg=0.0,
                roll_deg=0.0,
            )
            events = self.loop.monitor.update(reading)
            self.kinds += [e.kind for e in events]
            self.loop.publish(events)
            self.loop.apply_commands()

    def close(self) -> None:
        self.notifier.close()
        self.store.close()


@pytest.fixture
def run(quiet: Desktop, tmp_path: Path) -> Iterator[Run]:
    started = Run(quiet, tmp_path)
    yield started
    started.close()


def test_snooze_pressed_in_dunst_snoozes_the_monitor(quiet: Desktop, run: Run) -> None:
    run.sit(run.settings.arrival_s + run.settings.forward_hold_s + 5, FORWARD_DEG)
    assert EventKind.FORWARD_ALERT in run.kinds and run.terminal.getvalue() == ""
    wait_for(lambda: displayed(quiet) == 1, "the forward-head notification shown")
    offered = quiet.invoke("#Snooze (Head forward)")
    mine = [line for line in offered if f"[{run.ids[0]}," in line]
    labels = sorted(line.split(" (")[0] for line in mine)
    assert labels == ["#Skip", "#Snooze", "#Start stretch"]  # each once
    assert run.loop.monitor.status().snoozed_s == 0

    def snoozed() -> bool:
        run.loop.apply_commands()  # what the loop does at each step, on its own thread
        return run.loop.monitor.status().snoozed_s > 0

    wait_for(snoozed, "the monitor snoozed by the button")
    wait_for(lambda: displayed(quiet) == 0, "the notification withdrawn once snoozed")
    run.sit(run.settings.snooze_s - 5, FORWARD_DEG)  # snoozed: no new alert meanwhile
    assert run.kinds.count(EventKind.FORWARD_ALERT) == 1


def test_a_reminder_replaces_the_notification_and_a_correction_withdraws_it(
    quiet: Desktop, run: Run
) -> None:
    run.sit(run.settings.arrival_s + run.settings.forward_hold_s + 5, FORWARD_DEG)
    run.sit(run.settings.cooldown_s, FORWARD_DEG)
    assert run.kinds.count(EventKind.FORWARD_ALERT) == 2
    assert len(run.ids) == 2 and run.ids[0] == run.ids[1]  # the same notification, replaced
    assert displayed(quiet) == 1
    offered = quiet.invoke("nothing to choose")
    assert any(f"(Head forward (reminder)) [{run.ids[0]}," in line for line in offered)
    run.sit(run.settings.forward_clear_s + 5, GOOD_DEG)
    assert EventKind.FORWARD_CLEARED in run.kinds
    wait_for(lambda: displayed(quiet) == 0, "the notification withdrawn when posture cleared")
    history = json.loads(quiet.run("dunstctl", "history"))["data"][0]
    mine = [n for n in history if n["id"]["data"] == run.ids[0]]
    assert len(mine) == 1 and mine[0]["summary"]["data"] == "Head forward (reminder)"
    assert mine[0]["icon_path"]["data"].endswith("icons/posture.png")
    assert len(mine[0]["body"]["data"]) <= 120 and "terminal" not in mine[0]["body"]["data"]


def _history(desktop: Desktop) -> list[dict[str, dict[str, object]]]:
    return list(json.loads(desktop.run("dunstctl", "history"))["data"][0])


def test_every_alert_is_normal_urgency_kept_until_withdrawn_and_names_its_desktop_entry(
    quiet: Desktop, run: Run
) -> None:
    """Reminders used to turn critical and first alerts to expire after dunst's 10 s."""
    run.sit(run.settings.arrival_s + run.settings.forward_hold_s + 5, FORWARD_DEG)
    for _ in range(run.settings.escalate_after + 1):  # past the escalation
        run.sit(run.settings.cooldown_s, FORWARD_DEG)
    assert run.kinds.count(EventKind.FORWARD_ALERT) == run.settings.escalate_after + 2
    quiet.run("dunstctl", "close-all")
    wait_for(lambda: displayed(quiet) == 0, "dunst emptied")
    mine = [n for n in _history(quiet) if n["id"]["data"] == run.ids[-1]]
    assert mine[0]["timeout"]["data"] == 0  # never expires by itself
    assert mine[0]["category"]["data"] == "posture-entry"  # its desktop entry, not critical


def test_notifications_come_back_after_the_daemon_restarts(quiet: Desktop, run: Run) -> None:
    run.sit(run.settings.arrival_s + run.settings.forward_hold_s + 5, FORWARD_DEG)
    wait_for(lambda: displayed(quiet) == 1, "the forward-head notification shown")
    quiet.stop("dunst")
    try:
        run.sit(
            run.settings.still_alert_s + 30, GOOD_DEG
        )  # the still-neck alert, no one to show it
        assert EventKind.STILL_ALERT in run.kinds
        assert "Neck still" in run.terminal.getvalue()
    finally:
        quiet.start("dunst")
    run.retry_clock.sleep_until(RETRY_S[1])  # the notifier's wait before trying again
    run.sit(run.settings.cooldown_s, GOOD_DEG)  # its reminder
    wait_for(lambda: displayed(quiet) >= 1, "notifications shown again")
    quiet.run("dunstctl", "close-all")
    wait_for(lambda: displayed(quiet) == 0, "dunst emptied")
    titles = [n["summary"]["data"] for n in _history(quiet)]
    assert "Neck still (reminder)" in titles


def test_the_library_backend_for_macos_and_windows_shows_replaces_and_withdraws(
    quiet: Desktop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """desktop-notifier (used where there is no freedesktop server) on this desktop's dunst: a
    reminder takes the earlier notification's place, and a withdrawn one goes."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", quiet.env["DBUS_SESSION_BUS_ADDRESS"])
    server = LibraryServer(lambda nid, key: None, lambda nid: None)
    buttons = (("snooze", "Snooze"), ("skip", "Skip"))
    first = server.show(
        Note("Neck still", "Your neck has hardly moved for 25 min.", False, buttons)
    )
    wait_for(lambda: displayed(quiet) == 1, "the library's notification shown")
    offered = quiet.invoke("nothing to choose")
    labels = {line.split(" (")[0] for line in offered if "(Neck still)" in line}
    assert {"#Snooze", "#Skip"} <= labels
    second = server.show(Note("Neck still (reminder)", "Still for 35 min."), replaces=first)
    assert second != first
    wait_for(lambda: displayed(quiet) == 1, "the reminder in the earlier one's place")
    server.withdraw(second)
    wait_for(lambda: displayed(quiet) == 0, "the library's notification withdrawn")


def test_an_alert_due_during_a_stretch_started_in_dunst_waits_for_its_end(
    quiet: Desktop, tmp_path: Path
) -> None:
    """A 'Head forward (reminder)' used to arrive mid-stretch with a Start button for the
    stretch already under way."""
    address = quiet.env["DBUS_SESSION_BUS_ADDRESS"]
    notifier = DesktopNotifier(
        TerminalNotifier(io.StringIO()), lambda a, c: FreedesktopServer(a, c, address)
    )
    day = Day(tmp_path, notifier)
    try:
        s = day.settings
        day.sit(s.arrival_s + s.forward_hold_s + 5, FORWARD_DEG)
        wait_for(lambda: displayed(quiet) == 1, "the forward-head notification")
        quiet.invoke("#Start stretch (Head forward)")

        def started() -> bool:
            day.loop.apply_commands()  # what the loop does at each step
            return day.loop.coaching.active

        wait_for(started, "the stretch started from dunst")
        wait_for(lambda: displayed(quiet) == 0, "its notification withdrawn")
        day.sit(s.cooldown_s + 5, FORWARD_DEG)  # the reminder falls due mid-stretch
        assert day.kinds.count(EventKind.FORWARD_ALERT) == 2 and day.loop.coaching.active
        assert displayed(quiet) == 0
        day.press(Action.FINISH_STRETCH)  # Done
        day.sit(2, FORWARD_DEG)
        wait_for(lambda: displayed(quiet) == 1, "the reminder, after the stretch")
        offered = quiet.invoke("nothing to choose")
        assert any("(Head forward (reminder))" in line for line in offered)
    finally:
        notifier.close()
        day.store.close()
