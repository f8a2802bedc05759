"""Which pose model file to use, and fetching the official one when there is none.

Resolution order: a file named explicitly (the --model flag, then $POSTURE_MODEL) -> the user's
cache -> a download from the official URL, checked against its pinned size and sha256 and written
atomically. An explicitly named file is the user's choice and skips the pin (it must still load).
"""

from __future__ import annotations

import enum
import hashlib
import logging
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from posture.adapters.system.files import private_folder
from posture.core.errors import ModelError

log = logging.getLogger(__name__)

MODEL_ENV = "POSTURE_MODEL"
DEFAULT_VARIANT = "full"
DOWNLOAD_TIMEOUT_S = 30.0
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """An official Pose Landmarker bundle and its pinned size and hash."""

    variant: str
    url: str
    size: int
    sha256: str

    @property
    def filename(self) -> str:
        return f"pose_landmarker_{self.variant}.task"


_BASE = "https://storage.googleapis.com/mediapipe-models/pose_landmarker"
MODELS: dict[str, ModelSpec] = {
    spec.variant: spec
    for spec in (
        ModelSpec(
            "lite",
            f"{_BASE}/pose_landmarker_lite/float16/1/pose_landmarker_lite.task",
            5_777_746,
            "59929e1d1ee95287735ddd833b19cf4ac46d29bc7afddbbf6753c459690d574a",
        ),
        ModelSpec(
            "full",
            f"{_BASE}/pose_landmarker_full/float16/1/pose_landmarker_full.task",
            9_398_198,
            "5134a3aad27a58b93da0088d431f366da362b44e3ccfbe3462b3827a839011b1",
        ),
        ModelSpec(
            "heavy",
            f"{_BASE}/pose_landmarker_heavy/float16/1/pose_landmarker_heavy.task",
            30_664_242,
            "64437af838a65d18e5ba7a0d39b465540069bc8aae8308de3e318aad31fcbc7b",
        ),
    )
}


class Origin(enum.Enum):
    """Where the model in use came from."""

    FLAG = "named with --model"
    ENV = f"named by ${MODEL_ENV}"
    CACHE = "the user cache (sha256 verified)"
    DOWNLOAD = "downloaded now (sha256 verified)"


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    path: Path
    origin: Origin


Progress = Callable[[int, int], None]
"""Called with (bytes so far, total bytes) while downloading."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _named_file(value: str, origin: Origin) -> ResolvedModel:
    path = Path(value).expanduser()
    where = f"pose model {path} ({origin.value})"
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ModelError(f"{where}: no such file") from None
    except OSError as exc:
        raise ModelError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ModelError(f"{where}: a folder, not a model file")
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(f"{where}: not a regular file (a device or a pipe?)")
    if info.st_size == 0:
        raise ModelError(f"{where}: the file is empty")
    return ResolvedModel(path, origin)


def cached_model(cache: Path, spec: ModelSpec) -> Path | None:
    """The cached copy of `spec` if it matches its pin. Never deletes anything: a copy that does
    not match is left where it is (a download replaces it; see `unpinned_copy`)."""
    path = cache / spec.filename
    if not path.is_file():
        return None
    if path.stat().st_size == spec.size and sha256_of(path) == spec.sha256:
        return path
    return None


def unpinned_copy(cache: Path, spec: ModelSpec) -> Path | None:
    """A file in the cache under `spec`'s name that is not the pinned official file, if any."""
    path = cache / spec.filename
    return path if path.is_file() and cached_model(cache, spec) is None else None


def fetch(spec: ModelSpec, cache: Path, progress: Progress | None = None) -> Path:
    """Download `spec` into `cache`, check size and sha256, and move it into place atomically."""
    private_folder(cache, ModelError)
    target = cache / spec.filename
    handle = tempfile.NamedTemporaryFile(dir=cache, prefix=".download-", delete=False)  # noqa: SIM115
    part = Path(handle.name)
    try:
        with handle:
            digest, size = _download_into(spec, handle, progress)
        if size != spec.size or digest != spec.sha256:
            raise ModelError(
                f"the downloaded {spec.variant} model does not match its pinned size and sha256 "
                f"({size} bytes, sha256 {digest[:12]}...); it was deleted. Try again later"
            )
        if target.exists():
            log.warning("replacing %s: it was not the official file", target)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target


def _download_into(spec: ModelSpec, sink: object, progress: Progress | None) -> tuple[str, int]:
    import urllib.error  # only a fetch needs them: 3 MB of every run's memory otherwise
    import urllib.request

    digest = hashlib.sha256()
    size = 0
    write = sink.write  # type: ignore[attr-defined]
    try:
        with urllib.request.urlopen(spec.url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            total = int(response.headers.get("Content-Length") or spec.size)
            for chunk in iter(lambda: response.read(_CHUNK), b""):
                digest.update(chunk)
                write(chunk)
                size += len(chunk)
                if size > spec.size:
                    break
                if progress is not None:
                    progress(size, total)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(
            f"could not download the {spec.variant} pose model ({reason}). With no network, "
            f"download {spec.url} elsewhere and pass --model FILE or set {MODEL_ENV}=FILE"
        ) from exc
    return digest.hexdigest(), size


def ensure(
    spec: ModelSpec, cache: Path, progress: Progress | None = None, *, download: bool = True
) -> ResolvedModel:
    """The verified cached copy of `spec`, downloading it first if there is none (and allowed)."""
    cached = cached_model(cache, spec)
    if cached is not None:
        return ResolvedModel(cached, Origin.CACHE)
    if not download:
        other = unpinned_copy(cache, spec)
        if other is not None:
            raise ModelError(
                f"{other} is not the official {spec.variant} model (its sha256 differs); it is "
                f"left as it is: `posture model fetch {spec.variant}` replaces it, or use your own "
                f"file with --model FILE or {MODEL_ENV}=FILE"
            )
        raise ModelError(
            f"no pose model yet: run `posture model fetch {spec.variant}` (downloads "
            f"{spec.size / 1e6:.1f} MB from {spec.url}), or pass --model FILE or set "
            f"{MODEL_ENV}=FILE"
        )
    other = unpinned_copy(cache, spec)
    try:
        return ResolvedModel(fetch(spec, cache, progress), Origin.DOWNLOAD)
    except ModelError as exc:
        if other is None:
            raise
        raise ModelError(
            f"the copy in the cache ({other}) was not used: it is not the official "
            f"{spec.variant} model (its sha256 differs); and {exc}"
        ) from None


def resolve(
    flag: str | None,
    cache: Path,
    *,
    download: bool = True,
    progress: Progress | None = None,
) -> ResolvedModel:
    """The model to use: named file, else verified cache, else (if allowed) a fresh download."""
    if flag:
        return _named_file(flag, Origin.FLAG)
    env = os.environ.get(MODEL_ENV)
    if env:
        return _named_file(env, Origin.ENV)
    return ensure(MODELS[DEFAULT_VARIANT], cache, progress, download=download)
