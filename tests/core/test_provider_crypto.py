"""The params envelope: base64(IV + AES-256-CBC/PKCS7(JSON)), key = SHA-256(key string)."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from core.domain import Outcome
from core.provider.base import ProviderError
from core.provider.crypto import (
    ParamsError,
    PortalParams,
    decrypt_params,
    derive_key,
    encrypt_json,
    encrypt_params,
)
from core.provider.negocia import NegociaClient
from core.simulator.server import SimulatorServer

KEY = "chave-de-teste-123"
PARAMS = PortalParams(token="tok-abc.DEF_123", api_server_url="https://api.example.test/negocia")


def test_round_trip() -> None:
    assert decrypt_params(encrypt_params(PARAMS, KEY), KEY) == PARAMS


def test_layout_is_iv_then_aes256_cbc_pkcs7_of_json() -> None:
    """Decrypt by hand with the documented recipe, independently of decrypt_params."""
    iv = bytes(range(16))
    blob = base64.b64decode(encrypt_params(PARAMS, KEY, iv=iv))
    assert blob[:16] == iv and (len(blob) - 16) % 16 == 0
    key = hashlib.sha256(KEY.encode()).digest()
    assert derive_key(KEY) == key and len(key) == 32
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    unpadder = padding.PKCS7(128).unpadder()
    plain = unpadder.update(decryptor.update(blob[16:]) + decryptor.finalize()) + unpadder.finalize()
    assert json.loads(plain) == {"token": PARAMS.token, "apiServerUrl": PARAMS.api_server_url}


def test_random_iv_each_time_fixed_iv_deterministic() -> None:
    assert encrypt_params(PARAMS, KEY) != encrypt_params(PARAMS, KEY)
    iv = b"\x01" * 16
    assert encrypt_params(PARAMS, KEY, iv=iv) == encrypt_params(PARAMS, KEY, iv=iv)


def test_accepts_json_quoted_body_with_whitespace() -> None:
    body = encrypt_params(PARAMS, KEY)
    wrapped = f'  "{body[:20]}\\n{body[20:]}"\n'.replace("\\n", "\n")
    assert decrypt_params(wrapped.encode(), KEY) == PARAMS


def test_wrong_key_is_params_error_without_secrets() -> None:
    with pytest.raises(ParamsError) as info:
        decrypt_params(encrypt_params(PARAMS, KEY), "another key")
    assert KEY not in str(info.value) and PARAMS.token not in str(info.value)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not base64 at all!",
        base64.b64encode(b"short"),
        base64.b64encode(bytes(16) + b"123456789012345"),  # ciphertext not a whole block
        b"<html><body>captcha</body></html>",
    ],
)
def test_garbage_is_params_error(body: bytes) -> None:
    with pytest.raises(ParamsError):
        decrypt_params(body, KEY)


@pytest.mark.parametrize(
    "payload",
    [
        ["not", "an", "object"],
        {"apiServerUrl": "http://x"},
        {"token": "", "apiServerUrl": "http://x"},
        {"token": "t", "apiServerUrl": "ftp://x"},
        {"token": 5, "apiServerUrl": "http://x"},
    ],
)
def test_decrypted_but_incomplete_params(payload: object) -> None:
    with pytest.raises(ParamsError):
        decrypt_params(encrypt_json(payload, KEY), KEY)


def test_portal_params_repr_hides_token() -> None:
    assert PARAMS.token not in repr(PARAMS)


def test_client_with_wrong_key_is_auth(simulator: SimulatorServer,
                                       make_client: Callable[..., NegociaClient]) -> None:
    client = make_client(simulator, key_string="not the simulator's key")
    document = next(iter(simulator.app.world.debts))
    with pytest.raises(ProviderError) as info:
        client.lookup(document)
    assert info.value.outcome is Outcome.AUTH
    assert client.counters.auth_failures == 1 and client.counters.authentications == 0
    assert simulator.stats().by_endpoint["debts"] == 0  # never got past the params
