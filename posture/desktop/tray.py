"""The tray icon: the monitor's state at a glance, its numbers in the tooltip, and a menu.

It is a Surface of the run (posture/app/presence.py): `attach` and `show` are called in the
monitor's thread and only post to the GUI thread through a Bridge; everything else runs in the
GUI thread. The menu's commands go to the loop's queue (`submit`), never to the monitor itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

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


def until_tomorrow_s(now: datetime) -> float:
    """Seconds from `now` (local, aware) to the start of tomorrow, local time."""
    tomorrow = (now + timedelta(days=1)).date()
    start = datetime.combine(tomorrow, datetime.min.time(), now.tzinfo)
    return max((start - now).total_seconds(), 60.0)


def tooltip(snapshot: Snapshot) -> str:
    """The tooltip: the state, then the numbers (angle, neck still, sitting)."""
    state = state_of(snapshot)
    lines = [f"posture: {icons.WORDS[state]}"]
    until = snapshot.paused_until_utc
    if state is State.PAUSED and until is not None:
        lines[0] += f" until {datetime.fromtimestamp(until):%H:%M}"
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
        self._state: State | None = None
        self.icon = QSystemTrayIcon()
        self.menu = QMenu()
        self._build_menu(extras)
        self.icon.setContextMenu(self.menu)
        self._render(Snapshot(None))
        self.icon.show()

    def _build_menu(self, extras: dict[str, Callable[[], None]]) -> None:
        self.header = self.menu.addAction("posture: starting")
        self.header.setEnabled(False)
        self.menu.addSeparator()
        for label, seconds in PAUSES:
            self._add(label, Command(Action.PAUSE, seconds))
        tomorrow = self.menu.addAction("Pause until tomorrow")
        tomorrow.triggered.connect(self._pause_until_tomorrow)
        self.resume = self._add("Resume", Command(Action.RESUME))
        self._add("Snooze alerts", Command(Action.SNOOZE))
        self._add("Start the suggested stretch", Command(Action.TAKE_STRETCH))
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
            self._stop_wanted = self._stop_wanted or command.action is Action.STOP
            log.warning("the monitor is still starting; try again in a moment")
            return
        self._submit(command)

    def stop(self) -> None:
        """Ask the run to end (Ctrl-C, SIGTERM); before it started, as soon as it does."""
        if self._submit is None:
            self._stop_wanted = True
        else:
            self._submit(Command(Action.STOP))

    def _arrived(self, item: object) -> None:
        if isinstance(item, Snapshot):
            self._render(item)
        elif callable(item):
            self._submit = item
            if self._stop_wanted:
                item(Command(Action.STOP))

    def _render(self, snapshot: Snapshot) -> None:
        state = state_of(snapshot)
        if state is not self._state:
            self._state = state
            void(self.icon.setIcon, QIcon(QPixmap.fromImage(icons.draw(state))))
            void(self.header.setText, f"posture: {icons.WORDS[state]}")
            void(self.resume.setEnabled, state in (State.PAUSED, State.STARTING))
        void(self.icon.setToolTip, tooltip(snapshot))

    def hide(self) -> None:
        self.icon.hide()
