"""Notifications: the desktop's own, with buttons, one per cause; else a bell and a line.

An adapter. On Linux it talks to the freedesktop notification server itself (notify_dbus.py), so
a reminder replaces the earlier notification and a cleared cause withdraws it; elsewhere it goes
through desktop-notifier (notify_library.py). The buttons come back as commands (`connect`).
When no notification service is reachable the terminal takes over and says once why.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Protocol, TextIO

from posture.adapters.notify.note import Note, NotifyError, OnAction, OnClosed
from posture.core.alerts import Alert
from posture.core.escape import terminal
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Notifier, Submit

log = logging.getLogger(__name__)
APP_NAME = "posture"

BUTTONS: dict[str, tuple[str, Action]] = {
    "start": ("Start stretch", Action.TAKE_STRETCH),
    "snooze": ("Snooze", Action.SNOOZE),
    "skip": ("Skip", Action.SKIP_STRETCH),
}
"""A notification's buttons: key (as the server reports it), label, and the command it sends."""
CLICK = "default"
"""The key the server reports for a click on the notification's body: it starts the stretch."""
KEYS_HINT = "g: start it, s: snooze, x: skip"
"""What the terminal's line adds when a stretch is offered and the terminal's keys work."""


class TerminalNotifier(Notifier):
    """A bell and one line, stamped with the local time, on a stream (stderr by default, so
    `--json` stdout stays clean). The run's own log then leaves its line for the alert out."""

    on_terminal = True
    """Whether alerts are written to the terminal now (the run's log need not repeat them)."""

    def __init__(self, stream: TextIO | None = None, keys: bool = False) -> None:
        self.stream, self.keys = stream or sys.stderr, keys

    def notify(self, alert: Alert) -> None:
        mark = "!! " if alert.urgent else ""
        # On a terminal the status line is redrawn in place: erase it rather than leave it above.
        start = "\r\x1b[K" if _is_terminal(self.stream) else "\n"
        hint = f" ({KEYS_HINT})" if self.keys and alert.offer is not None else ""
        now = datetime.now().strftime("%H:%M:%S")
        said = terminal(f"{now} {mark}{alert.title}: {alert.body}{hint}")  # a name is a file's
        self.stream.write(f"\a{start}{said}\n")
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _no_service_reason() -> str | None:
    """Why a desktop notification cannot reach anyone here, if that is known in advance."""
    if sys.platform.startswith("linux"):
        bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
        runtime = os.environ.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}")
        if not bus and not os.path.exists(os.path.join(runtime, "bus")):
            return "there is no desktop session (no D-Bus session bus)"
    return None


class Server(Protocol):
    """A notification service: shows a note (replacing one by id), withdraws one, closes."""

    def show(self, note: Note, replaces: int = 0) -> int: ...

    def withdraw(self, nid: int) -> None: ...

    def close(self) -> None: ...


ServerFactory = Callable[[OnAction, OnClosed], Server]
"""Opens a Server given its callbacks (action invoked: id, key; closed: id). Raises NotifyError."""


def platform_server(on_action: OnAction, on_closed: OnClosed) -> Server:
    """The freedesktop server on Linux, desktop-notifier's platform backend elsewhere."""
    reason = _no_service_reason()
    if reason is not None:
        raise NotifyError(reason)
    if sys.platform.startswith("linux"):
        from posture.adapters.notify.dbus import FreedesktopServer

        return FreedesktopServer(on_action, on_closed)
    from posture.adapters.notify.library import LibraryServer

    return LibraryServer(on_action, on_closed)


def note_for(alert: Alert, with_offer: bool = True) -> Note:
    """The notification of an alert: buttons to start or skip its stretch, and to snooze."""
    offered = with_offer and alert.offer is not None
    keys = ("start", "snooze", "skip") if offered else ("snooze",)
    buttons = tuple((key, BUTTONS[key][0]) for key in keys)
    click = BUTTONS["start"][0] if offered else None
    return Note(alert.title, alert.body, alert.urgent, buttons, click)


class DesktopNotifier(Notifier):
    """Native notifications, one per cause; falls back to the terminal for good after a failure.

    Only the latest alert's stretch is on offer (the alerter keeps one), so when a new alert
    offers one, an earlier cause's notification is shown again without the stretch buttons.
    """

    def __init__(self, fallback: Notifier, server: ServerFactory = platform_server) -> None:
        self.fallback = fallback
        self._lock = threading.Lock()  # the callbacks run on the server's thread
        self._shown: dict[EventKind, tuple[int, Alert]] = {}
        self._submit: Submit | None = None
        self._server: Server | None = None
        try:
            self._server = server(self._on_action, self._on_closed)
        except NotifyError as exc:
            self._give_up(str(exc))
        except ImportError as exc:  # an optional platform backend missing
            self._give_up(f"the notification library could not start ({exc})")

    def _give_up(self, reason: str) -> None:
        log.warning("desktop notifications unavailable: %s; alerts go to this terminal", reason)
        if self._server is not None:
            self._server.close()
        self._server = None

    def connect(self, submit: Submit) -> None:
        self._submit = submit

    @property
    def on_terminal(self) -> bool:
        """Whether alerts go to the terminal (the desktop's service is unavailable)."""
        return self._server is None

    def notify(self, alert: Alert) -> None:
        if self._server is None:
            self.fallback.notify(alert)
            return
        try:
            if alert.cause is None:  # a message of its own: nothing replaces or withdraws it
                self._server.show(note_for(alert))
                return
            self._show(alert.cause, alert, with_offer=True)
            if alert.offer is not None:
                for cause, (_, earlier) in self._snapshot().items():
                    if cause is not alert.cause and earlier.offer is not None:
                        self._show(cause, earlier, with_offer=False)
        except NotifyError as exc:
            self._give_up(str(exc).splitlines()[0])
            self.fallback.notify(alert)

    def _snapshot(self) -> dict[EventKind, tuple[int, Alert]]:
        with self._lock:
            return dict(self._shown)

    def _show(self, cause: EventKind, alert: Alert, with_offer: bool) -> None:
        """Show the alert of `cause` in place of the one shown for it (if still shown)."""
        if self._server is None:
            return
        replaces = self._snapshot().get(cause, (0, alert))[0]
        nid = self._server.show(note_for(alert, with_offer), replaces)
        shown = alert if with_offer else _without_offer(alert)
        with self._lock:
            self._shown[cause] = (nid, shown)

    def withdraw(self, cause: EventKind) -> None:
        with self._lock:
            nid = self._shown.pop(cause, (0, None))[0]
        if nid and self._server is not None:
            try:
                self._server.withdraw(nid)
            except NotifyError as exc:
                log.warning("a notification could not be withdrawn (%s)", exc)

    def close(self) -> None:
        """End the connection to the notification service."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def _cause_of(self, nid: int) -> EventKind | None:
        with self._lock:
            return next((c for c, (i, _) in self._shown.items() if i == nid), None)

    def _on_action(self, nid: int, key: str) -> None:
        """A button or a click (the server's thread): its command goes to the loop."""
        cause = self._cause_of(nid)
        if cause is None:  # not one of ours, or already withdrawn
            return
        action = Action.TAKE_STRETCH if key == CLICK else BUTTONS.get(key, ("", None))[1]
        if action is not None and self._submit is not None:
            self._submit(Command(action))

    def _on_closed(self, nid: int) -> None:
        """The server closed a notification (expired, dismissed, or after a button)."""
        with self._lock:
            for cause, (shown, _) in list(self._shown.items()):
                if shown == nid:
                    del self._shown[cause]


def _without_offer(alert: Alert) -> Alert:
    return Alert(alert.title, alert.body, alert.urgent, alert.cause, None)


def make_notifier(desktop: bool, stream: TextIO | None = None, keys: bool = False) -> Notifier:
    """Desktop notifications (falling back to the terminal), or the terminal's line only.
    `keys`: the terminal's keys work, so its line names them."""
    terminal = TerminalNotifier(stream, keys)
    return DesktopNotifier(terminal) if desktop else terminal
