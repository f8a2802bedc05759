"""A choice of nudge per alert kind (settings nudge_*), on a real desktop (Xvfb, D-Bus, dunst):
a forward head set to the glow sends no notification (a reminder past `escalate_after` then
does: one step louder); tray only sends nothing, while the tray's state shows the alert; a
sound plays the desktop's sound with the notification. The glow itself: tests/test_glow.py."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import test_notify_desktop
from desktop_session import Desktop
from test_notify_desktop import FORWARD_DEG, Run, displayed, wait_for

from posture.adapters.notify import sound
from posture.adapters.notify.notifier import TerminalNotifier
from posture.app.nudges import NudgeChoice, ways
from posture.core.alerts import alert_for
from posture.core.errors import ConfigError
from posture.core.monitor.alert_table import ALERT_TABLE
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.state import Snapshot, State, state_of
from posture.core.setting_words import CHOICE_WORDS
from posture.core.settings import SPECS, Settings
from posture.core.settings_spec import NUDGES
from posture.core.settings_text import ConfigText, load

quiet = test_notify_desktop.quiet
"""The desktop with no notification left over (a fixture)."""


def test_every_alert_of_the_table_has_its_nudge_setting_with_a_notification_by_default() -> None:
    for row in ALERT_TABLE:
        assert getattr(Settings(), f"nudge_{row.word}") == "notification"
        assert SPECS[f"nudge_{row.word}"].choices == ("notification", "glow", "sound", "tray")
    assert load(None, ["nudge_sitting=Glow"]).settings.nudge_sitting == "glow"
    with pytest.raises(ConfigError, match="nudge_still must be one of notification, glow"):
        Settings(nudge_still="beep")


def test_escalation_moves_one_step_louder_and_tray_only_stays_quiet() -> None:
    chosen = Settings(nudge_forward="glow", nudge_still="tray", nudge_shoulders="sound")
    forward, still = EventKind.FORWARD_ALERT, EventKind.STILL_ALERT
    assert ways(chosen, forward, False) == {"glow"}
    assert ways(chosen, forward, True) == {"glow", "notification"}
    assert ways(chosen, EventKind.SITTING_ALERT, True) == {"notification", "glow"}
    assert ways(chosen, still, False) == ways(chosen, still, True) == set()
    assert ways(chosen, EventKind.SHOULDERS_ALERT, False) == {"notification", "sound"}
    off = Settings(nudge_forward="glow", glow_on_escalation=False)
    assert ways(off, forward, True) == {"glow"}


def test_without_a_desktop_session_a_glow_is_a_notification_instead() -> None:
    forward = Event(EventKind.FORWARD_ALERT, 100.0, duration_s=60.0)
    alert = alert_for(forward)
    assert alert is not None
    chosen = Settings(nudge_forward="glow")
    for can_glow, said in ((True, ""), (False, "Head forward")):
        stream = io.StringIO()
        NudgeChoice(TerminalNotifier(stream), chosen, lambda: None, can_glow).notify(alert)
        assert (said in stream.getvalue()) and (bool(said) == bool(stream.getvalue())), can_glow


def _first_alert(run: Run) -> None:
    run.sit(run.settings.arrival_s + run.settings.forward_hold_s + 5, FORWARD_DEG)
    assert EventKind.FORWARD_ALERT in run.kinds


def test_forward_head_set_to_glow_sends_no_notification_until_it_escalates(
    quiet: Desktop, tmp_path: Path
) -> None:
    run = Run(quiet, tmp_path, Settings(nudge_forward="glow"))
    try:
        _first_alert(run)
        for _ in range(run.settings.escalate_after - 1):
            run.sit(run.settings.cooldown_s, FORWARD_DEG)
        assert run.kinds.count(EventKind.FORWARD_ALERT) == run.settings.escalate_after
        assert run.servers == [] or run.ids == []  # never shown
        assert displayed(quiet) == 0 and run.terminal.getvalue() == ""
        run.sit(run.settings.cooldown_s, FORWARD_DEG)  # ignored escalate_after times: louder
        wait_for(lambda: displayed(quiet) == 1, "the escalated alert notified")
    finally:
        run.close()


def test_tray_only_sends_nothing_but_the_tray_state_shows_the_alert(
    quiet: Desktop, tmp_path: Path
) -> None:
    tray_only = {f"nudge_{row.word}": "tray" for row in ALERT_TABLE}
    run = Run(quiet, tmp_path, Settings().with_values(tray_only))
    try:
        _first_alert(run)
        for _ in range(run.settings.escalate_after + 1):  # past the escalation too
            run.sit(run.settings.cooldown_s, FORWARD_DEG)
        assert run.kinds.count(EventKind.FORWARD_ALERT) == run.settings.escalate_after + 2
        assert EventKind.STILL_ALERT in run.kinds  # the still neck's too
        assert run.servers == [] or run.ids == []
        assert displayed(quiet) == 0 and run.terminal.getvalue() == ""
        status = run.loop.monitor.status()  # what the tray icon is shown
        assert EventKind.FORWARD_ALERT in status.alerting
        assert state_of(Snapshot(status)) is State.FORWARD
    finally:
        run.close()


def test_sound_plays_the_desktops_sound_with_the_notification(
    quiet: Desktop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in `canberra-gtk-play` on PATH notes how it was called (Xvfb has no audio)."""
    played = tmp_path / "played"
    player = tmp_path / "bin" / "canberra-gtk-play"
    player.parent.mkdir()
    player.write_text(f'#!/bin/sh\necho "$@" >> {played}\n')
    player.chmod(player.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{player.parent}{os.pathsep}{os.environ['PATH']}")
    run = Run(quiet, tmp_path, Settings(nudge_forward="sound"))
    try:
        _first_alert(run)
        wait_for(lambda: displayed(quiet) == 1, "the forward-head notification shown")
        wait_for(played.exists, "the sound played")
        assert played.read_text().split() == ["-i", sound.THEME_EVENT, "-d", "posture"]
    finally:
        run.close()


CHOOSE_IN_WINDOW = """
import json, sys
from pathlib import Path
from posture.desktop.qt_app import application
from posture.desktop.settings_window import SettingsWindow
application()
window = SettingsWindow(Path(sys.argv[1]), lambda: None)
box = window.fields["nudge_forward"].control
shown = [box.itemText(i) for i in range(box.count())]
box.setCurrentIndex(box.findData("glow"))
window.save_now()
print(json.dumps({"shown": shown, "status": window.status.text()}))
"""


def test_the_settings_window_offers_the_choices_in_words_and_saves_one(
    desktop: Desktop, tmp_path: Path
) -> None:
    config = tmp_path / "posture.toml"
    done = subprocess.run(
        [sys.executable, "-c", CHOOSE_IN_WINDOW, str(config)],
        env=desktop.env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.splitlines()[-1])
    assert said["shown"] == [CHOICE_WORDS[c] for c in NUDGES]
    assert said["status"].startswith("Saved to")
    assert 'nudge_forward = "glow"' in config.read_text()
    written = ConfigText(config.read_text(), str(config))
    assert load(written, []).settings.nudge_forward == "glow"


class _Asked(TerminalNotifier):
    """A notifier that can show a question (the desktop's can): it records each one."""

    def __init__(self) -> None:
        super().__init__(io.StringIO())
        self.questions: list[str] = []

    def ask(self, title: str, body: str, buttons: object, answer: object) -> bool:
        self.questions.append(title)
        return True


def test_a_question_passes_through_the_nudge_choice_to_the_desktop() -> None:
    """Every run's notifier is a NudgeChoice: it kept the diary's end-of-day question (asked with
    buttons) from the desktop notifier beneath it, so a real run never showed it."""
    inner = _Asked()
    chosen = NudgeChoice(inner, Settings(), lambda: None)
    assert chosen.ask("How does your neck feel today?", "", [("fine", "Fine")], print) is True
    assert inner.questions == ["How does your neck feel today?"]
