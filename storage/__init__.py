"""Persistence: peewee models, migrations, the engine's writes and the analytics reads."""
