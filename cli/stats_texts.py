"""The two languages of `stats`: its texts in English and pt-BR, the codes' labels, and each
language's number, money, percent and date formats.

English prints 1,234.5, R$ 1,234.56 and ISO dates (2026-03-01, 2026-03-01 12:00:00); pt-BR prints
1.234,5, R$ 1.234,56 and dd/mm/aaaa. The pt-BR labels of the codes are the app's own words for
them (reports.texts, which follows resources/translations), so `stats`, the reports and the screen
agree; the English labels are the app's source texts (gui/labels.py). The CLI has no Qt
translator, hence this table. The language comes from `--lang`, else from the locale variables
(LC_ALL, LC_MESSAGES, LANG, the first one set): one starting with "pt" gives pt-BR.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from enum import Enum, StrEnum

from core.domain import AlertKind, AlertSeverity, FetchOrigin, FetchStatus, Outcome
from core.messages import Kind, decode, plain_format, render
from reports import texts as pt_texts

_MESSAGE_ENUMS: dict[Kind, type[Enum]] = {
    Kind.OUTCOME: Outcome, Kind.ORIGIN: FetchOrigin}


class Lang(StrEnum):
    EN = "en"
    PT_BR = "pt_BR"


# key: (English, pt-BR). Placeholders are str.format fields, the same in both.
TEXTS: dict[str, tuple[str, str]] = {
    "overview": ("Overview ({scope}; activity: {first} to {last})",
                 "Visão geral ({scope}; atividade: {first} a {last})"),
    "all_cohorts": ("all cohorts", "todas as safras"),
    "one_cohort": ("cohort {cohort}", "safra {cohort}"),
    "figure": ("Figure", "Indicador"),
    "value": ("Value", "Valor"),
    "invoices": ("Invoices", "Faturas"),
    "success_rate": ("Success rate", "Taxa de sucesso"),
    "with_data": ("With data", "Com dados"),
    "amount_found": ("Amount found", "Valor encontrado"),
    "attempts_histogram": ("Invoices by attempts 0/1/2/3/4+", "Faturas por tentativas 0/1/2/3/4+"),
    "runs_in_window": ("Runs in the period", "Execuções no período"),
    "attempts_in_window": ("Attempts in the period", "Tentativas no período"),
    "avg_lookup": ("Average lookup (s)", "Consulta média (s)"),
    "p50_lookup": ("Median lookup (s)", "Consulta mediana (s)"),
    "p95_lookup": ("95th percentile lookup (s)", "Consulta percentil 95 (s)"),
    "approx": ("approx.", "aprox."),
    "daily": ("Daily performance ({days} days, all cohorts; percentiles approx.)",
              "Desempenho diário ({days} dias, todas as safras; percentis aproximados)"),
    "day": ("Day", "Dia"),
    "runs": ("Runs", "Execuções"),
    "successes": ("Success", "Sucesso"),
    "partial": ("Partial", "Parciais"),
    "errors": ("Errors", "Erros"),
    "not_available": ("Not available", "Ainda não disponíveis"),
    "avg_s": ("Average s", "Média s"),
    "p50_s": ("Median s", "Mediana s"),
    "p95_s": ("p95 s", "P95 s"),
    "by_origin": ("By origin", "Por origem"),
    "origin": ("Origin", "Origem"),
    "slowest": ("Slowest lookups", "Consultas mais lentas"),
    "seconds": ("Seconds", "Segundos"),
    "contract": ("Contract", "Contrato"),
    "invoice": ("Invoice", "Fatura"),
    "cohort": ("Cohort", "Safra"),
    "when": ("When", "Quando"),
    "run": ("Run", "Execução"),
    "error_groups": ("Error groups ({shown} of {total})", "Grupos de erros ({shown} de {total})"),
    "outcome": ("Outcome", "Resultado"),
    "http": ("HTTP", "HTTP"),
    "message": ("Message", "Mensagem"),
    "attempts": ("Attempts", "Tentativas"),
    "first_seen": ("First seen", "Primeira vez"),
    "last_seen": ("Last seen", "Última vez"),
    "open_alerts": ("Open alerts ({count})", "Alertas abertos ({count})"),
    "kind": ("Kind", "Tipo"),
    "severity": ("Severity", "Gravidade"),
    "times": ("Times", "Ocorrências"),
    "dropped": ("Columns left out to fit {width} characters: {names}.",
                "Colunas omitidas para caber em {width} caracteres: {names}."),
    "bad_days": ("error: --days must be between 1 and 3650, got {days}",
                 "erro: --days deve estar entre 1 e 3650; recebido {days}"),
    "error": ("error: {message}", "erro: {message}"),
}

# The codes' English labels, as the app's source texts (gui/labels.py) say them.
EN_LABELS: dict[Enum, str] = {
    FetchStatus.PENDING: "Pending",
    FetchStatus.SUCCESS: "Success",
    FetchStatus.PARTIAL: "Partial",
    FetchStatus.NOT_AVAILABLE: "Not available",
    FetchStatus.ERROR: "Error",
    FetchStatus.GAVE_UP: "Gave up",
    FetchStatus.CLOSED: "No open debt (probably paid)",
    FetchStatus.PAID: "Paid",
    Outcome.MATCHED: "Matched",
    Outcome.MATCHED_DIVERGENT: "Matched with divergence",
    Outcome.NOT_YET_AVAILABLE: "Not yet available",
    Outcome.NO_DEBTS: "No debts",
    Outcome.NO_MATCH: "No match",
    Outcome.NOT_OPEN: "Not open (probably paid)",
    Outcome.AMBIGUOUS: "Ambiguous",
    Outcome.INVALID_DOCUMENT: "Invalid document",
    Outcome.TIMEOUT: "Timeout",
    Outcome.CONNECTION: "Connection failure",
    Outcome.HTTP_5XX: "Provider error (5xx)",
    Outcome.RATE_LIMITED: "Rate limited",
    Outcome.AUTH: "Authentication failure",
    Outcome.BAD_RESPONSE: "Bad response",
    Outcome.DEFERRED: "Deferred (provider down)",
    FetchOrigin.MANUAL: "Manual",
    FetchOrigin.AUTOMATIC: "Automatic",
    FetchOrigin.COHORT: "Cohort",
    FetchOrigin.INDIVIDUAL: "Individual",
    FetchOrigin.RETRY: "Forced retry",
    AlertKind.ERROR_RATE: "Too many errors",
    AlertKind.PERFORMANCE_DEGRADED: "Performance degraded",
    AlertKind.SLOW_LOOKUPS: "Slow lookups",
    AlertKind.LOW_THROUGHPUT: "Low throughput",
    AlertKind.PERSISTENT_ERRORS_GROWING: "Persistent errors growing",
    AlertKind.PROVIDER_UNAVAILABLE: "Provider unavailable",
    AlertKind.SCHEDULED_RUN_MISSED: "Scheduled run missed",
    AlertSeverity.INFO: "Info",
    AlertSeverity.WARNING: "Warning",
    AlertSeverity.CRITICAL: "Critical",
}
# Members of different enums may share a value (FetchStatus.PAID == PaymentStatus.PAID as
# strings), so the English table is looked up by (enum type, value) as reports.texts does.
_EN_BY_KEY: dict[tuple[type, str], str] = {(type(code), str(code.value)): text for code, text in EN_LABELS.items()}


def lang_from_env(env: Mapping[str, str] | None = None) -> Lang:
    """pt-BR when the first locale variable set (LC_ALL, LC_MESSAGES, LANG) starts with "pt"."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return Lang.PT_BR if value.lower().startswith("pt") else Lang.EN
    return Lang.EN


@dataclass(frozen=True, slots=True)
class Speaker:
    """Texts, labels and formats of one language."""

    lang: Lang

    @property
    def pt(self) -> bool:
        return self.lang is Lang.PT_BR

    def text(self, key: str, **fields: object) -> str:
        en, pt = TEXTS[key]
        return (pt if self.pt else en).format(**fields)

    def label(self, code: Enum) -> str:
        if self.pt:
            return pt_texts.label(code)
        return _EN_BY_KEY.get((type(code), str(code.value)), str(code.value))

    def number(self, value: int) -> str:
        """1,234,567 / 1.234.567"""
        return pt_texts.number(value) if self.pt else f"{value:,}"

    def decimal(self, value: float | Decimal, places: int) -> str:
        """1,234.5 / 1.234,5"""
        return pt_texts.decimal(value, places) if self.pt else f"{value:,.{places}f}"

    def money(self, value: Decimal) -> str:
        """R$ 1,234.56 / R$ 1.234,56"""
        text = self.decimal(abs(value), 2)
        return f"-R$ {text}" if value < 0 else f"R$ {text}"

    def secs(self, value: float | None) -> str:
        return "-" if value is None else self.decimal(value, 3)

    def pct(self, value: float | None) -> str:
        return "-" if value is None else f"{self.decimal(value * 100, 1)}%"

    def day(self, value: date) -> str:
        return value.strftime("%d/%m/%Y") if self.pt else value.isoformat()

    def message(self, stored: str | None) -> str:
        """A stored message (core.messages code, or an older version's English text) in this
        language: pt-BR from the app's translation, English with these formats."""
        if self.pt:
            from reports.message_text import pt

            return pt(stored)
        return render(decode(stored), fmt=self._format)

    def _format(self, kind: Kind, value: object) -> str:
        enum_type = _MESSAGE_ENUMS.get(kind)
        if enum_type is not None:
            try:
                return self.label(enum_type(value))
            except ValueError:
                return str(value)
        if kind is Kind.COUNT:
            return self.number(int(str(value)))
        if kind is Kind.DATE:
            return self.day(date.fromisoformat(str(value)))
        return plain_format(kind, value)

    def when(self, value: datetime, tz: tzinfo) -> str:
        local = value.astimezone(tz)
        return local.strftime("%d/%m/%Y %H:%M:%S" if self.pt else "%Y-%m-%d %H:%M:%S")
