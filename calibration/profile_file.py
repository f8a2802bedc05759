"""Calibration profile files: one JSON document per camera, read and written safely.

The file I/O of the calibration package: it reads and writes through `posture.adapters.system.files`
(bounded reads of regular files only; private, atomic writes that refuse symbolic links).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from calibration.profile import (
    FORMAT,
    OLD_VERSIONS,
    RECALIBRATE,
    VERSION,
    CameraId,
    Profile,
    check_camera,
    from_document,
    to_document,
)
from posture.adapters.system.files import (
    check_target,
    private_folder,
    read_small_bytes,
    read_small_text,
    remove_stale_temps,
    write_private,
)
from posture.core.errors import ProfileError

TEMP_PREFIX = ".profile-"
"""Temporary files of a save in progress (and strays of a killed one, removed by the next save)."""

__all__ = ["check_camera", "default_path", "load", "now_utc", "save"]

log = logging.getLogger(__name__)


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_path(config_dir: Path, camera: CameraId) -> Path:
    return config_dir / "profiles" / f"{camera.slug()}.json"


def load(path: Path) -> Profile:
    """Read a profile; every problem becomes a one-line ProfileError that says what to do."""
    if not (path.exists() or path.is_symlink()):
        raise ProfileError(f"no calibration profile at {path}: run `posture calibrate`")
    text = read_small_text(path, "profile", ProfileError)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProfileError(f"profile {path} is corrupt ({exc.msg}); {RECALIBRATE}") from None
    except RecursionError:
        raise ProfileError(f"profile {path} is nested too deeply; {RECALIBRATE}") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    known = (VERSION, *OLD_VERSIONS)
    if isinstance(doc, dict) and doc.get("format") == FORMAT and version not in known:
        raise ProfileError(
            f"profile {path} is version {version!r}, this posture reads versions "
            f"{', '.join(map(str, sorted(known)))}; " + RECALIBRATE
        )
    try:
        profile = from_document(doc)
    except (ValueError, TypeError) as exc:
        raise ProfileError(f"profile {path} is not usable ({exc}); {RECALIBRATE}") from None
    if version != VERSION:
        _migrated(profile, path, version)
    return profile


def _migrated(profile: Profile, path: Path, version: object) -> None:
    """Rewrite an older profile in this version (the old file kept as .bak), saying so once."""
    try:
        backup = save(profile, path)
    except ProfileError as exc:
        log.warning(
            "profile %s is version %s (front view only): read as a front-view calibration, "
            "but it could not be updated (%s)",
            path,
            version,
            exc,
        )
        return
    log.warning(
        "profile %s was version %s (front view only): updated to version %s as a front-view "
        "calibration, the old file kept as %s; `posture calibrate` records your view afresh",
        path,
        version,
        VERSION,
        backup,
    )


def save(profile: Profile, path: Path) -> Path | None:
    """Write atomically, readable by the user only; an existing profile is kept as NAME.bak.

    The backup is itself written atomically, before the new profile: a kill at any moment leaves
    the old profile or the new one in place and a complete backup or none. Temporary files a
    killed save left behind are removed. Returns the backup's path if one was made.
    """
    text = json.dumps(to_document(profile), indent=2) + "\n"
    backup = path.with_name(path.name + ".bak")
    check_target(path, "profile", ProfileError)
    private_folder(path.parent, ProfileError)
    remove_stale_temps(path.parent, TEMP_PREFIX)
    made = None
    if path.exists():
        old = read_small_bytes(path, "profile", ProfileError)
        write_private(backup, old, "profile backup", ProfileError, TEMP_PREFIX)
        made = backup
    write_private(path, text, "profile", ProfileError, TEMP_PREFIX)
    return made
