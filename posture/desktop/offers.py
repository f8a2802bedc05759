"""Which stretch is on offer, for the tray's menu: the run's notifier, passed through, telling
the tray the stretch of each alert it shows and when that alert is taken back."""

from __future__ import annotations

from collections.abc import Callable

from posture.core.alerts import Alert
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Forwarding, Notifier


class OfferTee(Forwarding):
    """`inner` does the notifying; `offered` hears the stretch's name (None: nothing on offer)."""

    def __init__(self, inner: Notifier, offered: Callable[[str | None], None]) -> None:
        super().__init__(inner)
        self.offered = offered
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
