"""Every code a report prints has its pt-BR label, the same word the app shows for it."""

from __future__ import annotations

import pytest

from core.domain import AlertKind, AlertSeverity, ContractStatus, FetchOrigin, FetchStatus, Outcome, RunStatus
from reports import texts


@pytest.mark.parametrize(("enum", "table"), [
    (FetchStatus, texts.FETCH_STATUS), (Outcome, texts.OUTCOME), (FetchOrigin, texts.ORIGIN),
    (RunStatus, texts.RUN_STATUS), (ContractStatus, texts.CONTRACT_STATUS), (AlertSeverity, texts.SEVERITY),
    (AlertKind, texts.ALERT_KIND),
])
def test_every_code_has_a_label(enum, table) -> None:
    assert set(table) == set(enum)
    assert all(table[code] and table[code] != code.value for code in enum)


def test_the_statuses_read_as_in_the_app() -> None:
    assert texts.FETCH_STATUS[FetchStatus.PENDING] == "Nunca buscada"
    assert texts.FETCH_STATUS[FetchStatus.NOT_AVAILABLE] == "Ainda não disponível"
    assert texts.FETCH_STATUS[FetchStatus.CLOSED] == "Sem débito em aberto (provavelmente paga)"
