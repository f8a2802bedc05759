"""`posture status`: what the running monitor is doing (`--json` for scripts)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from posture.adapters.system import instance, paths
from posture.cli.command import Command, printable
from posture.core.values import finite
from posture.core.words import duration_text

NOT_RUNNING = 1
"""The exit code when no monitor runs (like `pgrep`): a script can test it, and it is not an
error of the user's (those are 2)."""

STATE_WORDS = {
    "starting": "starting",
    "camera_in_use": "camera in use by another application: paused",
    "paused": "paused",
    "camera_problem": "camera problem",
    "away": "away",
    "snoozed": "alerts snoozed",
    "forward": "head forward",
    "break_due": "time for a break",
    "still_soon": "still neck: move your head soon",
    "unsure": "no angle now",
    "good": "good",
}
"""How `posture status` says each state of posture/core/monitor/state.py."""


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON document")


NUMBERS = ("head_forward_deg", "still_s", "sitting_s", "paused_until_utc", "updated_utc")
"""The status file's numbers; each is used only if it is one, and in a sane range."""
NUMBER_LIMIT = 1e11
"""Larger than any angle, duration or time (1e11 s after 1970 is the year 5138)."""
WORDS = ("state", "posture", "source", "screen_lock")


def trusted(doc: dict[str, Any]) -> dict[str, Any]:
    """The status file as found, with every field of the wrong kind or out of range left out.

    The file is the running monitor's, but anything in that folder could have written it: a
    string for an angle, Infinity or a time in the year 33658 once ended `posture status`."""
    clean = {k: v for k, v in doc.items() if k not in (*NUMBERS, *WORDS, "alerting")}
    for key in NUMBERS:
        number = finite(doc.get(key))
        if number is not None and abs(number) <= NUMBER_LIMIT:
            clean[key] = number
    clean |= {k: doc[k] for k in WORDS if isinstance(doc.get(k), str)}
    alerting = doc.get("alerting")
    if isinstance(alerting, list) and all(isinstance(a, str) for a in alerting):
        clean["alerting"] = alerting
    # any other number (the pid, started_utc) only if finite, so --json stays valid JSON
    return {k: v for k, v in clean.items() if finite(v) is not None or not _is_number(v)}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numbers(doc: dict[str, Any]) -> str:
    parts = []
    if doc.get("head_forward_deg") is not None:
        parts.append(f"head {doc['head_forward_deg']:.0f} deg {doc.get('posture', '')}".strip())
    if doc.get("still_s") is not None:
        parts.append(f"neck still {duration_text(doc['still_s'])}")
    if doc.get("sitting_s") is not None:
        parts.append(f"sitting {duration_text(doc['sitting_s'])}")
    if doc.get("alerting"):
        parts.append(f"alert: {', '.join(doc['alerting'])}")
    return ", ".join(parts)


def status_lines(pid: int, doc: dict[str, Any] | None) -> list[str]:
    """What `posture status` prints for the running monitor `pid` and its status document."""
    since = instance.since_text(instance.started_utc(paths.state_dir(), pid))
    source = f", {doc['source']}" if doc and isinstance(doc.get("source"), str) else ""
    lines = [f"monitor: running (pid {pid}, {since}{printable(source)})"]
    if doc is None:
        return [*lines, "state: not reported yet"]
    doc = trusted(doc)
    state = STATE_WORDS.get(str(doc.get("state")), str(doc.get("state")))
    until = doc.get("paused_until_utc")
    if doc.get("state") == "paused" and isinstance(until, (int, float)):
        state += f" ({instance.since_text(until).replace('since', 'until')})"
    lines.append(f"state: {printable(state)}")
    numbers = _numbers(doc) if doc.get("state") not in ("paused", "camera_in_use") else ""
    lines += [f"now: {printable(numbers)}"] if numbers else []
    lock = doc.get("screen_lock")
    if lock:
        lines.append(
            "screen lock: not followed"
            if lock == "not followed"
            else f"screen lock: followed ({printable(lock)})"
        )
    return lines


def _cmd_status(args: argparse.Namespace) -> int:
    pid, doc = instance.running_status(paths.state_dir())
    if args.json:
        found: dict[str, Any] = {"running": pid is not None}
        if pid is not None:
            found |= {"pid": pid} | trusted(doc or {})
        print(json.dumps(found))
    elif pid is None:
        print("no monitor is running (start one with `posture run`)")
    else:
        print("\n".join(status_lines(pid, doc)))
    return 0 if pid is not None else NOT_RUNNING


COMMAND = Command(
    "status",
    "what the running monitor is doing now",
    _arguments,
    _cmd_status,
    description="Exit code 0 while a monitor runs, 1 when none does.",
)
