"""The preview: what it says (labels, tones), how it draws it (scaled, outlined, coloured, within
the frame), the window's size on the screen, and its keys as the run's commands."""

from __future__ import annotations

import numpy as np
from conftest import make_status

from posture.adapters.camera.preview import COLOURS, draw, fit
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app.preview import KEYS_LINE, PreviewListener, overlay
from posture.core.data import PoseSample, Reading
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Posture
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Line, Seen, Tone
from posture.core.stretches.coach import Coach
from posture.core.stretches.cues import Cue


def test_the_lines_are_labelled_and_coloured_by_verdict() -> None:
    forward = overlay(make_status(posture=Posture.FORWARD, head_forward_deg=31.0))
    assert forward[0] == Line("head forward 31 deg (forward)", Tone.ALERT)
    assert forward[-1] == Line(KEYS_LINE, Tone.MUTED)
    good = overlay(make_status(alerting=frozenset({EventKind.STILL_ALERT}), still_s=1500.0))
    assert good[0].tone is Tone.GOOD
    assert good[1] == Line("neck still 25 min - ALERT", Tone.ALERT)
    assert overlay(make_status(paused=True))[0] == Line("PAUSED (p resumes)", Tone.MUTED)
    assert overlay(make_status(away=True, present=False))[0] == Line("AWAY", Tone.MUTED)


def test_a_stretch_under_way_is_labelled_with_its_count_and_guidance() -> None:
    chin = load_catalogue().get("chin-tucks")
    intro = Coach(chin, 0.0).start()[0]
    cue = Cue(
        9.0, intro.kind, "3...", chin, intro.phase, 2, 5, 2, 5, "back", None, "draw your chin back"
    )
    lines = overlay(make_status(), cue)
    assert lines[0] == Line("COACHING: Chin tucks  2/5", Tone.COACH)
    assert lines[1] == Line("draw your chin back", Tone.COACH)


def _alert_rows(image: np.ndarray) -> np.ndarray:
    """The rows holding the alert colour's fill."""
    alert = np.array(COLOURS[Tone.ALERT])
    near = np.abs(image.astype(int) - alert).sum(axis=2) < 60
    return np.flatnonzero(near.any(axis=1))


def test_text_scales_with_the_frame_outlined_in_the_alert_colour_and_inside_it() -> None:
    lines = overlay(make_status(posture=Posture.FORWARD, head_forward_deg=31.0))
    heights = []
    for width, height in ((640, 480), (1280, 720)):
        frame = np.full((height, width, 3), 235, np.uint8)  # a bright wall: outlines matter
        out = draw(frame, None, lines)
        rows = _alert_rows(out)
        assert rows.size, "the forward line is drawn in the alert colour"
        heights.append(rows.max() - rows.min() + 1)
        band = out[rows.min() : rows.max() + 1]
        assert (band.sum(axis=2) < 60).any()  # the fill has its black outline around it
        assert (out[:, -4:] == 235).all()  # the longest line (the keys) fits the width
    assert heights[0] >= 12  # capitals about 13 px at 480 rows: legible
    assert 1.3 < heights[1] / heights[0] < 1.7  # scaled with the frame (720 / 480 = 1.5)


def test_the_window_fits_the_screen_and_never_grows() -> None:
    assert fit((1280, 720), (1280, 800)) == (1152, 648)
    assert fit((640, 480), (1920, 1080)) == (640, 480)
    assert fit((1920, 1080), (1366, 768)) == (1229, 691)


class Keyboard:
    """A window whose user presses one key per frame shown."""

    def __init__(self, keys: str) -> None:
        self.keys = list(keys)
        self.shown: list[list[Line]] = []

    def show(self, rgb: np.ndarray, sample: PoseSample | None, lines: list[Line]) -> str | None:
        self.shown.append(lines)
        return self.keys.pop(0) if self.keys else None


def test_the_windows_keys_are_the_terminals_and_every_glance_is_shown() -> None:
    asked: list[Command] = []
    window = Keyboard("spgxq?")
    listener = PreviewListener(window, asked.append)
    grey = np.full((48, 64, 3), 128, np.uint8)
    listener.reading(Seen(grey, None, Reading(t=0.0, present=False), make_status()))
    for t in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5):  # the reading's own frame is not shown twice
        listener.glance(grey, t)
    assert len(window.shown) == 6
    actions = [c.action for c in asked]
    assert actions == [
        Action.SNOOZE,
        Action.PAUSE_OR_RESUME,
        Action.TAKE_STRETCH,
        Action.SKIP_STRETCH,
        Action.STOP,
    ]
