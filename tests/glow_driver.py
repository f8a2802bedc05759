"""Lights the glow on a real display for the tests and for a look (run in a subprocess with the
desktop's environment): an escalated forward-head alert, then (after a line on stdin) the
posture corrected. Prints one JSON line when lit (each band's window id, geometry and opacity)
and one when faded (whether any band is still shown).

Usage: python glow_driver.py [--fullscreen] [--chosen]  (--fullscreen: a window fills the
screen; --chosen: the glow is the forward head's chosen nudge, setting nudge_forward).
"""

from __future__ import annotations

import json
import sys
import threading

from qt_events import settle

from posture.app.nudges import ways
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.settings import Settings
from posture.desktop.glow import FADE_MS, Glow
from posture.desktop.qt_app import application


def from_loop(glow: Glow, events: list[Event]) -> None:
    """What the loop's thread does: tell the listener the events."""
    worker = threading.Thread(target=glow.events, args=(events,))
    worker.start()
    worker.join()


def main() -> None:
    application()
    chosen = Settings(nudge_forward="glow" if "--chosen" in sys.argv else "notification")
    glow = Glow(2, lambda: "--fullscreen" in sys.argv, lambda k, up: "glow" in ways(chosen, k, up))
    from_loop(glow, [Event(EventKind.FORWARD_ALERT, 0.0, duration_s=120.0, repeat=1)])
    settle(0.5)
    shown_early = any(band.isVisible() for band in glow.bands)
    from_loop(glow, [Event(EventKind.FORWARD_ALERT, 600.0, duration_s=720.0, repeat=2)])
    settle(FADE_MS / 1000 + 0.5)
    bands = [
        {
            "id": int(band.winId()),
            "box": [band.x(), band.y(), band.width(), band.height()],
            "opacity": round(band.windowOpacity(), 2),
            "shown": band.isVisible(),
        }
        for band in glow.bands
    ]
    print(json.dumps({"before_escalation": shown_early, "bands": bands}), flush=True)
    sys.stdin.readline()
    from_loop(glow, [Event(EventKind.FORWARD_CLEARED, 700.0)])
    settle(FADE_MS / 1000 + 0.5)
    print(json.dumps({"shown_after": any(b.isVisible() for b in glow.bands)}), flush=True)


if __name__ == "__main__":
    main()
