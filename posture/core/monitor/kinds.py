"""The names of what can happen (EventKind) and of what a stretch helps (Helps). Pure.

A module of its own so that the monitor, the alert table and the stretches can all import them
without importing each other in a circle.
"""

from __future__ import annotations

import enum


class EventKind(enum.Enum):
    """What the monitor reports; the values are what the history stores."""

    FORWARD_ALERT = "forward_head_alert"
    FORWARD_CLEARED = "forward_head_cleared"
    STILL_ALERT = "still_neck_alert"
    SITTING_ALERT = "sitting_alert"
    NECK_MOVED = "neck_moved"
    AWAY = "away"
    BACK = "back"
    BREAK = "break"
    PAUSED = "paused"
    RESUMED = "resumed"
    SNOOZED = "snoozed"
    CAMERA_COVERED = "camera_covered"
    CAMERA_LOST = "camera_lost"
    CAMERA_BACK = "camera_back"
    VIEW_CHANGED = "view_changed"
    """The camera no longer sees the person as at calibration (it moved, or they sit elsewhere)."""
    VIEW_MATCHED = "view_matched"
    """The view matches the calibration again."""
    SHARP_TURN = "sharp_turn"
    """A quick turn of the head (value: its peak speed in deg/s; amplitude_deg: how far)."""
    SHARP_NOD = "sharp_nod"
    """A quick nod, down or up (as SHARP_TURN)."""
    SHOULDERS_ALERT = "shoulders_raised_alert"
    SHOULDERS_DROPPED = "shoulders_dropped"
    """The raised shoulders came down (the alert's cause went away)."""


class Helps(enum.Enum):
    """What a stretch is good for; the values are what the catalogue's `helps` lists."""

    FORWARD_HEAD = "forward_head"
    STILL_NECK = "still_neck"
    LONG_SITTING = "long_sitting"
    SHOULDERS = "shoulders"
