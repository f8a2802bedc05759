"""`posture run`, `posture config`, `posture pause` and `posture resume`: arguments and output."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from posture.adapters import control, paths
from posture.adapters.files import read_config
from posture.adapters.notify import make_notifier
from posture.adapters.preview import has_display
from posture.app import run as app_run
from posture.app.listeners import RunSummary
from posture.app.run import RunPlan
from posture.core import settings
from posture.core.alerts import SHORT_NAMES
from posture.core.coach import Cue
from posture.core.errors import UsageError
from posture.core.monitor import Event, EventKind, Status
from posture.core.words import duration_text, until_text


def add_parsers(commands: Any) -> None:
    run = commands.add_parser(
        "run",
        help=f"watch through the webcam and warn about {', '.join(SHORT_NAMES.values())}",
        description="Keys while it runs: p pause 30 min / resume, s snooze alerts, q quit.",
    )
    where = run.add_mutually_exclusive_group()
    where.add_argument("--camera", default="0", metavar="N|PATH", help="webcam (default: 0)")
    where.add_argument("--source", type=Path, metavar="FILE", help="replay a recording instead")
    run.add_argument("--realtime", action="store_true", help="replay --source at its own speed")
    settings_arguments(run)
    run.add_argument("--db", type=Path, metavar="FILE", help="history database to write")
    run.add_argument("--profile", type=Path, metavar="FILE", help="calibration profile to use")
    run.add_argument("--model", metavar="FILE", help="pose model .task file to use")
    run.add_argument("--preview", action="store_true", help="show the camera with landmarks")
    run.add_argument("--no-notify", action="store_true", help="alerts in this terminal only")
    run.add_argument("--duration", metavar="DURATION", help="stop after this long (30m, 2h)")
    run.add_argument("--json", action="store_true", help="events as JSON lines on stdout")
    run.set_defaults(handler=_cmd_run)

    config = commands.add_parser("config", help="every setting, its value and where it came from")
    settings_arguments(config)
    config.set_defaults(handler=_cmd_config)

    pause = commands.add_parser("pause", help="pause the running monitor (default: 30m)")
    pause.add_argument("duration", nargs="?", default="30m", help="how long (90s, 30m, 1h)")
    pause.set_defaults(handler=_cmd_pause)
    resume = commands.add_parser("resume", help="resume a paused monitor")
    resume.set_defaults(handler=_cmd_resume)


def settings_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"TOML file with a [monitor] table (default: {paths.default_config()} if present)",
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="one setting (repeatable)"
    )


def load_settings(args: argparse.Namespace) -> settings.Loaded:
    path = args.config
    if path is None and paths.default_config().exists():
        path = paths.default_config()
    return settings.load(None if path is None else read_config(path), args.set)


def _cmd_config(args: argparse.Namespace) -> int:
    rows = settings.describe(load_settings(args))
    width = max(len(r[0]) for r in rows)
    for key, value, origin, why in rows:
        print(f"{key:{width}}  {value:>8}  {origin:10}  {why}")
    return 0


def _clock_time(utc: float) -> str:
    return datetime.fromtimestamp(utc).strftime("%H:%M:%S")


def _cmd_pause(args: argparse.Namespace) -> int:
    seconds = settings.parse_duration(args.duration)
    if not 0 < seconds <= 24 * 3600:
        raise UsageError(f"pause for between 1 s and 24 h, not {args.duration}")
    now = time.time()
    until = now + seconds
    control.send(paths.state_dir(), "pause", until)
    running = control.running_pid(paths.state_dir())
    note = "the running monitor picks it up" if running else "no monitor is running now"
    when = until_text(
        datetime.fromtimestamp(now).astimezone(), datetime.fromtimestamp(until).astimezone()
    )
    print(f"paused {when} ({note})")
    return 0


def _cmd_resume(args: argparse.Namespace) -> int:
    control.send(paths.state_dir(), "resume")
    running = control.running_pid(paths.state_dir())
    print("resumed" if running else "resumed (no monitor is running now)")
    return 0


class JsonSink:
    """Every event as one JSON object per line on stdout; nothing else goes there."""

    def events(self, events: list[Event], wall_of: Callable[[float], float]) -> None:
        for e in events:
            row: dict[str, object] = {"type": "event", "kind": e.kind.value}
            row |= {"t": round(wall_of(e.t), 3), "duration_s": e.duration_s, "value": e.value}
            row |= {"repeat": e.repeat, "urgent": e.urgent}
            print(json.dumps(row), flush=True)

    def status(self, status: Status) -> None:
        """Statuses are not printed in JSON mode."""

    def cue(self, cue: Cue) -> None:
        """A stretch's words go to stderr: stdout carries events only."""
        print(cue.text, file=sys.stderr, flush=True)


class TerminalSink:
    """A status line updated in place on a terminal; otherwise a line per event."""

    def __init__(self) -> None:
        self.tty = sys.stdout.isatty()
        self._shown = False

    def events(self, events: list[Event], wall_of: Callable[[float], float]) -> None:
        for e in events:
            if e.kind in SHORT_NAMES:
                continue  # the notifier shows alerts
            extra = f" ({duration_text(e.duration_s)})" if e.duration_s else ""
            self._line(f"{_clock_time(wall_of(e.t))} {e.kind.value.replace('_', ' ')}{extra}")

    def _line(self, text: str) -> None:
        if self.tty and self._shown:
            sys.stdout.write("\r\x1b[2K")
        print(text, flush=True)
        self._shown = False

    def cue(self, cue: Cue) -> None:
        self._line(cue.text)

    def status(self, status: Status) -> None:
        if not self.tty:
            return
        sys.stdout.write("\r\x1b[2K" + status_text(status))
        sys.stdout.flush()
        self._shown = True


def status_text(s: Status) -> str:
    """The one-line status: angle, posture, neck still for, sitting for, next alert in."""
    if s.paused:
        return "paused (p or `posture resume` to resume)"
    if s.away:
        return "away"
    angle = "-" if s.head_forward_deg is None else f"{s.head_forward_deg:.0f} deg"
    parts = [
        f"head {angle} {s.posture.value}",
        f"neck still {duration_text(s.still_s)}",
        f"sitting {duration_text(s.sitting_s)}",
    ]
    if s.next_alert is not None:
        kind, seconds = s.next_alert
        parts.append(f"next: {SHORT_NAMES[kind]} in {duration_text(seconds)}")
    return " | ".join(parts) + "   [p]ause [s]nooze [g]o stretch [x] skip [q]uit"


def summary_text(summary: RunSummary, profile: str, db: Path) -> str:
    c = summary.counts
    share = summary.present / summary.readings if summary.readings else 0.0
    forward = summary.forward / summary.judged if summary.judged else 0.0
    alerts = ", ".join(f"{name} {c[kind]}" for kind, name in SHORT_NAMES.items())
    hint = "" if profile != "none" else " (run `posture calibrate` for your own degrees)"
    return "\n".join(
        [
            f"session: {duration_text(summary.seconds)}, {summary.readings} readings, "
            f"someone present in {share:.0%}",
            f"  head forward in {forward:.0%} of judged readings",
            f"  alerts: {alerts}",
            f"  neck moved {c[EventKind.NECK_MOVED]} times; breaks {c[EventKind.BREAK]}",
            f"  profile: {profile}{hint}",
            f"  history: {db}",
        ]
    )


def _cmd_run(args: argparse.Namespace) -> int:
    loaded = load_settings(args)
    duration = settings.parse_duration(args.duration) if args.duration else None
    if args.realtime and args.source is None:
        raise UsageError("--realtime goes with --source (a webcam is always real time)")
    if args.preview and not has_display():
        raise UsageError("--preview needs a display (no DISPLAY or WAYLAND_DISPLAY here)")
    db = args.db or paths.default_db()
    plan = RunPlan(
        settings=loaded.settings,
        camera=args.camera,
        source=args.source,
        realtime=args.realtime,
        db=db,
        profile=args.profile,
        model=args.model,
        preview=args.preview,
        notify=not args.no_notify,
        duration_s=duration,
        keys=sys.stdin.isatty(),
        disabled_stretches=loaded.disabled_stretches,
    )
    sink = JsonSink() if args.json else TerminalSink()
    summary, profile = app_run.run(plan, sink, lambda: make_notifier(plan.notify))
    text = summary_text(summary, profile, db)
    if isinstance(sink, TerminalSink) and sink.tty:
        print()
    print(text, file=sys.stderr if args.json else sys.stdout)
    return 0
