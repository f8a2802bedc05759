"""A webcam that steps aside for a video call.

`SharedFeed` wraps the run's camera feed. Where the device's users can be seen (Linux), it looks
for them every `check_s` seconds and whenever the camera fails; elsewhere only when the camera
fails, then it asks whether a known call application runs (an idle chat application must not
stop monitoring). While another application has the camera, the feed lets the device go and
gives the loop empty frames: the loop waits without a camera-lost alarm and the surfaces show
"camera in use". Every `check_s` it looks again (or, where users cannot be seen, tries the
camera), and reading resumes by itself once the camera is free.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import numpy as np

from posture.core.errors import CameraError
from posture.core.ports import Feed, Shot

log = logging.getLogger(__name__)

CHECK_S = 10.0
"""How often the camera's other users are looked for while monitoring (a scan of the user's own
processes' open files: about a millisecond a time for a hundred processes)."""
EMPTY = np.empty(0)


class Users(Protocol):
    """Who else uses the camera (posture/adapters/camera/users.py CameraUsers)."""

    @property
    def seen(self) -> bool: ...

    def others(self) -> list[int]: ...


class SharedFeed:
    """A Feed that lets go of the camera while another application uses it."""

    def __init__(self, feed: Feed, users: Users, check_s: float = CHECK_S) -> None:
        self.feed, self.users, self.check_s = feed, users, check_s
        self.name = feed.name
        self.in_use = False
        self._checked = -float("inf")
        self._listeners: list[Callable[[float, bool], None]] = []

    def listen(self, listener: Callable[[float, bool], None]) -> None:
        """Tell `listener(t, in_use)` when another application takes or frees the camera."""
        self._listeners.append(listener)

    def _now_in_use(self, t: float, in_use: bool, who: list[int]) -> None:
        self.in_use = in_use
        if in_use:
            self.feed.release()
            log.warning("the camera is in use by another application (pid %s): paused", who[0])
        else:
            log.warning("the camera is free again: monitoring")
        for listener in self._listeners:
            listener(t, in_use)

    def _due(self, t: float) -> bool:
        if t - self._checked < self.check_s:
            return False
        self._checked = t
        return True

    def frame(self, t: float) -> Shot | None:
        if self.in_use:
            if not self._due(t):
                return EMPTY
            if self.users.seen and self.users.others():
                return EMPTY
            return self._try(t)
        if self.users.seen and self._due(t):
            others = self.users.others()
            if others:
                self._now_in_use(t, True, others)
                return EMPTY
        return self._try(t)

    def _try(self, t: float) -> Shot | None:
        """The camera's frame; a failure while another application has it is 'in use'."""
        try:
            rgb = self.feed.frame(t)
        except CameraError:
            self._checked = t
            others = self.users.others()
            if not others:
                if self.in_use:
                    self._now_in_use(t, False, [])
                raise
            if not self.in_use:
                self._now_in_use(t, True, others)
            self.feed.release()
            return EMPTY
        if self.in_use:
            self._now_in_use(t, False, [])
        return rgb

    def release(self) -> None:
        self.feed.release()

    def close(self) -> None:
        self.feed.close()
