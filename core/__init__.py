"""Pure-Python core: domain rules, matching, provider client, simulator and the fetch engine.

Nothing in this package imports Qt or `storage`.
"""
