"""The user's settings: the config file (the one given, else the default one if it exists) with
`--set` overrides on top."""

from __future__ import annotations

from pathlib import Path

from posture.adapters.system import paths
from posture.adapters.system.files import read_config
from posture.core import settings


def load_settings(config: Path | None, overrides: list[str]) -> settings.Loaded:
    """Settings from `config` (or the default config file when there is one) and `overrides`
    (KEY=VALUE texts); raises ConfigError naming the bad key or value."""
    path = config
    if path is None and paths.default_config().exists():
        path = paths.default_config()
    return settings.load(None if path is None else read_config(path), overrides)
