"""Notifications: the desktop's own (through desktop-notifier), else a bell and a line.

An adapter. When no notification service is reachable the terminal takes over and says once why.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

from posture.core.alerts import Alert
from posture.core.ports import Notifier

log = logging.getLogger(__name__)
APP_NAME = "posture"


class TerminalNotifier:
    """A bell and one line on a stream (stderr by default, so `--json` stdout stays clean)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr

    def notify(self, alert: Alert) -> None:
        mark = "!! " if alert.urgent else ""
        # On a terminal the status line is redrawn in place: erase it rather than leave it above.
        start = "\r\x1b[K" if _is_terminal(self.stream) else "\n"
        self.stream.write(f"\a{start}{mark}{alert.title}: {alert.body}\n")
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class _Failures(logging.Handler):
    """Collects what desktop-notifier logs when a send fails (it logs rather than raises)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        reason = record.exc_info[1] if record.exc_info else None
        self.messages.append(str(reason) if reason else record.getMessage())


def _no_service_reason() -> str | None:
    """Why a desktop notification cannot reach anyone here, if that is known in advance."""
    if sys.platform.startswith("linux"):
        bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
        runtime = os.environ.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}")
        if not bus and not os.path.exists(os.path.join(runtime, "bus")):
            return "there is no desktop session (no D-Bus session bus)"
    return None


class DesktopNotifier:
    """Native notifications; falls back to the terminal for good after the first failure."""

    def __init__(self, fallback: Notifier) -> None:
        self.fallback = fallback
        self._failures = _Failures()
        library_log = logging.getLogger("desktop_notifier")
        library_log.addHandler(self._failures)
        library_log.propagate = False
        self._native = None
        reason = _no_service_reason()
        if reason is None:
            try:
                from desktop_notifier import DesktopNotifierSync

                self._native = DesktopNotifierSync(app_name=APP_NAME)
            except Exception as exc:  # an optional platform backend failing to import
                reason = f"the notification library could not start ({exc})"
        if reason:
            self._give_up(reason)

    def _give_up(self, reason: str) -> None:
        log.warning("desktop notifications unavailable: %s; alerts go to this terminal", reason)
        self._native = None

    def notify(self, alert: Alert) -> None:
        if self._native is None:
            self.fallback.notify(alert)
            return
        from desktop_notifier import Urgency

        self._failures.messages.clear()
        try:
            self._native.send(
                title=alert.title,
                message=alert.body,
                urgency=Urgency.Critical if alert.urgent else Urgency.Normal,
            )
        except Exception as exc:  # the library's backends raise their own types
            self._failures.messages.append(str(exc))
        if self._failures.messages:
            self._give_up(self._failures.messages[0].splitlines()[0])
            self.fallback.notify(alert)


def make_notifier(desktop: bool, stream: TextIO | None = None) -> Notifier:
    terminal = TerminalNotifier(stream)
    return DesktopNotifier(terminal) if desktop else terminal
