"""The Performance tab's stat cards: where all invoices stand now, and how fast the window's
lookups were.

Every card says in its caption (and tooltip) what it counts, because two kinds of figures sit
side by side: the state of all invoices now (invoices, success rate, errors, gave up,
pending, with data, amount) and the activity of the chosen window (lookup times).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from core.alert_rules import error_share_exceeds
from gui import formatting as fmt
from gui import labels
from gui.stat_card import StatCard
from storage.analytics import Overview

COLUMNS = 4
KEYS = ("invoices", "success_rate", "errors", "gave_up", "lookup_time", "pending", "with_data", "amount")


class PerformanceCards(QWidget):
    """Eight StatCards in a grid of four columns; `cards[key]` for each of KEYS."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        specs: dict[str, tuple[str, str]] = {
            "invoices": (self.tr("Invoices"),
                         self.tr("All invoices in the database now (ten per contract), whatever the window.")),
            "success_rate": (self.tr("Success rate"),
                             self.tr("(Success + partial) ÷ decided invoices. Decided: success, partial, error or "
                                     "gave up; pending and not yet available invoices are left out.")),
            "errors": (self.tr("Errors"), self.tr("Invoices whose last fetch failed; the next runs retry them.")),
            "gave_up": (self.tr("Gave up"),
                        self.tr("Invoices that reached the attempt limit; automatic runs skip them until a retry "
                                "is forced (Problems tab).")),
            "lookup_time": (self.tr("Lookup time (p50)"),
                            self.tr("Median time of one provider lookup in the window, with the 95th percentile "
                                    "and the average. Percentiles are approximate (from a histogram).")),
            "pending": (self.tr("Pending"), self.tr("Invoices never fetched yet.")),
            "with_data": (self.tr("Invoices with data"),
                          self.tr("Invoices for which the amount and a bar code or PIX code were found.")),
            "amount": (self.tr("Amount found"), self.tr("Sum of the amounts found at the provider, in reais.")),
        }
        self.cards: dict[str, StatCard] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        for i, key in enumerate(KEYS):
            title, tooltip = specs[key]
            card = StatCard(title, "", tooltip, self)
            card.setAccessibleName(title)
            self.cards[key] = card
            grid.addWidget(card, i // COLUMNS, i % COLUMNS)
        for c in range(COLUMNS):
            grid.setColumnStretch(c, 1)

    def set_overview(self, ov: Overview, error_share_alert: float = 0.10) -> None:
        """Fill every card from one Overview (of the window the tab shows)."""
        c = self.cards
        counts = ov.by_status
        c["invoices"].set_value(fmt.number(ov.invoices), self.tr("%1 fetched at least once")
                                .replace("%1", fmt.number(ov.attempted)))
        c["success_rate"].set_value(fmt.percent(ov.success_rate), self.tr("%1 of %2 decided invoices")
                                    .replace("%1", fmt.number(counts.success + counts.partial))
                                    .replace("%2", fmt.number(counts.settled))
                                    if counts.settled else self.tr("no decided invoices yet"))
        rate = ov.success_rate
        failing = rate is not None and error_share_exceeds(1 - rate, error_share_alert)
        c["success_rate"].set_accent(None if rate is None else labels.RED if failing else labels.GREEN)
        c["errors"].set_value(fmt.number(ov.errors), self.tr("last fetch failed; next runs retry") if ov.errors
                              else self.tr("no invoice in error"))
        c["errors"].set_accent(labels.RED if ov.errors else None)
        c["gave_up"].set_value(fmt.number(ov.gave_up), self.tr("attempt limit reached"))
        c["gave_up"].set_accent(labels.PURPLE if ov.gave_up else None)
        act = ov.activity
        if act.p50_seconds is None:
            lookup_caption = self.tr("no lookups in the last %1 days").replace("%1", fmt.number(ov.window.days))
        else:
            lookup_caption = (self.tr("p95 %1 · avg %2 · last %3 days").replace("%1", fmt.seconds(act.p95_seconds))
                              .replace("%2", fmt.seconds(act.avg_seconds)).replace("%3", fmt.number(ov.window.days)))
        c["lookup_time"].set_value(fmt.seconds(act.p50_seconds), lookup_caption)
        c["pending"].set_value(fmt.number(ov.pending), self.tr("%1 not yet available")
                               .replace("%1", fmt.number(counts.not_available)))
        c["with_data"].set_value(fmt.number(ov.with_data), self.tr("%1 of all invoices")
                                 .replace("%1", fmt.percent(ov.with_data / ov.invoices))
                                 if ov.invoices else self.tr("amount and bar code or PIX found"))
        c["amount"].set_value(fmt.money(ov.amount_found), self.tr("sum of the amounts found"))

    def texts(self) -> dict[str, str]:
        """key → the figure shown (for tests and accessibility)."""
        return {key: card.value() for key, card in self.cards.items()}


__all__ = ["KEYS", "PerformanceCards"]
