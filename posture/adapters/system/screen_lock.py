"""Whether the screen is locked, from the desktop's screensaver service on the D-Bus session bus
(org.freedesktop.ScreenSaver: KDE, Xfce, Cinnamon, MATE, LXQt; GNOME's own name as well).

An adapter. `ScreenLock` connects once, asks `GetActive`, then follows the `ActiveChanged`
signal on a thread of its own and queues each change; `changes()` hands them over (to the
monitor's thread). Where no such service answers (no session bus, no screensaver service, macOS,
Windows) it raises ScreenLockUnavailable saying why: the monitor then does not pause on lock.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from posture.core.errors import PostureError

log = logging.getLogger(__name__)

SERVICES = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
)
"""(bus name and interface, object path) of the services asked, in order."""
CALL_TIMEOUT_S = 3.0


class ScreenLockUnavailable(PostureError):
    """No screensaver service to ask (the message says why)."""


class ScreenLock:
    """Follows the screen's lock; `changes()` returns the states seen since the last call."""

    def __init__(self, address: str | None = None) -> None:
        try:
            from dbus_fast import Message, MessageType
            from dbus_fast.aio import MessageBus
        except ImportError as exc:  # pragma: no cover - dbus-fast is a dependency on Linux
            raise ScreenLockUnavailable(f"no D-Bus library ({exc})") from None
        self._message, self._types, self._bus_class = Message, MessageType, MessageBus
        self.address = address
        self._queue: queue.SimpleQueue[bool] = queue.SimpleQueue()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="posture-screen-lock", daemon=True
        )
        self._bus: Any = None
        self.service = ""
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._connect(), self._loop)
        try:
            future.result(CALL_TIMEOUT_S)
        except FutureTimeout:
            self.close()
            raise ScreenLockUnavailable("the session bus did not answer") from None
        except ScreenLockUnavailable:
            self.close()
            raise
        except Exception as exc:  # dbus-fast's own errors, OSError for a missing bus socket
            self.close()
            raise ScreenLockUnavailable(f"no D-Bus session bus ({exc})") from None

    async def _connect(self) -> None:
        self._bus = await self._bus_class(bus_address=self.address).connect()
        for name, path in SERVICES:
            owner = await self._call(
                "org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "GetNameOwner",
                "s",
                [name],
            )
            if owner is None:
                continue
            self.service, sender = name, str(owner[0])
            self._bus.add_message_handler(self._handler(sender, name))
            rule = f"type='signal',sender='{name}',interface='{name}',member='ActiveChanged'"
            await self._call(
                "org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "AddMatch",
                "s",
                [rule],
            )
            active = await self._call(name, path, name, "GetActive", "", [])
            self._queue.put(bool(active[0]) if active else False)
            return
        raise ScreenLockUnavailable("no screensaver service on the session bus")

    async def _call(
        self, destination: str, path: str, interface: str, member: str, sig: str, body: list[Any]
    ) -> list[Any] | None:
        message = self._message(
            destination=destination,
            path=path,
            interface=interface,
            member=member,
            signature=sig,
            body=body,
        )
        reply = await self._bus.call(message)
        if reply is None or reply.message_type is self._types.ERROR:
            return None
        return list(reply.body)

    def _handler(self, sender: str, name: str) -> Callable[[Any], None]:
        def handle(message: Any) -> None:
            self._on_message(message, sender, name)

        return handle

    def _on_message(self, message: Any, sender: str, name: str) -> None:
        if (
            message.message_type is self._types.SIGNAL
            and message.sender == sender
            and message.interface == name
            and message.member == "ActiveChanged"
            and message.body
        ):
            self._queue.put(bool(message.body[0]))

    def changes(self) -> list[bool]:
        """The lock states reported since the last call, oldest first (True: locked)."""
        found = []
        while True:
            try:
                found.append(self._queue.get_nowait())
            except queue.Empty:
                return found

    def close(self) -> None:
        if self._bus is not None:
            self._loop.call_soon_threadsafe(self._bus.disconnect)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=2)
