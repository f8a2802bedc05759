"""Notifications: the desktop's own, with buttons, one per cause; else a bell and a line.

An adapter. On Linux it talks to the freedesktop notification server itself (notify_dbus.py), so
a reminder replaces the earlier notification and a cleared cause withdraws it; elsewhere it goes
through desktop-notifier (notify_library.py). The buttons come back as commands (`connect`).
When no notification service is reachable the terminal takes over and says once why; the service
is tried again with backoff and used again when it answers.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol, TextIO

from posture.adapters.notify.note import Note, NotifyError, OnAction, OnClosed
from posture.core.alerts import Alert
from posture.core.escape import terminal
from posture.core.monitor.alert_table import ALERTS
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Answer, Notifier, Submit

log = logging.getLogger(__name__)
APP_NAME = "posture"

BUTTONS: dict[str, tuple[str, Action]] = {
    "start": ("Start stretch", Action.TAKE_STRETCH),
    "snooze": ("Snooze", Action.SNOOZE),
    "skip": ("Skip", Action.SKIP_STRETCH),
}
"""A notification's buttons: key (as the server reports it), label, and the command it sends."""
RETRY_S = (5.0, 300.0)
"""A notification service that stopped answering is tried again after the first wait, each
failed try doubling it up to the second."""
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


def note_for(alert: Alert) -> Note:
    """The notification of an alert: buttons to start or skip its stretch, and to snooze.

    The policy (docs/nudges.md): normal urgency for every alert (a reminder says so in its
    title, not by turning critical), kept until acted on or the cause clears (then withdrawn),
    each button once and no default action under the same label. A message with no cause (a
    reply to a tray entry) expires as the desktop's own notifications do.
    """
    offered = alert.offer is not None
    keys = ("start", "snooze", "skip") if offered else ("snooze",) if alert.cause in ALERTS else ()
    buttons = tuple((key, BUTTONS[key][0]) for key in keys)
    return Note(alert.title, alert.body, False, buttons, expires=alert.cause is None)


class DesktopNotifier(Notifier):
    """Native notifications, one per cause. While the service cannot be reached the terminal
    takes the alerts, and the service is tried again with a growing wait (RETRY_S); when it
    answers again, the alerts still standing are shown there again."""

    def __init__(
        self,
        fallback: Notifier,
        server: ServerFactory = platform_server,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fallback, self._factory, self._clock = fallback, server, clock
        self._lock = threading.Lock()  # the callbacks run on the server's thread
        self._use = threading.RLock()  # one caller at a time opens, retries, shows, withdraws
        self._shown: dict[EventKind, tuple[int, Alert]] = {}
        self._asked: dict[int, Answer] = {}  # the questions shown, by id: who hears the answer
        self._submit: Submit | None = None
        self._server: Server | None = None
        self._retry_at: float | None = None
        self._wait_s = RETRY_S[0]
        self._open()

    def _open(self) -> bool:
        """Connect to the service; on failure say so (once) and set when to try again."""
        try:
            self._server = self._factory(self._on_action, self._on_closed)
        except NotifyError as exc:
            self._lost(str(exc))
            return False
        except ImportError as exc:  # an optional platform backend missing
            self._lost(f"the notification library could not start ({exc})")
            return False
        if self._retry_at is not None:
            log.warning("desktop notifications are back")
        self._retry_at, self._wait_s = None, RETRY_S[0]
        return True

    def _lost(self, reason: str) -> None:
        if self._retry_at is None:
            log.warning(
                "desktop notifications unavailable: %s; alerts go to this terminal until the "
                "notification service answers again",
                reason.splitlines()[0] if reason else "no reason given",
            )
        else:
            self._wait_s = min(self._wait_s * 2, RETRY_S[1])
        if self._server is not None:
            self._server.close()
        self._server = None
        self._retry_at = self._clock() + self._wait_s

    def _reachable(self) -> bool:
        """Whether the service can be used now (trying it again once its wait is over)."""
        if self._server is not None:
            return True
        if self._retry_at is None or self._clock() < self._retry_at or not self._open():
            return False
        with self._lock:
            standing = [alert for _, alert in self._shown.values()]
            self._shown.clear()  # the ids were the old service's
        try:
            for alert in standing:
                self._send(alert)
        except NotifyError as exc:
            self._lost(str(exc))
            return False
        return True

    def connect(self, submit: Submit) -> None:
        self._submit = submit

    @property
    def on_terminal(self) -> bool:
        """Whether alerts go to the terminal (the desktop's service is unavailable)."""
        return self._server is None

    def notify(self, alert: Alert) -> None:
        with self._use:  # the monitor's thread and the tray's replies
            self._notify(alert)

    def _notify(self, alert: Alert) -> None:
        try:
            if self._reachable():
                self._send(alert)
                return
        except NotifyError as exc:
            self._lost(str(exc))
        self.fallback.notify(alert)
        if alert.cause is not None:  # standing: shown on the desktop when the service is back
            with self._lock:
                self._shown[alert.cause] = (0, alert)

    def _send(self, alert: Alert) -> None:
        """Show the alert, in place of the one shown for its cause (if still shown)."""
        assert self._server is not None
        if alert.cause is None:  # a message of its own: nothing replaces or withdraws it
            self._server.show(note_for(alert))
            return
        with self._lock:
            replaces = self._shown.get(alert.cause, (0, alert))[0]
        nid = self._server.show(note_for(alert), replaces)
        with self._lock:
            self._shown[alert.cause] = (nid, alert)

    def withdraw(self, cause: EventKind) -> None:
        with self._use:
            with self._lock:
                nid = self._shown.pop(cause, (0, None))[0]
            if nid and self._server is not None:
                try:
                    self._server.withdraw(nid)
                except NotifyError as exc:
                    log.warning("a notification could not be withdrawn (%s)", exc)

    def quiet(self) -> bool | None:
        with self._use:
            ask = getattr(self._server, "quiet", None)
            return ask() if callable(ask) else None

    def ask(
        self, title: str, body: str, buttons: Sequence[tuple[str, str]], answer: Answer
    ) -> bool:
        """A question of its own, kept until answered or dismissed; the key of its button goes
        to `answer` (on the server's thread). False while the service cannot be reached."""
        with self._use:
            try:
                if not self._reachable():
                    return False
                assert self._server is not None
                nid = self._server.show(Note(title, body, False, tuple(buttons)))
            except NotifyError as exc:
                self._lost(str(exc))
                return False
            with self._lock:
                self._asked[nid] = answer
        return True

    def close(self) -> None:
        """End the connection to the notification service."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def _cause_of(self, nid: int) -> EventKind | None:
        with self._lock:
            return next((c for c, (i, _) in self._shown.items() if i == nid), None)

    def _on_action(self, nid: int, key: str) -> None:
        """A button (the server's thread): a question's answer to whoever asked; an alert's
        command, for its own cause, to the loop."""
        with self._lock:
            answer = self._asked.pop(nid, None)
        if answer is not None:
            answer(key)
            return
        cause = self._cause_of(nid)
        if cause is None:  # not one of ours, or already withdrawn
            return
        action = BUTTONS.get(key, ("", None))[1]
        if action is not None and self._submit is not None:
            self._submit(Command(action, cause=cause))

    def _on_closed(self, nid: int) -> None:
        """The server closed a notification (dismissed, or after a button)."""
        with self._lock:
            self._asked.pop(nid, None)
            for cause, (shown, _) in list(self._shown.items()):
                if shown == nid:
                    del self._shown[cause]


def make_notifier(desktop: bool, stream: TextIO | None = None, keys: bool = False) -> Notifier:
    """Desktop notifications (falling back to the terminal), or the terminal's line only.
    `keys`: the terminal's keys work, so its line names them."""
    terminal = TerminalNotifier(stream, keys)
    return DesktopNotifier(terminal) if desktop else terminal
