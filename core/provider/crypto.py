"""The portal's params envelope: base64(16-byte IV + AES-256-CBC/PKCS7 ciphertext) of JSON.

The key is SHA-256 of a configured key string (a secret). `decrypt_params` is what the client
uses on `GET /negociar/params`; `encrypt_params` is what the simulator serves. Neither function
ever puts the key, the token or the plaintext into an exception message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

IV_SIZE = 16
_BLOCK_BITS = 128


class ParamsError(ValueError):
    """The params body cannot be decrypted or does not hold a token and an API URL."""


@dataclass(frozen=True, slots=True)
class PortalParams:
    """What the params endpoint hands out: a token (secret, kept out of repr) and the API base URL."""

    token: str = field(repr=False)
    api_server_url: str


def derive_key(key_string: str) -> bytes:
    """The AES-256 key: SHA-256 of the key string's UTF-8 bytes."""
    return hashlib.sha256(key_string.encode("utf-8")).digest()


def encrypt_json(payload: object, key_string: str, *, iv: bytes | None = None) -> str:
    """base64(IV + AES-256-CBC/PKCS7(JSON of payload)); a random IV unless one is given."""
    iv = os.urandom(IV_SIZE) if iv is None else iv
    if len(iv) != IV_SIZE:
        raise ValueError(f"the IV must have {IV_SIZE} bytes")
    padder = padding.PKCS7(_BLOCK_BITS).padder()
    plain = padder.update(json.dumps(payload, separators=(",", ":")).encode("utf-8")) + padder.finalize()
    encryptor = Cipher(algorithms.AES(derive_key(key_string)), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + encryptor.update(plain) + encryptor.finalize()).decode("ascii")


def encrypt_params(params: PortalParams, key_string: str, *, iv: bytes | None = None) -> str:
    """The params endpoint's body for these params."""
    return encrypt_json({"token": params.token, "apiServerUrl": params.api_server_url}, key_string, iv=iv)


def decrypt_json(body: str | bytes, key_string: str) -> object:
    """The JSON value inside an envelope; ParamsError when it is not one made with this key."""
    raw = _unwrap(body)
    try:
        blob = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ParamsError("params body is not base64") from None
    if len(blob) < IV_SIZE + 16 or (len(blob) - IV_SIZE) % 16:
        raise ParamsError("params body has the wrong length for IV + AES-CBC ciphertext")
    decryptor = Cipher(algorithms.AES(derive_key(key_string)), modes.CBC(blob[:IV_SIZE])).decryptor()
    padded = decryptor.update(blob[IV_SIZE:]) + decryptor.finalize()
    unpadder = padding.PKCS7(_BLOCK_BITS).unpadder()
    try:
        plain = unpadder.update(padded) + unpadder.finalize()
        return json.loads(plain.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        # A wrong key almost always shows up here as bad padding or garbage bytes.
        raise ParamsError("params body does not decrypt with the configured key") from None


def decrypt_params(body: str | bytes, key_string: str) -> PortalParams:
    """The token and API URL inside the params body; ParamsError for anything else."""
    data = decrypt_json(body, key_string)
    if not isinstance(data, dict):
        raise ParamsError("decrypted params are not a JSON object")
    token = data.get("token")
    url = data.get("apiServerUrl")
    if not isinstance(token, str) or not token.strip():
        raise ParamsError("decrypted params have no token")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ParamsError("decrypted params have no http(s) apiServerUrl")
    return PortalParams(token=token.strip(), api_server_url=url.rstrip("/"))


def _unwrap(body: str | bytes) -> bytes:
    """Accept the bare base64 text, also when served as a JSON string or with whitespace."""
    raw = body.encode("ascii", "replace") if isinstance(body, str) else bytes(body)
    raw = raw.strip()
    if len(raw) >= 2 and raw[:1] == b'"' and raw[-1:] == b'"':
        raw = raw[1:-1]
    return b"".join(raw.split())
