"""Model resolution and download, with a real HTTP server on loopback standing in for the host."""

from __future__ import annotations

import hashlib
import http.server
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_files import not_a_file

from posture.adapters.camera import modelstore
from posture.adapters.camera.modelstore import ModelSpec, Origin
from posture.cli import program as cli
from posture.core.errors import ModelError

PAYLOAD = b"pretend model bundle " * 500


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path != "/model.task":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(PAYLOAD)))
        self.end_headers()
        self.wfile.write(PAYLOAD)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _spec(url: str, sha: str | None = None, size: int | None = None) -> ModelSpec:
    digest = sha or hashlib.sha256(PAYLOAD).hexdigest()
    return ModelSpec("full", f"{url}/model.task", size or len(PAYLOAD), digest)


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(modelstore.MODEL_ENV, raising=False)


def test_official_pins_match_the_published_table() -> None:
    assert set(modelstore.MODELS) == {"lite", "full", "heavy"}
    full = modelstore.MODELS["full"]
    assert full.size == 9_398_198
    assert full.sha256.startswith("5134a3aad27a")
    assert full.url.endswith("pose_landmarker_full/float16/1/pose_landmarker_full.task")


def test_fetch_downloads_verifies_and_reports_progress(tmp_path: Path, server_url: str) -> None:
    seen: list[tuple[int, int]] = []
    path = modelstore.fetch(_spec(server_url), tmp_path, progress=lambda d, t: seen.append((d, t)))
    assert path == tmp_path / "pose_landmarker_full.task"
    assert path.read_bytes() == PAYLOAD
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no partial file left


def test_fetch_refuses_and_deletes_a_hash_mismatch(tmp_path: Path, server_url: str) -> None:
    with pytest.raises(ModelError, match="does not match"):
        modelstore.fetch(_spec(server_url, sha="0" * 64), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_fetch_offline_says_how_to_fix_it(tmp_path: Path, server_url: str) -> None:
    spec = ModelSpec("full", f"{server_url}/missing.task", 10, "0" * 64)
    with pytest.raises(ModelError, match="--model FILE") as info:
        modelstore.fetch(spec, tmp_path)
    assert "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_resolution_order(
    tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch, no_env: None
) -> None:
    monkeypatch.setitem(modelstore.MODELS, "full", _spec(server_url))
    cache = tmp_path / "cache"
    with pytest.raises(ModelError, match="posture model fetch"):
        modelstore.resolve(None, cache, download=False)
    first = modelstore.resolve(None, cache)
    assert first.origin is Origin.DOWNLOAD and first.path.read_bytes() == PAYLOAD
    assert modelstore.resolve(None, cache).origin is Origin.CACHE
    named = tmp_path / "mine.task"
    named.write_bytes(b"my own model")
    monkeypatch.setenv(modelstore.MODEL_ENV, str(named))
    assert modelstore.resolve(None, cache) == modelstore.ResolvedModel(named, Origin.ENV)
    flag = modelstore.resolve(str(first.path), cache)
    assert flag.origin is Origin.FLAG and flag.path == first.path


def test_a_tampered_cache_copy_is_kept_until_a_download_replaces_it(
    tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch, no_env: None
) -> None:
    monkeypatch.setitem(modelstore.MODELS, "full", _spec(server_url))
    cached = tmp_path / "pose_landmarker_full.task"
    cached.write_bytes(PAYLOAD[:-1] + b"X")
    assert modelstore.cached_model(tmp_path, modelstore.MODELS["full"]) is None
    with pytest.raises(ModelError, match="not the official"):
        modelstore.resolve(None, tmp_path, download=False)
    assert cached.read_bytes() == PAYLOAD[:-1] + b"X"  # looking never deletes
    assert modelstore.resolve(None, tmp_path).origin is Origin.DOWNLOAD
    assert cached.read_bytes() == PAYLOAD


@pytest.mark.parametrize("content", [None, b""])
def test_a_named_file_must_exist_and_not_be_empty(
    tmp_path: Path, content: bytes | None, no_env: None
) -> None:
    path = tmp_path / "model.task"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError, match=r"model\.task"):
        modelstore.resolve(str(path), tmp_path)


def test_model_fetch_command_downloads_into_the_cache(
    tmp_path: Path,
    server_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_env: None,
) -> None:
    full = _spec(server_url)
    monkeypatch.setitem(
        modelstore.MODELS, "lite", ModelSpec("lite", full.url, full.size, full.sha256)
    )
    monkeypatch.setenv("POSTURE_CACHE_DIR", str(tmp_path))
    assert cli.main(["model", "fetch", "lite"]) == 0
    assert (tmp_path / "pose_landmarker_lite.task").read_bytes() == PAYLOAD
    assert "lite model ready" in capsys.readouterr().out
    # A second fetch reuses the verified copy.
    assert cli.main(["model", "fetch", "lite"]) == 0


@pytest.mark.parametrize(
    ("kind", "says"),
    [("zero", "not a regular file"), ("fifo", "not a regular file"), ("folder", "a folder")],
)
def test_a_named_model_that_is_not_a_file_says_what_it_is(
    tmp_path: Path, kind: str, says: str, no_env: None
) -> None:
    path = not_a_file(kind, tmp_path)
    with pytest.raises(ModelError, match=says) as caught:
        modelstore.resolve(str(path), tmp_path)
    assert "no such file" not in str(caught.value)


def test_the_model_cache_is_private_at_every_level(tmp_path: Path, server_url: str) -> None:
    cache = tmp_path / "cache" / "posture"
    old_umask = os.umask(0o022)
    try:
        path = modelstore.fetch(_spec(server_url), cache)
    finally:
        os.umask(old_umask)
    modes = [stat.S_IMODE(p.stat().st_mode) for p in (cache.parent, cache, path)]
    assert modes == [0o700, 0o700, 0o600]


def test_an_offline_run_names_the_rejected_cache_copy_and_the_way_out(
    tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch, no_env: None
) -> None:
    spec = ModelSpec("full", f"{server_url}/missing.task", len(PAYLOAD), "0" * 64)
    monkeypatch.setitem(modelstore.MODELS, "full", spec)
    cached = tmp_path / "pose_landmarker_full.task"
    cached.write_bytes(b"someone's other model")
    with pytest.raises(ModelError) as info:
        modelstore.resolve(None, tmp_path)  # what `run` does
    said = str(info.value)
    assert str(cached) in said and "not the official" in said and "sha256" in said
    assert "could not download" in said and "--model FILE" in said and "\n" not in said
    assert cached.read_bytes() == b"someone's other model"


def test_model_says_no_offline_advice_while_a_model_is_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    named = tmp_path / "mine.task"
    named.write_bytes(b"my own model")
    monkeypatch.setenv("POSTURE_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.main(["model", "--model", str(named)]) == 0
    shown = capsys.readouterr().out
    assert str(named) in shown and "offline:" not in shown and "cache:" in shown
    monkeypatch.delenv(modelstore.MODEL_ENV, raising=False)
    assert cli.main(["model"]) == 1  # none in use: then the advice
    assert "offline:" in capsys.readouterr().out
