"""Words for the user: when something ends, with the day when it is not today."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from posture.core.words import until_text

BERLIN_WINTER = timezone(timedelta(hours=1))
BERLIN_SUMMER = timezone(timedelta(hours=2))
START = datetime(2026, 11, 21, 14, 0, 5, tzinfo=BERLIN_WINTER)  # a Saturday


@pytest.mark.parametrize(
    ("end", "text"),
    [
        (START + timedelta(minutes=30), "for 30 min, until 14:30:05"),
        (START + timedelta(seconds=45), "for 45 s, until 14:00:50"),
        (START + timedelta(seconds=90), "for 1 min 30 s, until 14:01:35"),
        (START + timedelta(seconds=60), "for 60 s, until 14:01:05"),
        (START + timedelta(hours=9, minutes=59), "for 9 h 59 min, until 23:59:05"),
        (START + timedelta(hours=10), "for 10 h 00 min, until 00:00:05 tomorrow, Sun 22 Nov"),
        (START + timedelta(hours=24), "for 24 h 00 min, until 14:00:05 tomorrow, Sun 22 Nov"),
        (START + timedelta(days=3), "for 72 h 00 min, until 14:00:05 on Tue 24 Nov 2026"),
    ],
)
def test_until_text_names_the_day_when_it_is_not_today(end: datetime, text: str) -> None:
    assert until_text(START, end) == text


def test_until_text_counts_real_time_across_a_clock_change() -> None:
    """The night clocks go forward: 23 hours pass between 00:00 and 00:00 the next day."""
    start = datetime(2026, 3, 28, 0, 0, tzinfo=BERLIN_WINTER)
    end = datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN_SUMMER)
    assert until_text(start, end) == "for 23 h 00 min, until 00:00:00 tomorrow, Sun 29 Mar"
