"""The ``zona-integritas`` command line.

Each command group lives in its own module of this package and adds its sub-commands through
``register(sub)``; :data:`COMMAND_MODULES` lists them in the order ``--help`` shows. Exit status (issue
13's convention): 0 success, 2 bad input (every problem printed to stderr, one a line, never a
traceback) or a usage error; 1 is kept for a check that did not pass.
"""

from __future__ import annotations

import argparse
import decimal
import sqlite3
import sys
import warnings
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TextIO

from ..errors import InvalidInputError, ZonaIntegritasError, ZonaIntegritasWarning
from ..i18n import ENVIRONMENT, LANGUAGES, current_language, normalize_language, use_language

__all__ = ["COMMAND_MODULES", "EXIT_BAD_INPUT", "EXIT_NOT_PASSED", "EXIT_OK", "main"]

_Handler = Callable[[argparse.Namespace, TextIO], int]

#: The command modules, in the order the help lists them; a new command is a new module here.
COMMAND_MODULES = ("score", "survey", "workbook", "review", "serve", "report", "document", "demo")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zona-integritas",
        description="Zona Integritas (WBK/WBBM) evaluation under PermenPANRB 90/2021.",
    )
    parser.add_argument(
        "--language",
        choices=list(LANGUAGES),
        default=current_language(),
        help=f"the language of everything printed: id (Bahasa Indonesia, the default) or en; also {ENVIRONMENT}",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        import_module(f"{__name__}.{name}").register(sub)
    return parser


#: Exit status of a command that ran and whose check passed (or that has nothing to check).
EXIT_OK = 0
#: Exit status kept for a check that did not pass (issue 13's convention).
EXIT_NOT_PASSED = 1
#: Exit status of bad input (every problem printed to stderr, one a line) and of a usage error.
EXIT_BAD_INPUT = 2
#: The longest line of an error message printed; a longer one is cut (a 20 MB value is never echoed).
MAX_MESSAGE_LINE = 500


def _line(text: str) -> str:
    text = text.rstrip()
    return text if len(text) <= MAX_MESSAGE_LINE else f"{text[: MAX_MESSAGE_LINE - 1]}… ({len(text):,} characters)"


def _report(exc: BaseException, err: TextIO) -> None:
    """One line per problem: the headline, then each problem of a bulk error (nested groups flattened)."""
    if isinstance(exc, InvalidInputError):
        err.write(f"error: {_line(exc.message)}\n")
        stack: list[BaseException] = list(reversed(exc.exceptions))
        while stack:
            problem = stack.pop()
            if isinstance(problem, BaseExceptionGroup):
                stack.extend(reversed(problem.exceptions))
                continue
            for i, text in enumerate(str(problem).splitlines() or [""]):
                err.write(f"  {'-' if i == 0 else ' '} {_line(text)}\n")
        return
    if isinstance(exc, ZonaIntegritasError | OSError | ValueError):
        message = str(exc) or type(exc).__name__
    elif isinstance(exc, RecursionError):
        message = "the input is nested too deeply to read"
    elif isinstance(exc, sqlite3.Error):
        message = f"the store cannot be used ({exc})"
    elif isinstance(exc, decimal.DecimalException):
        message = f"a number in the input cannot be computed ({type(exc).__name__})"
    else:
        message = f"unexpected {type(exc).__name__} ({exc}); the input could not be processed, please report it"
    lines = message.splitlines() or [""]
    err.write(f"error: {_line(lines[0])}\n")
    for text in lines[1:]:
        err.write(f"  {_line(text.strip())}\n")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (0 success, 2 bad input or a usage error).

    Exit status 1 is kept for a check that did not pass.

    Bad input never ends in a traceback: every problem is printed to ``err``, one a line, and the status is
    :data:`EXIT_BAD_INPUT`.

    >>> import io
    >>> buffer = io.StringIO()
    >>> main(["demo"], out=buffer)
    0
    >>> "DPM PTSP" in buffer.getvalue()
    True
    >>> errors = io.StringIO()
    >>> main(["score", "/nonexistent/worksheet.json"], out=buffer, err=errors)
    2
    >>> print(errors.getvalue().strip())
    error: [Errno 2] No such file or directory: '/nonexistent/worksheet.json'
    """
    out = out or sys.stdout
    err = err or sys.stderr
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        language = _language_asked(arguments)
    except ZonaIntegritasError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    with use_language(language):
        return _run(arguments, out, err)


def _language_asked(arguments: list[str]) -> str | None:
    """The ``--language`` of the command line (read before the parser is built: its help is translated)."""
    for i, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == "--language" and i + 1 < len(arguments):
            return normalize_language(arguments[i + 1], where="--language")
        if argument.startswith("--language="):
            return normalize_language(argument.partition("=")[2], where="--language")
    return None


def _run(arguments: list[str], out: TextIO, err: TextIO) -> int:
    args = _parser().parse_args(arguments)
    handler: _Handler = args.handler
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ZonaIntegritasWarning)
        try:
            code = handler(args, out)
        except KeyboardInterrupt:  # pragma: no cover - interactive stop
            err.write("interrupted\n")
            code = 130
        except Exception as exc:  # bad input of any kind: one line a problem, never a traceback
            _report(exc, err)
            code = EXIT_BAD_INPUT
    for w in caught:
        if issubclass(w.category, ZonaIntegritasWarning):
            err.write(f"warning: {_line(str(w.message))}\n")
    return code
