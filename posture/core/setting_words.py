"""Each setting in plain words: its group, label, unit as shown and one line of why. Pure.

The settings window and `posture config` say the same; the sources behind the defaults are in
docs/settings.md. A setting added to SPECS needs its words here (tests/test_setting_words.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from posture.core.monitor.alert_table import ALERT_TABLE, spec
from posture.core.monitor.kinds import EventKind
from posture.core.settings import SPECS

GROUPS = ("Alerts", "Breaks", "Camera", "Privacy and data", "Advanced")

UNIT_FACTORS = {"min": 60.0, "h": 3600.0}
"""A setting kept in seconds but shown in minutes or hours: seconds per shown unit."""


@dataclass(frozen=True, slots=True)
class Words:
    """How a setting is shown: its group, a label, its unit as shown, why it is there."""

    group: str
    label: str
    unit: str
    why: str
    at_start: bool = False
    """Read when the monitor starts: a change applies from its next start."""

    @property
    def factor(self) -> float:
        """Stored value = shown value * factor (60 for a duration shown in minutes)."""
        return UNIT_FACTORS.get(self.unit, 1.0)


A, B, C, P, X = GROUPS
_FORWARD = spec(EventKind.FORWARD_ALERT).title
_STILL = spec(EventKind.STILL_ALERT).title
_SHOULDERS = spec(EventKind.SHOULDERS_ALERT).title
"""The alerts' titles, written once in the alert table."""
_HOW = "a pop-up, a glow at the screen's edges, a sound, or only the tray icon"

WORDS: dict[str, Words] = {
    "forward_hold_s": Words(
        A, f"{_FORWARD} this long, then warn", "s", "a minute lets you lean in to read or reach"
    ),
    "forward_threshold_deg": Words(
        A,
        f"{_FORWARD} from, front (not set up)",
        "deg",
        "sitting tall reads about 15 from the front",
    ),
    "side_threshold_deg": Words(
        A,
        f"{_FORWARD} from, side (not set up)",
        "deg",
        "sitting tall reads about 15 from the side",
    ),
    "past_upright_deg": Words(
        A, f"{_FORWARD} from (set up)", "deg", "this far past your own sitting-tall angle"
    ),
    "still_alert_s": Words(
        A, f"{_STILL} this long, then warn", "min", "short movement breaks every 20-30 min help"
    ),
    "shoulders_hold_s": Words(
        A, f"{_SHOULDERS} this long, then warn", "min", "held tension, not a shrug or a reach"
    ),
    "shoulders_drop": Words(
        X, "Shoulders up: neck looks shorter by", "", "at rest it varies up to 5%", True
    ),
    "sharp_alert": Words(
        A,
        "Warn at each sharp head movement",
        "",
        "they are counted in the reports either way",
        True,
    ),
    "cooldown_s": Words(A, "Repeat a warning at most every", "min", "one reminder, not a stream"),
    "escalate_after": Words(
        A, "Ignored this often, warn louder", "times", "an unheeded warning becomes urgent"
    ),
    "snooze_s": Words(A, "Snooze lasts", "min", "what Snooze in a warning or the tray puts off"),
    "sitting_alert_s": Words(
        B, "Sitting this long, then warn", "min", "a short walk every 45-60 min is advised"
    ),
    "away_break_s": Words(
        B, "Away this long counts as a break", "min", "a few minutes up and about restart the clock"
    ),
    "away_after_s": Words(B, "Out of view this long is away", "s", "a glance away is not leaving"),
    "arrival_s": Words(
        B, "Settling-in time after you sit down", "s", "no forward head counted while you settle"
    ),
    "sample_hz": Words(
        C, "Readings a second", "per s", "one a second is plenty for minute-long timers"
    ),
    "away_sample_hz": Words(
        C, "Readings a second while away", "per s", "less work when no one is there"
    ),
    "motion_hz": Words(
        C, "Quick motion checks a second", "per s", "so a short head turn is not missed (0: off)"
    ),
    "battery_rate": Words(
        C, "Share of the work on battery", "", "0.5 halves the CPU on battery (1: as on mains)"
    ),
    "release_camera": Words(
        C, "Let go of the webcam between looks", "", "other apps can use it; a little more CPU"
    ),
    "share_camera": Words(
        C,
        "Step aside while a call uses the camera",
        "",
        "the call gets it, then posture resumes",
        True,
    ),
    "pause_when_locked": Words(
        P, "Pause while the screen is locked", "", "no watching when you are not at work", True
    ),
    "keep_samples_days": Words(
        P, "Keep second-by-second figures", "days", "then only daily figures stay (0: all)", True
    ),
    "tray": Words(X, "Show a tray icon", "", "the icon, its menu and its states", True),
    "forward_margin_deg": Words(
        X, "Good again this far below the line", "deg", "stops flicker near the line"
    ),
    "forward_gap_s": Words(
        X, "Glance ignored if shorter than", "s", "a look up does not reset the forward timer"
    ),
    "forward_clear_s": Words(X, "Good this long ends a warning", "s", "the warning goes away"),
    "move_deg": Words(X, "A neck movement is at least", "deg", "small wobbles do not count"),
    "move_window_s": Words(
        X, "A neck movement happens within", "s", "how quickly that movement must happen"
    ),
    "sharp_deg_s": Words(
        X, "A sharp movement is faster than", "deg/s", "above everyday turns, below fast jerks"
    ),
    "sharp_min_deg": Words(
        X, "A sharp movement turns at least", "deg", "so talking and wobbles are never sharp", True
    ),
    "burst_hz": Words(
        X, "Readings a second in a head turn", "per s", "to time its speed (0: sharp moves unseen)"
    ),
    "refresh_s": Words(
        X, "Fresh reading of a still picture every", "s", "an unchanged picture needs few readings"
    ),
    "commit_s": Words(
        X, "Save history at least every", "s", "less lost if the computer stops", True
    ),
    "network_camera": Words(
        C, "Allow a network camera (a URL)", "", "off: no camera setting reaches the network", True
    ),
    "hold_in_fullscreen": Words(
        A, "Hold warnings in fullscreen", "", "a video or a talk fills the screen; a summary after"
    ),
    "hold_in_do_not_disturb": Words(
        A, "Hold warnings in do-not-disturb", "", "as the desktop asks; a summary after"
    ),
    "glow_on_escalation": Words(
        A, "Unheeded warnings: one step louder", "", "a pop-up adds the glow; others a pop-up", True
    ),
    "camera_retry_s": Words(
        C, "Look for a missing webcam every", "s", "finds a camera plugged in or a lid opened", True
    ),
    "diary_ask_hour": Words(
        A,
        "Ask how my neck feels at",
        "o'clock",
        "once a day, a click notes it; 17.5 is 17:30 (0: off)",
    ),
    # the first-run guide (docs/setup.md)
    "camera": Words(
        C,
        "Webcam to watch (its number)",
        "",
        "0 is the first one found; `posture setup` lists them",
        True,
    ),
    **{
        f"nudge_{alert.word}": Words(A, f"{alert.title}: how to tell you", "", _HOW, True)
        for alert in ALERT_TABLE
    },
}

CHOICE_WORDS = {
    "notification": "a notification",
    "glow": "a glow at the screen's edges",
    "sound": "a short sound",
    "tray": "the tray icon only",
}
"""A choice (the nudge settings) as the user sees it."""


def words_of(key: str) -> Words:
    """A setting's words (a key without words is a programming error)."""
    return WORDS[key]


def shown_value(key: str, value: float | bool | str) -> str:
    """A value as the user sees it with its unit: '25 min', '60 s', 'on', 'a short sound'."""
    if isinstance(value, str):
        return CHOICE_WORDS.get(value, value)
    if isinstance(value, bool):
        return "on" if value else "off"
    words = WORDS[key]
    shown = value / words.factor
    unit = f" {words.unit}" if words.unit else ""
    return f"{shown:g}{unit}"


def range_text(key: str) -> str:
    """The allowed range in the shown unit: '1-7200 s', '1-240 min'."""
    spec, words = SPECS[key], WORDS[key]
    if (spec.kind is not float and spec.kind is not int) or spec.low is None or spec.high is None:
        return ""
    unit = f" {words.unit}" if words.unit else ""
    return f"{spec.low / words.factor:g}-{spec.high / words.factor:g}{unit}"


def by_group() -> dict[str, list[str]]:
    """The keys of each group, in SPECS order."""
    groups: dict[str, list[str]] = {group: [] for group in GROUPS}
    for key in SPECS:
        groups[WORDS[key].group].append(key)
    return groups
