"""Where the store is, said safely: whether a location names a PostgreSQL server, and the
location with any password blanked out (for messages, logs and the window's status bar).

Kept apart from storage.postgres (which brings peewee and psycopg) so that the window can say
which database it shows before any of the database code has loaded.
"""

from __future__ import annotations

import re

_PASSWORD_PARAM = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)


def is_postgres(location: str) -> bool:
    return location.startswith(("postgres://", "postgresql://"))


def describe(location: str) -> str:
    """The location without any password (in the user part or a `password=` parameter): for
    messages and logs."""
    if not is_postgres(location):
        return location
    scheme, rest = location.split("://", 1)
    netloc, sep, tail = rest.partition("/")
    if "@" in netloc:
        creds, host = netloc.rsplit("@", 1)
        user, has_password, _ = creds.partition(":")
        netloc = f"{user}{':***' if has_password else ''}@{host}"
    tail = _PASSWORD_PARAM.sub(r"\1***", tail)
    return f"{scheme}://{netloc}{sep}{tail}"
