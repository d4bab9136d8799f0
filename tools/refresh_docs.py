"""Refresh the outputs a documentation page shows, from what the code prints now.

    python tools/refresh_docs.py docs/tutorial/kediri.md          # rewrite the outputs that changed
    python tools/refresh_docs.py --check docs/tutorial/kediri.md  # list them, exit 1 if any (writes nothing)

Two kinds of examples are refreshed:

- ``>>>`` examples in ```` ```python ```` blocks (run as ``tests/test_docs.py`` runs them: one namespace per
  page, the suite's ``ZONA_INTEGRITAS_LANG=en``). An example whose shown output still matches (with
  ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``) is left as it is, so hand-shortened outputs stay short; only the
  others get the output the code prints now (for an error, ``Traceback (most recent call last):``, ``...``
  and its last line).
- ``$ zona-integritas ...`` commands in ```` ```console ```` blocks that show output lines: run as a user
  runs them, without ``ZONA_INTEGRITAS_LANG`` (so in the default language, Indonesian, unless the command
  says ``--language``). ``tests/test_i18n_cli.py`` checks these.

Examples run in a temporary directory (a page may write files). Review the diff before committing: an output
that changed is a change of behaviour to read, not only to accept.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import sys
import tempfile
import traceback
from pathlib import Path

BLOCK = re.compile(r"(```(python|console)\n)(.*?)(```)", re.S)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
COMMAND = "$ zona-integritas "


def _run_example(example: doctest.Example, namespace: dict[str, object]) -> tuple[str, bool]:
    """(what the example prints, whether it matches its shown output)."""
    out = io.StringIO()
    checker = doctest.OutputChecker()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(example.source, "<doc>", "single"), namespace)
    except Exception as exc:
        message = "".join(traceback.format_exception_only(type(exc), exc))
        got = f"Traceback (most recent call last):\n...\n{message}"
        flags = FLAGS | sum(flag for flag, on in example.options.items() if on)
        matches = example.exc_msg is not None and checker.check_output(example.exc_msg, message, flags)
        return got, matches
    got = out.getvalue()
    flags = FLAGS | sum(flag for flag, on in example.options.items() if on)
    return got, example.exc_msg is None and checker.check_output(example.want, got, flags)


def _python(text: str, namespace: dict[str, object], changed: list[str]) -> str:
    pieces = doctest.DocTestParser().parse(text)
    result = []
    for piece in pieces:
        if isinstance(piece, str):
            result.append(piece)
            continue
        got, matches = _run_example(piece, namespace)
        lines = piece.source.rstrip("\n").split("\n")
        pad = " " * piece.indent
        source = "".join(f"{pad}{'>>> ' if i == 0 else '... '}{line}\n" for i, line in enumerate(lines))
        if matches:
            want = piece.want if piece.exc_msg is None else _shown_error(piece)
        else:
            want = got
            changed.append(lines[0])
        shown = [line or "<BLANKLINE>" for line in want.rstrip("\n").split("\n")] if want else []
        result.append(source + "".join(f"{pad}{line}\n" for line in shown))
    return "".join(result)


def _shown_error(example: doctest.Example) -> str:
    return example.want  # doctest keeps the whole shown traceback in ``want``


def _console(text: str, changed: list[str]) -> str:
    lines = text.split("\n")
    result: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        result.append(line)
        i += 1
        if not line.startswith(COMMAND):
            continue
        command = line
        while command.endswith("\\") and i < len(lines):  # a command continued on the next line
            command = command[:-1] + " " + lines[i].strip()
            result.append(lines[i])
            i += 1
        shown = []
        while i < len(lines) and not lines[i].startswith("$ ") and i < len(lines) - 1:
            shown.append(lines[i])
            i += 1
        if not shown:
            continue  # a command shown without its output stays so
        printed = command_output(command)
        if printed.rstrip("\n").split("\n") != shown:
            changed.append(command)
        result.extend(printed.rstrip("\n").split("\n"))
    return "\n".join(result)


def command_output(line: str) -> str:
    """What ``$ zona-integritas ...`` prints, run as a user runs it (no ``ZONA_INTEGRITAS_LANG``)."""
    from zona_integritas.cli import main

    saved = os.environ.pop("ZONA_INTEGRITAS_LANG", None)
    try:
        out, err = io.StringIO(), io.StringIO()
        main(shlex.split(line[len("$ ") :])[1:], out=out, err=err)
        return out.getvalue() + err.getvalue()
    finally:
        if saved is not None:
            os.environ["ZONA_INTEGRITAS_LANG"] = saved


def refresh(page: Path) -> tuple[str, list[str]]:
    """The page with its outputs refreshed, and the first line of every example whose output changed."""
    text = page.read_text(encoding="utf-8")
    changed: list[str] = []
    namespace: dict[str, object] = {"__name__": "__doc__"}
    saved = os.environ.get("ZONA_INTEGRITAS_LANG")
    os.environ["ZONA_INTEGRITAS_LANG"] = "en"  # as the suite runs the page (the page chooses its language)
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:

            def one(match: re.Match[str]) -> str:
                opening, kind, body, closing = match.groups()
                if kind == "python" and ">>>" in body:
                    body = _python(body, namespace, changed)
                elif kind == "console" and COMMAND in body:
                    body = _console(body, changed)
                return opening + body + closing

            refreshed = BLOCK.sub(one, text)
        finally:
            os.chdir(here)
            if saved is None:
                os.environ.pop("ZONA_INTEGRITAS_LANG", None)
            else:
                os.environ["ZONA_INTEGRITAS_LANG"] = saved
            from zona_integritas.i18n import set_language

            set_language(None)
    return refreshed, changed


def main(argv: list[str]) -> int:
    """Refresh (or with ``--check``, list) the outputs of each page of ``argv``; the exit status."""
    check = "--check" in argv
    pages = [Path(a) for a in argv if a != "--check"]
    if not pages:
        print(__doc__)
        return 2
    status = 0
    for page in pages:
        refreshed, changed = refresh(page)
        for line in changed:
            print(f"{page}: {'differs' if check else 'refreshed'}: {line}")
        if changed:
            status = 1 if check else status
            if not check:
                page.write_text(refreshed, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
