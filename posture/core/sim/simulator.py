"""A geometric head-neck-shoulder model seen by a pinhole camera: ground truth for the estimators.

Pure numpy. A seated person is built in a body frame (metres; X to the person's left, Y up,
Z toward the camera, origin between the hips), posed by a `Scene`, and projected to the 33
BlazePose image landmarks and to world landmarks in MediaPipe's conventions (see `PoseSample`).

The pose, as the project measures it everywhere:

* `forward_head_deg` is the angle of the line from the shoulder-joint midpoint to the ear
  midpoint, from vertical, positive toward the camera (the side-view metric's definition).
* Head pitch, yaw and roll turn the head about the top of the neck (a pivot a little below and
  behind the ears), so a glance down moves the ears by about a centimetre and nothing more.
* `torso_lean_m` brings the shoulders that far toward the camera by pivoting the trunk at the
  hips; the neck keeps its angle from vertical, so leaning in is not a forward head.
* The camera stands `distance_m` in front of the shoulders, `camera_height_m` above the eyes of
  the person sitting upright, and is aimed at the middle of the neck of that upright pose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from posture.core.data import N_LANDMARKS, PoseSample


@dataclass(frozen=True, slots=True)
class Body:
    """Body dimensions in metres (seated adult averages; vary them to simulate other people)."""

    shoulder_width_m: float = 0.34
    neck_length_m: float = 0.20
    """Shoulder-joint midpoint to ear midpoint."""
    ear_width_m: float = 0.145
    torso_length_m: float = 0.50
    """Hip-joint midpoint to shoulder-joint midpoint."""
    hip_width_m: float = 0.26
    nose_forward_m: float = 0.105
    """Nose tip in front of the ear axis (the head model in metrics uses 1.5 half ear-widths)."""
    upright_deg: float = 15.0
    """The forward-head angle of this person sitting tall: where the camera was aimed."""


@dataclass(frozen=True, slots=True)
class Scene:
    """One moment: the person's pose, the camera and the landmark noise."""

    forward_head_deg: float = 15.0
    head_pitch_deg: float = 0.0
    """Chin down is positive; 0 is a level gaze."""
    head_yaw_deg: float = 0.0
    """Turning to the person's left is positive."""
    head_roll_deg: float = 0.0
    """Tilting toward the left shoulder is positive."""
    torso_lean_m: float = 0.0
    shrug_m: float = 0.0
    """Both shoulders raised toward the ears by this much (the head stays where it was)."""
    distance_m: float = 0.65
    camera_height_m: float = 0.0
    hfov_deg: float = 62.0
    width: int = 640
    height: int = 480
    noise_px: float = 0.0
    world_noise_m: float = 0.0
    present: bool = True
    body: Body = field(default_factory=Body)

    def with_(self, **changes: float) -> Scene:
        """A copy with some fields changed (`dataclasses.replace`, named for readability)."""
        return replace(self, **changes)  # type: ignore[arg-type]


# Head points relative to the ear midpoint, in the head's own frame, as fractions or metres.
# Columns: landmark, x (left, in ear half-widths), y (up, m), z (forward, m); nose depth comes from
# the body. Face proportions from adult head anthropometry (eyes ~6.3 cm apart, mouth ~5 cm wide).
_FACE = {
    1: (0.22, 0.035, 0.085),  # left eye inner
    2: (0.43, 0.035, 0.080),  # left eye
    3: (0.60, 0.035, 0.070),  # left eye outer
    4: (-0.22, 0.035, 0.085),
    5: (-0.43, 0.035, 0.080),
    6: (-0.60, 0.035, 0.070),
    9: (0.33, -0.055, 0.090),  # mouth left
    10: (-0.33, -0.055, 0.090),
}
_PIVOT = np.array([0.0, -0.03, -0.01])
"""Where the head turns on the neck, relative to the ear midpoint (top of the cervical spine)."""

_VISIBILITY = np.full(N_LANDMARKS, 0.05)
_VISIBILITY[:11] = 0.99  # face and ears
_VISIBILITY[11:13] = 0.98  # shoulders
_VISIBILITY[13:23] = 0.6  # arms and hands, partly on the desk
_VISIBILITY[23:25] = 0.3  # hips, behind the desk


def _rot_x(deg: float) -> np.ndarray:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


def _rot_y(deg: float) -> np.ndarray:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


def _rot_z(deg: float) -> np.ndarray:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def _head_rotation(scene: Scene) -> np.ndarray:
    # Yaw about the vertical, then pitch about the ear axis (chin down turns +Z toward -Y),
    # then roll about the face direction (left ear down when rolling toward the left shoulder).
    turn = _rot_y(scene.head_yaw_deg) @ _rot_x(scene.head_pitch_deg)
    return np.asarray(turn @ _rot_z(-scene.head_roll_deg), dtype=float)


def _shoulder_centre(body: Body, lean_m: float, shrug_m: float) -> np.ndarray:
    lean = math.asin(float(np.clip(lean_m / body.torso_length_m, -0.9, 0.9)))
    return np.array(
        [0.0, body.torso_length_m * math.cos(lean) + shrug_m, body.torso_length_m * math.sin(lean)]
    )


def body_points(scene: Scene) -> np.ndarray:
    """(33, 3) landmark positions in the body frame (metres; X left, Y up, Z toward the camera)."""
    b = scene.body
    pts = np.zeros((N_LANDMARKS, 3))
    base = _shoulder_centre(b, scene.torso_lean_m, 0.0)
    shoulders = _shoulder_centre(b, scene.torso_lean_m, scene.shrug_m)
    half_s = b.shoulder_width_m / 2.0
    across = np.array([half_s, 0.0, 0.0])
    pts[11], pts[12] = shoulders + across, shoulders - across
    th = math.radians(scene.forward_head_deg)
    ears = base + b.neck_length_m * np.array([0.0, math.cos(th), math.sin(th)])
    half_e = b.ear_width_m / 2.0
    head = {7: (half_e, 0.0, 0.0), 8: (-half_e, 0.0, 0.0), 0: (0.0, -0.02, b.nose_forward_m)}
    head.update({i: (x * half_e, y, z) for i, (x, y, z) in _FACE.items()})
    rot = _head_rotation(scene)
    for index, local in head.items():
        pts[index] = ears + _PIVOT + rot @ (np.array(local) - _PIVOT)
    hips = np.array([b.hip_width_m / 2.0, 0.0, 0.0])
    pts[23], pts[24] = hips, -hips
    for side, sign in ((0, 1.0), (1, -1.0)):
        shoulder = pts[11 + side]
        pts[13 + side] = shoulder + np.array([0.04 * sign, -0.27, 0.10])  # elbow
        pts[15 + side] = shoulder + np.array([-0.02 * sign, -0.30, 0.36])  # wrist, on the desk
        for k in (17, 19, 21):  # hand points just beyond the wrist
            pts[k + side] = pts[15 + side] + np.array([0.0, 0.0, 0.06])
        pts[25 + side] = pts[23 + side] + np.array([0.0, 0.0, 0.45])  # knee
        for k in (27, 29, 31):  # ankle, heel, toes
            pts[k + side] = pts[25 + side] + np.array([0.0, -0.45, 0.0])
    return pts


@dataclass(frozen=True, slots=True)
class Camera:
    """Pinhole camera: position in the body frame, rotation body->camera, focal length in pixels."""

    position: np.ndarray
    rotation: np.ndarray
    focal_px: float


def camera(scene: Scene) -> Camera:
    """The camera of a scene, aimed at the middle of the neck of the upright, unleaned person."""
    b = scene.body
    upright = replace(scene, forward_head_deg=b.upright_deg, torso_lean_m=0.0, shrug_m=0.0)
    base = body_points(replace(upright, head_pitch_deg=0.0, head_yaw_deg=0.0, head_roll_deg=0.0))
    eye_y = float(base[2, 1])
    ears = (base[7] + base[8]) / 2.0
    aim = (ears + (base[11] + base[12]) / 2.0) / 2.0
    position = np.array([0.0, eye_y + scene.camera_height_m, scene.distance_m])
    forward = aim - position
    forward /= np.linalg.norm(forward)
    right = np.array([1.0, 0.0, 0.0])  # the person's left is the image's right
    down = np.cross(forward, right)
    focal = (scene.width / 2.0) / math.tan(math.radians(scene.hfov_deg) / 2.0)
    return Camera(position, np.stack([right, down, forward]), focal)


def simulate(scene: Scene, t: float = 0.0, rng: np.random.Generator | None = None) -> PoseSample:
    """The landmarks a perfect pose model would report for `scene`, plus the scene's noise."""
    cam = camera(scene)
    local = (body_points(scene) - cam.position) @ cam.rotation.T  # camera frame: x right, y down
    depth = local[:, 2]
    u = scene.width / 2.0 + cam.focal_px * local[:, 0] / depth
    v = scene.height / 2.0 + cam.focal_px * local[:, 1] / depth
    hip_depth = float(depth[23:25].mean())
    image = np.zeros((N_LANDMARKS, 4))
    image[:, 2] = (depth - hip_depth) * cam.focal_px / (scene.width * hip_depth)
    image[:, 3] = _VISIBILITY if scene.present else 0.02
    world = local - local[23:25].mean(axis=0)
    if rng is not None:
        u = u + rng.normal(0.0, scene.noise_px, N_LANDMARKS)
        v = v + rng.normal(0.0, scene.noise_px, N_LANDMARKS)
        world = world + rng.normal(0.0, scene.world_noise_m, world.shape)
    image[:, 0], image[:, 1] = u / scene.width, v / scene.height
    return PoseSample(t=t, width=scene.width, height=scene.height, image=image, world=world)
