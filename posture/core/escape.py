"""Text from files made safe where it goes: one rule each for a terminal, a CSV cell and
notification markup. Pure.

Names, ids and steps come from files a person edits (stretches.toml) or that anything in their
folders could write (a session's source); none of it may act where it is shown.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (OWASP's list)."""


def terminal(text: str) -> str:
    """Text safe for the terminal: control characters (a newline, a terminal escape) are shown
    escaped, so they can neither spill onto another line nor act."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as written: text that would start a formula gets a
    leading apostrophe (numbers are left as numbers, negative ones included)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def markup(text: str) -> str:
    """Plain text for a notification server that reads its body as markup (`body-markup`):
    `&`, `<` and `>` as entities, so no tag (a link, an image fetched from the network) acts."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
