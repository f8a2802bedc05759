"""Setting values written into a settings file's text, line by line, keeping everything else. Pure.

Only the `[monitor]` table's `key = value` lines are touched: a key already set gets its new value
(its comment on the line stays), a key shown commented out (`# key = 25`) is set on that line, any
other new key goes after the table's last setting, a missing table is added at the end. The result
is parsed back and must hold exactly the old values with the new ones on top; a file this cannot
edit so (a value spread over lines, a dotted key) is refused, unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

from posture.core.errors import ConfigError
from posture.core.settings_text import TABLE, ConfigText, parse_file

_HEADER = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


def _key_line(key: str) -> re.Pattern[str]:
    """`key = value  # comment` (the key bare or quoted), capturing the comment."""
    quoted = f"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    return re.compile(rf"^(\s*){quoted}\s*=\s*(?:[^#\n]*?)\s*(#.*)?$")


def _commented_line(key: str) -> re.Pattern[str]:
    """`# key = value`: a setting shown but commented out."""
    return re.compile(rf"^\s*#\s*{re.escape(key)}\s*=")


def toml_value(value: Any) -> str:
    """A setting's value as TOML: true/false, a whole number, a decimal, a quoted choice."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _table_span(lines: list[str]) -> tuple[int, int] | None:
    """(first line after the [monitor] header, the line after the table) or None."""
    start = None
    for i, line in enumerate(lines):
        match = _HEADER.match(line)
        if start is None and match and match.group(1) == TABLE:
            start = i + 1
        elif start is not None and _ANY_HEADER.match(line):
            return start, i
    return None if start is None else (start, len(lines))


def _set_one(lines: list[str], key: str, value: Any) -> list[str]:
    text = toml_value(value)
    span = _table_span(lines)
    if span is None:
        if lines and lines[-1].strip():
            lines.append("")
        return [*lines, f"[{TABLE}]", f"{key} = {text}"]
    start, end = span
    pattern = _key_line(key)
    for i in range(start, end):
        match = pattern.match(lines[i])
        if match:
            comment = f"  {match.group(2)}" if match.group(2) else ""
            lines[i] = f"{match.group(1)}{key} = {text}{comment}"
            return lines
    commented = _commented_line(key)
    for i in range(start, end):
        if commented.match(lines[i]):  # `# key = default` as a new file has it: set in place
            lines[i] = f"{key} = {text}"
            return lines
    last = start
    for i in range(start, end):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            last = i + 1
    lines.insert(last, f"{key} = {text}")
    return lines


def set_values(config: ConfigText, values: dict[str, Any]) -> str:
    """The file's text with `values` set in its [monitor] table; ConfigError if that cannot be
    done line by line (the text is then not to be written)."""
    before, _ = parse_file(config)
    lines = config.text.splitlines()
    for key, value in values.items():
        lines = _set_one(lines, key, value)
    text = "\n".join(lines) + "\n"
    after, _ = parse_file(ConfigText(text, config.path))
    if after != before | values:
        raise ConfigError(
            f"{config.path} cannot be edited line by line here; set it by hand in [{TABLE}]: "
            + ", ".join(f"{k} = {toml_value(v)}" for k, v in values.items())
        )
    return text
