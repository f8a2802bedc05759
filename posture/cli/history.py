"""`posture history`: where your history is, export it, bring its daily figures up to date,
delete it. Nothing is deleted without a yes: asked on a terminal, `--yes` in scripts."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from posture.adapters.store.store import Store
from posture.adapters.system import paths
from posture.adapters.system.localzone import local_zone
from posture.app import history as app_history
from posture.cli import options
from posture.cli.command import Command, print_places, printable
from posture.cli.options import parse_day
from posture.core.errors import UsageError
from posture.core.words import plural

ACTIONS = ("where", "export", "delete", "rollup")
FLAGS = {
    "start": ("--from", ("export",)),
    "end": ("--to", ("export",)),
    "format": ("--format", ("export",)),
    "output": ("--output", ("export",)),
    "before": ("--before", ("delete",)),
    "all": ("--all", ("delete",)),
    "yes": ("--yes", ("delete",)),
    "db": ("--db", ("export", "delete", "rollup")),
    "replays": ("--replays", ("export",)),
    "demo": ("--demo", ("export",)),
    "tz": ("--tz", ("export", "delete", "rollup")),
}
"""Each option's flag and the actions it goes with (any other use is refused, not ignored)."""
NOUNS = {"diary": "diary note", "advice": "doctor-advice note"}
"""How an export counts the rows of a table whose name is not a plural."""


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        default="where",
        choices=ACTIONS,
        help="where (the default): every file with sizes; export: samples, events and "
        "stretches as CSV or JSON; delete: before a day (--before) or all (--all); rollup: "
        "the daily figures again",
    )
    parser.add_argument("--from", dest="start", metavar="DATE", help="export: first local day")
    parser.add_argument("--to", dest="end", metavar="DATE", help="export: last local day")
    parser.add_argument(
        "--format",
        choices=app_history.FORMATS,
        help="export: csv or json (default: from the --output name's ending, else csv)",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="export: a new file, or an earlier export to replace",
    )
    parser.add_argument("--before", metavar="DATE", help="delete everything before this day")
    parser.add_argument("--all", action="store_true", help="delete the files and backups")
    parser.add_argument("--yes", action="store_true", help="delete without asking (scripts)")
    options.add_history_choice(parser)
    parser.add_argument("--tz", metavar="ZONE", help="time zone of the days (default: local)")


def _check(args: argparse.Namespace) -> None:
    """Refuse an option the action does not take, and a delete without its one choice."""
    for name, (flag, actions) in FLAGS.items():
        if getattr(args, name) not in (None, False) and args.action not in actions:
            raise UsageError(f"{flag} goes with {' or '.join(actions)}, not {args.action}")
    if args.action == "delete" and (args.before is None) == (not args.all):
        raise UsageError("delete needs either --before DATE or --all")


def _where(args: argparse.Namespace) -> int:
    print_places()
    db = paths.default_db()
    if db.is_file():
        with Store(db, time.monotonic, read_only=True) as store:
            zone = local_zone()
            first = store.first_day(zone)
        if first:
            print(f"your history starts on {first:%d %B %Y}")
    print(
        "samples older than keep_samples_days (90 days by default) are dropped once each day's "
        "figures are kept; `posture history export` copies it, `delete` removes it"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    zone = local_zone(args.tz)
    first = parse_day(args.start, "--from") if args.start else None
    last = parse_day(args.end, "--to") if args.end else None
    if first and last and last < first:
        raise UsageError("--to must be on or after --from")
    span = app_history.span_of(first, last, zone)
    db = options.chosen_history(args)
    fmt = args.format or _format_of(args.output)
    if args.output is None:
        app_history.export(db, span, fmt, sys.stdout)
        return 0
    counts = app_history.export_to_file(db, span, fmt, args.output)
    shown = ", ".join(plural(n, NOUNS.get(table, table.rstrip("s"))) for table, n in counts.items())
    print(f"exported {shown} to {printable(str(args.output))}")
    return 0


def _format_of(output: Path | None) -> str:
    """The export format an --output name asks for (`.json`), else CSV."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return suffix if suffix in app_history.FORMATS else "csv"


def _rollup(args: argparse.Namespace) -> int:
    zone = local_zone(args.tz)
    with Store(args.db or paths.default_db(), time.monotonic, create=False) as store:
        first = store.first_day(zone)
        today = datetime.now(zone).date()
        built = 0 if first is None else store.rebuild(first, max(first, today), zone, time.time())
    print(f"built the daily figures of {plural(built, 'day')} from their samples ({zone})")
    return 0


def _confirm(question: str, yes: bool) -> bool:
    """True with --yes; else asks on a terminal; without one, refuses (nothing is deleted)."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError(f"{question}: nothing deleted; add --yes to delete without being asked")
    answer = input(f"{question}? [y/N] ").strip().lower()
    return answer in ("y", "yes")


def _delete(args: argparse.Namespace) -> int:
    if args.all:
        return _delete_all(args)
    zone = local_zone(args.tz)
    day = parse_day(args.before, "--before")
    tomorrow = datetime.now(zone).date() + timedelta(days=1)
    if day > tomorrow:
        raise UsageError(f"--before {day} is in the future; to delete everything use --all")
    db = args.db or paths.default_db()
    counts = app_history.counts_before(db, day, zone)
    if not _confirm(f"delete {counts} before {day} from {printable(str(db))}", args.yes):
        print("nothing deleted")
        return 1
    done = app_history.delete_before(db, day, zone)
    print(f"deleted {counts} before {day}; the file is compacted")
    if done.backups:
        print(f"the same was deleted from the {plural(done.backups, 'upgrade backup')} beside it")
    return 0


def _delete_all(args: argparse.Namespace) -> int:
    app_history.refuse_while_running()
    dbs = [args.db] if args.db else [paths.default_db(), paths.replay_db(), paths.demo_db()]
    files = [f for db in dbs for f in app_history.files_of(db)]
    if not files:
        print("no history to delete")
        return 0
    names = ", ".join(printable(str(f)) for f in files)
    if not _confirm(f"delete {plural(len(files), 'file')} ({names})", args.yes):
        print("nothing deleted")
        return 1
    app_history.delete_files(files)
    print(f"deleted {plural(len(files), 'file')}: {names}")
    return 0


def _cmd_history(args: argparse.Namespace) -> int:
    _check(args)
    handlers = {"where": _where, "export": _export, "rollup": _rollup, "delete": _delete}
    return handlers[args.action](args)


COMMAND = Command(
    "history",
    "where your history is; export it, bring its daily figures up to date, delete it",
    _arguments,
    _cmd_history,
    description="Dates are local days (YYYY-MM-DD). delete says what goes and asks first on a "
    "terminal; in a script it needs --yes.",
)
