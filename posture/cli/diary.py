"""`posture diary`: note how your neck feels (0-10 and a word), or see the last two weeks."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from posture.adapters.system import paths
from posture.adapters.system.localzone import local_zone
from posture.app import diary as app_diary
from posture.cli import options
from posture.cli.command import Command
from posture.core.errors import UsageError
from posture.core.reports.diary import WORDS

SHOWN_DAYS = 14
MAX_DAYS_AGO = 366


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "level", nargs="?", metavar="LEVEL", help="0 (fine) to 10 (worst); none: show the notes"
    )
    parser.add_argument("words", nargs="*", metavar="WORD", help=f"any of: {', '.join(WORDS)}")
    parser.add_argument(
        "--days-ago", type=int, default=0, metavar="N", help="note an earlier day (1: yesterday)"
    )
    options.add_db(parser)
    parser.add_argument("--tz", metavar="ZONE", help="time zone of the days (default: local)")


def _level(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"the level must be a whole number from 0 to 10, got '{text}'") from None


def _cmd_diary(args: argparse.Namespace) -> int:
    zone = local_zone(args.tz)
    db = args.db or paths.default_db()
    now = datetime.now(zone)
    if not 0 <= args.days_ago <= MAX_DAYS_AGO:
        raise UsageError(f"--days-ago must be from 0 to {MAX_DAYS_AGO}, got {args.days_ago}")
    if args.level is None:
        if args.days_ago:
            raise UsageError("--days-ago goes with a level: posture diary 4 stiff --days-ago 1")
        return _show(db, now)
    noted = app_diary.note(db, _level(args.level), args.words, args.days_ago, now)
    when = "today" if noted.note.day == now.date() else f"{noted.note.day:%a %d %b}"
    words = f" ({', '.join(noted.note.words)})" if noted.note.words else ""
    print(f"noted for {when}: neck {noted.note.level}/10{words}")
    if noted.advice is not None:
        print(f"please note: {noted.advice.text()}")
    return 0


def _show(db: Path, now: datetime) -> int:
    if not db.is_file():
        print("no notes yet: `posture diary 3 stiff` notes how your neck feels today")
        return 0
    days, advice = app_diary.recent(db, SHOWN_DAYS, now.date())
    if not days:
        print(f"no notes in the last {SHOWN_DAYS} days: `posture diary 3 stiff` notes today")
    for d in days:
        print(f"{d.day:%a %d %b}  neck {d.text()}")
    if advice is not None:
        print(f"please note: {advice.text()}")
    return 0


COMMAND = Command(
    "diary",
    "note how your neck feels (0-10 and a word), or see your last two weeks of notes",
    _arguments,
    _cmd_diary,
    description="The notes are kept in your history, beside the day's figures, and shown in the "
    "reports. Pain or spasm noted on more than 2 days in a row, or a severe neck, brings the "
    "medical texts' advice to see a doctor.",
)
