"""Faturas Monitor: `python main.py` opens the app; `python main.py --help` lists the commands.

The one place that knows both front ends: the command line parses the arguments and, when no
subcommand is given, hands them to the desktop app (Qt is imported only then).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def open_app(args: argparse.Namespace) -> int:
    from gui.app import run_gui

    return run_gui(args)


def main(argv: Sequence[str] | None = None) -> int:
    from cli.app import main as cli_main

    return cli_main(argv, open_app=open_app)


if __name__ == "__main__":
    sys.exit(main())
