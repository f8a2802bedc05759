"""Starting the monitor when the user logs in: an XDG autostart entry on Linux (and other
freedesktop systems), a LaunchAgent on macOS, a script in the Startup folder on Windows.

An adapter. Each file names this Python interpreter and `-m posture run`, so the monitor starts
from the same installation (virtual environment included) with the user's camera, profile and
settings found as they are today. Files carry a marker line; `off` removes only a file with it.
"""

from __future__ import annotations

import os
import plistlib
import sys
from dataclasses import dataclass
from pathlib import Path

from posture.adapters.system.files import private_folder, read_small_text, write_private
from posture.core.errors import PostureError, UsageError

MARKER = "X-Posture-Autostart"
"""Written into every file we make (a key, a comment or a plist entry)."""
LABEL = "io.github.posture.monitor"
"""The macOS LaunchAgent's label."""
FILE_BYTES = 65_536


@dataclass(frozen=True, slots=True)
class Autostart:
    """Where the entry lives on this platform and what kind of file it is."""

    path: Path
    kind: str


@dataclass(frozen=True, slots=True)
class Found:
    """What `status` found: whether it starts at login, and why not if the file is there."""

    place: Autostart
    enabled: bool
    ours: bool
    note: str = ""


def place(platform: str = sys.platform, home: Path | None = None) -> Autostart:
    """The autostart file for `platform` under `home` (the user's by default)."""
    home = home or Path.home()
    if platform == "darwin":
        return Autostart(home / "Library" / "LaunchAgents" / f"{LABEL}.plist", "LaunchAgent")
    if platform.startswith("win"):
        roaming = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
        startup = roaming / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
        return Autostart(startup / "posture.cmd", "Startup folder script")
    config = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    return Autostart(Path(config) / "autostart" / "posture.desktop", "XDG autostart entry")


def command(platform: str = sys.platform) -> list[str]:
    """What is started: this interpreter (its windowless twin on Windows) with `-m posture run`."""
    python = Path(sys.executable)
    if platform.startswith("win") and (python.parent / "pythonw.exe").exists():
        python = python.parent / "pythonw.exe"
    return [str(python), "-m", "posture", "run"]


def desktop_quote(arg: str) -> str:
    """An Exec argument as the desktop-entry specification asks, in its three layers: quoted
    (with \\ before " ` $ and \\ inside) where it has a reserved character; a literal % as %%
    (else it is a field code); then the file's string escapes (a backslash doubled, so one in
    a quoted argument is written four times)."""
    quoted = arg
    if not arg or any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    quoted = quoted.replace("%", "%%")
    for raw, written in (("\\", "\\\\"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        quoted = quoted.replace(raw, written)
    return quoted


def file_text(platform: str = sys.platform) -> str:
    """The autostart file's content for `platform`."""
    argv = command(platform)
    if platform == "darwin":
        doc = {"Label": LABEL, "ProgramArguments": argv, "RunAtLoad": True, MARKER: True}
        return plistlib.dumps(doc).decode("utf-8")
    if platform.startswith("win"):
        quoted = " ".join(f'"{a}"' if " " in a else a for a in argv)
        return f'@rem {MARKER}: made by `posture autostart on`\r\n@start "" {quoted}\r\n'
    exec_line = " ".join(desktop_quote(a) for a in argv)
    return (
        "[Desktop Entry]\nType=Application\nName=posture\n"
        "Comment=Webcam posture monitor: a tray icon, alerts and your history\n"
        f"Exec={exec_line}\nIcon=posture\nTerminal=false\nX-GNOME-Autostart-enabled=true\n"
        # a few seconds after login, so a slow panel is up when the tray icon asks for it
        f"X-GNOME-Autostart-Delay=5\n{MARKER}=true\n"
    )


def _read(path: Path) -> str | None:
    try:
        return read_small_text(path, "autostart file", PostureError, FILE_BYTES)
    except PostureError:
        return None


def status(where: Autostart) -> Found:
    """Whether the file exists, is ours, and would start the monitor at login."""
    if not where.path.exists() and not where.path.is_symlink():
        return Found(where, enabled=False, ours=False)
    text = _read(where.path)
    if text is None:
        return Found(where, False, False, "the file cannot be read")
    ours = MARKER in text
    lines = {line.strip().lower() for line in text.splitlines()}
    if "hidden=true" in lines or "x-gnome-autostart-enabled=false" in lines:
        return Found(where, False, ours, "the entry is there but disabled (Hidden or disabled)")
    if not ours:
        return Found(where, True, False, "a file not made by `posture autostart on`")
    return Found(where, enabled=True, ours=True)


def enable(where: Autostart, platform: str = sys.platform) -> None:
    """Write (or rewrite) the autostart file; a file not ours is left alone and refused."""
    found = status(where)
    if where.path.exists() and not found.ours:
        raise UsageError(f"{where.path} exists and was not made by posture: remove it first")
    private_folder(where.path.parent, UsageError)
    write_private(where.path, file_text(platform), "autostart file", UsageError, ".posture-")
    if not platform.startswith(("win", "darwin")):
        from posture.adapters.system.desktop_entry import install_icons  # Icon=posture names it

        install_icons()


def disable(where: Autostart) -> bool:
    """Remove our autostart file; False if there was none. A file not ours is refused."""
    found = status(where)
    if not where.path.exists() and not where.path.is_symlink():
        return False
    if not found.ours:
        raise UsageError(f"{where.path} was not made by posture: it is left as it is")
    try:
        where.path.unlink()
    except OSError as exc:
        raise UsageError(f"cannot remove {where.path}: {exc.strerror or exc}") from None
    return True
