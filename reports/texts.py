"""The report language: pt-BR labels of the application's codes and pt-BR number, money and date
formats. Every text a report prints comes from here (the reports are written in Portuguese for
the Brazilian back office, whatever the interface language). The labels are the desktop app's
pt-BR words for the same codes (resources/translations), so a report and the screen agree."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal

from core.domain import (
    AlertKind,
    AlertSeverity,
    ContractStatus,
    FetchOrigin,
    FetchStatus,
    Outcome,
    PaymentStatus,
    RunStatus,
)

FETCH_STATUS = {
    FetchStatus.PENDING: "Nunca buscada",
    FetchStatus.SUCCESS: "Sucesso",
    FetchStatus.PARTIAL: "Parcial",
    FetchStatus.NOT_AVAILABLE: "Ainda não disponível",
    FetchStatus.ERROR: "Erro",
    FetchStatus.GAVE_UP: "Desistência",
    FetchStatus.CLOSED: "Sem débito em aberto (provavelmente paga)",
    FetchStatus.PAID: "Paga",
}
OUTCOME = {
    Outcome.MATCHED: "Conciliada",
    Outcome.MATCHED_DIVERGENT: "Conciliada com divergência",
    Outcome.NOT_YET_AVAILABLE: "Ainda não disponível",
    Outcome.NO_DEBTS: "Sem débitos",
    Outcome.NO_MATCH: "Não conciliada",
    Outcome.NOT_OPEN: "Não está em aberto (provavelmente paga)",
    Outcome.AMBIGUOUS: "Ambígua",
    Outcome.INVALID_DOCUMENT: "Documento inválido",
    Outcome.TIMEOUT: "Tempo esgotado",
    Outcome.CONNECTION: "Falha de conexão",
    Outcome.HTTP_5XX: "Erro da operadora (5xx)",
    Outcome.RATE_LIMITED: "Limite de requisições",
    Outcome.AUTH: "Falha de autenticação",
    Outcome.BAD_RESPONSE: "Resposta inválida",
    Outcome.DEFERRED: "Adiada (operadora fora do ar)",
}
ORIGIN = {
    FetchOrigin.MANUAL: "Manual",
    FetchOrigin.AUTOMATIC: "Automática",
    FetchOrigin.COHORT: "Safra",
    FetchOrigin.INDIVIDUAL: "Individual",
    FetchOrigin.RETRY: "Nova tentativa",
}
RUN_STATUS = {
    RunStatus.RUNNING: "Em andamento",
    RunStatus.COMPLETED: "Concluída",
    RunStatus.FAILED: "Falhou",
    RunStatus.CANCELLED: "Cancelada",
    RunStatus.INTERRUPTED: "Interrompida",
}
CONTRACT_STATUS = {
    ContractStatus.ACTIVE: "Ativo",
    ContractStatus.CANCELLED: "Cancelado",
    ContractStatus.DOWNGRADE: "Downgrade",
}
PAYMENT_STATUS = {
    PaymentStatus.PAID: "Pago",
    PaymentStatus.UNPAID: "Não pago",
    PaymentStatus.LATE: "Atrasado",
    PaymentStatus.WAITING: "Aguardando",
    PaymentStatus.OTHER: "Outros",
}
ALERT_KIND = {
    AlertKind.ERROR_RATE: "Muitos erros",
    AlertKind.PERFORMANCE_DEGRADED: "Desempenho degradado",
    AlertKind.SLOW_LOOKUPS: "Consultas lentas",
    AlertKind.LOW_THROUGHPUT: "Vazão baixa",
    AlertKind.PERSISTENT_ERRORS_GROWING: "Mais erros persistentes",
    AlertKind.PROVIDER_UNAVAILABLE: "Operadora indisponível",
    AlertKind.SCHEDULED_RUN_MISSED: "Execução agendada perdida",
}
SEVERITY = {AlertSeverity.INFO: "Informação", AlertSeverity.WARNING: "Aviso", AlertSeverity.CRITICAL: "Crítico"}

DOCUMENTS_MASKED = "CPF/CNPJ mascarados (LGPD)"
DOCUMENTS_FULL = "CPF/CNPJ completos (pedido pelo usuário)"


def documents_note(full_documents: bool) -> str:
    return DOCUMENTS_FULL if full_documents else DOCUMENTS_MASKED


# Keyed by (enum type, value): StrEnum members of different enums with the same value are equal
# (FetchStatus.PAID == PaymentStatus.PAID), yet their labels differ ("Paga" / "Pago").
_LABELS: dict[tuple[type, str], str] = {
    (type(code), code.value): text
    for table in (FETCH_STATUS, OUTCOME, ORIGIN, RUN_STATUS, CONTRACT_STATUS, PAYMENT_STATUS, SEVERITY, ALERT_KIND)
    for code, text in table.items()
}


def label(value: object) -> str:
    """The pt-BR label of any of the application's codes ('' for None)."""
    if value is None:
        return ""
    key = (type(value), getattr(value, "value", None))
    found = _LABELS.get(key)  # type: ignore[arg-type]
    return found if found is not None else str(value)


def number(value: int) -> str:
    """1.234.567"""
    return f"{value:,}".replace(",", ".")


def decimal(value: float | Decimal, places: int = 2) -> str:
    """1.234,56"""
    text = f"{value:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def money(value: Decimal | float | None) -> str:
    """R$ 1.234,56 ('-' for None)."""
    if value is None:
        return "-"
    text = decimal(-value if value < 0 else value)
    return f"-R$ {text}" if value < 0 else f"R$ {text}"


def day(value: date | None) -> str:
    return "-" if value is None else value.strftime("%d/%m/%Y")


def moment(value: datetime | None, tz: tzinfo) -> str:
    return "-" if value is None else value.astimezone(tz).strftime("%d/%m/%Y %H:%M:%S")


def seconds(value: float | None, places: int = 3) -> str:
    return "-" if value is None else f"{decimal(value, places)} s"


def percent(value: float | None, places: int = 1) -> str:
    return "-" if value is None else f"{decimal(value * 100, places)}%"


def duration(value: float | None) -> str:
    """1 h 02 min 03 s, 4 min 05 s, 12,3 s"""
    if value is None:
        return "-"
    if value < 60:
        return f"{decimal(value, 1)} s"
    whole = int(round(value))
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h} h {m:02d} min {s:02d} s" if h else f"{m} min {s:02d} s"
