"""The application-menu entry (freedesktop: a .desktop file in XDG_DATA_HOME/applications) and
posture's icon installed under XDG_DATA_HOME/icons/hicolor, which the menu and autostart entries
name. An adapter; files carry the autostart entry's marker and only ours are removed."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from posture.adapters.system.autostart import MARKER, command, desktop_quote
from posture.adapters.system.files import private_folder, read_small_text, write_private
from posture.core.errors import PostureError, UsageError

ICON_NAME = "posture"
ICONS = {"scalable": "posture.svg", "128x128": "posture.png"}
"""hicolor size folder -> the packaged icon file put there."""


def data_home(home: Path | None = None) -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or (home or Path.home()) / ".local" / "share")


def entry_path() -> Path:
    return data_home() / "applications" / "posture.desktop"


def icon_paths() -> list[Path]:
    hicolor = data_home() / "icons" / "hicolor"
    return [
        hicolor / size / "apps" / (ICON_NAME + Path(name).suffix) for size, name in ICONS.items()
    ]


def entry_text() -> str:
    exec_line = " ".join(desktop_quote(a) for a in command())
    return (
        "[Desktop Entry]\nType=Application\nName=posture\nGenericName=Posture monitor\n"
        "Comment=Webcam posture monitor: a tray icon, alerts and your history\n"
        f"Exec={exec_line}\nIcon={ICON_NAME}\nTerminal=false\nCategories=Utility;\n"
        f"Keywords=posture;neck;webcam;break;\nStartupNotify=false\n{MARKER}=true\n"
    )


def install_icons() -> None:
    """Put posture's icon into the user's hicolor theme (the menu and autostart entries name it)."""
    package = resources.files("posture.adapters") / "icons"
    for path, name in zip(icon_paths(), ICONS.values(), strict=True):
        private_folder(path.parent, UsageError)
        write_private(path, (package / name).read_bytes(), "icon", UsageError)


def enable() -> Path:
    """Write the menu entry and install the icon; a file there not ours is refused."""
    path = entry_path()
    if path.exists() and not is_ours(path):
        raise UsageError(f"{path} exists and was not made by posture: remove it first")
    install_icons()
    private_folder(path.parent, UsageError)
    write_private(path, entry_text(), "menu entry", UsageError)
    return path


def is_ours(path: Path) -> bool:
    try:
        return MARKER in read_small_text(path, "menu entry", PostureError, 65_536)
    except PostureError:
        return False


def disable() -> bool:
    """Remove our menu entry and icons; False if there was no entry."""
    path = entry_path()
    if not path.exists():
        return False
    if not is_ours(path):
        raise UsageError(f"{path} was not made by posture: it is left as it is")
    path.unlink()
    for icon in icon_paths():
        icon.unlink(missing_ok=True)
    return True
