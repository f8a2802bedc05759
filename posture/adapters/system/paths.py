"""Where the project keeps its files: the user's folders from platformdirs, each overridable.

The platform folders are named for the project and are ours: one an older version made 0755 is
made private (0700) when it is looked up. A folder named by an override variable is the user's
choice and is left as it is (the writers make any missing folder 0700).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from posture.adapters.system.files import check_usable_folder, tighten_folder
from posture.core.errors import UsageError

APP_NAME = "posture"
CACHE_DIR_ENV = "POSTURE_CACHE_DIR"


def _folder(env: str, platform_folder: Callable[..., str]) -> Path:
    """The folder `env` names, else the platform's (made private); either refused in one line
    if it is there but this user may not use it."""
    override = os.environ.get(env)
    folder = (
        Path(override).expanduser()
        if override
        else Path(platform_folder(APP_NAME, appauthor=False))
    )
    check_usable_folder(folder, UsageError)
    if not override and folder.exists():
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
    """The running monitor's pid, command and status files (and the tray's today.html);
    $POSTURE_STATE_DIR overrides the platform's."""
    return _folder(STATE_DIR_ENV, platformdirs.user_state_dir)


def default_db() -> Path:
    return data_dir() / "history.sqlite3"


def replay_db() -> Path:
    """Where `run --source` and `stretch --source` write without --db: replays never mix into
    the real history."""
    return data_dir() / "replays.sqlite3"


def demo_db() -> Path:
    """Where `posture demo` keeps its made-up day (without --db) until the next demo, so
    `posture report --demo` can show it again."""
    return data_dir() / "demo.sqlite3"


def history_db(source: Path | None) -> Path:
    """The history a command writes without --db: the replay history for a recording."""
    return default_db() if source is None else replay_db()


def default_config() -> Path:
    """`posture.toml` in the config folder, used when it exists and no --config is given."""
    return config_dir() / "posture.toml"


def user_catalogue() -> Path:
    """The user's additions to the stretch catalogue: stretches.toml in the config folder."""
    return config_dir() / "stretches.toml"


@dataclass(frozen=True, slots=True)
class Place:
    """One file, folder or family of files posture keeps."""

    what: str
    path: Path
    """A file or folder; with `pattern`, the folder the matching files are in."""
    pattern: str | None = None

    @property
    def shown(self) -> str:
        return str(self.path / self.pattern) if self.pattern else str(self.path)


@dataclass(frozen=True, slots=True)
class Usage:
    """What is at a place now: whether anything is, how many files and how many bytes."""

    exists: bool
    files: int
    size: int


def places() -> tuple[Place, ...]:
    """Every file and folder posture keeps, in the folders the overrides choose."""
    db = default_db()
    return (
        Place("history", db),
        Place("history journal", db.parent, f"{db.name}-*"),
        Place("history backups", db.parent, f"{db.name}.v*.bak"),
        Place("replay history (run/stretch --source)", db.parent, f"{replay_db().name}*"),
        Place("demo history (posture demo, until the next)", db.parent, f"{demo_db().name}*"),
        Place("calibration profiles", config_dir() / "profiles"),
        Place("settings", default_config()),
        Place("stretch catalogue additions", user_catalogue()),
        Place("running monitor (pid, command, status files)", state_dir()),
        Place("pose model cache", cache_dir()),
    )


def usage(place: Place) -> Usage:
    """What is at `place` now; never follows a link out of it and never changes anything."""
    if place.pattern is not None:
        found = [p for p in place.path.glob(place.pattern) if p.is_file()]
    elif place.path.is_dir():
        found = [p for p in place.path.rglob("*") if p.is_file() and not p.is_symlink()]
    elif place.path.is_file():
        found = [place.path]
    else:
        return Usage(False, 0, 0)
    exists = bool(found) or (place.pattern is None and place.path.is_dir())
    return Usage(exists, len(found), sum(p.lstat().st_size for p in found))


OVERRIDES = (DATA_DIR_ENV, CONFIG_DIR_ENV, STATE_DIR_ENV, CACHE_DIR_ENV)
"""The variables that move posture's folders."""
