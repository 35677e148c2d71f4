"""The importers' problems (core.contracts_import, payments, due dates) in the UI language.

The importers report each problem as a message code with its values (line, column, the value as
typed); the command line prints the English, this renders the same code through the app's
translation. A problem of no code (text from elsewhere) is shown as it is.
"""

from __future__ import annotations

from typing import Any

from core.tabular import RowError
from gui.message_text import render_msg


def row_problem(error: RowError) -> str:
    """A row's problem in the UI language."""
    return render_msg(error.problem) if error.problem is not None else error.message


def file_problem(result: Any) -> str:
    """Why a file cannot be read (an importer result's `file_problem`), in the UI language."""
    problem = getattr(result, "file_problem", None)
    return render_msg(problem) if problem is not None else str(getattr(result, "file_error", "") or "")
