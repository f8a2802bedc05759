"""The first-run guide as a step of its own: `posture setup`, the first `posture run` on a desktop
with no profile for its camera, and the tray's "Set up..." open it here and wait for it. A run
opens it by itself once for each camera (remembered in the state folder); after that, the tray
and `posture setup` open it when asked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop

from calibration.profile import CameraId
from posture.adapters.camera.webcam import public_name
from posture.adapters.system import paths
from posture.adapters.system.files import private_folder, read_small_text, write_private
from posture.app.config import load_settings
from posture.app.guide import GuideCamera
from posture.core.errors import PostureError
from posture.desktop.qt_app import application
from posture.desktop.setup_window import SetupWindow

log = logging.getLogger(__name__)


def needs_setup(camera: str | None, profile: Path | None) -> bool:
    """Whether a run on webcam `camera` has no calibration profile yet (any frame size)."""
    if camera is None or profile is not None:
        return False
    slug = CameraId(f"camera {camera}", 1, 1).slug().removesuffix("-1x1")
    return not any((paths.config_dir() / "profiles").glob(f"{slug}-*.json"))


OFFERED_FILE = "setup-offered"
"""In the state folder: the cameras the first-run guide was opened for by itself, one a line
(a network camera without its password: `public_name`)."""


def was_offered(camera: str) -> bool:
    """Whether a run already opened the guide by itself for `camera` (it does so once)."""
    path = paths.state_dir() / OFFERED_FILE
    try:
        text = read_small_text(path, "setup record", PostureError) if path.exists() else ""
    except PostureError:
        return False  # unreadable: offered again rather than never
    return public_name(camera) in text.splitlines()


def mark_offered(camera: str) -> None:
    """Remember that the guide was opened by itself for `camera`; a failure is only logged
    (the guide then opens once more at the next run)."""
    path = paths.state_dir() / OFFERED_FILE
    try:
        before = read_small_text(path, "setup record", PostureError) if path.exists() else ""
        private_folder(path.parent, PostureError)
        write_private(path, f"{before}{public_name(camera)}\n", "setup record", PostureError)
    except PostureError as exc:
        log.warning("%s", exc)


def open_guide(
    camera: str, source: Path | None, profile: Path | None, model: str | None,
    done: Callable[[bool], None],
) -> SetupWindow:  # fmt: skip
    """Open the guide window (returns at once); `done(finished)` when it closes."""
    try:
        past = load_settings(None, []).settings.past_upright_deg
    except PostureError:
        past = 12.0
    guide = GuideCamera(camera, source, profile, past)
    window = SetupWindow(guide, None, done, None if source else cameras())
    window.show()
    return window


def run_guide(camera: str, source: Path | None, profile: Path | None, model: str | None) -> bool:
    """Open the guide and wait until it is closed; True when it was finished with a profile."""
    application()
    loop = QEventLoop()
    outcome: list[bool] = []

    def done(finished: bool) -> None:
        outcome.append(finished)
        loop.quit()

    window = open_guide(camera, source, profile, model, done)
    loop.exec()
    window.deleteLater()
    return bool(outcome and outcome[0])


def cameras() -> list[str]:
    """The webcams this system lists (Linux: /dev/video*), as --camera numbers."""
    found = sorted(Path("/dev").glob("video*"))
    return [p.name.removeprefix("video") for p in found] or ["0"]


__all__ = ["mark_offered", "needs_setup", "open_guide", "run_guide", "was_offered"]
