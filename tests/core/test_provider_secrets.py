"""Secrets stay secret: the key, tokens and session ids never reach logs, messages or reprs, and a
document appears only masked.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import pytest

from core.documents import mask_document
from core.provider.base import ProviderError
from core.provider.negocia import NegociaClient
from core.simulator.faults import FaultKind
from core.simulator.model import World
from core.simulator.profiles import PROFILES
from core.simulator.server import SimulatorServer

MakeSim = Callable[..., SimulatorServer]
MakeClient = Callable[..., NegociaClient]


def test_no_secret_in_logs_errors_or_reprs(make_simulator: MakeSim, make_client: MakeClient,
                                           small_world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # everything, urllib3 included
    server = make_simulator(profile=PROFILES["instant"].with_overrides(hang_seconds=30))
    client = make_client(server, read_timeout=0.3)
    document = sorted(small_world.debts)[0]
    secrets: set[str] = {small_world.key_string}
    errors: list[ProviderError] = []

    def attempt() -> None:
        try:
            client.lookup(document)
        except ProviderError as exc:
            errors.append(exc)
        secrets.update(server.live_credentials())

    attempt()  # authentication + a normal lookup
    faults = [f for f in FaultKind if f is not FaultKind.NONE]  # NONE answers as usual
    for fault in faults:
        server.inject(fault)
        attempt()
    server.expire_tokens()
    attempt()  # a 401 and a transparent re-authentication
    server.inject(FaultKind.UNAUTHORIZED, 2)
    attempt()  # AUTH
    with make_client(server, key_string="wrong key " + small_world.key_string[:4]) as wrong:
        with pytest.raises(ProviderError) as info:
            wrong.lookup(document)
        errors.append(info.value)
    server.stop()
    attempt()  # CONNECTION, with requests' message (which holds the URL) redacted

    assert len(secrets) >= 5 and len(errors) >= len(faults)
    texts = [caplog.text, repr(client), repr(server), repr(client.counters)]
    for error in errors:
        texts += [str(error), repr(error), "".join(traceback.format_exception(error))]
    assert any(mask_document(document) in text for text in texts)  # documents do appear, masked
    for text in texts:
        assert document not in text
        for secret in secrets:
            assert secret not in text
