"""Where the project keeps its files: the user's folders from platformdirs, each overridable."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "posture"
CACHE_DIR_ENV = "POSTURE_CACHE_DIR"


def _folder(env: str, platform_folder: Callable[..., str]) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    return Path(platform_folder(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Downloaded models live here; $POSTURE_CACHE_DIR overrides the platform's cache folder."""
    return _folder(CACHE_DIR_ENV, platformdirs.user_cache_dir)


CONFIG_DIR_ENV = "POSTURE_CONFIG_DIR"


def config_dir() -> Path:
    """Calibration profiles and settings live here; $POSTURE_CONFIG_DIR overrides the platform's."""
    return _folder(CONFIG_DIR_ENV, platformdirs.user_config_dir)
