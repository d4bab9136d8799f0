"""The ``zona-integritas`` command line.

Each command group lives in its own module of this package and adds its sub-commands through
``register(sub)``; :data:`COMMAND_MODULES` lists them in the order ``--help`` shows. Everything the command
line prints (help, summaries, errors, argparse's own usage messages) is in the language of ``--language``
(or ``ZONA_INTEGRITAS_LANG``; Indonesian by default): the parser is built after ``--language`` is read.

Exit status: 0 success (and a check that passed), 1 a check that did not pass (``verdict``), 2 bad input
(every problem printed to stderr, one a line, never a traceback) or a usage error, 130 interrupted, 141 the
reader of the output went away (``| head``: the command stops quietly).
"""

from __future__ import annotations

import argparse
import decimal
import errno
import os
import sqlite3
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import import_module
from typing import Any, TextIO

from ..errors import InvalidInputError, InvalidValueError, ZonaIntegritasError, ZonaIntegritasWarning
from ..i18n import (
    DEFAULT_LANGUAGE,
    ENVIRONMENT,
    LANGUAGES,
    N_,
    current_language,
    format_integer,
    gettext,
    ngettext,
    normalize_language,
    use_language,
)

_ = gettext

__all__ = [
    "COMMAND_MODULES",
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_PASSED",
    "EXIT_OK",
    "exit_status_epilog",
    "main",
]

_Handler = Callable[[argparse.Namespace, TextIO], int]

#: The command modules, in the order the help lists them; a new command is a new module here.
COMMAND_MODULES = ("score", "survey", "workbook", "review", "serve", "report", "document", "demo")

#: Exit status of a command that ran and whose check passed (or that has nothing to check).
EXIT_OK = 0
#: Exit status of a check that ran and did not pass (``verdict``).
EXIT_NOT_PASSED = 1
#: Exit status of bad input (every problem printed to stderr, one a line) and of a usage error.
EXIT_BAD_INPUT = 2
#: Exit status after Ctrl+C.
EXIT_INTERRUPTED = 130
#: Exit status when the reader of the output closed the pipe (128 + SIGPIPE, as a shell reports it).
EXIT_BROKEN_PIPE = 141
#: The longest line of an error message printed; a longer one is cut (a 20 MB value is never echoed).
MAX_MESSAGE_LINE = 500


def exit_status_epilog(*, check: bool) -> str:
    """The exit statuses, for the end of a ``--help`` (``check``: the command has a pass/fail result).

    >>> print(exit_status_epilog(check=True))  # doctest: +NORMALIZE_WHITESPACE
    exit status: 0 passed, 1 not passed, 2 bad input or a usage error
    """
    if check:
        return _("exit status: 0 passed, 1 not passed, 2 bad input or a usage error")
    return _("exit status: 0 done, 2 bad input or a usage error")


# --- argparse's own messages, in the language ------------------------------------------------------------------

#: argparse's message ids (the stdlib's ``argparse`` gettext domain) -> ours, with named placeholders that are
#: given back argparse's own ``%`` fields (argparse formats the translated text itself).
_ARGPARSE: dict[str, tuple[str, dict[str, str]]] = {
    "usage: ": (N_("usage: "), {}),
    "options": (N_("options"), {}),
    "positional arguments": (N_("positional arguments"), {}),
    "show this help message and exit": (N_("show this help message and exit"), {}),
    "%(prog)s: error: %(message)s\n": (N_("{prog}: error: {message}"), {"prog": "%(prog)s", "message": "%(message)s"}),
    "argument %(argument_name)s: %(message)s": (
        N_("argument {argument}: {message}"),
        {"argument": "%(argument_name)s", "message": "%(message)s"},
    ),
    "invalid choice: %(value)r (choose from %(choices)s)": (
        N_("invalid choice: {value} (choose from {choices})"),
        {"value": "%(value)r", "choices": "%(choices)s"},
    ),
    "the following arguments are required: %s": (
        N_("the following arguments are required: {arguments}"),
        {"arguments": "%s"},
    ),
    "unrecognized arguments: %s": (N_("unrecognized arguments: {arguments}"), {"arguments": "%s"}),
    "expected one argument": (N_("expected one argument"), {}),
    "expected at least one argument": (N_("expected at least one argument"), {}),
    "expected at most one argument": (N_("expected at most one argument"), {}),
    "invalid %(type)s value: %(value)r": (
        N_("invalid {type} value: {value}"),
        {"type": "%(type)s", "value": "%(value)r"},
    ),
    "not allowed with argument %s": (N_("not allowed with argument {argument}"), {"argument": "%s"}),
    "one of the arguments %s is required": (N_("one of the arguments {arguments} is required"), {"arguments": "%s"}),
    "ambiguous option: %(option)s could match %(matches)s": (
        N_("ambiguous option: {option} could match {matches}"),
        {"option": "%(option)s", "matches": "%(matches)s"},
    ),
    "ignored explicit argument %r": (N_("ignored explicit argument {argument}"), {"argument": "%r"}),
}


def _argparse_gettext(message: str) -> str:
    """argparse's ``message`` in the current language (unknown ones stay as argparse wrote them)."""
    found = _ARGPARSE.get(message)
    if found is None:
        return message
    ours, fields = found
    text = _(ours).format(**fields)
    return text + "\n" if message.endswith("\n") else text


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return ngettext("expected {n} argument", "expected {n} arguments", n).format(n="%s")
    return singular if n == 1 else plural


@contextmanager
def _argparse_in_language() -> Iterator[None]:
    """argparse's usage, help titles and error messages translated while the block runs.

    argparse looks its messages up through the module globals ``_`` and ``ngettext`` (the stdlib's gettext);
    they are swapped for the block and put back after it.
    """
    saved = argparse.__dict__["_"], argparse.__dict__["ngettext"]
    setattr(argparse, "_", _argparse_gettext)  # noqa: B010 - a module global argparse reads at call time
    setattr(argparse, "ngettext", _argparse_ngettext)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


def _language(value: str) -> str:
    """``value`` as a language of the catalogs; an unknown one is refused in the current language."""
    try:
        return normalize_language(value, where="--language")
    except ZonaIntegritasError:
        raise InvalidValueError(
            _(
                "--language: {value} is not a language of zona-integritas; use id (Bahasa Indonesia) or en (English)"
            ).format(value=repr(value)),
            code="unknown-language",
        ) from None


def _language_type(value: str) -> str:
    try:
        return _language(value)
    except ZonaIntegritasError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        top=True,
        prog="zona-integritas",
        description=_("Zona Integritas (WBK/WBBM) evaluation under PermenPANRB 90/2021."),
        epilog=exit_status_epilog(check=True),
    )
    parser.add_argument(
        "--language",
        type=_language_type,
        choices=list(LANGUAGES),
        default=current_language(),
        help=_(
            "the language of everything printed: id (Bahasa Indonesia, the default) or en (English); "
            "also the environment variable {variable}"
        ).format(variable=ENVIRONMENT),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"), title=_("commands"))
    for name in COMMAND_MODULES:
        import_module(f"{__name__}.{name}").register(sub)
    return parser


class _Parser(argparse.ArgumentParser):
    """A parser whose every sub-command also takes ``--language`` (``zona-integritas demo --language en``).

    argparse makes sub-command parsers of the class of their parent, so the commands' own modules need not
    know about it.
    """

    def __init__(self, *args: Any, top: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not top:
            self.add_argument(
                "--language",
                type=_language_type,
                choices=list(LANGUAGES),
                default=argparse.SUPPRESS,
                help=_("the language of everything printed: id or en (as before the command)"),
            )


def _line(text: str) -> str:
    text = text.rstrip()
    if len(text) <= MAX_MESSAGE_LINE:
        return text
    return _("{start}… ({count} characters)").format(
        start=text[: MAX_MESSAGE_LINE - 1], count=format_integer(len(text))
    )


def _os_message(exc: OSError) -> str:
    """An operating-system error in the language (the system's own text only where no sentence fits)."""
    where = exc.filename
    if where is None:
        return str(exc) or type(exc).__name__
    file = repr(os.fsdecode(where)) if isinstance(where, str | bytes) else repr(where)
    if exc.errno == errno.ENOENT:
        return _("No such file or directory: {file}").format(file=file)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("Permission denied: {file}").format(file=file)
    if exc.errno == errno.EISDIR:
        return _("Is a directory, not a file: {file}").format(file=file)
    if exc.errno == errno.ENOTDIR:
        return _("Not a directory: {file}").format(file=file)
    if exc.errno == errno.ENOSPC:
        return _("No space left on the device to write {file}").format(file=file)
    return _("{file} cannot be used: {reason}").format(file=file, reason=exc.strerror or type(exc).__name__)


def _report(exc: BaseException, err: TextIO) -> None:
    """One line per problem: the headline, then each problem of a bulk error (nested groups flattened)."""
    if isinstance(exc, InvalidInputError):
        err.write(_("error: {message}").format(message=_line(exc.message)) + "\n")
        stack: list[BaseException] = list(reversed(exc.exceptions))
        while stack:
            problem = stack.pop()
            if isinstance(problem, BaseExceptionGroup):
                stack.extend(reversed(problem.exceptions))
                continue
            for i, text in enumerate(str(problem).splitlines() or [""]):
                err.write(f"  {'-' if i == 0 else ' '} {_line(text)}\n")
        return
    if isinstance(exc, ZonaIntegritasError | ValueError):
        message = str(exc) or type(exc).__name__
    elif isinstance(exc, OSError):
        message = _os_message(exc)
    elif isinstance(exc, RecursionError):
        message = _("the input is nested too deeply to read")
    elif isinstance(exc, sqlite3.Error):
        message = _("the store cannot be used ({reason})").format(reason=exc)
    elif isinstance(exc, decimal.DecimalException):
        message = _("a number in the input cannot be computed ({kind})").format(kind=type(exc).__name__)
    else:
        message = _("unexpected {kind} ({reason}); the input could not be processed, please report it").format(
            kind=type(exc).__name__, reason=exc
        )
    lines = message.splitlines() or [""]
    err.write(_("error: {message}").format(message=_line(lines[0])) + "\n")
    for text in lines[1:]:
        err.write(f"  {_line(text.strip())}\n")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (0 success, 1 a check not passed, 2 bad input).

    Bad input never ends in a traceback: every problem is printed to ``err``, one a line, and the status is
    :data:`EXIT_BAD_INPUT`. A closed output pipe ends the command quietly (:data:`EXIT_BROKEN_PIPE`).

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
    error: No such file or directory: '/nonexistent/worksheet.json'
    """
    out = out or sys.stdout
    err = err or sys.stderr
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        language = _language_asked(arguments)
        if language is None:
            language = current_language()  # ZONA_INTEGRITAS_LANG, checked here so that a bad value is one line
    except ZonaIntegritasError as exc:
        try:
            fallback = current_language()
        except ZonaIntegritasError:  # ZONA_INTEGRITAS_LANG itself names no language we have
            fallback = DEFAULT_LANGUAGE
        with use_language(fallback):
            err.write(_("error: {message}").format(message=exc) + "\n")
        return EXIT_BAD_INPUT
    with use_language(language):
        try:
            try:
                code = _run(arguments, out, err)
            except SystemExit:  # argparse's --help and usage errors: flush what it wrote, then exit as it asked
                out.flush()
                raise
            out.flush()
        except BrokenPipeError:
            _quiet_after_broken_pipe(out)
            return EXIT_BROKEN_PIPE
        return code


def _quiet_after_broken_pipe(out: TextIO) -> None:
    """Point the standard output at the null device, so that Python's flush at exit finds no closed pipe.

    (The Python documentation's note on SIGPIPE: the reader went away; nothing more is written.)
    """
    for stream in {out, sys.stdout}:
        try:
            descriptor = stream.fileno()
        except (AttributeError, OSError, ValueError):
            continue
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, descriptor)
        finally:
            os.close(devnull)


def _language_asked(arguments: list[str]) -> str | None:
    """The ``--language`` of the command line (read before the parser is built: its help is translated)."""
    asked = None
    for i, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == "--language" and i + 1 < len(arguments):
            asked = _language(arguments[i + 1])
        elif argument.startswith("--language="):
            asked = _language(argument.partition("=")[2])
    return asked


def _run(arguments: list[str], out: TextIO, err: TextIO) -> int:
    with _argparse_in_language():
        args = _parser().parse_args(arguments)
    handler: _Handler = args.handler
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ZonaIntegritasWarning)
        try:
            with decimal.localcontext(decimal.Context()):  # a caller's decimal context changes no figure printed
                code = handler(args, out)
        except BrokenPipeError:
            raise
        except KeyboardInterrupt:  # pragma: no cover - interactive stop
            err.write(_("interrupted") + "\n")
            code = EXIT_INTERRUPTED
        except Exception as exc:  # bad input of any kind: one line a problem, never a traceback
            _report(exc, err)
            code = EXIT_BAD_INPUT
    for w in caught:
        if issubclass(w.category, ZonaIntegritasWarning):
            err.write(_("warning: {message}").format(message=_line(str(w.message))) + "\n")
    return code
