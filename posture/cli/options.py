"""Options several commands share, each defined here once with its help text.

Where frames come from (`--camera`, `--source`), the pose model, the calibration profile, the
history database, the settings (`--config`, `--set`) and the report files (`--html`, `--tz`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from posture.adapters.store.family import has_sessions, is_history
from posture.adapters.system import paths
from posture.app.config import load_settings as _load_settings
from posture.core import settings, settings_text
from posture.core.errors import UsageError


def add_source(parser: argparse.ArgumentParser, *, files: bool = False) -> None:
    """`--camera N|PATH`, or instead `--source`: one recording, or (`files`) several
    recordings, images or folders."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--camera", metavar="N|PATH", help="webcam (default: the camera setting, 0 unless set)"
    )
    if files:
        where.add_argument(
            "--source",
            nargs="+",
            type=Path,
            metavar="PATH",
            help="recordings, images or folders instead of the webcam",
        )
    else:
        where.add_argument(
            "--source", type=Path, metavar="FILE", help="a recording instead of the webcam"
        )


def camera(args: argparse.Namespace, chosen: settings.Settings) -> str:
    """The webcam to watch: `--camera` when given, else the `camera` setting's number."""
    return str(args.camera) if args.camera is not None else str(chosen.camera)


def add_on_off(parser: argparse.ArgumentParser, meaning: str) -> None:
    """The `on|off|status` word of a switch (autostart, the menu entry); status by default."""
    parser.add_argument(
        "action",
        nargs="?",
        choices=("on", "off", "status"),
        default="status",
        metavar="on|off|status",
        help=meaning,
    )


def add_model(parser: argparse.ArgumentParser) -> None:
    """`--model FILE`: the pose model to use instead of the usual one."""
    parser.add_argument("--model", metavar="FILE", help="pose model .task file to use")


def add_profile(parser: argparse.ArgumentParser, *, files: bool = False) -> None:
    """`--profile FILE`: by default the camera's own profile; recordings (`files`) have none."""
    if files:
        text = "calibration profile for frontal frames (default: none, population figures)"
    else:
        text = f"calibration profile (default: this camera's, in {paths.config_dir() / 'profiles'})"
    parser.add_argument("--profile", type=Path, metavar="FILE", help=text)


def add_db(parser: argparse.ArgumentParser) -> None:
    """`--db FILE`: the history database."""
    text = f"history database (default: {paths.default_db()})"
    parser.add_argument("--db", type=Path, metavar="FILE", help=text)


def add_history_choice(parser: argparse.ArgumentParser) -> None:
    """`--db FILE`, or instead `--replays` or `--demo`: which history a command reads."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help=f"history database (default: {paths.default_db()}; without it, the replays or "
        "the last demo)",
    )
    which.add_argument(
        "--replays",
        action="store_true",
        help=f"the history of recordings played with --source ({paths.replay_db().name})",
    )
    which.add_argument(
        "--demo",
        action="store_true",
        help=f"the last `posture demo`'s made-up day ({paths.demo_db().name})",
    )


_OTHERS = (
    ("replays", "the replays of recordings (`posture run --source`)", "--replays"),
    ("demo", "the last demo (`posture demo`)", "--demo"),
)


def chosen_history(args: argparse.Namespace) -> Path:
    """The history `add_history_choice`'s flags name. With none, your webcam history; while
    it has no session yet (no file, or only diary notes), the replays or the last demo
    (whichever was written last), said on stderr with the flag that shows it, so a try-out
    never ends at "no history"."""
    if args.db is not None:
        return Path(args.db)
    named = {"replays": paths.replay_db(), "demo": paths.demo_db()}
    for name, _words, _flag in _OTHERS:
        if getattr(args, name, False):
            if not named[name].is_file():
                first = "`posture run --source FILE`" if name == "replays" else "`posture demo`"
                raise UsageError(f"no {name} yet at {named[name]}: {first} makes them")
            return named[name]
    db = paths.default_db()
    if db.exists() and (has_sessions(db) or not is_history(db)):
        return db  # a file that is no history: the store says what is wrong with it
    kept = [(named[n].stat().st_mtime, n, w, f) for n, w, f in _OTHERS if named[n].is_file()]
    if not kept:
        return db  # the store says there is no history (or only notes) and how to make one
    _, name, words, flag = max(kept)
    print(
        f"posture: no webcam history yet ({db}); showing {words}: `{flag}` asks for it",
        file=sys.stderr,
    )
    return named[name]


def add_settings(parser: argparse.ArgumentParser) -> None:
    """`--config FILE` and repeatable `--set KEY=VALUE`; read with `load_settings`."""
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"TOML file with a [monitor] table (default: {paths.default_config()} if present)",
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="one setting (repeatable)"
    )


def load_settings(args: argparse.Namespace) -> settings_text.Loaded:
    """The settings `--config` and `--set` (see `add_settings`) ask for."""
    return _load_settings(args.config, args.set)


def add_report_files(parser: argparse.ArgumentParser) -> None:
    """`--html FILE` and `--tz ZONE`, for the commands that show a report."""
    parser.add_argument("--html", type=Path, metavar="FILE", help="write an HTML report")
    parser.add_argument("--tz", metavar="ZONE", help="time zone of the days (default: local)")


def parse_day(text: str, flag: str) -> date:
    """A day given on the command line (YYYY-MM-DD), or a UsageError naming the flag."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} must be a date like 2026-11-21, got '{text}'") from None
    from posture.core.reports.days import check_day  # numpy: only for the commands that take days

    return check_day(day, flag)
