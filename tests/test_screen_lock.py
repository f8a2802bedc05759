"""Pausing while the screen is locked: the screensaver service on the desktop fixture's session
bus (a stand-in org.freedesktop.ScreenSaver in a child process), and the inbox that turns lock
and unlock into a pause and a resume without overriding a pause the user chose."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from desktop_session import Desktop

from posture.adapters.system.screen_lock import ScreenLock, ScreenLockUnavailable
from posture.app.screen_pause import LOCK_PAUSE_S, LockInbox

SERVICE = """
import asyncio, sys
from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method, signal

class ScreenSaver(ServiceInterface):
    def __init__(self):
        super().__init__("org.freedesktop.ScreenSaver")
        self.active = False

    @method()
    def GetActive(self) -> "b":
        return self.active

    @signal()
    def ActiveChanged(self) -> "b":
        return self.active

async def main():
    bus = await MessageBus().connect()
    saver = ScreenSaver()
    bus.export("/org/freedesktop/ScreenSaver", saver)
    await bus.request_name("org.freedesktop.ScreenSaver")
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if line in ("lock", "unlock"):
            saver.active = line == "lock"
            saver.ActiveChanged()
            print("done", flush=True)
        else:
            return

asyncio.run(main())
"""


@pytest.fixture
def screensaver(desktop: Desktop) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVICE],
        env=desktop.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    yield proc
    proc.communicate("quit\n", timeout=30)


def _tell(service: subprocess.Popen[str], what: str) -> None:
    assert service.stdin is not None and service.stdout is not None
    service.stdin.write(what + "\n")
    service.stdin.flush()
    assert service.stdout.readline() == "done\n"


def _next_changes(lock: ScreenLock) -> list[bool]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = lock.changes()
        if found:
            return found
        time.sleep(0.05)
    return []


def test_the_lock_is_followed_on_the_session_bus(
    desktop: Desktop, screensaver: subprocess.Popen[str]
) -> None:
    lock = ScreenLock(desktop.env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        assert lock.service == "org.freedesktop.ScreenSaver"
        assert _next_changes(lock) == [False]  # GetActive at the start
        _tell(screensaver, "lock")
        assert _next_changes(lock) == [True]
        _tell(screensaver, "unlock")
        assert _next_changes(lock) == [False]
    finally:
        lock.close()


def test_without_a_screensaver_service_it_says_so(desktop: Desktop) -> None:
    with pytest.raises(ScreenLockUnavailable, match="no screensaver service on the session bus"):
        ScreenLock(desktop.env["DBUS_SESSION_BUS_ADDRESS"])
    with pytest.raises(ScreenLockUnavailable, match="no D-Bus session bus"):
        ScreenLock("unix:path=/nonexistent/bus")


class Lock:
    def __init__(self) -> None:
        self.queued: list[bool] = []

    def changes(self) -> list[bool]:
        found, self.queued = self.queued, []
        return found


class Monitor:
    """The monitor's paused flag as the loop would apply the inbox's requests."""

    def __init__(self) -> None:
        self.paused = False


def _apply(inbox: LockInbox, monitor: Monitor) -> list[str]:
    asked = []
    while (request := inbox.poll()) is not None:
        asked.append(request.action)
        monitor.paused = request.action == "pause"
    return asked


def test_lock_pauses_and_unlock_resumes_only_the_locks_own_pause() -> None:
    lock, monitor = Lock(), Monitor()
    inbox = LockInbox(None, lock, lambda: monitor.paused, lambda: 1000.0)
    lock.queued = [False]
    assert _apply(inbox, monitor) == []
    lock.queued = [True]
    request = inbox.poll()
    assert request is not None and request.action == "pause"
    assert request.until_utc == 1000.0 + LOCK_PAUSE_S
    monitor.paused = True
    lock.queued = [False]
    assert _apply(inbox, monitor) == ["resume"]
    monitor.paused = True  # the user paused for an hour, then the screen locked and unlocked
    lock.queued = [True, False]
    assert _apply(inbox, monitor) == []
    assert monitor.paused
