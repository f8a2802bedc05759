"""Settings: every tunable number of the monitor, its default, where the default comes from.

Pure (standard library only). Read from a TOML file's `[monitor]` table and `--set KEY=VALUE`
flags, validated with a `ConfigError` that names the key, the value and what is allowed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from posture.core.errors import ConfigError
from posture.core.values import number_of, parse_toml, shown

TABLE = "monitor"
NUDGES = ("notification", "glow", "sound", "tray")
"""The ways an alert can reach the person (settings nudge_*): notification is the default."""


@dataclass(frozen=True, slots=True)
class Spec:
    """What a setting is: its kind, allowed range, unit and where its default comes from."""

    kind: type
    low: float | None = None
    high: float | None = None
    why: str = ""
    choices: tuple[str, ...] = ()
    """For a choice (kind str): the values allowed, the first the default."""


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
    # the nudge for each alert kind (docs/nudges.md): one row per alert of the alert table
    **{
        f"nudge_{word}": Spec(
            str,
            why=f"how a {short} alert reaches you: a notification, the glow along the screens' "
            "edges, a short sound, or only the tray icon's state",
            choices=NUDGES,
        )
        for word, short in (
            ("forward", "forward head"),
            ("still", "still neck"),
            ("sitting", "sitting"),
            ("shoulders", "shoulders raised"),
        )
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
    nudge_forward: str = "notification"
    nudge_still: str = "notification"
    nudge_sitting: str = "notification"
    nudge_shoulders: str = "notification"

    def __post_init__(self) -> None:
        for name, spec in SPECS.items():
            _check(name, getattr(self, name), spec)

    def with_values(self, values: dict[str, Any]) -> Settings:
        """A copy with values (already of the right kind) replaced; unknown keys are errors."""
        for key in values:
            if key not in SPECS:
                raise ConfigError(f"unknown setting '{key}' (known: {', '.join(SPECS)})")
        return replace(self, **values)


def _check(name: str, value: Any, spec: Spec) -> None:
    if spec.kind is str:
        if value not in spec.choices:
            raise ConfigError(
                f"{name} must be one of {', '.join(spec.choices)}, got {shown(value)}"
            )
        return
    if spec.kind is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{name} must be true or false, got {shown(value)}")
        return
    number = number_of(value)  # a whole number too large for a float is infinite: out of range
    whole = "whole " if spec.kind is int else ""
    if number is None or math.isnan(number) or (isinstance(value, float) and math.isinf(number)):
        raise ConfigError(f"{name} must be a {whole}number, got {shown(value)}")
    low = -math.inf if spec.low is None else spec.low
    high = math.inf if spec.high is None else spec.high
    if not low <= number <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, got {shown(value)}")
    if whole and not number.is_integer():
        raise ConfigError(f"{name} must be a whole number, got {shown(value)}")


DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr)?\s*$", re.IGNORECASE)
_UNIT_S = {"": 1.0, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "hr": 3600.0}


_DURATION_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(s|sec|min|m|hr|h)", re.IGNORECASE)
_COMPOUND = re.compile(r"^(?:\s*\d+(?:\.\d+)?\s*(?:s|sec|min|m|hr|h))+\s*$", re.IGNORECASE)


def parse_duration(text: str) -> float:
    """Seconds from '90', '45s', '30m', '1.5h', or parts with units together ('2h30m',
    '1h 15m'); ConfigError otherwise."""
    match = DURATION.match(text)
    if match:
        return float(match.group(1)) * _UNIT_S[(match.group(2) or "").lower()]
    if _COMPOUND.match(text):
        parts = _DURATION_PART.findall(text)
        return sum(float(number) * _UNIT_S[unit.lower()] for number, unit in parts)
    raise ConfigError(f"'{text}' is not a duration (examples: 90s, 30m, 1.5h, 2h30m)")


def _from_text(name: str, text: str) -> Any:
    spec = SPECS[name]
    if spec.kind is str:
        return text.strip().lower()
    if spec.kind is bool:
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "on", "1"):
            return True
        if lowered in ("false", "no", "off", "0"):
            return False
        raise ConfigError(f"{name} must be true or false, got '{text}'")
    try:
        value = float(text) if not name.endswith("_s") else parse_duration(text)
    except (ValueError, ConfigError):
        raise ConfigError(f"{name} must be a number, got '{text}'") from None
    if not math.isfinite(value):
        raise ConfigError(f"{name} must be a finite number, got '{text}'")
    return int(value) if spec.kind is int and value == int(value) else value


def parse_assignments(items: list[str]) -> dict[str, Any]:
    """`--set KEY=VALUE` flags as typed values (durations may carry a unit: 30m)."""
    values: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ConfigError(f"--set needs KEY=VALUE, got '{item}'")
        if key not in SPECS:
            raise ConfigError(f"unknown setting '{key}' (known: {', '.join(SPECS)})")
        values[key] = _from_text(key, text)
    return values


STRETCHES_TABLE = "stretches"


@dataclass(frozen=True, slots=True)
class ConfigText:
    """A config file's text and the path it came from (read by the caller)."""

    text: str
    path: str


def parse_file(config: ConfigText) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The `[monitor]` table of a TOML file (values as written, checked by `Settings`) and the
    ids in `[stretches] disabled`."""
    path = config.path
    data = parse_toml(config.text, f"config file {path}", ConfigError)
    table = data.get(TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [{TABLE}] must be a table")
    unknown = sorted(set(data) - {TABLE, STRETCHES_TABLE})
    if unknown:
        raise ConfigError(
            f"config file {path}: unknown table or key '{unknown[0]}' "
            f"(settings go in [{TABLE}] and [{STRETCHES_TABLE}])"
        )
    return dict(table), _disabled(data.get(STRETCHES_TABLE, {}), path)


def _disabled(table: Any, path: str) -> tuple[str, ...]:
    """The ids in `[stretches] disabled = [...]`."""
    ok = isinstance(table, dict) and set(table) <= {"disabled"}
    disabled = table.get("disabled", []) if ok else None
    if not isinstance(disabled, list) or not all(isinstance(d, str) for d in disabled):
        raise ConfigError(
            f'config file {path}: [{STRETCHES_TABLE}] takes only disabled = ["stretch-id", ...]'
        )
    return tuple(disabled)


@dataclass(frozen=True, slots=True)
class Loaded:
    """Settings and, for each key, where its value came from; stretches the user turned off."""

    settings: Settings
    origins: dict[str, str]
    disabled_stretches: tuple[str, ...] = ()


def load(config: ConfigText | None, assignments: list[str]) -> Loaded:
    """Defaults, then the config file (if any), then `--set` flags."""
    origins = {f.name: "default" for f in fields(Settings)}
    settings = Settings()
    disabled: tuple[str, ...] = ()
    if config is not None:
        from_file, disabled = parse_file(config)
        settings = settings.with_values(from_file)
        origins.update({k: f"file {config.path}" for k in from_file})
    flags = parse_assignments(assignments)
    settings = settings.with_values(flags)
    origins.update({k: "--set" for k in flags})
    return Loaded(settings, origins, disabled)


def describe(loaded: Loaded) -> list[tuple[str, str, str, str]]:
    """(key, value, origin, why) for every setting, for `posture config`."""
    rows = []
    for name, spec in SPECS.items():
        value = getattr(loaded.settings, name)
        if isinstance(value, str):
            shown = value
        else:
            shown = str(value).lower() if isinstance(value, bool) else f"{value:g}"
        rows.append((name, shown, loaded.origins[name], spec.why))
    return rows
