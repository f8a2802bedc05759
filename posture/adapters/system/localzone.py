"""The time zone a person's days are counted in: a name given, else $TZ, else the system's.

$TZ is read as POSIX and glibc read it: a zone name (`Europe/Berlin`, `:Europe/Berlin`), a
zone file (`:/etc/localtime`, a common setting), or a rule (`UTC0`, `CET-1CEST,M3.5.0,M10.5.0/3`).
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from posture.adapters.system.files import read_small_bytes
from posture.core.errors import PostureError, UsageError

ZONE_SHOWN = 60
"""An unknown zone name is quoted up to this many characters."""
ZONE_FILE_BYTES = 1 << 16
"""A zone file is a few kilobytes (Europe/Berlin: 2.3 kB)."""
SYSTEM_ZONE = Path("/etc/localtime")


def local_zone(name: str | None = None) -> tzinfo:
    """The zone days are counted in: --tz, else $TZ, else the system's, with its DST rules."""
    key = name or os.environ.get("TZ")
    if not key:
        return _system()
    zone = zone_of(key)
    if zone is None:
        shown = key if len(key) <= ZONE_SHOWN else key[: ZONE_SHOWN - 3] + "..."
        raise UsageError(
            f"unknown time zone '{shown}' (try a name like Europe/Berlin, or a POSIX rule "
            "like CET-1CEST,M3.5.0,M10.5.0/3)"
        )
    return zone


def zone_of(key: str) -> tzinfo | None:
    """The zone a $TZ value names (see the module's note); None if it names none."""
    name = key[1:] if key.startswith(":") else key
    if name.startswith("/"):
        return _from_file(Path(name))
    # OSError: a folder of the zone database ("Europe"), a name too long for a file name
    with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo(name)
    return None if key.startswith(":") else _from_rule(key)


def _from_file(path: Path) -> tzinfo | None:
    """The zone in a zone file, by its name when it is a link into the zone database."""
    with contextlib.suppress(OSError, RuntimeError):
        target = str(path.resolve())
        if "zoneinfo/" in target:
            with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
                return ZoneInfo(target.split("zoneinfo/", 1)[1])
    try:  # bounded: a link to /dev/zero or a FIFO is refused, not read forever
        data = read_small_bytes(path, "time zone file", UsageError, ZONE_FILE_BYTES)
        return ZoneInfo.from_file(io.BytesIO(data), key=str(path))
    except (PostureError, ValueError):
        return None


def _from_rule(rule: str) -> tzinfo | None:
    """A POSIX TZ rule as a zone: a zone file with no transitions of its own, whose footer (the
    rule for all times after the last transition) is the rule, read by zoneinfo itself."""
    if not (rule.isascii() and rule.isprintable()) or len(rule) > 2 * ZONE_SHOWN:
        return None
    header = b"TZif2" + bytes(15) + struct.pack(">6l", 0, 0, 0, 0, 1, 4)
    block = header + struct.pack(">lBB", 0, 0, 0) + b"UTC\0"  # one local time type, unused
    try:
        return ZoneInfo.from_file(
            io.BytesIO(block + block + b"\n" + rule.encode() + b"\n"), key=rule
        )
    except ValueError:
        return None


def _system() -> tzinfo:
    """The system's zone (/etc/localtime), else the offset the C library uses now."""
    zone = _from_file(SYSTEM_ZONE) if SYSTEM_ZONE.exists() else None
    if zone is not None:
        return zone
    found = datetime.now().astimezone().tzinfo
    assert found is not None  # astimezone() always sets one
    return found
