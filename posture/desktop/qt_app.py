"""The Qt application and its bridge to the monitor's thread.

Qt runs in the main thread; the monitor runs in a worker thread (`run_beside`). They share no
mutable state: the worker hands immutable items (statuses, events) to the GUI thread through a
`Bridge` (a queue drained in the GUI thread, so its handler always runs there), and the GUI hands
commands back through the loop's own command queue (`Loop.submit`).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import queue
import signal
import socket
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication

from posture.desktop.display import why_no_display

log = logging.getLogger(__name__)

__all__ = ["Bridge", "application", "quitting", "run_beside", "void", "why_no_display"]

T = TypeVar("T")

APP_NAME = "posture"


def application() -> QApplication:
    """The process's QApplication (made on first use; closing a window does not quit it).

    Call `why_no_display()` first: without a display Qt aborts the process.
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setQuitOnLastWindowClosed(False)
    return app


def _drops_none() -> bool:
    """Whether this PySide6 drops a reference to None on every call of a C++ `void` method.

    PySide6 6.12 on Python 3.11 does (3.12 made None immortal, so there it is harmless): a few
    thousand such calls free None and the interpreter aborts. A long run makes that many.
    """
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(4):
        probe.setObjectName(APP_NAME)
    return sys.getrefcount(None) < before


_DROPS_NONE = _drops_none()


def void(method: Callable[..., object], *args: object) -> None:
    """Call a Qt method that returns nothing, giving None back the reference it may drop.

    Use it for calls made again and again while the monitor runs (an icon update each second);
    a one-time set-up call may be made directly.
    """
    method(*args)
    if _DROPS_NONE:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))


class Bridge(QObject):
    """Hands items from any thread to `handler`, which runs in the GUI thread, in order.

    A thread-safe queue holds the items and a posted Qt event wakes the GUI thread to drain it.
    (Not a Qt signal: in PySide6 6.12 every `Signal.emit` from Python drops one reference to
    `True`, and a few hundred emits crash the interpreter.)
    """

    _WAKE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, handler: Callable[[object], None]) -> None:
        super().__init__()
        self._handler = handler
        self._items: queue.SimpleQueue[object] = queue.SimpleQueue()

    def post(self, item: object) -> None:
        """Queue `item` for the handler (safe from any thread; returns at once)."""
        self._items.put(item)
        void(QCoreApplication.postEvent, self, QEvent(self._WAKE))

    def event(self, event: QEvent) -> bool:
        if event.type() != self._WAKE:
            return super().event(event)
        while True:
            try:
                item = self._items.get_nowait()
            except queue.Empty:
                return True
            self._handler(item)


class _SignalWake:
    """Wakes Qt's event loop when a signal arrives, so Python runs its handler at once.

    Python's handlers run only between Python instructions; the C++ event loop would hold them
    back. The signal's byte on a socket pair makes Qt call back into Python.
    """

    def __enter__(self) -> _SignalWake:
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno())
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)
        return self

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            self._read.recv(64)

    def __exit__(self, *exc: object) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        self._read.close()
        self._write.close()


class _Outcome(Generic[T]):
    """What the worker ended with: its value or its exception (written once, by the worker)."""

    def __init__(self) -> None:
        self.value: T | None = None
        self.error: BaseException | None = None


QUITTING = "posture-quitting"
"""The application's property set when the run ends (see `quitting`)."""


def _quit(app: QApplication) -> None:
    app.setProperty(QUITTING, True)
    app.quit()


def quitting() -> bool:
    """Whether the run is ending: in Qt 6 quitting asks every window to close and gives up if
    one refuses, so a window that refuses a person's close must accept this one."""
    app = QCoreApplication.instance()
    return bool(app is not None and app.property(QUITTING))


def run_beside(work: Callable[[], T], stop: Callable[[], None]) -> T:
    """Run `work` in a worker thread while Qt's event loop runs here; return its value.

    The event loop ends when the work does. Ctrl-C and SIGTERM call `stop` (which must make the
    work return soon); an exception of the work is raised here.
    """
    app = application()
    outcome: _Outcome[T] = _Outcome()
    done = Bridge(lambda _item: _quit(app))

    def worker() -> None:
        try:
            outcome.value = work()
        except BaseException as exc:  # handed to the main thread and raised there
            outcome.error = exc
        finally:
            done.post(None)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.debug("signal %d: stopping", signum)
        stop()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=worker, name="posture-monitor", daemon=True)
    with _SignalWake():
        try:
            thread.start()
            app.exec()
            thread.join()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
    if outcome.error is not None:
        raise outcome.error
    return outcome.value  # type: ignore[return-value]
