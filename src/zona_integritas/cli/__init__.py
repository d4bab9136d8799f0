"""The ``zona-integritas`` command line.

Each command group lives in its own module of this package and adds its sub-commands through
``register(sub)``; :data:`COMMAND_MODULES` lists them in the order ``--help`` shows. Every command exits
0 on success, 1 when the input has problems (all of them are printed to stderr), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TextIO

from ..errors import InvalidInputError, ZonaIntegritasError, ZonaIntegritasWarning

__all__ = ["COMMAND_MODULES", "main"]

_Handler = Callable[[argparse.Namespace, TextIO], int]

#: The command modules, in the order the help lists them; a new command is a new module here.
COMMAND_MODULES = ("score", "survey", "workbook", "review", "serve", "report", "demo")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zona-integritas",
        description="Zona Integritas (WBK/WBBM) evaluation under PermenPANRB 90/2021.",
    )
    parser.add_argument("--language", choices=["id", "en"], default="id", help="labels in Indonesian or English")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit code.

    >>> import io
    >>> buffer = io.StringIO()
    >>> main(["demo"], out=buffer)
    0
    >>> "DPM PTSP" in buffer.getvalue()
    True
    """
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    handler: _Handler = args.handler
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ZonaIntegritasWarning)
        try:
            code = handler(args, out)
        except InvalidInputError as exc:
            err.write(f"error: {exc.message}\n")
            for problem in exc.problems:
                err.write(f"  - {problem}\n")
            code = 1
        except (ZonaIntegritasError, OSError, ValueError) as exc:
            err.write(f"error: {exc}\n")
            code = 1
    for w in caught:
        if issubclass(w.category, ZonaIntegritasWarning):
            err.write(f"warning: {w.message}\n")
    return code
