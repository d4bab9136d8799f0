"""Manage zona_integritas's message catalogs with Babel.

    python tools/catalogs.py extract   # write locale/zona_integritas.pot from the sources
    python tools/catalogs.py update    # extract, then bring id and en .po up to date (sorted, no locations)
    python tools/catalogs.py check     # every message translated in both catalogs, placeholders kept; exit 1 if not
    python tools/catalogs.py compile   # .po -> .mo (the package build does this too, see tools/hatch_build.py)
    python tools/catalogs.py formats   # regenerate locale/formats.json from Babel's CLDR data

Message ids are English. ``update`` fills a new message's English translation with its id and leaves the
Indonesian one empty, for a person to write; ``check`` then fails until they have.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "zona_integritas"
LOCALE = PACKAGE / "locale"
DOMAIN = "zona_integritas"
LANGUAGES = ("id", "en")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
#: Lines are never wrapped, so that a change touches only its own entry (and merges stay simple).
WIDTH = 10_000
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)?(?:[!:][^{}]*)?\}(?!\})")


def po_path(language: str) -> Path:
    """The catalog of ``language``."""
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _sources() -> Iterable[Path]:
    skip = {"build_templates.py"}
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name not in skip)


def extract():  # type: ignore[no-untyped-def]
    """The catalog of every message marked in the sources (a Babel ``Catalog``)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract as babel_extract

    catalog = Catalog(project="zona-integritas", domain=DOMAIN, fuzzy=False)
    for path in _sources():
        with path.open("rb") as handle:
            found = babel_extract("python", handle, KEYWORDS, [], {"encoding": "utf-8"}, strip_comment_tags=True)
            for lineno, message, _comments, _context in found:
                ident: str | tuple[str, ...] = message
                if not ident:
                    continue
                catalog.add(ident, None, [(str(path.relative_to(ROOT)), lineno)], flags=_flags(ident))
    return catalog


def _flags(ident: str | tuple[str, ...]) -> tuple[str, ...]:
    texts = [ident] if isinstance(ident, str) else list(ident)
    return ("python-brace-format",) if any(_FIELD.search(t) for t in texts) else ()


def _read(path: Path, language: str):  # type: ignore[no-untyped-def]
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _write(path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, no_location=True, sort_output=True, omit_header=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = buffer.getvalue().decode("utf-8")
    text = re.sub(r'^"POT-Creation-Date: .*\\n"\n', "", text, flags=re.M)
    text = re.sub(r'^"PO-Revision-Date: .*\\n"\n', "", text, flags=re.M)
    text = re.sub(r'^"Generated-By: .*\\n"\n', "", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


def update() -> None:
    """Extract, then add new messages to both catalogs and drop messages no source uses any more."""
    template = extract()
    _write(LOCALE / f"{DOMAIN}.pot", template)
    for language in LANGUAGES:
        path = po_path(language)
        old = _read(path, language) if path.is_file() else _catalog(language)
        new = _catalog(language)
        for message in template:
            if not message.id:
                continue
            before = old.get(message.id)
            string = before.string if before is not None else None
            if isinstance(string, tuple | list) != isinstance(message.id, tuple | list):
                string = None  # a singular became a plural (or back): translate it again
            if not _filled(string) and language == "en":
                string = message.id
            elif not _filled(string) and isinstance(message.id, tuple):
                string = ("",)
            new.add(message.id, string, flags=[f for f in message.flags if f != "fuzzy"])
        _write(path, new)
        print(f"{path.relative_to(ROOT)}: {len(new)} messages, {len(untranslated(new))} to translate")


def _catalog(language: str):  # type: ignore[no-untyped-def]
    from babel.messages.catalog import Catalog

    names = {"id": "Indonesian", "en": "English"}
    return Catalog(
        locale=language,
        domain=DOMAIN,
        project="zona-integritas",
        version="",
        header_comment=f"# {names[language]} messages of zona-integritas (message ids are English).\n"
        "# Managed with tools/catalogs.py; distributed under the project's MIT licence.",
        msgid_bugs_address="https://github.com/zona-integritas/zona-integritas/issues",
        last_translator="zona-integritas developers",
        language_team=f"{names[language]}",
        fuzzy=False,
    )


def _filled(string: object) -> bool:
    if isinstance(string, tuple | list):
        return all(bool(s) for s in string)
    return bool(string)


def untranslated(catalog) -> list[str]:  # type: ignore[no-untyped-def]
    """The messages of ``catalog`` with no (or a fuzzy) translation."""
    return [_first(m.id) for m in catalog if m.id and (not _filled(m.string) or m.fuzzy)]


def _first(ident: str | tuple[str, ...]) -> str:
    return ident if isinstance(ident, str) else ident[0]


def _fields(text: str) -> set[str]:
    return {m.group(1) or "" for m in _FIELD.finditer(text)}


def problems() -> list[str]:
    """Everything wrong with the catalogs against the sources, one line each."""
    found: list[str] = []
    template = extract()
    wanted = {m.id for m in template if m.id}
    for language in LANGUAGES:
        path = po_path(language)
        if not path.is_file():
            found.append(f"{language}: no catalog at {path.relative_to(ROOT)}")
            continue
        catalog = _read(path, language)
        have = {m.id: m for m in catalog if m.id}
        for ident in sorted(wanted - have.keys(), key=str):
            found.append(f"{language}: missing {_first(ident)!r} (run: python tools/catalogs.py update)")
        for ident in sorted(have.keys() - wanted, key=str):
            found.append(f"{language}: {_first(ident)!r} is used by no source (run: python tools/catalogs.py update)")
        for text in untranslated(catalog):
            found.append(f"{language}: untranslated {text!r}")
        for ident, message in have.items():
            ids = [ident] if isinstance(ident, str) else list(ident)
            strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
            expected = set().union(*(_fields(i) for i in ids))
            for string in strings:
                if string and _fields(string) != expected:
                    found.append(
                        f"{language}: {_first(ident)!r} has placeholders {sorted(expected)}, "
                        f"its translation {string!r} has {sorted(_fields(string))}"
                    )
    return found


def compile_catalogs(locale_dir: Path = LOCALE) -> list[Path]:
    """Compile every ``.po`` under ``locale_dir`` to ``.mo`` beside it; the paths written."""
    from babel.messages.mofile import write_mo

    written = []
    for language in LANGUAGES:
        source = locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not source.is_file():
            continue
        catalog = _read(source, language)
        target = source.with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(target)
    return written


def formats() -> dict[str, dict[str, object]]:
    """The CLDR symbols and names the library formats with, per language, from Babel."""
    from babel import Locale

    data: dict[str, dict[str, object]] = {}
    for language in LANGUAGES:
        locale = Locale.parse(language)
        symbols = locale.number_symbols["latn"]
        time_pattern = locale.time_formats["short"].pattern
        data[language] = {
            "decimal": symbols["decimal"],
            "group": symbols["group"],
            "percent": symbols["percentSign"],
            "months": [locale.months["format"]["wide"][m] for m in range(1, 13)],
            "months_short": [locale.months["format"]["abbreviated"][m] for m in range(1, 13)],
            "time_separator": "." if "HH.mm" in time_pattern else ":",
        }
    return data


def write_formats() -> None:
    """Write :func:`formats` to ``locale/formats.json``."""
    text = json.dumps(formats(), ensure_ascii=False, indent=2) + "\n"
    (LOCALE / "formats.json").write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    """Run one command (see the module docstring); the exit status."""
    command = argv[0] if argv else "check"
    if command == "extract":
        catalog = extract()
        _write(LOCALE / f"{DOMAIN}.pot", catalog)
        print(f"{len(catalog)} messages")
    elif command == "update":
        update()
    elif command == "compile":
        for path in compile_catalogs():
            print(path.relative_to(ROOT))
    elif command == "formats":
        write_formats()
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problems")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
