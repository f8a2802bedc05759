"""Settings: every tunable number of the monitor, its default, where the default comes from.

Pure (standard library only). Validated on creation with a `ConfigError` that names the key,
the value and what is allowed; read from a TOML file and `--set KEY=VALUE` flags by
`posture.core.settings_text`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Any

from posture.core.errors import ConfigError
from posture.core.monitor.alert_table import ALERT_TABLE
from posture.core.settings_spec import NUDGES, Spec, check

SPECS: dict[str, Spec] = {
    "forward_threshold_deg": Spec(
        float,
        5.0,
        60.0,
        "front view, uncalibrated: the estimate reads 15 deg sitting tall for a typical neck and "
        "21-23 for a neck 7-8% shorter (one person in six); 22 keeps them good and catches a "
        "slouch (shared upright people read 10-21 deg, the slouching man 24-33)",
    ),
    "side_threshold_deg": Spec(
        float,
        5.0,
        60.0,
        "side view, uncalibrated: sitting tall reads about 15 deg (shared side photos 10-18); a "
        "forward head is a CVA under 48-50 deg, about 5 deg below sitting tall's 52-55, so "
        "forward from 20 (hunched photos read 32-91)",
    ),
    "past_upright_deg": Spec(
        float,
        3.0,
        45.0,
        "calibrated: forward once this far past your own upright; above the 1.3-5.5 deg minimum "
        "detectable change of the CVA, under the 11-15 deg slouches people showed past their "
        "upright; both side-view men on any one straight photo: balanced accuracy 0.92-1.00",
    ),
    "forward_margin_deg": Spec(
        float, 0.0, 20.0, "hysteresis: good again only this far below the threshold"
    ),
    "forward_hold_s": Spec(
        float,
        1.0,
        7200.0,
        "texts: a head held forward 'for long periods'; a minute ignores reaching and reading",
    ),
    "forward_gap_s": Spec(
        float, 0.0, 600.0, "a glance or a lean back shorter than this neither raises nor resets"
    ),
    "forward_clear_s": Spec(float, 1.0, 3600.0, "good posture this long clears the alert"),
    "arrival_s": Spec(
        float,
        0.0,
        300.0,
        "sitting down, settling and reaching for the keyboard: no forward head counted this long "
        "after someone appears",
    ),
    "still_alert_s": Spec(
        float,
        60.0,
        14400.0,
        "evidence: micro-breaks every 20-30 min reduce discomfort; texts: move the head often",
    ),
    "move_deg": Spec(
        float,
        5.0,
        90.0,
        "a real neck movement turns, nods or tilts the head this far; jitter and expressions "
        "stay under 5 deg (shared still clip)",
    ),
    "move_window_s": Spec(float, 0.5, 30.0, "within this time (a 30 deg turn lasting 1 s counts)"),
    "sharp_deg_s": Spec(
        float,
        60.0,
        1000.0,
        "a head movement this fast (peak over 0.2 s) is sharp: above everyday head speeds "
        "(under 90-185 deg/s walking and running), below a healthy person's fastest turn "
        "(348 +/- 92 deg/s; 226 with neck pain); see docs/measurement.md",
    ),
    "sharp_min_deg": Spec(
        float,
        10.0,
        90.0,
        "a sharp movement turns or nods the head at least this far: four times a still head's "
        "jitter, so jitter and talking are never one",
    ),
    "sharp_alert": Spec(bool, why="notify each sharp movement (at most every cooldown_s)"),
    "burst_hz": Spec(
        float,
        0.0,
        15.0,
        "when a glance sees the head turn, readings at this rate for a second measure its "
        "speed (0: no bursts; sharp movements then go uncounted)",
    ),
    "sitting_alert_s": Spec(
        float,
        300.0,
        14400.0,
        "texts: a short walk every 45-60 min; evidence: a 5-10 min break after 50-60 min",
    ),
    "away_after_s": Spec(float, 1.0, 600.0, "no one in view this long is 'away'"),
    "away_break_s": Spec(
        float, 30.0, 3600.0, "away this long counts as a break (texts: a walk of a few minutes)"
    ),
    "cooldown_s": Spec(float, 0.0, 7200.0, "the same alert at most this often"),
    "escalate_after": Spec(int, 1, 10, "repeats of an ignored alert before it gets louder"),
    "snooze_s": Spec(float, 60.0, 7200.0, "what snooze (key s) puts off"),
    "sample_hz": Spec(
        float, 0.1, 10.0, "a reading a second is ample for minute-long timers; low CPU"
    ),
    "away_sample_hz": Spec(float, 0.05, 10.0, "slower while nobody is there"),
    "motion_hz": Spec(
        float,
        0.0,
        15.0,
        "cheap frame-difference checks between readings, so a head turn of a second is not "
        "missed (0: off)",
    ),
    "refresh_s": Spec(
        float,
        1.0,
        120.0,
        "with motion checks on, an unchanged picture gets a model reading only this often (slow "
        "drift); in between the last reading stands. 10 s is a sixth of forward_hold_s (1: the "
        "model every reading)",
    ),
    "battery_rate": Spec(
        float,
        0.1,
        1.0,
        "on battery (where the system tells), readings and motion checks at this fraction of "
        "their rate: 0.5 halves their CPU, a head turn shorter than 2 s may go unseen (1: off)",
    ),
    "release_camera": Spec(bool, why="release the webcam between readings for other apps"),
    "commit_s": Spec(float, 0.5, 5.0, "history is committed at least this often"),
    "keep_samples_days": Spec(
        int,
        0,
        36500,
        "second-by-second samples are kept this many days, then only each day's figures "
        "(events, stretches, daily rollups) are: 90 days covers a quarter's day and week views "
        "at about 160 MB (0: keep them all)",
    ),
    "tray": Spec(bool, why="a tray icon when there is a desktop (`run --no-tray`: not this run)"),
    "share_camera": Spec(bool, why="let go of the webcam while another application uses it"),
    "pause_when_locked": Spec(bool, why="pause while the screen is locked (where D-Bus says)"),
    "network_camera": Spec(
        bool,
        why="--camera may be a network stream's URL (an IP camera); off, so no camera value "
        "ever fetches from the network. A URL's user name, password and query are never kept",
    ),
    # nudges (docs/nudges.md)
    "camera_retry_s": Spec(
        float,
        5.0,
        3600.0,
        "with a tray icon, a webcam that cannot be opened is tried again this often (a camera "
        "plugged in later, a lid opened) instead of ending the run",
    ),
    "hold_in_fullscreen": Spec(
        bool, why="hold alert notifications while a window fills the screen (X11); a summary after"
    ),
    "glow_on_escalation": Spec(
        bool,
        why="from escalate_after reminders on, a glow along the screens' edges as well "
        "(click-through, fades when the posture clears)",
    ),
    "hold_in_do_not_disturb": Spec(
        bool,
        why="hold alert notifications while the desktop's do-not-disturb is on; a summary after",
    ),
    "shoulders_hold_s": Spec(
        float,
        10.0,
        7200.0,
        "shoulders raised this long (calibrated front view) raise the alert: held tension, not "
        "a shrug (the catalogue's shrug holds are 1-5 s) or a reach; the shared clips' longest "
        "'raised' run at rest is 0 s (benchmarks/shoulders.py)",
    ),
    "shoulders_drop": Spec(
        float,
        0.05,
        0.5,
        "raised: the ear-to-shoulder height this share below the calibrated one (at rest it "
        "varies 1.5-4.8% per person, a lean or tilt lowers it up to 14%, unjudged; the shrug "
        "stretch counts 15%)",
    ),
    # the neck diary's question (docs/diary-and-shoulders.md)
    "diary_ask_hour": Spec(
        float,
        0.0,
        23.75,
        "at this local hour (17.5: half past five) a running monitor asks once a day, with "
        "buttons, how the neck feels, when someone is at the computer (0: never, the default)",
    ),
    # the first-run guide (docs/setup.md)
    "camera": Spec(
        int,
        0,
        99,
        "the webcam watched when no --camera is given (run, calibrate, stretch, setup, the "
        "autostart entry): its number, 0 the first; the guide writes the one picked in its list",
    ),
    # the nudge for each alert kind (docs/nudges.md): one row per alert of the alert table
    **{
        f"nudge_{alert.word}": Spec(
            str,
            why=f"how a {alert.short} alert reaches you: a notification, the glow along the "
            "screens' edges, a short sound, or only the tray icon's state",
            choices=NUDGES,
        )
        for alert in ALERT_TABLE
    },
}


@dataclass(frozen=True, slots=True)
class Settings:
    """The monitor's settings; validated on creation."""

    forward_threshold_deg: float = 22.0
    side_threshold_deg: float = 20.0
    past_upright_deg: float = 10.0
    forward_margin_deg: float = 3.0
    forward_hold_s: float = 60.0
    forward_gap_s: float = 10.0
    forward_clear_s: float = 20.0
    arrival_s: float = 15.0
    still_alert_s: float = 1500.0
    move_deg: float = 15.0
    move_window_s: float = 3.0
    sharp_deg_s: float = 200.0
    sharp_min_deg: float = 20.0
    sharp_alert: bool = False
    burst_hz: float = 10.0
    sitting_alert_s: float = 3000.0
    away_after_s: float = 5.0
    away_break_s: float = 300.0
    cooldown_s: float = 600.0
    escalate_after: int = 2
    snooze_s: float = 600.0
    sample_hz: float = 1.0
    away_sample_hz: float = 0.2
    motion_hz: float = 2.0
    refresh_s: float = 10.0
    battery_rate: float = 1.0
    release_camera: bool = False
    commit_s: float = 5.0
    keep_samples_days: int = 90
    tray: bool = True
    share_camera: bool = True
    pause_when_locked: bool = True
    network_camera: bool = False
    camera_retry_s: float = 30.0
    hold_in_fullscreen: bool = True
    glow_on_escalation: bool = True
    hold_in_do_not_disturb: bool = True
    shoulders_hold_s: float = 120.0
    shoulders_drop: float = 0.15
    diary_ask_hour: float = 0.0
    camera: int = 0
    nudge_forward: str = "notification"
    nudge_still: str = "notification"
    nudge_sitting: str = "notification"
    nudge_shoulders: str = "notification"

    def __post_init__(self) -> None:
        for name, spec in SPECS.items():
            check(name, getattr(self, name), spec)

    def with_values(self, values: dict[str, Any]) -> Settings:
        """A copy with values (already of the right kind) replaced; unknown keys are errors."""
        for key in values:
            if key not in SPECS:
                raise unknown_setting(key)
        return replace(self, **values)


def unknown_setting(key: str) -> ConfigError:
    """The error for a setting name that is not one: the nearest names, else them all."""
    near = difflib.get_close_matches(key, SPECS, n=3, cutoff=0.75)
    if near:
        return ConfigError(f"unknown setting '{key}': did you mean {' or '.join(near)}?")
    return ConfigError(f"unknown setting '{key}' (known: {', '.join(SPECS)})")
