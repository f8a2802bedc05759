"""The freedesktop notification server (org.freedesktop.Notifications) over D-Bus, with dbus-fast.

An adapter. desktop-notifier always sends `replaces_id` 0, so a reminder could only pile up a new
notification beside the old one; here Notify is called directly with the id of the notification
it replaces, CloseNotification withdraws one, and ActionInvoked / NotificationClosed come back.
The connection runs an asyncio loop on a thread of its own: the callbacks run on that thread.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from dbus_fast import Message, MessageType, Variant
from dbus_fast.aio import MessageBus

from posture.adapters.notify.note import Note, NotifyError, OnAction, OnClosed
from posture.core.escape import markup

log = logging.getLogger(__name__)

T = TypeVar("T")

SERVER = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
PROPERTIES = "org.freedesktop.DBus.Properties"
QUIET_PROPERTIES = (
    ("org.freedesktop.Notifications", "Inhibited"),
    ("org.dunstproject.cmd0", "paused"),
)
"""Where a notification server says it holds notifications back (do-not-disturb)."""
CALL_TIMEOUT_S = 3.0
"""A call the server has not answered within this long counts as failed."""


class FreedesktopServer:
    """One session-bus connection to the notification server; `close` ends it."""

    def __init__(self, on_action: OnAction, on_closed: OnClosed, address: str | None = None):
        self.on_action, self.on_closed, self.address = on_action, on_closed, address
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="posture-notifications", daemon=True
        )
        self._bus: MessageBus | None = None
        self._server_name: str | None = None
        self._markup = False
        """The server reads a body as markup: ours is escaped, so no tag in a name acts."""
        self._thread.start()
        try:
            self._run(self._connect())
        except NotifyError:
            self.close()
            raise

    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the connection's thread and wait for its result."""
        future = asyncio.run_coroutine_threadsafe(work, self._loop)
        try:
            return future.result(CALL_TIMEOUT_S)
        except FutureTimeout:
            future.cancel()
            raise NotifyError("the notification service did not answer") from None
        except NotifyError:
            raise
        except Exception as exc:  # dbus-fast raises its own types, and OSError for the socket
            raise NotifyError(f"the notification service failed ({exc})") from exc

    async def _connect(self) -> None:
        bus = await MessageBus(bus_address=self.address).connect()
        self._bus = bus
        bus.add_message_handler(self._on_message)
        rule = f"type='signal',sender='{SERVER}',path='{PATH}',interface='{SERVER}'"
        await self._call("org.freedesktop.DBus", "/org/freedesktop/DBus", "AddMatch", "s", [rule])
        owner = await self._call(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "GetNameOwner", "s", [SERVER]
        )
        self._server_name = str(owner[0])
        capabilities = await self._call(SERVER, PATH, "GetCapabilities", "", [])
        self._markup = "body-markup" in capabilities[0]

    async def _call(
        self,
        destination: str,
        path: str,
        member: str,
        signature: str,
        body: list[Any],
        interface: str | None = None,
    ) -> list[Any]:
        assert self._bus is not None
        interface = interface or (SERVER if destination == SERVER else destination)
        reply = await self._bus.call(
            Message(
                destination=destination,
                path=path,
                interface=interface,
                member=member,
                signature=signature,
                body=body,
            )
        )
        if reply is None or reply.message_type is MessageType.ERROR:
            detail = reply.body[0] if reply is not None and reply.body else "no reply"
            name = reply.error_name if reply is not None else member
            raise NotifyError(f"{name}: {detail}")
        return list(reply.body)

    def _on_message(self, message: Message) -> None:
        """Signals from the server (its unique name, so no one else can press our buttons)."""
        if message.message_type is not MessageType.SIGNAL or message.sender != self._server_name:
            return
        try:
            if message.member == "ActionInvoked":
                self.on_action(int(message.body[0]), str(message.body[1]))
            elif message.member == "NotificationClosed":
                self.on_closed(int(message.body[0]))
        except Exception:  # a callback's bug must not end the connection's thread
            log.exception("a notification callback failed")

    def show(self, note: Note, replaces: int = 0) -> int:
        """Show `note`, in place of notification `replaces` if that is still shown; its id."""
        actions: list[str] = []
        for key, label in note.buttons:
            actions += [key, label]
        hints = {
            "urgency": Variant("y", 2 if note.urgent else 1),
            "desktop-entry": Variant("s", note.app),
        }
        if note.icon is not None:
            hints["image-path"] = Variant("s", note.icon.as_uri())
        icon = str(note.icon) if note.icon is not None else ""
        text = markup(note.body) if self._markup else note.body
        expire = -1 if note.expires else 0  # 0: kept until acted on or withdrawn
        body = [note.app, replaces, icon, note.title, text, actions, hints, expire]
        reply = self._run(self._call(SERVER, PATH, "Notify", "susssasa{sv}i", body))
        return int(reply[0])

    def quiet(self) -> bool | None:
        """Whether the server holds notifications back (do-not-disturb): the freedesktop
        `Inhibited` property (KDE), else dunst's `paused`; None if it says neither."""
        for interface, name in QUIET_PROPERTIES:
            try:
                reply = self._run(
                    self._call(SERVER, PATH, "Get", "ss", [interface, name], PROPERTIES)
                )
            except NotifyError:
                continue
            value = reply[0].value if reply and isinstance(reply[0], Variant) else None
            if isinstance(value, bool):
                return value
        return None

    def withdraw(self, nid: int) -> None:
        """Close notification `nid` (nothing happens if it is gone already)."""
        self._run(self._call(SERVER, PATH, "CloseNotification", "u", [nid]))

    @staticmethod
    async def _disconnect(bus: MessageBus) -> None:
        bus.disconnect()
        await bus.wait_for_disconnect()  # type: ignore[no-untyped-call]

    def close(self) -> None:
        """Disconnect and end the connection's thread."""
        if self._bus is not None and self._thread.is_alive():
            try:
                self._run(self._disconnect(self._bus))
            except NotifyError as exc:
                log.debug("the notification connection did not close cleanly (%s)", exc)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(CALL_TIMEOUT_S)
        if not self._thread.is_alive():
            self._loop.close()
