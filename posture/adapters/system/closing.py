"""A base for objects that hold a native resource: `close()` plus `with` support."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closeable:
    """Subclasses release what they hold in `close()`, which must be safe to call twice."""

    def close(self) -> None:
        """Release what the object holds."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
