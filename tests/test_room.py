"""Reading the room: alert notifications are held while a window fills the screen or the
desktop's do-not-disturb is on, the monitor's timing goes on, and one short summary follows.
On the real desktop (Xvfb, dunst): a test window with the fullscreen hint, made the active window
as a window manager would, and dunst's own pause (its do-not-disturb)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import RecordingNotifier
from desktop_session import Desktop
from test_notify_desktop import displayed, wait_for
from test_one_thing_at_a_time import FORWARD_DEG, Day

from posture.adapters.notify.dbus import FreedesktopServer
from posture.adapters.notify.note import OnAction, OnClosed
from posture.adapters.notify.notifier import DesktopNotifier, TerminalNotifier
from posture.adapters.system.room import Fullscreen
from posture.app.room import DO_NOT_DISTURB, PRESENTING, Check, RoomHold
from posture.core.alerts import alert_for
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind

K = EventKind


def test_alerts_are_held_while_busy_and_one_summary_follows() -> None:
    inner, busy = RecordingNotifier(), [True]
    room = RoomHold(inner, [(PRESENTING, lambda: busy[0])])
    room.look(0.0)
    for kind, lasted in (
        (K.FORWARD_ALERT, 120.0),
        (K.FORWARD_ALERT, 720.0),
        (K.STILL_ALERT, 1500.0),
    ):
        said = alert_for(Event(kind, 1.0, duration_s=lasted))
        assert said is not None
        room.notify(said)
    assert inner.alerts == []
    room.look(3.0)  # too soon to look again
    busy[0] = False
    room.look(6.0)
    [summary] = inner.alerts
    assert summary.title == "While you presented" and summary.cause is None
    assert summary.body == "Neck still for 25 min; head forward for 12 min."
    room.look(20.0)
    assert len(inner.alerts) == 1  # once


def test_nothing_held_means_no_summary_and_the_first_busy_check_wins() -> None:
    inner = RecordingNotifier()
    checks: list[tuple[str, Check]] = [(PRESENTING, lambda: None), (DO_NOT_DISTURB, lambda: True)]
    room = RoomHold(inner, checks)
    room.look(0.0)
    assert room.busy == DO_NOT_DISTURB


class Window:
    """A window with the fullscreen hint, made the active window as a window manager does."""

    CODE = (
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication(['fullscreen-test'])\n"
        "w = QWidget(); w.setWindowTitle('a film'); w.showFullScreen()\n"
        "print(int(w.winId()), flush=True)\n"
        "app.exec()\n"
    )

    def __init__(self, desktop: Desktop) -> None:
        self.desktop = desktop
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.CODE], env=desktop.env, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        self.id = int(self.process.stdout.readline())
        states = lambda: "FULLSCREEN" in desktop.run("xprop", "-id", str(self.id), "_NET_WM_STATE")  # noqa: E731
        wait_for(states, "the fullscreen hint")
        desktop.run(
            "xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32x", "-set", "_NET_ACTIVE_WINDOW",
            hex(self.id),
        )  # fmt: skip

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.desktop.run(
            "xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32x", "-set", "_NET_ACTIVE_WINDOW", "0"
        )


@pytest.fixture
def room_day(desktop: Desktop, tmp_path: Path) -> Iterator[tuple[Day, RoomHold, Fullscreen]]:
    desktop.run("dunstctl", "close-all")
    address = desktop.env["DBUS_SESSION_BUS_ADDRESS"]

    def server(on_action: OnAction, on_closed: OnClosed) -> FreedesktopServer:
        return FreedesktopServer(on_action, on_closed, address)

    screen = Fullscreen(desktop.display)
    notifier = DesktopNotifier(TerminalNotifier(io.StringIO()), server)
    room = RoomHold(notifier, [(PRESENTING, screen.now), (DO_NOT_DISTURB, notifier.quiet)])
    day = Day(tmp_path, room)
    day.loop.subscribe(room)
    yield day, room, screen
    notifier.close()
    screen.close()
    day.store.close()
    desktop.run("dunstctl", "set-paused", "false")
    desktop.run("dunstctl", "close-all")


def summaries(desktop: Desktop) -> list[str]:
    desktop.run("dunstctl", "close-all")
    wait_for(lambda: displayed(desktop) == 0, "dunst emptied")
    history = json.loads(desktop.run("dunstctl", "history"))["data"][0]
    return [str(n["summary"]["data"]) + ": " + str(n["body"]["data"]) for n in history]


def test_a_fullscreen_window_holds_nudges_and_the_summary_follows(
    desktop: Desktop, room_day: tuple[Day, RoomHold, Fullscreen]
) -> None:
    day, room, screen = room_day
    window = Window(desktop)
    try:
        assert screen.now() is True
        day.sit(day.settings.arrival_s + day.settings.forward_hold_s + 5, FORWARD_DEG)
        day.sit(day.settings.cooldown_s, FORWARD_DEG)  # and its reminder
        assert day.kinds.count(K.FORWARD_ALERT) == 2 and room.busy == PRESENTING
        assert displayed(desktop) == 0
    finally:
        window.close()
    day.sit(6, FORWARD_DEG)
    wait_for(lambda: displayed(desktop) == 1, "the summary")
    [said] = [s for s in summaries(desktop) if s.startswith("While")]
    assert said.startswith("While you presented: Head forward for ") and len(said) < 80


def test_do_not_disturb_holds_nudges_and_the_summary_follows(
    desktop: Desktop, room_day: tuple[Day, RoomHold, Fullscreen]
) -> None:
    day, room, _ = room_day
    desktop.run("dunstctl", "set-paused", "true")  # dunst's do-not-disturb
    day.sit(day.settings.arrival_s + day.settings.forward_hold_s + 5, FORWARD_DEG)
    assert K.FORWARD_ALERT in day.kinds and room.busy == DO_NOT_DISTURB
    desktop.run("dunstctl", "set-paused", "false")
    day.sit(6, FORWARD_DEG)
    wait_for(lambda: displayed(desktop) == 1, "the summary alone")
    said = [s for s in summaries(desktop) if s.startswith("While do-not-disturb")]
    assert said == ["While do-not-disturb was on: Head forward for 60 s."]
