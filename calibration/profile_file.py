"""Calibration profile files: one JSON document per camera, read and written safely."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from calibration.profile import (
    FORMAT,
    RECALIBRATE,
    VERSION,
    CameraId,
    Profile,
    check_camera,
    from_document,
    to_document,
)
from posture.core.errors import ProfileError

__all__ = ["check_camera", "default_path", "load", "now_utc", "save"]


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_path(config_dir: Path, camera: CameraId) -> Path:
    return config_dir / "profiles" / f"{camera.slug()}.json"


def load(path: Path) -> Profile:
    """Read a profile; every problem becomes a one-line ProfileError that says what to do."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"no calibration profile at {path}: run `posture calibrate`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"cannot read profile {path}: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProfileError(f"profile {path} is corrupt ({exc.msg}); {RECALIBRATE}") from None
    except RecursionError:
        raise ProfileError(f"profile {path} is nested too deeply; {RECALIBRATE}") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    if isinstance(doc, dict) and doc.get("format") == FORMAT and version != VERSION:
        raise ProfileError(
            f"profile {path} is version {version!r}, this posture reads version {VERSION}; "
            + RECALIBRATE
        )
    try:
        return from_document(doc)
    except (ValueError, TypeError) as exc:
        raise ProfileError(f"profile {path} is not usable ({exc}); {RECALIBRATE}") from None


def save(profile: Profile, path: Path) -> Path | None:
    """Write atomically, readable by the user only; an existing profile is kept as NAME.bak.

    Returns the backup's path if one was made.
    """
    text = json.dumps(to_document(profile), indent=2) + "\n"
    backup = path.with_name(path.name + ".bak") if path.exists() else None
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, tmp = tempfile.mkstemp(prefix=".profile-", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if backup is not None:
            shutil.copy2(path, backup)
        os.replace(tmp, path)
    except OSError as exc:
        raise ProfileError(f"cannot write profile {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return backup
