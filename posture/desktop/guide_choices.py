"""What the guide's Next on "What to warn about" writes: the chosen settings (the warnings and
the camera picked in its list) into posture.toml, start at login and the menu entry as ticked."""

from __future__ import annotations

from pathlib import Path

from posture.adapters.system import autostart, desktop_entry
from posture.app.config import write_settings
from posture.core.settings import SPECS


def picked_camera(listed: list[str] | None, watched: str) -> int | None:
    """The `camera` setting for the webcam the guide ends on: its number when it was picked
    from the list of cameras found (None: a recording, a device path, a number out of range)."""
    if not listed or watched not in listed or not watched.isdigit():
        return None
    return int(watched) if int(watched) <= (SPECS["camera"].high or 0) else None


def apply(config: Path | None, values: dict[str, object], at_login: bool, menu: bool) -> Path:
    """Write `values` (checked by `Settings` first: nothing is written on a bad one), then turn
    start at login and the menu entry on, or off where ours; the settings file's path."""
    written = write_settings(config, values)
    where = autostart.place()
    if at_login:
        autostart.enable(where)
    elif autostart.status(where).ours:  # unticked: no longer
        autostart.disable(where)
    if menu:
        desktop_entry.enable()
    elif desktop_entry.is_ours(desktop_entry.entry_path()):
        desktop_entry.disable()
    return written
