"""Settings as text: durations, `--set KEY=VALUE` flags, a config file's tables, and loading. Pure.

Defaults, then the config file's `[monitor]` table, then the flags; each value checked by
`Settings` (posture/core/settings.py), with a `ConfigError` naming the key, value and what is
allowed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Any

from posture.core.errors import ConfigError
from posture.core.settings import SPECS, Settings, unknown_setting
from posture.core.values import parse_toml

TABLE = "monitor"


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
    duration = name.endswith("_s")
    try:
        value = float(text)  # a plain number first: '-5' is out of range, not 'not a number'
    except ValueError:
        try:
            value = parse_duration(text) if duration else math.nan
        except ConfigError:
            value = math.nan
        if math.isnan(value):
            units = " (seconds, or with a unit: 90s, 30m, 1.5h)" if duration else ""
            raise ConfigError(f"{name} must be a number, got '{text}'{units}") from None
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
            raise unknown_setting(key)
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
