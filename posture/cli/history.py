"""`posture history`: where your history is, export it, bring its daily figures up to date,
delete it. Nothing is deleted without a yes: asked on a terminal, `--yes` in scripts."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

from posture.adapters import paths
from posture.adapters.localzone import local_zone
from posture.adapters.store import Store
from posture.app import history as app_history
from posture.cli import paths as paths_command
from posture.cli.command import Command, printable
from posture.cli.report import parse_day
from posture.core.errors import UsageError
from posture.core.words import plural


class _ActionParser(argparse.ArgumentParser):
    """An action's parser: a usage mistake is one line, as for every command."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"posture: error: {printable(message)} (see `{self.prog} --help`)\n")


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=_ActionParser)
    actions.required = True
    actions.add_parser("where", help="every file posture keeps, with sizes")
    export = actions.add_parser("export", help="samples, events and stretches as CSV or JSON")
    export.add_argument("--from", dest="start", metavar="DATE", help="first local day")
    export.add_argument("--to", dest="end", metavar="DATE", help="last local day")
    export.add_argument("--format", choices=app_history.FORMATS, required=True)
    export.add_argument("--output", "-o", type=Path, metavar="FILE", help="default: stdout")
    rollup = actions.add_parser("rollup", help="build the daily figures again from the samples")
    delete = actions.add_parser("delete", help="delete the history before a day, or all of it")
    which = delete.add_mutually_exclusive_group(required=True)
    which.add_argument("--before", metavar="DATE", help="delete everything before this day")
    which.add_argument("--all", action="store_true", help="delete the history files and backups")
    delete.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    for sub in (export, rollup, delete):
        sub.add_argument("--db", type=Path, metavar="FILE", help="default: your history")
        sub.add_argument("--tz", metavar="ZONE", help="time zone of the days (default: local)")


def _where(args: argparse.Namespace) -> int:
    paths_command.print_places()
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
    db = args.db or paths.default_db()
    if args.output is None:
        app_history.export(db, span, args.format, sys.stdout)
        return 0
    counts = app_history.export_to_file(db, span, args.format, args.output)
    shown = ", ".join(plural(n, table.rstrip("s")) for table, n in counts.items())
    print(f"exported {shown} to {printable(str(args.output))}")
    return 0


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
    app_history.delete_before(db, day, zone)
    print(f"deleted {counts} before {day}; the file is compacted")
    return 0


def _delete_all(args: argparse.Namespace) -> int:
    dbs = [args.db] if args.db else [paths.default_db(), paths.replay_db()]
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
    handlers = {"where": _where, "export": _export, "rollup": _rollup, "delete": _delete}
    return handlers[args.action](args)


COMMAND = Command(
    "history",
    "where your history is; export it, bring its daily figures up to date, delete it",
    _arguments,
    _cmd_history,
    description="Dates are local days (YYYY-MM-DD). Delete asks first; --yes does not.",
)
