"""`posture model`: which pose model is used, and `model fetch` to download an official one."""

from __future__ import annotations

import argparse

from posture.adapters import modelstore, paths
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


def _cmd_model(args: argparse.Namespace) -> int:
    if args.action == "fetch":
        path = app.fetch_model(args.variant)
        print(f"{args.variant} model ready: {path}")
        return 0
    try:
        model = modelstore.resolve(args.model, paths.cache_dir(), download=False)
    except PostureError as exc:
        print(f"model: none available: {exc}")
        return 1
    print(f"model: {model.path}\nfrom: {model.origin.value}")
    return 0


COMMAND = Command(
    "model", "which pose model is used; `model fetch` downloads", _arguments, _cmd_model
)
