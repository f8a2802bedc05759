"""The stretch catalogue read from its files: the packaged one, and the user's on top."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from posture.adapters.system.files import read_small_text
from posture.core.errors import CatalogueError
from posture.core.stretches.catalogue import Catalogue, parse


def load(override: Path | None = None) -> Catalogue:
    """The packaged catalogue, with the user's file (if given and present) on top."""
    packaged = resources.files("posture.core.stretches").joinpath("catalogue.toml")
    catalogue = parse(packaged.read_text(encoding="utf-8"), "the packaged catalogue")
    if override is None or not (override.exists() or override.is_symlink()):
        return catalogue
    text = read_small_text(override, "stretch catalogue", CatalogueError)
    return parse(text, str(override), base=catalogue)
