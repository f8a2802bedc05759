"""The tray's states at a glance: each icon differs from every other in shape, not only in
colour; the forward-head icon shows a head pushed forward (not a bar across a disc, which reads
as 'no entry'); the menu's words say until when a pause or a snooze lasts and name the stretch
on offer. Drawn off screen, no display needed."""

from __future__ import annotations

from datetime import datetime
from itertools import combinations

import numpy as np
import pytest
from conftest import RecordingNotifier
from PySide6.QtGui import QImage

from posture.adapters.system.catalogue import load as load_catalogue
from posture.core.alerts import alert_for
from posture.core.monitor.events import Event, Posture, Status
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.state import Snapshot, State
from posture.core.stretches.catalogue import Chooser
from posture.desktop import icons
from posture.desktop.offers import OfferTee
from posture.desktop.tray import headline, start_label, until_tomorrow_s


def shape(state: State) -> np.ndarray:
    """The icon's shape, colour left out: 0 outside, 1 on the ground, 2 on the white sign."""
    image = icons.draw(state, 64).convertToFormat(QImage.Format.Format_ARGB32)
    pixels = np.frombuffer(bytes(image.constBits()), np.uint8).reshape(64, 64, 4)
    alpha, white = pixels[..., 3] > 128, pixels[..., :3].min(axis=2) > 220
    return np.where(alpha, np.where(white, 2, 1), 0)


@pytest.mark.parametrize(("a", "b"), list(combinations(icons.LOOKS, 2)), ids=str)
def test_every_state_differs_in_shape_not_only_in_colour(a: State, b: State) -> None:
    differing = (shape(a) != shape(b)).mean()
    assert differing > 0.03, f"{a.value} and {b.value} differ in {differing:.1%} of the icon"


def test_the_forward_icon_shows_the_head_pushed_forward() -> None:
    forward, good = shape(State.FORWARD) == 2, shape(State.GOOD) == 2
    mirrored = (forward != forward[:, ::-1]).mean()
    assert mirrored > 0.05  # not a symmetric bar or disc: a figure leaning one way
    top = slice(0, 26)  # the head
    shift = np.argwhere(forward[top])[:, 1].mean() - np.argwhere(good[top])[:, 1].mean()
    assert shift > 64 * 0.08


def status(paused: bool = False, snoozed_s: float = 0.0) -> Status:
    return Status(
        t=0.0,
        present=True,
        away=False,
        paused=paused,
        posture=Posture.GOOD,
        head_forward_deg=10.0,
        forward_s=0.0,
        still_s=0.0,
        sitting_s=0.0,
        alerting=frozenset(),
        next_alert=None,
        snoozed_s=snoozed_s,
    )


NOW = datetime(2026, 12, 7, 14, 25)  # a Monday, local time


def test_a_snooze_says_until_when() -> None:
    said = headline(Snapshot(status(snoozed_s=600.0)), NOW)
    assert said == "posture: alerts snoozed until 14:35"


def test_pause_until_tomorrow_ends_at_nine_and_says_so() -> None:
    late = datetime(2026, 12, 7, 22, 30).astimezone()
    assert until_tomorrow_s(late) == pytest.approx(10.5 * 3600)
    until = late.timestamp() + until_tomorrow_s(late)
    said = headline(
        Snapshot(status(paused=True), paused_until_utc=until), late.replace(tzinfo=None)
    )
    assert said == "posture: paused until tomorrow 9:00"
    soon = headline(Snapshot(status(paused=True), paused_until_utc=NOW.timestamp() + 1800), NOW)
    assert soon == "posture: paused until 14:55"


def test_the_menu_names_the_stretch_on_offer() -> None:
    assert start_label("Chin tucks", paused=False) == "Start Chin tucks"
    assert start_label("Chin tucks", paused=True) == "Start Chin tucks (resumes monitoring)"
    assert start_label(None, paused=False) == "No stretch on offer"


def test_the_menu_hears_the_stretch_offered_and_its_withdrawal() -> None:
    heard: list[str | None] = []
    inner = RecordingNotifier()
    tee = OfferTee(inner, heard.append)
    stretch = Chooser(load_catalogue()).choose(EventKind.FORWARD_ALERT)
    said = alert_for(Event(EventKind.FORWARD_ALERT, 0.0, duration_s=60.0), stretch)
    assert said is not None and stretch is not None
    tee.notify(said)
    tee.withdraw(EventKind.STILL_ALERT)  # another cause: the offer stands
    tee.withdraw(EventKind.FORWARD_ALERT)
    assert heard == [stretch.name, None] and inner.alerts == [said]

    class Quiet(RecordingNotifier):
        def quiet(self) -> bool | None:
            return True

    assert OfferTee(Quiet(), heard.append).quiet() is True  # do-not-disturb is read through it
