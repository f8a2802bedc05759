"""`posture run`: its arguments, the status line or JSON lines while it runs, the summary."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from posture.adapters import paths
from posture.adapters.notify import make_notifier
from posture.adapters.preview import has_display
from posture.app import run as app_run
from posture.app.listeners import RunSummary
from posture.app.run import RunPlan
from posture.cli import options
from posture.cli.command import Command
from posture.core import settings
from posture.core.alerts import SHORT_NAMES
from posture.core.coach import Cue
from posture.core.errors import UsageError
from posture.core.monitor import Event, EventKind, Status
from posture.core.words import duration_text


def _arguments(parser: argparse.ArgumentParser) -> None:
    options.add_source(parser)
    parser.add_argument("--realtime", action="store_true", help="replay --source at its own speed")
    options.add_settings(parser)
    options.add_db(parser)
    options.add_profile(parser)
    options.add_model(parser)
    parser.add_argument("--preview", action="store_true", help="show the camera with landmarks")
    parser.add_argument("--no-notify", action="store_true", help="alerts in this terminal only")
    parser.add_argument("--duration", metavar="DURATION", help="stop after this long (30m, 2h)")
    parser.add_argument("--json", action="store_true", help="events as JSON lines on stdout")


def _clock_time(utc: float) -> str:
    return datetime.fromtimestamp(utc).strftime("%H:%M:%S")


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
    loaded = options.load_settings(args)
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


COMMAND = Command(
    "run",
    f"watch through the webcam and warn about {', '.join(SHORT_NAMES.values())}",
    _arguments,
    _cmd_run,
    description="Keys while it runs: p pause 30 min / resume, s snooze alerts, q quit.",
)
