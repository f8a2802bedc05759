"""Wiring for `posture run`: builds the feed, model, profile, history and loop, and runs it."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack, closing
from dataclasses import asdict, dataclass
from pathlib import Path

from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.preview import Preview
from posture.adapters.camera.users import CameraUsers, device_for
from posture.adapters.store.store import Store
from posture.adapters.system import instance, paths
from posture.adapters.system.catalogue import load as load_catalogue
from posture.adapters.system.control import CommandInbox, Keys, PidFile
from posture.adapters.system.instance import StatusFile
from posture.adapters.system.power import Battery
from posture.adapters.system.screen_lock import ScreenLock, ScreenLockUnavailable
from posture.app.camera_share import SharedFeed
from posture.app.diary_ask import ASKED_FILE, AskedDay, DiaryAsk, held_by
from posture.app.framing import FramingAdvice
from posture.app.listeners import RunSummary
from posture.app.live import Live, open_live
from posture.app.loop import Loop, Parts
from posture.app.parts import Retuned
from posture.app.presence import Presence, Surface, snapshot_doc
from posture.app.room import RoomHold, room_checks
from posture.app.screen_pause import LockInbox
from posture.app.wiring import resolve_model
from posture.core.errors import PostureError, StoreError
from posture.core.monitor.events import Carry
from posture.core.monitor.monitor import Monitor
from posture.core.monitor.state import Camera
from posture.core.ports import Clock, Feed, Listener, Notifier, Sink
from posture.core.settings import Settings
from posture.core.stretches.catalogue import Chooser

log = logging.getLogger(__name__)

STATUS_EVERY_S = 2.0
"""The status file and the tray's numbers are refreshed at most this often (a state change at
once)."""


@dataclass(frozen=True, slots=True)
class RunPlan:
    """Everything `posture run` was asked for."""

    settings: Settings
    camera: str = "0"
    source: Path | None = None
    realtime: bool = False
    db: Path | None = None
    profile: Path | None = None
    model: str | None = None
    preview: bool = False
    notify: bool = True
    duration_s: float | None = None
    keys: bool = False
    """Read keys from the terminal (commands from other terminals are always read)."""
    disabled_stretches: tuple[str, ...] = ()
    settings_source: Callable[[], Settings] | None = None
    """Reads the settings afresh (the file with the flags on top) when a RELOAD asks."""


class Stop(Exception):
    """Raised by the SIGTERM handler to end the loop as Ctrl-C does."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Stop


def run(
    plan: RunPlan,
    sink: Sink,
    notifier: Callable[[], Notifier],
    surfaces: Sequence[Surface] = (),
    listeners: Sequence[Listener] = (),
) -> tuple[RunSummary, str]:
    """Monitor until the duration is up, the recording ends, or Ctrl-C / SIGTERM / q.

    `notifier` is called once the inputs are known to work, so a failing start says one thing.
    `surfaces` (a tray icon) are shown the run's state and given its command queue; `listeners`
    (the stretch window) follow the run as the loop's own do. Outside the main thread (beside a
    GUI) the caller handles signals. Returns the summary and the profile used ('none' without
    one).
    """
    with ExitStack() as stack:
        instance.refuse_second(paths.state_dir())  # before the camera, which the other one holds
        stack.enter_context(PidFile(paths.state_dir()))
        source = stack.enter_context(
            open_live(
                plan.camera, plan.source, plan.realtime, plan.profile, plan.settings.network_camera
            )
        )  # a missing camera or an empty recording fails here, at once
        feed, clock, live = _shared(source.feed, plan), source.clock, source.realtime
        calibration = source.calibration()
        front, origin = calibration.front, calibration.origin
        store = stack.enter_context(
            Store(plan.db or paths.default_db(), time.monotonic, plan.settings.commit_s)
        )
        model_path = resolve_model(plan.model).path
        catalogue = load_catalogue(paths.user_catalogue())
        chooser = Chooser(catalogue, plan.disabled_stretches, store.recent_stretches())
        parts = Parts(
            feed=feed,
            pose=stack.enter_context(PoseEstimator(model_path, sequence=True)),
            front=front,
            store=store,
            notifier=stack.enter_context(closing(notifier())),
            sink=sink,
            chooser=chooser,
            power=Battery(),
        )
        room = _room(stack, plan, parts.notifier)
        parts.notifier = room or parts.notifier
        parts.inbox = CommandInbox(paths.state_dir(), time.time())
        parts.retune = lambda: retuned(plan, source)
        if plan.keys:
            parts.keys = stack.enter_context(Keys())
        if plan.preview:
            parts.preview = stack.enter_context(Preview())
        wall_of = wall_clock_for(clock, live)
        # A replay starts its timers fresh: a recording is not the person at the desk now, and
        # replays of other recordings share its history file.
        carry = (
            store.carry(wall_of(clock.now()), plan.settings.away_break_s)
            if plan.source is None
            else Carry()
        )
        store.start_session(wall_of(clock.now()), feed.name, asdict(plan.settings))
        monitor = Monitor(plan.settings, carry, calibration.upright)
        loop = Loop(parts, plan.settings, monitor, clock, wall_of)
        # Heard first, so its line is printed before the first status line is drawn.
        loop.listeners.insert(0, FramingAdvice(loop.say))
        for listener in [*listeners, *([room] if room else [])]:
            loop.subscribe(listener)
        if plan.source is None or plan.realtime:  # a live run asks the neck diary's question
            loop.subscribe(_diary_ask(loop, room, plan.db or paths.default_db()))
        _watch(stack, loop, feed, plan, surfaces)
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _on_sigterm) if main else None
        try:
            summary = loop.run(plan.duration_s)
        except (KeyboardInterrupt, Stop):
            summary = loop.summary  # the loop counted its seconds on the way out
        finally:
            if main:
                signal.signal(signal.SIGTERM, previous)
            end_session(store, wall_of(clock.now()))
        return summary, origin


def retuned(plan: RunPlan, live: Live) -> Retuned | None:
    """The settings file and the camera's profile read again (a RELOAD); None, said once, when
    either cannot be read: the run goes on as it was."""
    try:
        fresh = plan.settings_source() if plan.settings_source is not None else plan.settings
        calibration = live.calibration()
    except PostureError as exc:
        log.warning("settings not applied: %s", exc)
        return None
    log.info("settings and calibration read again (profile: %s)", calibration.origin)
    return Retuned(fresh, calibration.upright, calibration.front)


def _watch(
    stack: ExitStack, loop: Loop, feed: Feed, plan: RunPlan, surfaces: Sequence[Surface]
) -> None:
    """What watches the run beside the loop's own listeners: the status file and the surfaces
    (through Presence), the camera's other users, the screen lock."""
    status_file = stack.enter_context(StatusFile(paths.state_dir(), feed.name))
    shows = [lambda snap: status_file.write(snapshot_doc(snap))]
    shows += [surface.show for surface in surfaces]
    presence = Presence(loop.monitor.status, loop.wall_of, shows, STATUS_EVERY_S)
    loop.subscribe(presence)
    if isinstance(feed, SharedFeed):
        feed.listen(lambda t, used: presence.camera(t, Camera.IN_USE if used else Camera.OK))
    for surface in surfaces:
        surface.attach(loop.submit)
    lock = _screen_lock(stack, plan) if plan.source is None or plan.realtime else None
    status_file.note(screen_lock=lock.service if lock else "not followed")
    if lock is not None:
        paused = lambda: loop.monitor.paused  # noqa: E731
        loop.p.inbox = LockInbox(loop.p.inbox, lock, paused, time.time)


def _room(stack: ExitStack, plan: RunPlan, notifier: Notifier) -> RoomHold | None:
    """Nudges held during do-not-disturb and fullscreen (posture/app/room.py), for a live run."""
    if plan.source is not None and not plan.realtime:
        return None
    checks = room_checks(plan.settings, notifier, stack)
    return RoomHold(notifier, checks) if checks else None


def _diary_ask(loop: Loop, room: RoomHold | None, db: Path) -> DiaryAsk:
    """The neck diary's question at the hour set (diary_ask_hour, read again on a RELOAD), not
    while the room holds notifications."""
    asked = AskedDay(paths.state_dir() / ASKED_FILE)
    hour = lambda: loop.settings.diary_ask_hour  # noqa: E731
    return DiaryAsk(hour, loop.p.notifier, db, loop.wall_of, asked, held_by(room))


def _shared(feed: Feed, plan: RunPlan) -> Feed:
    """The webcam, stepping aside for calls (setting share_camera); a recording as it is."""
    if plan.source is not None or not plan.settings.share_camera:
        return feed
    return SharedFeed(feed, CameraUsers(device_for(plan.camera)))


def _screen_lock(stack: ExitStack, plan: RunPlan) -> ScreenLock | None:
    """The screen lock to pause on (setting pause_when_locked), or None, said once on a desktop
    where it cannot be followed."""
    if not plan.settings.pause_when_locked:
        return None
    try:
        return stack.enter_context(closing(ScreenLock()))
    except ScreenLockUnavailable as exc:
        desktop = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        if desktop or not sys.platform.startswith("linux"):
            log.warning("the screen lock cannot be followed here (%s): no pause on lock", exc)
        return None


def end_session(store: Store, ended_utc: float) -> None:
    """Store when the session ended; a history that cannot be written then (full, read-only,
    locked) is said once and does not cost the run its summary."""
    try:
        store.end_session(ended_utc)
    except StoreError as exc:
        log.warning("the end of this session could not be stored (%s)", exc)


ELAPSED_CLOCK: int = getattr(time, "CLOCK_BOOTTIME", time.CLOCK_MONOTONIC)
"""Linux's boot-time clock goes on through a suspend (the monotonic one stops); elsewhere the
monotonic clock."""


def wall_clock_for(
    clock: Clock,
    realtime: bool,
    wall: Callable[[], float] = time.time,
    elapsed: Callable[[], float] = lambda: time.clock_gettime(ELAPSED_CLOCK),
) -> Callable[[float], float]:
    """UTC epoch seconds for a loop time: the wall clock read once at the start, plus the time
    since then by a clock that counts a suspend and no setting of the wall clock (a wall clock
    set forward mid-run counted its jump as monitored time); virtual time: the start plus it."""
    start_wall, start_elapsed = wall(), elapsed()
    if realtime:
        return lambda t: start_wall + (elapsed() - start_elapsed) - (clock.now() - t)
    return lambda t: start_wall + t
