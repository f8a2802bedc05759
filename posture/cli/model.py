"""`posture model`: which pose model is used, where the cache is, and `model fetch` to download.

Only `model fetch` writes; `posture model` itself never changes or deletes a file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from posture.adapters.camera import modelstore
from posture.adapters.system import paths
from posture.app import wiring as app
from posture.cli import options
from posture.cli.command import Command
from posture.core.errors import PostureError


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=["fetch"], help="download a model")
    parser.add_argument(
        "variant",
        nargs="?",
        choices=sorted(modelstore.MODELS),
        default=modelstore.DEFAULT_VARIANT,
        help="which official model to fetch (default: %(default)s)",
    )
    options.add_model(parser)


def _cache_line(cache: Path) -> str:
    """Where the cache is and the file it expects."""
    spec = modelstore.MODELS[modelstore.DEFAULT_VARIANT]
    return (
        f"cache: {cache} (posture looks there for {spec.filename}; ${paths.CACHE_DIR_ENV} moves it)"
    )


def _offline_line(cache: Path) -> str:
    """How to put a model in place without a network (said only when none is in use)."""
    spec = modelstore.MODELS[modelstore.DEFAULT_VARIANT]
    return (
        f"offline: download {spec.url} elsewhere and copy it to {cache / spec.filename} (it must "
        f"match the official sha256 {spec.sha256[:12]}...), or use any model file with --model "
        f"FILE or {modelstore.MODEL_ENV}=FILE"
    )


def _cmd_model(args: argparse.Namespace) -> int:
    if args.action == "fetch":
        path = app.fetch_model(args.variant)
        print(f"{args.variant} model ready: {path}")
        return 0
    cache = paths.cache_dir()
    try:
        model = modelstore.resolve(args.model, cache, download=False)
    except PostureError as exc:
        print(f"model: {exc}\n{_cache_line(cache)}\n{_offline_line(cache)}")
        return 1
    print(f"model: {model.path}\nfrom: {model.origin.value}\n{_cache_line(cache)}")
    return 0


COMMAND = Command(
    "model", "which pose model is used; `model fetch` downloads", _arguments, _cmd_model
)
