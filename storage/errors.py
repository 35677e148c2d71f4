"""Errors the store raises for conditions a user can act on."""


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer Faturas Monitor."""


class StoreWriteError(StoreError):
    """A write could not be made, e.g. the database stayed locked by another writer."""
