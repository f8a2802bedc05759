"""`posture run`: its arguments, the status line or JSON lines while it runs, the summary."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from posture.adapters.camera.preview import has_display
from posture.adapters.notify.notifier import make_notifier
from posture.adapters.notify.sound import Sound
from posture.adapters.system import paths
from posture.app import run as app_run
from posture.app.listeners import RunSummary
from posture.app.nudges import NudgeChoice
from posture.app.run import RunPlan
from posture.app.sharp import SHARP_KINDS
from posture.cli import options
from posture.cli.coach_text import cue_lines
from posture.cli.command import Command
from posture.cli.status_line import status_text as status_text
from posture.core import settings_text
from posture.core.alerts import SHORT_NAMES
from posture.core.errors import UsageError
from posture.core.measure.baseline import VIEW_CHANGED_TEXT, VIEW_MATCHED_TEXT
from posture.core.monitor.commands import KEYS, PAUSE_KEY_S
from posture.core.monitor.events import Event, Status
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Notifier, Sink
from posture.core.stretches.cues import Cue, CueKind
from posture.core.words import duration_text, plural
from posture.desktop.display import Places, why_no_display


def _arguments(parser: argparse.ArgumentParser) -> None:
    options.add_source(parser)
    parser.add_argument("--realtime", action="store_true", help="replay --source at its own speed")
    options.add_settings(parser)
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help=f"history database (default: {paths.default_db().name}, or "
        f"{paths.replay_db().name} with --source, in {paths.data_dir()})",
    )
    options.add_profile(parser)
    options.add_model(parser)
    parser.add_argument(
        "--preview",
        action="store_true",
        help="show the camera with landmarks and the numbers; its keys are the terminal's",
    )
    parser.add_argument("--no-notify", action="store_true", help="alerts in this terminal only")
    parser.add_argument("--duration", metavar="DURATION", help="stop after this long (30m, 2h)")
    parser.add_argument("--json", action="store_true", help="events as JSON lines on stdout")
    parser.add_argument(
        "--no-tray", action="store_true", help="no tray icon, even on a desktop (setting: tray)"
    )


def _clock_time(utc: float) -> str:
    return datetime.fromtimestamp(utc).strftime("%H:%M:%S")


class JsonSink:
    """Every event as one JSON object per line on stdout; nothing else goes there."""

    def events(self, events: list[Event], wall_of: Callable[[float], float]) -> None:
        for e in events:
            row: dict[str, object] = {"type": "event", "kind": e.kind.value}
            row |= {"t": round(wall_of(e.t), 3), "duration_s": e.duration_s, "value": e.value}
            row |= {"repeat": e.repeat, "urgent": e.urgent}
            if e.amplitude_deg is not None:  # a sharp movement: value is its speed (deg/s)
                row["amplitude_deg"] = e.amplitude_deg
            print(json.dumps(row), flush=True)

    def status(self, status: Status) -> None:
        """Statuses are not printed in JSON mode."""

    def cue(self, cue: Cue) -> None:
        """A stretch's words go to stderr: stdout carries events only."""
        for line in cue_lines(cue):
            print(line, file=sys.stderr, flush=True)


class TerminalSink:
    """A status line updated in place on a terminal; otherwise a line per event."""

    def __init__(self) -> None:
        self.tty = sys.stdout.isatty()
        self._shown = False
        self.notifier: Notifier | None = None
        """The run's notifier: while it writes alerts to the terminal, their line is its."""
        self._coaching = False

    def events(self, events: list[Event], wall_of: Callable[[float], float]) -> None:
        told = getattr(self.notifier, "on_terminal", False)
        for e in events:
            if e.kind in SHARP_KINDS:  # counted for the reports; a notification if asked
                continue
            if told and e.kind in SHORT_NAMES and self.tty:
                continue  # the notifier's timestamped line says it, once
            if self._coaching and e.kind is EventKind.NECK_MOVED:
                continue  # the coach is speaking: its words say the neck moves
            self._line(f"{_clock_time(wall_of(e.t))} {event_text(e)}")

    def _line(self, text: str) -> None:
        if self.tty and self._shown:
            sys.stdout.write("\r\x1b[2K")
        print(text, flush=True)
        self._shown = False

    def cue(self, cue: Cue) -> None:
        if cue.kind is CueKind.INTRO:
            self._coaching = True
        elif cue.kind is CueKind.DONE:
            self._coaching = False
        for line in cue_lines(cue):
            self._line(line)

    def status(self, status: Status) -> None:
        if not self.tty:
            return
        # One column spare: a line that fills the last column wraps on some terminals.
        width = shutil.get_terminal_size().columns - 1
        sys.stdout.write("\r\x1b[2K" + status_text(status, width))
        sys.stdout.flush()
        self._shown = True


def event_text(e: Event) -> str:
    """An event as a line of the run's log: 'alert: still neck for 25 min', 'back (2 min)'."""
    if e.kind is EventKind.VIEW_CHANGED:
        return f"view changed: {VIEW_CHANGED_TEXT}"
    if e.kind is EventKind.VIEW_MATCHED:
        return VIEW_MATCHED_TEXT
    if e.kind in SHORT_NAMES:
        again = " (reminder)" if e.repeat else ""
        return f"alert: {SHORT_NAMES[e.kind]} for {duration_text(e.duration_s or 0.0)}{again}"
    extra = f" ({duration_text(e.duration_s)})" if e.duration_s else ""
    return f"{e.kind.value.replace('_', ' ')}{extra}"


def _head_line(summary: RunSummary, profile: str) -> str:
    """How often the head was judged, and forward when it was."""
    judged = f"head judged in {summary.judged} of {plural(summary.readings, 'reading')}"
    if summary.judged:
        return f"{judged}: forward in {summary.forward / summary.judged:.0%} of them"
    if not summary.present:
        return f"{judged} (no one was in view)"
    calibrate = ": run `posture calibrate`" if profile == "none" else ""
    return f"{judged} (none was sure enough to judge{calibrate})"


def summary_text(summary: RunSummary, profile: str, db: Path) -> str:
    c = summary.counts
    share = summary.present / summary.readings if summary.readings else 0.0
    alerts = ", ".join(f"{name} {c[kind]}" for kind, name in SHORT_NAMES.items())
    hint = "" if profile != "none" else " (run `posture calibrate` for your own degrees)"
    return "\n".join(
        [
            f"session: {duration_text(summary.seconds)}, {plural(summary.readings, 'reading')}, "
            f"someone present in {share:.0%}",
            f"  {_head_line(summary, profile)}",
            f"  alerts: {alerts}",
            f"  neck moved {plural(c[EventKind.NECK_MOVED], 'time')}; "
            f"{plural(c[EventKind.BREAK], 'break')}",
            f"  profile: {profile}{hint}",
            f"  history: {db}",
        ]
    )


def _cmd_run(args: argparse.Namespace) -> int:
    loaded = options.load_settings(args)
    duration = settings_text.parse_duration(args.duration) if args.duration else None
    if args.realtime and args.source is None:
        raise UsageError("--realtime goes with --source (a webcam is always real time)")
    if args.preview and not has_display():
        raise UsageError("--preview needs a display (no DISPLAY or WAYLAND_DISPLAY here)")
    db = args.db or paths.history_db(args.source)
    plan = RunPlan(
        settings=loaded.settings,
        camera=options.camera(args, loaded.settings),
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
        settings_source=lambda: options.load_settings(args).settings,
    )
    sink = JsonSink() if args.json else TerminalSink()
    summary, profile = _monitor(args, plan, sink)
    text = summary_text(summary, profile, db)
    if isinstance(sink, TerminalSink) and sink.tty:
        print()
    print(text, file=sys.stderr if args.json else sys.stdout)
    return 0


def _monitor(args: argparse.Namespace, plan: RunPlan, sink: Sink) -> tuple[RunSummary, str]:
    """The run, with a tray icon when wanted and possible; else as in the terminal, saying why
    once the run has really started (a failing start says only what failed)."""
    reason = _why_no_tray(args, plan)

    def notifier() -> Notifier:
        made = make_notifier(plan.notify, keys=plan.keys)
        if isinstance(sink, TerminalSink):
            sink.notifier = made
        # as the nudge settings say; the glow needs the desktop session (the tray's)
        return NudgeChoice(made, plan.settings, Sound().play, can_glow=reason is None)

    if reason is None:
        from posture.desktop import session  # Qt only when a tray is shown

        return session.run_with_tray(plan, sink, notifier, _places(args, plan))

    def notifier_saying_why() -> Notifier:
        if reason:
            print(f"posture: no tray icon: {reason}", file=sys.stderr)
        return notifier()

    return app_run.run(plan, sink, notifier_saying_why)


def _why_no_tray(args: argparse.Namespace, plan: RunPlan) -> str | None:
    """Why this run has no tray icon ('' when it was not wanted), None when it has one."""
    if args.no_tray or not plan.settings.tray:
        return ""
    if args.preview:
        return "not with --preview (a window of its own)"
    reason = why_no_display()  # without loading Qt
    if reason is not None:
        return reason
    from posture.desktop import session

    return session.why_no_tray()


def _places(args: argparse.Namespace, plan: RunPlan) -> Places:
    return Places(
        db=plan.db or paths.default_db(),
        settings_file=args.config or paths.default_config(),
        state_dir=paths.state_dir(),
        profile=plan.profile,
        camera=None if plan.source else plan.camera,
        camera_given=args.camera is not None,
    )


KEY_WORDS = {
    "p": f"pause {duration_text(PAUSE_KEY_S)} (p again resumes)",
    "r": "resume",
    "s": "snooze alerts",
    "g": "go: start the stretch offered with the last alert",
    "x": "skip that stretch",
    "q": "quit",
}
"""What each key of posture/core/monitor/commands.py does, for `run --help`."""
KEYS_HELP = "Keys while it runs: " + "; ".join(f"{k} {KEY_WORDS[k]}" for k in KEYS) + "."

COMMAND = Command(
    "run",
    f"watch through the webcam and warn about {', '.join(SHORT_NAMES.values())}",
    _arguments,
    _cmd_run,
    description=KEYS_HELP,
)
