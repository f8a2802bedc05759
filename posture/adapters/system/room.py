"""Reading the room: whether the active window fills the screen (X11) and whether GNOME's
do-not-disturb is on. An adapter; each answer is True, False or None (cannot be known here).

Fullscreen is read from the X server with libX11 through ctypes (no new dependency): the window
manager names the active window on the root window (_NET_ACTIVE_WINDOW) and marks a fullscreen
one in its _NET_WM_STATE. Wayland lets no client read another's windows, so there it is None.
GNOME's do-not-disturb is its `show-banners` setting, read with `gsettings`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import subprocess

log = logging.getLogger(__name__)

GSETTINGS_TIMEOUT_S = 2.0
MAX_ITEMS = 64
"""Longest property read (atoms in a window's state)."""

_ErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def _no_exit(display: int, event: int) -> int:
    """A window that went away between two calls is no reason to end the process (Xlib's own
    handler would)."""
    return 0


_ignore_x_errors = _ErrorHandler(_no_exit)


def _libx11() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("X11")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XGetWindowProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    lib.XGetWindowProperty.argtypes += [ctypes.c_long, ctypes.c_long, ctypes.c_int]
    lib.XGetWindowProperty.argtypes += [ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong)]
    lib.XGetWindowProperty.argtypes += [ctypes.POINTER(ctypes.c_int)]
    lib.XGetWindowProperty.argtypes += [ctypes.POINTER(ctypes.c_ulong)] * 2
    lib.XGetWindowProperty.argtypes += [ctypes.POINTER(ctypes.c_void_p)]
    lib.XFree.argtypes = [ctypes.c_void_p]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    lib.XSetErrorHandler(_ignore_x_errors)
    return lib


class Fullscreen:
    """Whether the active window is fullscreen on an X display; `now()` asks the server."""

    def __init__(self, display: str | None = None) -> None:
        self._lib = _libx11() if (display or os.environ.get("DISPLAY")) else None
        name = (display or os.environ.get("DISPLAY", "")).encode()
        self._display = self._lib.XOpenDisplay(name) if self._lib is not None else None
        if self._lib is None or not self._display:
            self._display = None
            return
        atom = self._lib.XInternAtom
        self._root = self._lib.XDefaultRootWindow(self._display)
        self._active = atom(self._display, b"_NET_ACTIVE_WINDOW", 0)
        self._state = atom(self._display, b"_NET_WM_STATE", 0)
        self._full = atom(self._display, b"_NET_WM_STATE_FULLSCREEN", 0)

    @property
    def readable(self) -> bool:
        return self._display is not None

    def _longs(self, window: int, prop: int) -> list[int]:
        """A property of 32-bit items (as C longs), empty if it is missing."""
        assert self._lib is not None
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self._lib.XGetWindowProperty(
            self._display, window, prop, 0, MAX_ITEMS, 0, 0, ctypes.byref(kind),
            ctypes.byref(fmt), ctypes.byref(count), ctypes.byref(after), ctypes.byref(data),
        )  # fmt: skip
        if status != 0 or not data.value:
            return []
        try:
            if fmt.value != 32:
                return []
            items = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [int(items[i]) for i in range(count.value)]
        finally:
            self._lib.XFree(data)

    def now(self) -> bool | None:
        """True while the active window is fullscreen (None: not an X display)."""
        if self._display is None:
            return None
        active = self._longs(self._root, self._active)
        if not active or active[0] == 0:
            return False
        return self._full in self._longs(active[0], self._state)

    def close(self) -> None:
        if self._lib is not None and self._display is not None:
            self._lib.XCloseDisplay(self._display)
            self._display = None


def gnome_banners_off() -> bool | None:
    """True when GNOME's do-not-disturb is on (notification banners off); None where there is
    no GNOME setting to read."""
    if shutil.which("gsettings") is None:
        return None
    argv = ["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"]
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=GSETTINGS_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    answer = done.stdout.strip()
    return None if done.returncode != 0 or answer not in ("true", "false") else answer == "false"
