"""The tray icon: the monitor's state at a glance, its numbers in the tooltip, and a menu.

It is a Surface of the run (posture/app/presence.py): `attach` and `show` are called in the
monitor's thread and only post to the GUI thread through a Bridge; everything else runs in the
GUI thread. The menu's commands go to the loop's queue (`submit`), never to the monitor itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QIcon, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from posture.core.monitor.commands import Action, Command
from posture.core.monitor.state import Snapshot, State, state_of
from posture.core.ports import Submit
from posture.core.words import duration_text
from posture.desktop import icons
from posture.desktop.qt_app import Bridge, void

log = logging.getLogger(__name__)

PAUSES = (("Pause 30 min", 1800.0), ("Pause 1 hour", 3600.0))
TRAY_CHECK_MS = 2000
"""How often the tray looks for a tray host (one may start, or start again, at any time)."""


TOMORROW_AT = time(9, 0)
"""'Pause until tomorrow' ends at this local time (a working day's start, not midnight)."""


def until_tomorrow_s(now: datetime) -> float:
    """Seconds from `now` (local) to tomorrow at TOMORROW_AT, local time."""
    start = datetime.combine((now + timedelta(days=1)).date(), TOMORROW_AT, now.tzinfo)
    return max((start - now).total_seconds(), 60.0)


def clock_text(at: datetime | time) -> str:
    """A time of day as a person writes it: '9:00', '14:35'."""
    return f"{at.hour}:{at.minute:02d}"


def when_text(until: datetime, now: datetime) -> str:
    """When something ends, as a person says it: '14:35', 'tomorrow 9:00', 'Tue 9:00'."""
    clock = clock_text(until)
    days = (until.date() - now.date()).days
    if days <= 0:
        return clock
    return f"tomorrow {clock}" if days == 1 else f"{until:%a} {clock}"


def headline(snapshot: Snapshot, now: datetime) -> str:
    """The state in words, with when a pause or a snooze ends (local, naive `now`)."""
    state = state_of(snapshot)
    line = f"posture: {icons.WORDS[state]}"
    s, until = snapshot.status, snapshot.paused_until_utc
    if state is State.PAUSED and until is not None:
        line += f" until {when_text(datetime.fromtimestamp(until), now)}"
    elif state is State.SNOOZED and s is not None:
        line += f" until {when_text(now + timedelta(seconds=s.snoozed_s), now)}"
    return line


def tooltip(snapshot: Snapshot, now: datetime | None = None) -> str:
    """The tooltip: the state, then the numbers (angle, neck still, sitting)."""
    lines = [headline(snapshot, now or datetime.now())]
    s = snapshot.status
    if s is not None and not s.paused and not s.away:
        angle = "head ?" if s.head_forward_deg is None else f"head {s.head_forward_deg:.0f}°"
        lines.append(
            f"{angle} · neck still {duration_text(s.still_s)} · "
            f"sitting {duration_text(s.sitting_s)}"
        )
    elif s is not None and s.away:
        lines.append(f"sitting {duration_text(s.sitting_s)} before you left")
    return "\n".join(lines)


def start_label(stretch: str | None, paused: bool) -> str:
    """The menu's entry for the stretch on offer (named), or that there is none."""
    if stretch is None:
        return "No stretch on offer"
    return f"Start {stretch}" + (" (resumes monitoring)" if paused else "")


@dataclass(frozen=True, slots=True)
class Offered:
    """The stretch now on offer (None: none), handed to the GUI thread."""

    name: str | None


class Tray:
    """The tray icon and its menu (made in the GUI thread)."""

    def __init__(
        self, extras: dict[str, Callable[[], None]], note_neck: Callable[[int], None] | None = None
    ) -> None:
        """`extras`: the menu's other entries by label (Calibrate…, Today's report, …);
        `note_neck`: notes a level in the neck diary (a submenu, one click per level)."""
        self._note_neck = note_neck
        self._bridge = Bridge(self._arrived)
        self._submit: Submit | None = None
        self._stop_wanted = False
        self.quit_early: Callable[[], None] = lambda: None
        """Told of Quit before the run has started (a run waiting for its camera ends)."""
        self._state: State | None = None
        self._offer: str | None = None
        self.note = ""
        """A last line for the tooltip ('not set up: ...'; '' for none)."""
        self.icon = QSystemTrayIcon()
        self.menu = QMenu()
        self._build_menu(extras)
        self.icon.setContextMenu(self.menu)
        self._render(Snapshot(None))
        self.icon.show()  # docked now, or by Qt once an X11 tray host appears
        self.tray_seen = QSystemTrayIcon.isSystemTrayAvailable()
        self._watch = QTimer()
        self._watch.timeout.connect(self._look_for_tray)
        self._watch.start(TRAY_CHECK_MS)

    def _look_for_tray(self) -> None:
        """A tray host that appears (or comes back) gets the icon: shown again to dock there."""
        seen = QSystemTrayIcon.isSystemTrayAvailable()
        if seen and not self.tray_seen:
            log.warning("a system tray is here now: the icon is shown there")
            void(self.icon.hide)
            void(self.icon.show)
        self.tray_seen = seen

    def _build_menu(self, extras: dict[str, Callable[[], None]]) -> None:
        self.header = self.menu.addAction("posture: starting")
        self.header.setEnabled(False)
        self.menu.addSeparator()
        for label, seconds in PAUSES:
            self._add(label, Command(Action.PAUSE, seconds))
        tomorrow = self.menu.addAction(f"Pause until tomorrow {clock_text(TOMORROW_AT)}")
        tomorrow.triggered.connect(self._pause_until_tomorrow)
        self.resume = self._add("Resume", Command(Action.RESUME))
        self.snooze = self._add("Snooze alerts", Command(Action.SNOOZE))
        self.end_snooze = self._add("End snooze", Command(Action.END_SNOOZE))
        self.end_snooze.setVisible(False)
        self.start = self._add(start_label(None, False), Command(Action.TAKE_STRETCH))
        self.start.setEnabled(False)
        if self._note_neck is not None:
            self._neck_menu(self._note_neck)
        self.menu.addSeparator()
        for label, handler in extras.items():
            self.menu.addAction(label).triggered.connect(handler)
        self.menu.addSeparator()
        self._add("Quit", Command(Action.STOP))

    def _neck_menu(self, note: Callable[[int], None]) -> None:
        """The neck diary: one click notes today's level (0 fine, 10 worst)."""
        self.neck = self.menu.addMenu("How does your neck feel?")
        for level in range(11):
            label = f"{level}" + {0: " (fine)", 10: " (worst)"}.get(level, "")
            self.neck.addAction(label).triggered.connect(lambda _=False, n=level: note(n))

    def _add(self, label: str, command: Command) -> QAction:
        action = self.menu.addAction(label)
        action.triggered.connect(lambda: self.send(command))
        return action

    def _pause_until_tomorrow(self) -> None:
        self.send(Command(Action.PAUSE, until_tomorrow_s(datetime.now().astimezone())))

    # --- from the monitor's thread ------------------------------------------------------------

    def attach(self, submit: Submit) -> None:
        self._bridge.post(submit)

    def show(self, snapshot: Snapshot) -> None:
        self._bridge.post(snapshot)

    # --- in the GUI thread --------------------------------------------------------------------

    def send(self, command: Command) -> None:
        """Hand a command to the run (held until the run has started)."""
        if self._submit is None:
            if command.action is Action.STOP:
                self._stop_wanted = True
                self.quit_early()
            else:
                log.warning("the monitor is still starting; try again in a moment")
            return
        self._submit(command)

    def stop(self) -> None:
        """Ask the run to end (Ctrl-C, SIGTERM); before it started, as soon as it does."""
        if self._submit is None:
            self._stop_wanted = True
        else:
            self._submit(Command(Action.STOP))

    def offered(self, name: str | None) -> None:
        """The stretch on offer now (from the monitor's thread)."""
        self._bridge.post(Offered(name))

    def _arrived(self, item: object) -> None:
        if isinstance(item, Snapshot):
            self._render(item)
        elif isinstance(item, Offered):
            self._offer = item.name
            self._label_start()
        elif callable(item):
            self._submit = item
            if self._stop_wanted:
                item(Command(Action.STOP))

    def _label_start(self) -> None:
        paused = self._state is State.PAUSED
        void(self.start.setText, start_label(self._offer, paused))
        void(self.start.setEnabled, self._offer is not None)

    def _render(self, snapshot: Snapshot) -> None:
        state, now = state_of(snapshot), datetime.now()
        if state is not self._state:
            self._state = state
            void(self.icon.setIcon, QIcon(QPixmap.fromImage(icons.draw(state))))
            void(self.resume.setEnabled, state in (State.PAUSED, State.STARTING))
            void(self.snooze.setVisible, state is not State.SNOOZED)
            void(self.end_snooze.setVisible, state is State.SNOOZED)
            self._label_start()
        void(self.header.setText, headline(snapshot, now))
        void(self.icon.setToolTip, "\n".join(filter(None, (tooltip(snapshot, now), self.note))))

    def hide(self) -> None:
        self._watch.stop()
        self.icon.hide()
