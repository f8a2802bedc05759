"""Pausing while the screen is locked: the run's inbox, with the screen lock's changes in it.

`LockInbox` wraps the inbox of requests from other terminals. In the monitor's thread it turns
the lock's changes (adapters/system/screen_lock.py) into requests: a lock pauses a monitor that
is not paused already; the unlock resumes it if the pause was the lock's own (a pause the user
chose stays). Everything else comes from the wrapped inbox as before.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Protocol

from posture.adapters.system.control import Command as Asked
from posture.core.ports import Inbox, Request

log = logging.getLogger(__name__)

LOCK_PAUSE_S = 24 * 3600.0
"""A lock pauses this long at most (the unlock ends it sooner)."""


class LockChanges(Protocol):
    """The screen lock's states since the last call (True: locked)."""

    def changes(self) -> list[bool]: ...


class LockInbox:
    """Requests from other terminals, and a pause while the screen is locked."""

    def __init__(
        self,
        inner: Inbox | None,
        lock: LockChanges,
        paused: Callable[[], bool],
        now_utc: Callable[[], float],
    ) -> None:
        self.inner, self.lock, self.paused, self.now_utc = inner, lock, paused, now_utc
        self._pending: deque[bool] = deque()
        self._mine = False
        self._locked = False

    def poll(self) -> Request | None:
        """The next request: the lock's first, then another terminal's."""
        self._pending.extend(self.lock.changes())
        while self._pending:
            request = self._from_lock(self._pending.popleft())
            if request is not None:
                return request
        return self.inner.poll() if self.inner is not None else None

    def _from_lock(self, locked: bool) -> Asked | None:
        if locked == self._locked:
            return None
        self._locked = locked
        now = self.now_utc()
        if locked and not self.paused():
            self._mine = True
            log.warning("the screen is locked: paused until it is unlocked")
            return Asked("pause", now, now + LOCK_PAUSE_S)
        if not locked and self._mine:
            self._mine = False
            if self.paused():
                log.warning("the screen is unlocked: monitoring again")
                return Asked("resume", now)
        return None
