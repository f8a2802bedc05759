"""The time zone a person's days are counted in: a name given, else $TZ, else the system's."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from posture.core.errors import UsageError

ZONE_SHOWN = 60
"""An unknown zone name is quoted up to this many characters."""


def local_zone(name: str | None = None) -> tzinfo:
    """The zone days are counted in: --tz, else $TZ, else the system's, with its DST rules."""
    key = name or os.environ.get("TZ")
    if key:
        try:
            return ZoneInfo(key.lstrip(":"))
        except (ZoneInfoNotFoundError, ValueError, OSError):
            # OSError: a folder of the zone database ("Europe"), a name too long for a file name
            shown = key if len(key) <= ZONE_SHOWN else key[: ZONE_SHOWN - 3] + "..."
            raise UsageError(
                f"unknown time zone '{shown}' (try a name like Europe/Berlin)"
            ) from None
    system = Path("/etc/localtime")
    target = str(system.resolve())
    if "zoneinfo/" in target:  # a link into the zone database names the zone
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
    try:
        with system.open("rb") as handle:
            return ZoneInfo.from_file(handle, key="local time")
    except (OSError, ValueError):
        zone = datetime.now().astimezone().tzinfo
        assert zone is not None  # astimezone() always sets one
        return zone
