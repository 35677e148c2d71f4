"""NegociaClient against the real simulator on loopback: answers, and every fault classified."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

import pytest

from core.documents import cpf_check_digits, mask_document
from core.domain import Outcome, RemoteInvoice
from core.due_dates import due_date
from core.provider.base import Invoices, ProviderError
from core.provider.bounded import Answer
from core.provider.negocia import NegociaClient
from core.simulator.faults import FaultKind
from core.simulator.model import InvoiceKind, World
from core.simulator.profiles import PROFILES, OutageWindow
from core.simulator.server import SimulatorServer
from core.simulator.world import MixRates, generate_world
from tests.conftest import FakeClock

MakeSim = Callable[..., SimulatorServer]
MakeClient = Callable[..., NegociaClient]


def documents_with_debts(world: World) -> list[str]:
    return sorted(world.debts)


def unknown_document(world: World) -> str:
    """A valid CPF the world does not know."""
    known = {c.document for c in world.contracts}
    for n in range(100_000_000, 100_001_000):
        doc = f"{n:09d}" + cpf_check_digits(f"{n:09d}")
        if doc not in known:
            return doc
    raise AssertionError("no free CPF")


def truth(world: World, document: str) -> list[tuple[str, str, date]]:
    return [(i.remote_id, str(i.amount), i.due_date) for i in world.open_invoices(document)]


def seen(result: list[RemoteInvoice]) -> list[tuple[str, str, date]]:
    return [(r.remote_id, str(r.amount), r.due_date) for r in result]


def lookup_error(client: NegociaClient, document: str) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        client.lookup(document)
    return info.value


def test_lookup_returns_the_worlds_open_invoices(simulator: SimulatorServer, make_client: MakeClient,
                                                 small_world: World) -> None:
    client = make_client(simulator)
    for document in documents_with_debts(small_world):
        result = client.lookup(document)
        assert seen(result) == truth(small_world, document)
        for remote, invoice in zip(result, small_world.open_invoices(document), strict=True):
            assert remote.amount.as_tuple().exponent == -2
            assert remote.debt_id and remote.product_name
            assert remote.bar_code and len(remote.bar_code) in (47, 48)
            assert remote.pix_code and remote.pix_code.startswith("000201")
            assert remote.expiration_date == invoice.expiration_date
            assert remote.reference_month == invoice.reference_month
    counters = client.counters
    assert counters.authentications == 1 and counters.lookups == len(small_world.debts)
    assert simulator.stats().connections == 1  # keep-alive: one pooled connection for everything


def test_punctuated_document_is_normalised(simulator: SimulatorServer, make_client: MakeClient,
                                           small_world: World) -> None:
    document = documents_with_debts(small_world)[0]
    punctuated = f"{document[:3]}.{document[3:6]}.{document[6:9]}-{document[9:]}"
    assert seen(make_client(simulator).lookup(punctuated)) == truth(small_world, document)


def test_http_400_means_no_debts(simulator: SimulatorServer, make_client: MakeClient,
                                 small_world: World) -> None:
    assert make_client(simulator).lookup(unknown_document(small_world)) == []
    assert simulator.stats().by_status[400] == 1


@pytest.mark.parametrize("document", ["123.456.789-00", "11111111111", "", "abc", "1234567890123",
                                      "11.222.333/0001-00"])
def test_invalid_document_sends_nothing(simulator: SimulatorServer, make_client: MakeClient,
                                        document: str) -> None:
    client = make_client(simulator)
    error = lookup_error(client, document)
    assert error.outcome is Outcome.INVALID_DOCUMENT and error.http_status is None
    assert client.counters.requests == 0 and client.counters.lookups == 0
    assert simulator.stats().requests == 0


@pytest.mark.parametrize(
    ("fault", "outcome", "status", "retry_after"),
    [
        (FaultKind.HTTP_500, Outcome.HTTP_5XX, 500, None),
        (FaultKind.HTTP_502, Outcome.HTTP_5XX, 502, None),
        (FaultKind.HTTP_503, Outcome.HTTP_5XX, 503, 7.0),
        (FaultKind.RATE_LIMIT, Outcome.RATE_LIMITED, 429, 7.0),
        (FaultKind.CAPTCHA, Outcome.BAD_RESPONSE, 200, None),
        (FaultKind.TRUNCATED_JSON, Outcome.BAD_RESPONSE, 200, None),
        (FaultKind.DROP, Outcome.CONNECTION, None, None),
    ],
)
def test_injected_fault_is_classified_then_the_client_recovers(
    make_simulator: MakeSim, make_client: MakeClient, small_world: World,
    fault: FaultKind, outcome: Outcome, status: int | None, retry_after: float | None,
) -> None:
    server = make_simulator(profile=PROFILES["instant"].with_overrides(retry_after_s=7))
    client = make_client(server)
    document = documents_with_debts(small_world)[0]
    server.inject(fault)
    error = lookup_error(client, document)
    assert (error.outcome, error.http_status, error.retry_after) == (outcome, status, retry_after)
    assert seen(client.lookup(document)) == truth(small_world, document)  # the next one is fine
    assert client.counters.authentications == 1  # a fault is not an auth problem
    assert server.stats().injected == 1


@pytest.mark.parametrize("fault", [FaultKind.CAPTCHA, FaultKind.TRUNCATED_JSON])
def test_malformed_answer_for_a_document_without_debts(simulator: SimulatorServer, make_client: MakeClient,
                                                       small_world: World, fault: FaultKind) -> None:
    simulator.inject(fault)
    assert lookup_error(make_client(simulator), unknown_document(small_world)).outcome is Outcome.BAD_RESPONSE


@pytest.mark.parametrize("fault", [FaultKind.WRONG_TYPES, FaultKind.BAD_DUE_DATE])
def test_one_malformed_invoice_is_skipped_and_the_others_kept(
    simulator: SimulatorServer, make_client: MakeClient, small_world: World, fault: FaultKind,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = make_client(simulator)
    document = next(d for d in documents_with_debts(small_world) if len(small_world.open_invoices(d)) > 1)
    simulator.inject(fault)  # the first invoice of the first debt gets a broken amount or dueDate
    with caplog.at_level(logging.WARNING, logger="core.provider.negocia"):
        result = client.lookup(document)
    assert isinstance(result, Invoices) and result.skipped == 1
    assert seen(result) == truth(small_world, document)[1:]
    assert client.counters.skipped_invoices == 1
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    field = "amount" if fault is FaultKind.WRONG_TYPES else "dueDate"
    assert f"debts[0].invoices[0]: {field}" in record.getMessage()
    assert document not in record.getMessage() and mask_document(document) in record.getMessage()
    assert seen(client.lookup(document)) == truth(small_world, document)  # the next answer is whole


def test_injected_faults_hit_exactly_the_next_lookups(simulator: SimulatorServer, make_client: MakeClient,
                                                      small_world: World) -> None:
    client = make_client(simulator)
    document = documents_with_debts(small_world)[0]
    simulator.inject(FaultKind.HTTP_500, 3)
    outcomes = []
    for _ in range(4):
        try:
            client.lookup(document)
            outcomes.append("ok")
        except ProviderError as exc:
            outcomes.append(exc.outcome.value)
    assert outcomes == ["HTTP_5XX", "HTTP_5XX", "HTTP_5XX", "ok"]


def test_hang_is_timeout(make_simulator: MakeSim, make_client: MakeClient, small_world: World) -> None:
    server = make_simulator(profile=PROFILES["instant"].with_overrides(hang_seconds=60))
    client = make_client(server, read_timeout=0.3)
    document = documents_with_debts(small_world)[0]
    server.inject(FaultKind.HANG)
    error = lookup_error(client, document)
    assert error.outcome is Outcome.TIMEOUT and error.http_status is None
    assert seen(client.lookup(document)) == truth(small_world, document)
    assert server.stats().hangs == 1


@pytest.mark.parametrize("drop", [False, True])
def test_outage_then_recovery(simulator: SimulatorServer, make_client: MakeClient, small_world: World,
                              drop: bool) -> None:
    client = make_client(simulator)
    document = documents_with_debts(small_world)[0]
    client.lookup(document)
    simulator.start_outage(drop_connection=drop)
    error = lookup_error(client, document)
    if drop:
        assert error.outcome is Outcome.CONNECTION
    else:
        assert (error.outcome, error.http_status) == (Outcome.HTTP_5XX, 503) and error.retry_after is not None
    simulator.end_outage()
    assert seen(client.lookup(document)) == truth(small_world, document)


def test_outage_during_authentication_is_not_auth(simulator: SimulatorServer, make_client: MakeClient,
                                                  small_world: World) -> None:
    simulator.start_outage()
    error = lookup_error(make_client(simulator), documents_with_debts(small_world)[0])
    assert (error.outcome, error.http_status) == (Outcome.HTTP_5XX, 503)


def test_profile_outage_window(make_simulator: MakeSim, make_client: MakeClient, small_world: World,
                               fake_clock: FakeClock) -> None:
    profile = PROFILES["instant"].with_overrides(outages=(OutageWindow(start_s=10, duration_s=60),))
    server = make_simulator(profile=profile, clock=fake_clock)
    client = make_client(server)
    document = documents_with_debts(small_world)[0]
    client.lookup(document)
    fake_clock.advance(10)
    assert lookup_error(client, document).outcome is Outcome.HTTP_5XX
    fake_clock.advance(60)
    assert seen(client.lookup(document)) == truth(small_world, document)


def test_capacity_exceeded_is_rate_limited_with_retry_after(
    make_simulator: MakeSim, make_client: MakeClient, small_world: World, fake_clock: FakeClock
) -> None:
    profile = PROFILES["instant"].with_overrides(capacity_rps=1, burst=3, retry_after_s=2)
    server = make_simulator(profile=profile, clock=fake_clock)
    client = make_client(server)
    document = documents_with_debts(small_world)[0]
    client.lookup(document)  # params + session + debts: the whole burst
    error = lookup_error(client, document)
    assert (error.outcome, error.http_status, error.retry_after) == (Outcome.RATE_LIMITED, 429, 2.0)
    fake_clock.advance(1.0)  # one token back
    assert seen(client.lookup(document)) == truth(small_world, document)
    assert server.stats().rate_limited == 1


def test_rate_limited_during_authentication(make_simulator: MakeSim, make_client: MakeClient,
                                            small_world: World, fake_clock: FakeClock) -> None:
    server = make_simulator(profile=PROFILES["instant"].with_overrides(capacity_rps=1, burst=1),
                            clock=fake_clock)
    error = lookup_error(make_client(server), documents_with_debts(small_world)[0])
    assert error.outcome is Outcome.RATE_LIMITED  # the session call was refused, not the credentials


def test_server_stopped_is_connection(make_simulator: MakeSim, make_client: MakeClient,
                                      small_world: World) -> None:
    server = make_simulator()
    client = make_client(server)
    document = documents_with_debts(small_world)[0]
    client.lookup(document)
    server.stop()
    assert lookup_error(client, document).outcome is Outcome.CONNECTION


def test_nothing_listening_is_connection(small_world: World) -> None:
    server = SimulatorServer(small_world).start()
    url = server.url
    server.stop()  # the port is now closed
    with NegociaClient(url, small_world.key_string, connect_timeout=1) as client:
        error = lookup_error(client, documents_with_debts(small_world)[0])
    assert error.outcome is Outcome.CONNECTION and client.counters.auth_failures == 1


def test_constructor_validates_arguments() -> None:
    with pytest.raises(ValueError):
        NegociaClient("ftp://x", "k")
    with pytest.raises(ValueError):
        NegociaClient("http://x", "")
    with pytest.raises(ValueError):
        NegociaClient("http://x", "k", read_timeout=0)


@pytest.mark.parametrize("body", [b"[" * 100_000, b"", b"\xff\xfe garbage", b'{"debts": [}'])
def test_undecodable_bodies_are_bad_response(body: bytes) -> None:
    with pytest.raises(ProviderError) as info:
        NegociaClient._json(Answer(200, {}, body), "debts")
    assert info.value.outcome is Outcome.BAD_RESPONSE


def test_a_customer_who_picked_another_due_day_is_served_with_the_real_due_dates(
        make_simulator: MakeSim, make_client: MakeClient) -> None:
    world = generate_world(12, seed=5, today=date(2026, 3, 15), rates=MixRates(other_due_day=1.0))
    client = make_client(make_simulator(world=world))
    by_number = {c.number: c for c in world.contracts}
    checked = 0
    for document in documents_with_debts(world):
        served = {r.remote_id: r.due_date for r in client.lookup(document)}
        offsets = set()
        for invoice in world.open_invoices(document):
            if invoice.kind is InvoiceKind.NOISE:
                continue
            assert invoice.kind is InvoiceKind.OTHER_DUE_DAY and served[invoice.remote_id] == invoice.due_date
            rule = due_date(by_number[invoice.contract_number].install_date, invoice.number)  # type: ignore[index,arg-type]
            offsets.add((invoice.due_date - rule).days)
            checked += 1
        assert len(offsets) <= 1 and not offsets & set(range(-3, 4))  # one offset, beyond matching's ±3 days
    assert checked > 10
