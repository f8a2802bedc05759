"""Which stretch is on offer, for the tray's menu: the run's notifier, passed through, telling
the tray the stretch of each alert it shows and when that alert is taken back."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from posture.core.alerts import Alert
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Answer, Notifier, Submit


class OfferTee(Notifier):
    """`inner` does the notifying; `offered` hears the stretch's name (None: nothing on offer)."""

    def __init__(self, inner: Notifier, offered: Callable[[str | None], None]) -> None:
        self.inner, self.offered = inner, offered
        self._cause: EventKind | None = None

    def notify(self, alert: Alert) -> None:
        self.inner.notify(alert)
        if alert.offer is not None:
            self._cause = alert.cause
            self.offered(alert.offer.name)

    def withdraw(self, cause: EventKind) -> None:
        self.inner.withdraw(cause)
        if cause is self._cause:
            self._cause = None
            self.offered(None)

    def connect(self, submit: Submit) -> None:
        self.inner.connect(submit)

    def close(self) -> None:
        self.inner.close()

    def quiet(self) -> bool | None:
        return self.inner.quiet()

    def ask(
        self, title: str, body: str, buttons: Sequence[tuple[str, str]], answer: Answer
    ) -> bool:
        return self.inner.ask(title, body, buttons, answer)
