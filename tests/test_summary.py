"""Summaries of readings."""

from __future__ import annotations

import pytest

from posture.core.data import Reading, View
from posture.core.measure.summary import summarize


def test_summary_counts_presence_views_and_forward_share() -> None:
    readings = [
        Reading(t=0.0, present=False),
        Reading(t=1.0, present=True, view=View.FRONT, head_forward_deg=10.0, yaw_deg=-5.0),
        Reading(t=2.0, present=True, view=View.FRONT, head_forward_deg=30.0, yaw_deg=5.0),
        Reading(t=3.0, present=True, view=View.SIDE, head_forward_deg=40.0),
        Reading(t=4.0, present=True, view=View.FRONT, head_forward_deg=None),
    ]
    s = summarize("clip", readings, threshold_deg=25.0)
    assert (s.frames, s.present_frames) == (5, 4)
    assert s.views == {"front": 3, "side": 1}
    assert (s.forward_frames, s.judged_frames) == (2, 3)
    assert s.forward_share == pytest.approx(2 / 3)
    assert s.head_forward is not None
    assert (s.head_forward.median, s.head_forward.low, s.head_forward.high) == (30.0, 10.0, 40.0)
    assert s.yaw is not None and (s.yaw.low, s.yaw.high) == (-5.0, 5.0)
    assert s.roll is None
    d = s.as_dict()
    assert d["type"] == "summary" and d["roll_deg"] is None and d["forward_share"] == 0.6667


def test_summary_of_nothing() -> None:
    s = summarize("empty", [], threshold_deg=25.0)
    assert s.frames == 0 and s.forward_share is None and s.head_forward is None
