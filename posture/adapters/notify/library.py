"""Notifications through desktop-notifier, for macOS and Windows (Linux uses notify_dbus.py).

An adapter. These platforms' backends cannot replace a notification in place, so a reminder
withdraws the earlier one and shows the new one. The library logs a failed send rather than
raising, so its log is watched and a failure raised as NotifyError.
"""

from __future__ import annotations

import itertools
import logging
from functools import partial

from posture.adapters.notify.note import Note, NotifyError, OnAction, OnClosed

LIBRARY_LOG = "desktop_notifier"


class _Failures(logging.Handler):
    """Collects what desktop-notifier logs when a call fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        reason = record.exc_info[1] if record.exc_info else None
        self.messages.append(str(reason) if reason else record.getMessage())


class LibraryServer:
    """desktop-notifier behind the Server interface of posture/adapters/notify/notifier.py."""

    def __init__(self, on_action: OnAction, on_closed: OnClosed) -> None:
        try:
            from desktop_notifier import DesktopNotifierSync
        except Exception as exc:  # a platform backend failing to import
            raise NotifyError(f"the notification library could not start ({exc})") from exc
        self.on_action, self.on_closed = on_action, on_closed
        self._failures = _Failures()
        library_log = logging.getLogger(LIBRARY_LOG)
        library_log.addHandler(self._failures)
        library_log.propagate = False
        self._library = DesktopNotifierSync(app_name="posture")
        self._ids: dict[int, str] = {}
        self._numbers = itertools.count(1)

    def show(self, note: Note, replaces: int = 0) -> int:
        from desktop_notifier import Button, Icon, Urgency

        if replaces in self._ids:
            self.withdraw(replaces)
        nid = next(self._numbers)
        buttons = [
            Button(title=label, on_pressed=partial(self.on_action, nid, key))
            for key, label in note.buttons
        ]
        self._failures.messages.clear()
        try:
            self._ids[nid] = self._library.send(
                title=note.title,
                message=note.body,
                urgency=Urgency.Critical if note.urgent else Urgency.Normal,
                icon=Icon(path=note.icon) if note.icon else None,
                buttons=buttons,
                on_dismissed=partial(self.on_closed, nid),
            )
        except Exception as exc:  # the library's backends raise their own types
            raise NotifyError(str(exc)) from exc
        if self._failures.messages:
            raise NotifyError(self._failures.messages[0])
        return nid

    def withdraw(self, nid: int) -> None:
        identifier = self._ids.pop(nid, None)
        if identifier is not None:
            try:
                self._library.clear(identifier)
            except Exception as exc:  # the library's backends raise their own types
                raise NotifyError(str(exc)) from exc

    def close(self) -> None:
        """Nothing to close: the library keeps its own connection."""
