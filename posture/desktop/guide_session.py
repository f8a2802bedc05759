"""The first-run guide as a step of its own: `posture setup`, the first `posture run` on a desktop
with no profile for its camera, and the tray's "Set up..." open it here and wait for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop

from calibration.profile import CameraId
from posture.adapters.system import paths
from posture.app.config import load_settings
from posture.app.guide import GuideCamera
from posture.core.errors import PostureError
from posture.desktop.qt_app import application
from posture.desktop.setup_window import SetupWindow


def needs_setup(camera: str | None, profile: Path | None) -> bool:
    """Whether a run on webcam `camera` has no calibration profile yet (any frame size)."""
    if camera is None or profile is not None:
        return False
    slug = CameraId(f"camera {camera}", 1, 1).slug().removesuffix("-1x1")
    return not any((paths.config_dir() / "profiles").glob(f"{slug}-*.json"))


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


__all__ = ["needs_setup", "open_guide", "run_guide"]
