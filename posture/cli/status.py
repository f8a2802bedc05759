"""`posture status`: what the running monitor is doing (`--json` for scripts)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from posture.adapters.system import instance, paths
from posture.cli.command import Command
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
    source = f", {doc['source']}" if doc and doc.get("source") else ""
    lines = [f"monitor: running (pid {pid}, {since}{source})"]
    if doc is None:
        return [*lines, "state: not reported yet"]
    state = STATE_WORDS.get(str(doc.get("state")), str(doc.get("state")))
    until = doc.get("paused_until_utc")
    if doc.get("state") == "paused" and isinstance(until, (int, float)):
        state += f" ({instance.since_text(until).replace('since', 'until')})"
    lines.append(f"state: {state}")
    numbers = _numbers(doc) if doc.get("state") not in ("paused", "camera_in_use") else ""
    lines += [f"now: {numbers}"] if numbers else []
    lock = doc.get("screen_lock")
    if lock:
        lines.append(
            "screen lock: not followed"
            if lock == "not followed"
            else f"screen lock: followed ({lock})"
        )
    return lines


def _cmd_status(args: argparse.Namespace) -> int:
    pid, doc = instance.running_status(paths.state_dir())
    if args.json:
        found: dict[str, Any] = {"running": pid is not None}
        if pid is not None:
            found |= {"pid": pid} | (doc or {})
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
