"""Calibration profiles: what a calibration learned, and its versioned JSON document. Pure.

Version 2 records the view (front, three-quarter or side) and what the readings showed while the
person sat tall; version 1 (front views only) is read and migrated. The file itself (reading,
writing, backups) is `calibration.profile_file`.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import asdict, dataclass
from typing import Any

from posture.core.data import View
from posture.core.errors import ProfileError
from posture.core.measure.baseline import Upright
from posture.core.measure.frontal import FrontModel

FORMAT = "posture-profile"
VERSION = 2
OLD_VERSIONS = (1,)
"""Versions read and migrated (version 1: front views only, no recorded upright reading)."""
RECALIBRATE = "run `posture calibrate` to make a new one"

THREE_QUARTER_FROM_DEG = 20.0
SIDE_FROM_DEG = 60.0
"""Body turn (0 facing the camera, 90 side-on) from which a profile's view is three-quarter or
side."""


class ProfileView(enum.Enum):
    """Where the camera saw the person from at calibration."""

    FRONT = "front"
    THREE_QUARTER = "three-quarter"
    SIDE = "side"

    @classmethod
    def of_turn(cls, turn_deg: float) -> ProfileView:
        if turn_deg >= SIDE_FROM_DEG:
            return cls.SIDE
        return cls.THREE_QUARTER if turn_deg >= THREE_QUARTER_FROM_DEG else cls.FRONT


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
    """Medians of what the readings showed while the user sat tall: the person's own upright,
    and the view the monitor and `calibrate --check` compare with."""

    frames: int
    reads: View
    """How the readings saw the person: front (also most three-quarter views) or side."""
    head_forward_deg: float
    """The reading while sitting tall: forward is `past_upright_deg` beyond it."""
    size_px: float
    """How big the person looked (`metrics.body_size_px`: shoulder width from the front, ear to
    shoulder from the side)."""
    shoulder_x: float
    """Shoulder-line midpoint, as a fraction of the frame width and height."""
    shoulder_y: float
    turn_deg: float
    """Body turn from the camera: 0 facing it, 90 side-on."""
    pitch_deg: float
    trunk_deg: float | None = None
    """Side views with the hips in view: the hip->shoulder line from vertical (negative: back).
    `head_forward_deg` is the reading raised by any lean back past sitting tall's trunk."""
    spread_deg: float = 0.0
    """How much the kept frames' readings spread (median absolute deviation, as a standard
    deviation): the capture's quality."""
    dropped: int = 0
    """Frames dropped as outliers (a hand, a blink, a glance)."""
    ear_shoulder_ratio: float | None = None
    """The shoulders' height sitting relaxed (`metrics.ear_shoulder_ratio`, front views; None:
    not measured, or a profile made before it was: shoulders are then not judged)."""


@dataclass(frozen=True, slots=True)
class Profile:
    """One user's calibration for one camera."""

    camera: CameraId
    view: ProfileView
    baseline: Baseline
    model: FrontModel | None
    """The frontal estimator's fit (None for a side view, whose angle needs none)."""
    upright_deg: float
    """The angle the frontal fit assumes for sitting tall."""
    created: str
    chin_poke_deg: float | None = None
    """What the estimator read during the optional chin-poke step: this user's forward range."""

    def upright(self) -> Upright:
        """What the monitor judges against."""
        b = self.baseline
        size = b.size_px / self.camera.width
        aspect = self.camera.height / self.camera.width
        return Upright(
            b.reads,
            b.head_forward_deg,
            size,
            b.shoulder_x,
            b.shoulder_y,
            b.ear_shoulder_ratio,
            aspect,
        )

    def matches(self, camera: CameraId) -> bool:
        """Same resolution, and the same camera unless the frames come from files."""
        same_size = (self.camera.width, self.camera.height) == (camera.width, camera.height)
        return same_size and (camera.name == "files" or camera.name == self.camera.name)


def to_document(profile: Profile) -> dict[str, Any]:
    doc = {"format": FORMAT, "version": VERSION, **asdict(profile)}
    doc["view"] = profile.view.value
    doc["baseline"]["reads"] = profile.baseline.reads.value
    if doc["model"] is not None:
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


_POSITIVE = ("frames", "height", "head_scale", "shoulder_px", "size_px")
"""Baseline figures that are counts or sizes: zero or less is a damaged file (and would divide
by zero in `calibrate --check`)."""
_ANGLES = ("pitch_deg", "yaw_deg", "head_forward_deg", "turn_deg")


def _numbers(base: dict[str, Any], keys: list[str]) -> dict[str, float]:
    numbers = {f: _number(base, f, "baseline") for f in keys}
    if "frames" in numbers:
        numbers["frames"] = int(numbers["frames"])  # 0.5 frames is no frame
    for key in _POSITIVE:
        if key in numbers and numbers[key] <= 0:
            raise ValueError(f"baseline.{key} must be positive, got {numbers[key]:g}")
    for key in _ANGLES:
        if key in numbers and abs(numbers[key]) > 180:
            raise ValueError(f"baseline.{key} must be between -180 and 180, got {numbers[key]:g}")
    return numbers


_OPTIONAL = ("trunk_deg", "spread_deg", "dropped", "ear_shoulder_ratio")
"""Baseline figures added within version 2: absent (or null) in older files."""


def _baseline(base: dict[str, Any]) -> Baseline:
    keys = [f for f in Baseline.__dataclass_fields__ if f not in ("reads", *_OPTIONAL)]
    numbers: dict[str, Any] = dict(_numbers(base, keys))
    extra: dict[str, Any] = {}
    for key in _OPTIONAL:
        if base.get(key) is not None:
            extra[key] = _number(base, key, "baseline")
    if "dropped" in extra:
        extra["dropped"] = int(extra["dropped"])
    limits = (("trunk_deg", -180, 180), ("spread_deg", 0, 180), ("dropped", 0, 1e9))
    for key, low, high in limits:
        if key in extra and not low <= extra[key] <= high:
            raise ValueError(
                f"baseline.{key} must be between {low:g} and {high:g}, got {extra[key]:g}"
            )
    ratio = extra.get("ear_shoulder_ratio")
    if ratio is not None and not 0.0 < ratio < 5.0:
        raise ValueError(f"baseline.ear_shoulder_ratio must be between 0 and 5, got {ratio:g}")
    reads = base.get("reads")
    if reads not in (View.FRONT.value, View.SIDE.value):
        raise ValueError(f"baseline.reads must be 'front' or 'side', got {reads!r}")
    frames = int(numbers.pop("frames"))
    return Baseline(frames=frames, reads=View(reads), **numbers, **extra)


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """A version-1 document (front views only) as version 2: its calibrated model read sitting
    tall as `upright_deg` by construction, which becomes the recorded upright reading."""
    base = _section(doc, "baseline")
    old = _numbers(base, ["frames", "height", "head_scale", "shoulder_px", "pitch_deg", "yaw_deg"])
    new_base = {
        "frames": old["frames"],
        "reads": View.FRONT.value,
        "head_forward_deg": _number(doc, "upright_deg", "profile"),
        "size_px": old["shoulder_px"],
        "shoulder_x": _number(base, "shoulder_x", "baseline"),
        "shoulder_y": _number(base, "shoulder_y", "baseline"),
        "turn_deg": 0.0,
        "pitch_deg": old["pitch_deg"],
    }
    return {**doc, "version": VERSION, "view": ProfileView.FRONT.value, "baseline": new_base}


def _model(doc: dict[str, Any]) -> FrontModel | None:
    if doc.get("model") is None:
        return None
    model = _section(doc, "model")
    fields = [k for k in FrontModel.__dataclass_fields__ if k != "calibrated"]
    numbers = {k: _number(model, k, "model") for k in fields}
    return FrontModel(**numbers, calibrated=True)


def from_document(doc: Any) -> Profile:
    """A Profile from parsed JSON (version 1 is migrated); ValueError names the first thing
    wrong with it."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("it is not a posture calibration profile")
    if doc.get("version") in OLD_VERSIONS:
        doc = migrate(doc)
    cam, base = _section(doc, "camera"), _section(doc, "baseline")
    views = [v.value for v in ProfileView]
    if doc.get("view") not in views:
        raise ValueError(f"view must be one of {', '.join(views)}, got {doc.get('view')!r}")
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
        view=ProfileView(doc["view"]),
        baseline=_baseline(base),
        model=_model(doc),
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
