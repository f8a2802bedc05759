"""Where the project keeps its files: the user's folders from platformdirs, each overridable."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "posture"
CACHE_DIR_ENV = "POSTURE_CACHE_DIR"


def cache_dir() -> Path:
    """Downloaded models live here; $POSTURE_CACHE_DIR overrides the platform's cache folder."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


CONFIG_DIR_ENV = "POSTURE_CONFIG_DIR"


def config_dir() -> Path:
    """Calibration profiles and settings live here; $POSTURE_CONFIG_DIR overrides the platform's."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
