"""Values that cross module boundaries: landmark indices, frames, pose samples, readings."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np

N_LANDMARKS = 33


class LM(enum.IntEnum):
    """BlazePose landmark indices used by this project ("left" is the person's left)."""

    NOSE = 0
    LEFT_EYE = 2
    RIGHT_EYE = 5
    LEFT_EAR = 7
    RIGHT_EAR = 8
    MOUTH_LEFT = 9
    MOUTH_RIGHT = 10
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_HIP = 23
    RIGHT_HIP = 24


@dataclass(frozen=True, slots=True, eq=False)
class Frame:
    """One RGB frame (height x width x 3, uint8) and when it was taken, in seconds."""

    image: np.ndarray
    t: float
    index: int


class View(enum.Enum):
    """Where the camera sees the person from."""

    FRONT = "front"
    SIDE = "side"


class Limit(enum.Enum):
    """Why a view cannot be judged well: said instead of guessing an angle."""

    SMALL = "small"
    """The person is too small in the frame: a pixel of landmark jitter is degrees of neck."""
    THREE_QUARTER = "three_quarter"
    """Seen three-quarter: neither the frontal cues nor the side angle hold."""


@dataclass(frozen=True, slots=True, eq=False)
class PoseSample:
    """One person's landmarks in one frame, free of any MediaPipe type.

    `image` is (33, 4): x and y normalised to the frame's width and height, z (relative depth,
    smaller is nearer the camera, on the scale of x) and visibility in [0, 1].
    `world` is (33, 3): metres, origin between the hips, y pointing down, z away from the camera.
    """

    t: float
    width: int
    height: int
    image: np.ndarray
    world: np.ndarray

    def __post_init__(self) -> None:
        if self.image.shape != (N_LANDMARKS, 4):
            raise ValueError(f"image landmarks must be (33, 4), got {self.image.shape}")
        if self.world.shape != (N_LANDMARKS, 3):
            raise ValueError(f"world landmarks must be (33, 3), got {self.world.shape}")
        if self.width <= 0 or self.height <= 0:
            raise ValueError(f"frame size must be positive, got {self.width}x{self.height}")

    def pixels(self) -> np.ndarray:
        """Image landmarks as (33, 2) pixel coordinates, so angles keep the frame's aspect."""
        scale = np.array([self.width, self.height], dtype=float)
        return np.asarray(self.image[:, :2] * scale, dtype=float)

    def visibility(self, *points: int) -> float:
        """The lowest visibility among the given landmarks."""
        return float(min(self.image[p, 3] for p in points))


@dataclass(frozen=True, slots=True)
class Reading:
    """What the metrics make of one frame: the unit the monitor, the store and the reports use.

    Angles are in degrees and `None` where they cannot be measured in this frame.
    `confidence` (0-1) says how far `head_forward_deg` can be trusted.
    """

    t: float
    present: bool
    view: View | None = None
    head_forward_deg: float | None = None
    confidence: float = 0.0
    yaw_deg: float | None = None
    pitch_deg: float | None = None
    roll_deg: float | None = None
    calibrated: bool = False
    neck_ratio: float | None = None
    """Front view: ear-midpoint height above the shoulder line over shoulder width (a shrug
    shrinks it); None in a side view."""
    size: float | None = None
    """How big the person looks, as a fraction of the frame's width: the turn-corrected shoulder
    width in a front view, the near ear-to-shoulder length in a side view."""
    shoulder_x: float | None = None
    """Shoulder-line midpoint, as fractions of the frame's width and height."""
    shoulder_y: float | None = None
    limit: Limit | None = None
    """Why this view cannot be judged well (its confidence is then under any judging one)."""
    trunk_deg: float | None = None
    """Side view with the hip in view: the hip->shoulder line from vertical, positive with the
    shoulder ahead of the hip (a slump), negative behind it (a recline); None otherwise."""
    ear_shoulder_ratio: float | None = None
    """The shoulders' height (metrics.ear_shoulder_ratio): `neck_ratio` where the shoulders can
    be measured (a front view, not turned, ears and shoulders seen in the frame), else None."""
    shoulder_confidence: float = 0.0
    """How far `ear_shoulder_ratio` can be trusted: 0 while a hand is at the face or a shoulder."""


@dataclass(frozen=True, slots=True)
class StretchResult:
    """What the history keeps of a stretch session (the coach's Result, as plain values)."""

    stretch_id: str
    status: str
    done: int
    total: int
    checked: bool
    seconds: float
