"""The user's settings: the config file (the one given, else the default one if it exists) with
`--set` overrides on top; values written back into that file, keeping the rest of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from posture.adapters.system import control, paths
from posture.adapters.system.files import private_folder, read_config, write_private
from posture.core import settings, settings_text
from posture.core.errors import ConfigError
from posture.core.setting_words import WORDS, by_group
from posture.core.settings_edit import set_values, toml_value
from posture.core.settings_text import ConfigText


def load_settings(config: Path | None, overrides: list[str]) -> settings_text.Loaded:
    """Settings from `config` (or the default config file when there is one) and `overrides`
    (KEY=VALUE texts); raises ConfigError naming the bad key or value."""
    path = config
    if path is None and paths.default_config().exists():
        path = paths.default_config()
    return settings_text.load(None if path is None else read_config(path), overrides)


def file_settings(config: Path | None) -> settings.Settings:
    """The settings a file makes (defaults where it is missing; `config` None: the default
    file); ConfigError if it cannot be read or holds a bad value."""
    if config is not None and not config.exists():
        return settings.Settings()
    return load_settings(config, []).settings


def write_settings(config: Path | None, values: dict[str, Any]) -> Path:
    """Set `values` (typed, as `parse_assignments` gives) in the settings file (`config`, else
    the default one, made if missing) and return its path. The whole file must make valid
    settings afterwards, or nothing is written (ConfigError says why)."""
    path = config or paths.default_config()
    current = read_config(path) if path.exists() else ConfigText("", str(path))
    text = set_values(current, values)
    # the file as it will be: every value checked
    settings_text.load(ConfigText(text, str(path)), [])
    private_folder(path.parent, ConfigError)
    write_private(path, text, "config file", ConfigError, ".posture-")
    return path


def tell_running_monitor() -> bool:
    """Ask a running monitor to read its settings file and profile again (False: none runs)."""
    state = paths.state_dir()
    if control.running_pid(state) is None:
        return False
    control.send(state, control.RELOAD)
    return True


def settings_template() -> str:
    """A new settings file: every setting commented out at its default, under its label."""
    lines = ["# posture settings: uncomment a line to change it (or use Settings… in the tray)."]
    lines.append("[monitor]")
    defaults = settings.Settings()
    for group, keys in by_group().items():
        lines += ["", f"# --- {group}"]
        for key in keys:
            words = WORDS[key]
            lines.append(f"# {words.label}: {words.why}")
            lines.append(f"# {key} = {toml_value(getattr(defaults, key))}")
    return "\n".join(lines) + "\n"
