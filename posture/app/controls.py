"""A live run's commands: where they come from (keys, other terminals, listeners) and what they do.

Commands (posture/core/monitor/commands.py) wait in a queue until the loop applies them; each one
changes the monitor (pause, resume, snooze, a confirmed stretch or walk) or the run (stop), and
stops a coached stretch where it must. Take and skip are the alerter's, which hears every command.
"""

from __future__ import annotations

from collections import deque

from posture.app.coaching import PAUSED, RUN_STOPPED, CoachSlot
from posture.core.monitor import commands
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Event
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Inbox, Keys, WallOf


class Controls:
    """The queue of a run's commands and their effect on the monitor and the coach."""

    def __init__(
        self,
        monitor: Monitor,
        coaching: CoachSlot,
        keys: Keys | None,
        inbox: Inbox | None,
        wall_of: WallOf,
    ) -> None:
        self.monitor, self.coaching, self.wall_of = monitor, coaching, wall_of
        self._keys, self._inbox = keys, inbox
        self._queue: deque[Command] = deque()
        self.stop_requested = False

    def submit(self, command: Command) -> None:
        self._queue.append(command)

    def next(self) -> Command | None:
        """The first command waiting (None: none)."""
        return self._queue.popleft() if self._queue else None

    def poll_key(self) -> None:
        """Queue the command of a key pressed in the terminal, if any."""
        key = commands.from_key(self._keys.poll()) if self._keys else None
        if key is not None:
            self.submit(key)

    def poll_request(self, t: float) -> None:
        """Queue the command another terminal asked for, if any."""
        request = self._inbox.poll() if self._inbox else None
        if request is not None:
            asked = commands.from_request(request.action, request.until_utc, self.wall_of(t))
            if asked is not None:
                self.submit(asked)

    def apply(self, command: Command, t: float) -> list[Event]:
        """The command's effect on the run and the monitor (take/skip are the alerter's)."""
        m, action = self.monitor, command.action
        if action is Action.STOP:
            self.coaching.stop(t, RUN_STOPPED)
            self.stop_requested = True
        elif action is Action.PAUSE_OR_RESUME and m.paused:
            return m.resume(t)
        elif action in (Action.PAUSE, Action.PAUSE_OR_RESUME):
            self.coaching.stop(t, PAUSED)
            return m.pause(t, command.seconds)
        elif action is Action.RESUME:
            return m.resume(t)
        elif action is Action.SNOOZE:
            return m.snooze(t)
        elif action is Action.END_SNOOZE:
            return m.end_snooze(t)
        elif action is Action.STRETCHED:
            return m.stretched(t)
        elif action is Action.WALKED:
            return m.walked(t, command.seconds)
        return []
