"""Where the project keeps its files: the user's folders from platformdirs, each overridable.

The platform folders are named for the project and are ours: one an older version made 0755 is
made private (0700) when it is looked up. A folder named by an override variable is the user's
choice and is left as it is (the writers make any missing folder 0700).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

from posture.adapters.files import tighten_folder

APP_NAME = "posture"
CACHE_DIR_ENV = "POSTURE_CACHE_DIR"


def _folder(env: str, platform_folder: Callable[..., str]) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    folder = Path(platform_folder(APP_NAME, appauthor=False))
    if folder.exists():
        tighten_folder(folder)
    return folder


def cache_dir() -> Path:
    """Downloaded models live here; $POSTURE_CACHE_DIR overrides the platform's cache folder."""
    return _folder(CACHE_DIR_ENV, platformdirs.user_cache_dir)


CONFIG_DIR_ENV = "POSTURE_CONFIG_DIR"


def config_dir() -> Path:
    """Calibration profiles and settings live here; $POSTURE_CONFIG_DIR overrides the platform's."""
    return _folder(CONFIG_DIR_ENV, platformdirs.user_config_dir)


DATA_DIR_ENV = "POSTURE_DATA_DIR"
STATE_DIR_ENV = "POSTURE_STATE_DIR"


def data_dir() -> Path:
    """The history database lives here; $POSTURE_DATA_DIR overrides the platform's."""
    return _folder(DATA_DIR_ENV, platformdirs.user_data_dir)


def state_dir() -> Path:
    """The running monitor's pid and command files; $POSTURE_STATE_DIR overrides the platform's."""
    return _folder(STATE_DIR_ENV, platformdirs.user_state_dir)


def default_db() -> Path:
    return data_dir() / "history.sqlite3"


def default_config() -> Path:
    """`posture.toml` in the config folder, used when it exists and no --config is given."""
    return config_dir() / "posture.toml"


def user_catalogue() -> Path:
    """The user's additions to the stretch catalogue: stretches.toml in the config folder."""
    return config_dir() / "stretches.toml"
