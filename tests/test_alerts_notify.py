"""Alert texts, the terminal notifier, and the fallback when no desktop service is reachable."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from posture.adapters.notify import DesktopNotifier, TerminalNotifier, make_notifier
from posture.core.alerts import alert_for, duration_text
from posture.core.events import Event
from posture.core.kinds import EventKind


@pytest.mark.parametrize(
    ("seconds", "text"), [(45, "45 s"), (600, "10 min"), (3000, "50 min"), (3900, "1 h 05 min")]
)
def test_durations_read_naturally(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


def test_each_alert_says_what_for_how_long_and_what_to_do() -> None:
    forward = alert_for(Event(EventKind.FORWARD_ALERT, 0.0, duration_s=120.0))
    sitting = alert_for(Event(EventKind.SITTING_ALERT, 0.0, duration_s=3000.0, repeat=1))
    assert forward is not None and sitting is not None
    assert "forward" in forward.body and "2 min" in forward.body and "chin" in forward.body
    assert sitting.title == "Sitting too long (reminder)" and "walk" in sitting.body
    assert alert_for(Event(EventKind.NECK_MOVED, 0.0)) is None


def test_the_terminal_notifier_rings_and_writes_one_line() -> None:
    out = io.StringIO()
    alert = alert_for(Event(EventKind.STILL_ALERT, 0.0, duration_s=1500.0, urgent=True))
    assert alert is not None
    TerminalNotifier(out).notify(alert)
    text = out.getvalue()
    assert text.startswith("\a") and "!! Neck still: " in text and text.count("\n") == 2


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_alert_replaces_the_status_line_instead_of_leaving_it_above() -> None:
    out = Terminal()
    out.write("-34 deg | still 59 s | sit 59 s")  # the status line, drawn in place
    alert = alert_for(Event(EventKind.STILL_ALERT, 0.0, duration_s=60.0))
    assert alert is not None
    TerminalNotifier(out).notify(alert)
    shown = out.getvalue().split("\r")[-1]
    assert shown.startswith("\x1b[K") and shown.endswith("\n") and shown.count("\n") == 1
    assert "Neck still: " in shown


def test_without_a_desktop_session_alerts_fall_back_and_say_why_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no bus socket there
    out = io.StringIO()
    with caplog.at_level(logging.WARNING):
        notifier = make_notifier(desktop=True, stream=out)
        alert = alert_for(Event(EventKind.SITTING_ALERT, 0.0, duration_s=3000.0))
        assert alert is not None and isinstance(notifier, DesktopNotifier)
        notifier.notify(alert)
        notifier.notify(alert)
    assert out.getvalue().count("Sitting too long") == 2
    warnings = [r for r in caplog.records if "desktop notifications unavailable" in r.message]
    assert len(warnings) == 1 and "D-Bus" in warnings[0].message
