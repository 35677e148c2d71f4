"""`provider-key`: keep the provider key string where the app and `fetch` read it, and test it.

    provider-key set       read the key from the terminal (hidden) or from stdin; save it in the
                           OS keyring, or, without one, in the private key file (0600)
    provider-key status    say where the key in use comes from (never print it)
    provider-key delete    forget the saved key (keyring and key file)
    provider-key test      the provider's three-step sign-in and one lookup, with the saved URL
                           (or --provider-url) and key: exit 0 when it works, 1 when not

The key is never taken as an argument: the process list shows arguments to every user.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from cli import exit_codes
from cli.common import new_command, open_store
from runner import provider_key
from runner.provider_key import KeySource

_VERDICTS = {
    "ok": "OK: the provider answered the sign-in in {handshake} ms and a lookup in {lookup} ms",
    "wrong_key": "the provider refused the key string (check that it was copied whole)",
    "unreachable": "the provider's server cannot be reached (check the URL, the network or the proxy)",
    "timeout": "the provider's server did not answer in time ({step})",
    "unexpected": "the server gave an unexpected answer ({step}{http}): is this the portal's base URL?",
    "bad_url": "the URL must start with http:// or https://, and a key string is needed",
}


def register(sub: Any) -> None:
    parser = new_command(sub, "provider-key", "save, show where, forget or test the provider key string",
                         _usage, description=__doc__)
    actions = parser.add_subparsers(dest="key_action", metavar="ACTION")
    new_command(actions, "set", "save the key string (read from the terminal or stdin)", set_key)
    new_command(actions, "status", "say where the key string in use comes from", status)
    new_command(actions, "delete", "forget the saved key string", delete)
    test = new_command(actions, "test", "test the sign-in and one lookup with the saved URL and key", test_key)
    test.add_argument("--provider-url", metavar="URL", help="the portal base URL (default: the saved setting)")
    test.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds per request (default 10)")


def _usage(_args: argparse.Namespace) -> int:
    print("error: say what to do: provider-key set | status | delete | test", file=sys.stderr)
    return exit_codes.USAGE


def _read_key() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("provider key string (not shown): ")
    return sys.stdin.read()


def set_key(_args: argparse.Namespace) -> int:
    key = _read_key().strip()
    if not key:
        print("error: no key string given; nothing was saved", file=sys.stderr)
        return exit_codes.USAGE
    try:
        where = provider_key.save_key(key)
    except provider_key.KeyStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exit_codes.USAGE
    if where is KeySource.KEYRING:
        print(f"saved in the system keyring ({provider_key.keyring_name()})")
    else:
        print(f"no system keyring here: saved in {provider_key.key_file_path()} (readable only by you)")
    if provider_key.read_key().source is KeySource.ENVIRONMENT:
        print(f"note: ${provider_key.KEY_ENV} is set and wins over the saved key", file=sys.stderr)
    return exit_codes.OK


def status(_args: argparse.Namespace) -> int:
    found = provider_key.read_key()
    text = {
        KeySource.ENVIRONMENT: f"the key string comes from ${provider_key.KEY_ENV}",
        KeySource.KEYRING: f"the key string is in the system keyring ({provider_key.keyring_name()})",
        KeySource.FILE: f"the key string is in {provider_key.key_file_path()}",
        KeySource.NONE: "no key string is saved: run `provider-key set`",
    }[found.source]
    print(text)
    return exit_codes.OK if found.key else exit_codes.ERRORS_LEFT


def delete(_args: argparse.Namespace) -> int:
    try:
        provider_key.delete_key()
    except provider_key.KeyStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exit_codes.USAGE
    print("the saved key string was removed")
    return exit_codes.OK


def test_key(args: argparse.Namespace) -> int:
    from core.provider.connection_check import check_connection

    url = args.provider_url
    if not url:
        from storage.db import close_database
        from storage.settings_store import get_setting

        open_store(args)
        try:
            url = str(get_setting("provider_url") or "")
        finally:
            close_database()
    if not url:
        print("error: no provider URL: pass --provider-url URL or save it in the app's Preferences", file=sys.stderr)
        return exit_codes.USAGE
    check = check_connection(url, provider_key.read_key().key, timeout=args.timeout)
    text = _VERDICTS[check.verdict.value].format(
        handshake=round((check.handshake_seconds or 0) * 1000), lookup=round((check.lookup_seconds or 0) * 1000),
        step="sign-in" if check.step.value == "handshake" else "lookup",
        http=f", HTTP {check.http_status}" if check.http_status else "")
    print(f"{url}: {text}")
    if not check.ok and check.detail:
        print(f"  detail: {check.detail}", file=sys.stderr)
    return exit_codes.OK if check.ok else exit_codes.ERRORS_LEFT
