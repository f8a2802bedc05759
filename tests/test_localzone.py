"""The local zone from $TZ as POSIX and glibc take it: a zone name, `:NAME`, `:/path/to/tzfile`,
or a rule such as `CET-1CEST,M3.5.0,M10.5.0/3` (issue 28, item 11)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import BERLIN, Builder, at, rows
from test_cli import assert_one_line_error, run

from posture.adapters.store.store import Store
from posture.adapters.system.localzone import local_zone
from posture.core.errors import UsageError

BERLIN_FILE = Path("/usr/share/zoneinfo/Europe/Berlin")
WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)
SPRING_CHANGE = datetime(2026, 3, 29, 1, tzinfo=UTC)
"""The moment Berlin moves its clocks to summer time."""


def hours_ahead(zone: object, when: datetime) -> float:
    offset = when.astimezone(zone).utcoffset()  # type: ignore[arg-type]
    assert offset is not None
    return offset.total_seconds() / 3600


@pytest.mark.parametrize(
    ("tz", "winter", "summer"),
    [
        ("UTC0", 0, 0),
        ("CET-1CEST,M3.5.0,M10.5.0/3", 1, 2),
        ("EST+5EDT,M3.2.0/2,M11.1.0/2", -5, -4),
        ("<+0530>-5:30", 5.5, 5.5),
        (":Europe/Berlin", 1, 2),
        (f":{BERLIN_FILE}", 1, 2),
        (str(BERLIN_FILE), 1, 2),
        (":/etc/localtime", None, None),
    ],
)
def test_tz_as_posix_has_it_is_a_zone(
    monkeypatch: pytest.MonkeyPatch, tz: str, winter: float | None, summer: float | None
) -> None:
    if "/usr/share/zoneinfo" in tz and not BERLIN_FILE.exists():
        pytest.skip("no system zone database at /usr/share/zoneinfo")
    monkeypatch.setenv("TZ", tz)
    zone = local_zone()
    if winter is None:  # the system's own zone file: the zone of the system, whatever it is
        monkeypatch.delenv("TZ")
        winter, summer = hours_ahead(local_zone(), WINTER), hours_ahead(local_zone(), SUMMER)
    assert (hours_ahead(zone, WINTER), hours_ahead(zone, SUMMER)) == (winter, summer)


def test_a_rule_changes_on_the_day_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    zone = local_zone()
    before, after = SPRING_CHANGE.timestamp() - 1, SPRING_CHANGE.timestamp()
    assert datetime.fromtimestamp(before, zone).hour == 1  # 01:59:59 CET
    assert datetime.fromtimestamp(after, zone).hour == 3  # 03:00:00 CEST
    assert datetime.fromtimestamp(after, zone) == datetime.fromtimestamp(after, BERLIN)


@pytest.mark.parametrize("tz", ["Nowhere/Land", "CET-1CEST,M13.5.0", ":/dev/zero", ":relative/x"])
def test_a_tz_that_is_none_of_these_is_one_line(monkeypatch: pytest.MonkeyPatch, tz: str) -> None:
    monkeypatch.setenv("TZ", tz)
    with pytest.raises(UsageError, match="unknown time zone"):
        local_zone()


@pytest.mark.parametrize("tz", [":/etc/localtime", "UTC0", "CET-1CEST,M3.5.0,M10.5.0/3"])
def test_reports_work_under_a_posix_tz(cli_env: dict[str, str], tmp_path: Path, tz: str) -> None:
    db = tmp_path / "h.db"
    b = Builder(db)
    b.samples(at(date(2026, 11, 16), 9), 3600, angle=14.0)
    b.close()
    result = run(
        ["report", "--db", str(db), "--date", "2026-11-16", "--json"], cli_env | {"TZ": tz}
    )
    assert result.returncode == 0, result.stderr
    assert '"empty": false' in result.stdout.replace('"empty":false', '"empty": false')
    bad = run(["report", "--db", str(db)], cli_env | {"TZ": "Nowhere/Land"})
    assert_one_line_error(bad, "unknown time zone", "Nowhere/Land")


def test_the_end_of_a_run_builds_rollups_under_a_posix_tz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    db = tmp_path / "h.db"
    b = Builder(db)
    b.samples(at(date(2026, 11, 16), 9), 3600, angle=14.0)
    b.close()
    with Store(db, time.monotonic) as store:
        store.start_session(at(date(2026, 11, 18), 9), "camera 0", {"keep_samples_days": 0})
        store.end_session(at(date(2026, 11, 18), 10))
    assert ("2026-11-16", 1) in rows(db, "SELECT day, kept FROM rollups")
