"""Calibration profiles: what a calibration learned, and its versioned JSON document. Pure.

The file itself (reading, writing, backups) is `calibration.profile_file`.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

from posture.core.errors import ProfileError
from posture.core.frontal import FrontModel

FORMAT = "posture-profile"
VERSION = 1
RECALIBRATE = "run `posture calibrate` to make a new one"


@dataclass(frozen=True, slots=True)
class CameraId:
    """Which camera a profile belongs to: its name (`camera 0`, or `files` for recordings)."""

    name: str
    width: int
    height: int

    def describe(self) -> str:
        return f"{self.name} at {self.width}x{self.height}"

    def slug(self) -> str:
        """A file-name-safe key: `camera-0-640x480`."""
        name = re.sub(r"[^A-Za-z0-9]+", "-", self.name).strip("-").lower() or "camera"
        return f"{name}-{self.width}x{self.height}"


@dataclass(frozen=True, slots=True)
class Baseline:
    """Medians of the frontal features while the user sat tall, kept for `calibrate --check`."""

    frames: int
    height: float
    head_scale: float
    shoulder_px: float
    shoulder_x: float
    """Shoulder-line midpoint, as a fraction of the frame width and height."""
    shoulder_y: float
    pitch_deg: float
    yaw_deg: float


@dataclass(frozen=True, slots=True)
class Profile:
    """One user's calibration for one camera."""

    camera: CameraId
    baseline: Baseline
    model: FrontModel
    upright_deg: float
    created: str
    chin_poke_deg: float | None = None
    """What the estimator read during the optional chin-poke step: this user's forward range."""

    def matches(self, camera: CameraId) -> bool:
        """Same resolution, and the same camera unless the frames come from files."""
        same_size = (self.camera.width, self.camera.height) == (camera.width, camera.height)
        return same_size and (camera.name == "files" or camera.name == self.camera.name)


def to_document(profile: Profile) -> dict[str, Any]:
    doc = {"format": FORMAT, "version": VERSION, **asdict(profile)}
    doc["model"].pop("calibrated")
    return doc


def _number(section: dict[str, Any], key: str, where: str) -> float:
    value = section.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{where}.{key} must be a number, got {value!r}")
    return float(value)


def _section(doc: dict[str, Any], key: str) -> dict[str, Any]:
    value = doc.get(key)
    if not isinstance(value, dict):
        raise ValueError(f"'{key}' is missing")
    return value


_MODEL_FIELDS = ("neck_ratio", "head_ratio", "camera_height", "hfov_deg")

_POSITIVE = ("frames", "height", "head_scale", "shoulder_px")
"""Baseline figures that are counts or sizes: zero or less is a damaged file (and would divide
by zero in `calibrate --check`)."""
_ANGLES = ("pitch_deg", "yaw_deg")


def _baseline(base: dict[str, Any]) -> Baseline:
    numbers = {f: _number(base, f, "baseline") for f in Baseline.__dataclass_fields__}
    numbers["frames"] = int(numbers["frames"])  # 0.5 frames is no frame
    for key in _POSITIVE:
        if numbers[key] <= 0:
            raise ValueError(f"baseline.{key} must be positive, got {numbers[key]:g}")
    for key in _ANGLES:
        if abs(numbers[key]) > 180:
            raise ValueError(f"baseline.{key} must be between -180 and 180, got {numbers[key]:g}")
    return Baseline(**numbers)  # type: ignore[arg-type]


def from_document(doc: Any) -> Profile:
    """A Profile from parsed JSON; ValueError names the first thing wrong with it."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("it is not a posture calibration profile")
    cam, base, model = _section(doc, "camera"), _section(doc, "baseline"), _section(doc, "model")
    name = cam.get("name")
    if not isinstance(name, str) or not name:
        raise ValueError("camera.name must be a non-empty string")
    size = [int(_number(cam, k, "camera")) for k in ("width", "height")]
    if min(size) <= 0:
        raise ValueError(f"camera size must be positive, got {size[0]}x{size[1]}")
    poke = doc.get("chin_poke_deg")
    created = doc.get("created")
    return Profile(
        camera=CameraId(name, size[0], size[1]),
        baseline=_baseline(base),
        model=FrontModel(
            **{
                k: _number(model, k, "model")
                for k in FrontModel.__dataclass_fields__
                if k != "calibrated"
            },
            calibrated=True,
        ),
        upright_deg=_number(doc, "upright_deg", "profile"),
        created=created if isinstance(created, str) else "",
        chin_poke_deg=None if poke is None else _number(doc, "chin_poke_deg", "profile"),
    )


def check_camera(profile: Profile, camera: CameraId, path: object) -> None:
    """ProfileError unless the profile was made for this camera and resolution."""
    if not profile.matches(camera):
        raise ProfileError(
            f"profile {path} was made for {profile.camera.describe()}, not {camera.describe()}; "
            "calibrate this camera with `posture calibrate`"
        )
