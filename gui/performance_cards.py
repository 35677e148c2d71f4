"""The Performance tab's stat cards, in two rows that say what they count:

- **now** ("agora"): where all invoices stand at this moment, whatever the window: invoices,
  pending (to fetch now: what a run started now takes), not yet available (available only from
  a later day; gui.waiting_text words both the same everywhere), in error now (ERROR and
  GAVE_UP) and the amount found;
- **in the period** ("no período", the 7/30/90-day window the tab's buttons choose): invoice
  results of the window's runs, their success rate, their errors and the lookup time.

The period's error figures are defined exactly as the "By origin" table's (one run result per
run and invoice; errors = ERROR + GAVE_UP; share of the decided results: success, partial,
error, gave up), so the card equals the sum of that table's rows; see
`storage.analytics.figures.StatusCounts`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from core.alert_rules import error_share_exceeds
from gui import formatting as fmt
from gui import labels
from gui.stat_card import StatCard
from gui.waiting_text import not_yet_available_tooltip, pending_breakdown, pending_tooltip
from storage.analytics import Overview
from storage.analytics.waiting import WaitingCounts

COLUMNS = 5
NOW_KEYS = ("invoices", "pending", "not_available", "in_error", "amount")
PERIOD_KEYS = ("results", "success_rate", "errors", "lookup_time")
KEYS = NOW_KEYS + PERIOD_KEYS


class PerformanceCards(QWidget):
    """Nine StatCards: the "now" row and the "in the period" row; `cards[key]` for each of KEYS."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        specs: dict[str, tuple[str, str]] = {
            "invoices": (self.tr("Invoices · now"),
                         self.tr("All invoices in the database now (ten per contract), whatever the period.")),
            "pending": (self.tr("Pending · now"), pending_tooltip()),
            "not_available": (self.tr("Not yet available · now"), not_yet_available_tooltip()),
            "in_error": (self.tr("In error · now"),
                         self.tr("Invoices whose last fetch failed (error) or that reached the attempt limit "
                                 "(gave up), now.")),
            "amount": (self.tr("Amount found · now"),
                       self.tr("Sum of the amounts found at the operator, in reais, and how many invoices have "
                               "an amount and a bar code or PIX code.")),
            "results": (self.tr("Results · in the period"),
                        self.tr("Invoice results of the period's runs: each run's final word on each invoice it "
                                "looked at.")),
            "success_rate": (self.tr("Success rate · in the period"),
                             self.tr("(Success + partial) ÷ decided results of the period's runs. Decided: "
                                     "success, partial, error or gave up; not yet available is left out. The same "
                                     "figure as the \"By origin\" table.")),
            "errors": (self.tr("Errors · in the period"),
                       self.tr("Results of the period's runs that ended in error or gave up, and their share of "
                               "the decided results. The sum of the \"By origin\" table's errors.")),
            "lookup_time": (self.tr("Lookup time (p50) · in the period"),
                            self.tr("Median time of one operator lookup in the period, with the 95th percentile "
                                    "and the average. Percentiles are approximate (from a histogram).")),
        }
        self.cards: dict[str, StatCard] = {}
        self.row_titles: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        row = 0
        for scope, title, keys in (("now", self.tr("Now"), NOW_KEYS),
                                   ("period", self.tr("In the period"), PERIOD_KEYS)):
            heading = QLabel(title, self)
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            heading.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            self.row_titles[scope] = heading
            grid.addWidget(heading, row, 0, 1, COLUMNS)
            for i, key in enumerate(keys):
                card_title, tooltip = specs[key]
                card = StatCard(card_title, "", tooltip, self)
                card.setAccessibleName(card_title)
                self.cards[key] = card
                grid.addWidget(card, row + 1, i)
            row += 2
        for c in range(COLUMNS):
            grid.setColumnStretch(c, 1)

    def set_overview(self, ov: Overview, error_share_alert: float = 0.10) -> None:
        """Fill every card from one Overview (now, and the window the tab shows)."""
        c, n = self.cards, fmt.number
        counts = ov.by_status
        days = n(ov.window.days)
        self.row_titles["period"].setText(
            self.tr("In the period: last %1 days (%2 – %3)").replace("%1", days)
            .replace("%2", fmt.day(ov.window.first_day)).replace("%3", fmt.day(ov.window.last_day)))
        c["invoices"].set_value(n(ov.invoices), self.tr("%1 fetched at least once").replace("%1", n(ov.attempted)))
        in_error = counts.errors
        c["in_error"].set_value(n(in_error), self.tr("%1 error · %2 gave up").replace("%1", n(counts.error))
                                .replace("%2", n(counts.gave_up)))
        c["in_error"].set_accent(labels.RED if in_error else None)
        c["amount"].set_value(fmt.money(ov.amount_found), self.tr("%1 invoices with data (%2)")
                              .replace("%1", n(ov.with_data))
                              .replace("%2", fmt.percent(ov.with_data / ov.invoices) if ov.invoices else "—"))
        act = ov.activity
        res = act.results
        c["results"].set_value(n(res.total), self.tr("%1 attempts in %2 runs")
                               .replace("%1", n(act.attempts)).replace("%2", n(ov.runs)))
        rate = res.success_rate
        c["success_rate"].set_value(
            fmt.percent(rate),
            self.tr("%1 of %2 decided results").replace("%1", n(res.success + res.partial))
            .replace("%2", n(res.settled))
            if res.settled else self.tr("no decided results in the last %1 days").replace("%1", days))
        share = 1 - rate if rate is not None else None
        failing = share is not None and error_share_exceeds(share, error_share_alert)
        c["success_rate"].set_accent(None if rate is None else labels.RED if failing else labels.GREEN)
        c["errors"].set_value(n(res.errors), self.tr("%1 of the decided results")
                              .replace("%1", fmt.percent(share))
                              if share is not None else self.tr("no decided results in the last %1 days")
                              .replace("%1", days))
        c["errors"].set_accent(labels.RED if res.errors else None)
        if act.p50_seconds is None:
            lookup_caption = self.tr("no lookups in the last %1 days").replace("%1", days)
        else:
            lookup_caption = (self.tr("p95 %1 · avg %2").replace("%1", fmt.seconds(act.p95_seconds))
                              .replace("%2", fmt.seconds(act.avg_seconds)))
        c["lookup_time"].set_value(fmt.seconds(act.p50_seconds), lookup_caption)

    def set_waiting(self, w: WaitingCounts) -> None:
        """The "Pending" (to fetch now) and "Not yet available" cards (storage.analytics.waiting)."""
        self.cards["pending"].set_value(fmt.number(w.to_fetch), pending_breakdown(w))
        self.cards["not_available"].set_value(fmt.number(w.not_yet_available),
                                              self.tr("available only from a later day"))

    def texts(self) -> dict[str, str]:
        """key → the figure shown (for tests and accessibility)."""
        return {key: card.value() for key, card in self.cards.items()}


__all__ = ["KEYS", "NOW_KEYS", "PERIOD_KEYS", "PerformanceCards"]
