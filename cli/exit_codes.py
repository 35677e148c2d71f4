"""Process exit codes, documented in `--help` and the README."""

OK = 0
ERRORS_LEFT = 1  # fetch: some invoices ended in ERROR / GAVE_UP; import: invalid rows
USAGE = 2  # bad arguments or input (argparse uses 2 as well)
PROVIDER_UNAVAILABLE = 3  # the run ended FAILED: the provider stayed down
STORE = 4  # the database cannot be opened, is newer than the app, or refused a write (disk full, locked)
CANCELLED = 130  # Ctrl+C

EPILOG = """exit codes:
  0    success (fetch: no invoice left in error; also when nothing was eligible, with the reason)
  1    fetch: invoices left in ERROR or GAVE_UP (never for paid, closed or not-yet-available
       invoices); import: invalid rows
  2    bad usage or unreadable input
  3    fetch: provider unavailable (the run ended FAILED)
  4    the database cannot be used (unreadable, newer than this app, the disk is full,
       or locked by another program past the busy timeout)
  130  cancelled (Ctrl+C)
"""
