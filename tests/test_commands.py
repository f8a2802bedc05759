"""Keys and requests from other terminals as the commands the loop applies."""

from __future__ import annotations

from posture.core.monitor.commands import PAUSE_KEY_S, Action, Command, from_key, from_request


def test_the_run_keys_and_no_others() -> None:
    assert from_key("p") == Command(Action.PAUSE_OR_RESUME, PAUSE_KEY_S)
    actions = [Action.STOP, Action.RESUME, Action.SNOOZE, Action.TAKE_STRETCH, Action.SKIP_STRETCH]
    assert [from_key(k) for k in "qrsgx"] == [Command(a) for a in actions]
    assert from_key(None) is None and from_key("z") is None and from_key("P") is None


def test_a_request_pauses_until_its_time_or_resumes() -> None:
    assert from_request("pause", 1000.0 + 90.0, 1000.0) == Command(Action.PAUSE, 90.0)
    assert from_request("pause", 990.0, 1000.0) == Command(Action.PAUSE, 0.0)  # already over
    assert from_request("pause", None, 1000.0) is None
    assert from_request("resume", None, 1000.0) == Command(Action.RESUME)
