"""Bad input, fuzzed: config TOML, profile JSON, the stretch catalogue and CLI arguments.

Every rejection must be the project's own one-line error (exit code 2 at the CLI), never a
traceback, and stored data must be left exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_input import STRETCH_ENTRY

from calibration import profile as profile_doc
from calibration import profile_file as profile_store
from posture.adapters.system.files import read_config
from posture.cli import program as cli
from posture.core import settings as posture_settings
from posture.core import settings_text
from posture.core.errors import PostureError
from posture.core.stretches import catalogue as stretches

FUZZ = settings(
    max_examples=int(os.environ.get("POSTURE_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

SETTING_KEYS = list(posture_settings.SPECS)
toml_values = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=12),
    st.just("30m"),
    st.lists(st.integers(), max_size=3),
)


def toml_literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if value != value
            else ("inf" if value > 0 else "-inf")
            if abs(value) == float("inf")
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value)
    return json.dumps(value)


def one_line(exc: BaseException) -> None:
    """The project's own error, which the CLI prints on one line."""
    assert isinstance(exc, PostureError), repr(exc)
    assert str(exc) and "\n" not in cli.error_line(exc)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz")
    saved = dict(os.environ)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        os.environ[f"POSTURE_{name}_DIR"] = str(root / name.lower())
    # A fuzzed `--csv NAME` or `--html NAME` writes a relative path: into the sandbox, never the
    # working tree (an earlier run left a report named by random text in the repository).
    cwd = os.getcwd()
    os.chdir(root)
    yield root
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(saved)


@FUZZ
@given(
    st.dictionaries(st.sampled_from([*SETTING_KEYS, "bogus"]), toml_values, max_size=5),
    st.sampled_from(["[monitor]", "[stretches]", "", "[monitor]\n[extra]"]),
)
def test_config_files(sandbox: Path, values: dict[str, object], header: str) -> None:
    path = sandbox / "fuzz.toml"
    body = "\n".join(f"{k} = {toml_literal(v)}" for k, v in values.items())
    path.write_text(f"{header}\n{body}\n")
    before = digest(path)
    try:
        settings_text.load(read_config(path), [])
    except PostureError as exc:
        one_line(exc)
    assert digest(path) == before


flag_values = st.one_of(
    st.text(max_size=12),
    st.floats().map(repr),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "30m", "1.5h", "yes", "0"]),
)
set_flags = st.one_of(
    st.text(max_size=30),
    st.builds(lambda k, v: f"{k}={v}", st.sampled_from([*SETTING_KEYS, "bogus"]), flag_values),
)


@FUZZ
@given(st.lists(set_flags, max_size=4))
def test_set_flags(flags: list[str]) -> None:
    try:
        settings_text.load(None, flags)
    except PostureError as exc:
        one_line(exc)


json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(-(10**9), 10**9), st.floats(), st.text(max_size=8)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@FUZZ
@given(
    st.sampled_from(
        [
            "camera",
            "baseline",
            "model",
            "version",
            "format",
            "upright_deg",
            "chin_poke_deg",
            "created",
        ]
    ),
    st.sampled_from(["width", "height", "name", "neck_ratio", "hfov_deg", "frames", "height"]),
    json_values,
)
def test_profiles(sandbox: Path, section: str, key: str, value: object) -> None:
    from posture.core.data import View
    from posture.core.measure.frontal import FrontModel

    good = profile_doc.Profile(
        profile_doc.CameraId("camera 0", 640, 480),
        profile_doc.ProfileView.FRONT,
        profile_doc.Baseline(5, View.FRONT, 15.0, 200.0, 0.5, 0.6, 0.0, 1.0),
        FrontModel(calibrated=True),
        15.0,
        "2026-11-21T00:00:00+00:00",
    )
    doc = profile_doc.to_document(good)
    if isinstance(doc.get(section), dict):
        doc[section][key] = value
    else:
        doc[section] = value
    path = sandbox / "p.json"
    path.write_text(json.dumps(doc, allow_nan=True))
    before = digest(path)
    try:
        profile_store.load(path)
    except PostureError as exc:
        one_line(exc)
    assert digest(path) == before


@FUZZ
@given(st.binary(max_size=200))
def test_profile_bytes(sandbox: Path, data: bytes) -> None:
    path = sandbox / "raw.json"
    path.write_bytes(data)
    try:
        profile_store.load(path)
    except PostureError as exc:
        one_line(exc)


STRETCH_FIELDS = ["id", "name", "helps", "steps", "hold_s", "reps", "rest_s", "cautions", "check"]


@FUZZ
@given(
    st.sampled_from([*STRETCH_FIELDS, "extra"]),
    toml_values,
    st.sampled_from(["measure", "sides", "threshold", None]),
)
def test_catalogue_entries(field: str, value: object, check_key: str | None) -> None:
    entry = {**STRETCH_ENTRY, "check": '{ measure = "yaw", sides = ["left"], threshold = 20 }'}
    if check_key is not None and field == "check":
        extra = f"{check_key} = {toml_literal(value)}"
        entry["check"] = f'{{ measure = "yaw", sides = ["left"], threshold = 20, {extra} }}'
    else:
        entry[field] = toml_literal(value)
    text = "[[stretch]]\n" + "\n".join(f"{k} = {v}" for k, v in entry.items())
    try:
        stretches.parse(text, "fuzz.toml")
    except PostureError as exc:
        one_line(exc)
        assert "fuzz.toml" in str(exc)


COMMANDS = ["report", "config", "stretch", "pause", "resume", "model", "analyze"]
FLAGS = [
    "--date",
    "--week",
    "--from",
    "--to",
    "--db",
    "--json",
    "--csv",
    "--tz",
    "--set",
    "--config",
    "--list",
    "--for",
    "--threshold",
    "--profile",
    "--html",
    "--help",
]
words = st.one_of(
    st.sampled_from(FLAGS),
    st.text(max_size=12),
    st.sampled_from(["2026-11-21", "-5", "nan", "Europe/Berlin", "x=1", "30m"]),
)


@FUZZ
@given(st.sampled_from(COMMANDS), st.lists(words, max_size=5))
def test_cli_arguments(
    sandbox: Path, capsys: pytest.CaptureFixture[str], command: str, rest: list[str]
) -> None:
    history = sandbox / "data" / "history.sqlite3"
    before = digest(history) if history.exists() else None
    if command == "analyze":
        rest = [*rest, str(sandbox / "no-such-file.jpg")]  # never reaches the model
    try:
        code = cli.main([command, *rest])
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code in (0, 1, 2), (command, rest, err)
    assert "Traceback" not in err
    if code == 2:
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("posture:"), err
    if before is not None:
        assert digest(history) == before


# --- issue 28: numbers too large, files that lie, words that would act --------------------------

huge_integers = st.integers(min_value=-(10**600), max_value=10**600).filter(
    lambda n: abs(n) > 2**63
)


@FUZZ
@given(st.sampled_from(SETTING_KEYS), huge_integers)
def test_config_files_with_huge_integers(sandbox: Path, key: str, value: int) -> None:
    path = sandbox / "huge.toml"
    path.write_text(f"[monitor]\n{key} = {value}\n")
    with pytest.raises(PostureError) as caught:
        settings_text.load(read_config(path), [])
    one_line(caught.value)
    assert len(str(caught.value)) < 300


@FUZZ
@given(st.sampled_from(["hold_s", "reps", "rest_s", "threshold"]), huge_integers)
def test_catalogue_entries_with_huge_integers(field: str, value: int) -> None:
    entry = '[[stretch]]\nid = "x"\nname = "X"\nhelps = ["still_neck"]\nsteps = ["a"]\n'
    numbers = {"hold_s": "5", "reps": "2", "rest_s": "1"} | {field: str(value)}
    threshold = numbers.pop("threshold", "20")
    check = f'check = {{ measure = "yaw", sides = ["left"], threshold = {threshold} }}'
    text = entry + "".join(f"{k} = {v}\n" for k, v in numbers.items()) + "cautions = []\n" + check
    with pytest.raises(PostureError) as caught:
        stretches.parse(text, "fuzz.toml")
    one_line(caught.value)
    assert "fuzz.toml" in str(caught.value) and len(str(caught.value)) < 300


STATUS_FIELDS = ["state", "head_forward_deg", "still_s", "sitting_s", "paused_until_utc"]
STATUS_FIELDS += ["alerting", "source", "screen_lock", "posture", "updated_utc", "started_utc"]
odd_values = st.one_of(
    json_values,
    st.floats(),
    st.sampled_from([1e12, 1e300, -1e300, 253402300800.0, "\x1b[2J", ["\x07"]]),
)


@FUZZ
@given(st.dictionaries(st.sampled_from(STATUS_FIELDS), odd_values, max_size=6))
def test_status_shows_any_status_file(fields: dict[str, object]) -> None:
    from posture.cli.status import status_lines, trusted

    doc: dict[str, Any] = {"pid": 1, "state": "paused"} | fields
    for line in status_lines(1, doc):
        assert line.isprintable(), line
    json.dumps(trusted(doc), allow_nan=False)  # --json stays strict JSON


@FUZZ
@given(st.dictionaries(st.sampled_from(["action", "issued_utc", "until_utc"]), odd_values))
def test_control_files_give_a_sane_command_or_none(fields: dict[str, object]) -> None:
    from posture.adapters.system import control

    doc = {"action": "pause", "issued_utc": 1.8e9, "until_utc": 1.8e9 + 60} | fields
    command = control._parse(json.dumps(doc))
    if command is not None and command.until_utc is not None:
        assert 0 <= command.until_utc - command.issued_utc <= control.MAX_PAUSE_S + 60


@FUZZ
@given(st.text(max_size=40))
def test_each_output_has_one_rule_that_holds(text: str) -> None:
    from posture.core.escape import csv_cell, markup, terminal

    assert terminal(text).isprintable()
    cell = csv_cell(text)
    assert isinstance(cell, str) and not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert "<" not in markup(text) and ">" not in markup(text)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(["UTC0", "CET-1CEST,M3.5.0,M10.5.0/3", ":/etc/localtime", ":/dev/zero"]),
    )
)
def test_any_tz_is_a_zone_or_one_line(text: str) -> None:
    from posture.adapters.system.localzone import local_zone

    if "\x00" in text:
        return  # an environment variable cannot hold one
    os.environ["TZ"] = text
    try:
        local_zone()
    except PostureError as exc:
        one_line(exc)
    finally:
        del os.environ["TZ"]


@FUZZ
@given(st.one_of(st.text(max_size=30), st.integers(0, 10**30).map(str)))
def test_any_camera_value_is_a_device_or_one_line(text: str) -> None:
    from posture.adapters.camera.webcam import camera_device, public_name

    if "\x00" in text:
        return
    try:
        device = camera_device(text)
    except PostureError as exc:
        one_line(exc)
        return
    assert (isinstance(device, int) and 0 <= device <= 99) or not re.match(r"^\w[\w+.-]+:", text)
    assert "@" not in public_name(f"rtsp://u:{text}@host/s").split("//", 1)[1].split("/")[0]
