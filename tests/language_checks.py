"""Checks that a text speaks one language: no word of the other, no message id left untranslated.

``assert_speaks(text, "id", data=[...])`` removes the data strings first (a unit's name, an evaluator's note,
a file name: what the user wrote, in whatever language), then looks for words that only the other language
uses. For Indonesian output it also looks for any English message id of the catalog whose Indonesian
translation differs (a message that escaped translation).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

#: Words that only English uses (looked for in Indonesian output), matched as whole words, ignoring case.
ENGLISH_ONLY = (
    "the",
    "and",
    "of",
    "with",
    "from",
    "which",
    "should",
    "must",
    "cannot",
    "passed",
    "failed",
    "score",
    "scored",
    "required",
    "decided",
    "refused",
    "awarded",
    "revoked",
    "month",
    "months",
    "december",
    "may",
    "august",
    "worksheet",
    "survey",
    "answer",
    "answers",
    "weakest",
    "report",
    "unanswered",
    "criterion",
    "criteria",
    "holds",
    "reached",
    "proposed",
    "problem",
    "problems",
    "expected",
    "got",
)
#: Words that only Indonesian uses (looked for in English output).
INDONESIAN_ONLY = (
    "yang",
    "dan",
    "dengan",
    "tidak",
    "lulus",
    "belum",
    "sudah",
    "harus",
    "bulan",
    "desember",
    "mei",
    "agustus",
    "nilai",
    "syarat",
    "selisih",
    "ditetapkan",
    "dicabut",
    "tahun",
    "untuk",
    "atau",
    "pada",
    "dari",
    "siklus",
    "jawaban",
    "butir",
    "kriteria",
    "masalah",
    "diusulkan",
    "belum",
    "menjadi",
    "tercatat",
)

LOCALE = Path(__file__).resolve().parents[1] / "src" / "zona_integritas" / "locale"


@functools.cache
def _escaped_ids() -> tuple[str, ...]:
    """English message ids long enough to recognise whose Indonesian differs (so their presence is a leak)."""
    from babel.messages.pofile import read_po

    with (LOCALE / "id" / "LC_MESSAGES" / "zona_integritas.po").open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for ident in ids:
            if not ident or ident in strings:
                continue
            # the literal text before the first placeholder, when it is a few words long
            head = re.split(r"\{[^{}]*\}", ident)[0].strip()
            if len(head.split()) >= 3:
                found.append(head)
    return tuple(sorted(set(found)))


def _without(text: str, data: Iterable[str]) -> str:
    for piece in sorted((d for d in data if d), key=len, reverse=True):
        text = text.replace(piece, " ")
    return text


def foreign_words(text: str, language: str, *, data: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` (data removed) that belong to the other language, and escaped message ids."""
    cleaned = _without(text, data)
    words = ENGLISH_ONLY if language == "id" else INDONESIAN_ONLY
    pattern = re.compile(r"\b(" + "|".join(words) + r")\b", re.IGNORECASE)
    found = sorted({m.group(0) for m in pattern.finditer(cleaned)})
    if language == "id":
        found += [f"untranslated: {ident!r}" for ident in _escaped_ids() if ident in cleaned]
    return found


def assert_speaks(text: str, language: str, *, data: Iterable[str] = ()) -> None:
    """Fail, quoting the offending words, when ``text`` mixes in the other language."""
    found = foreign_words(text, language, data=data)
    assert not found, f"{language} output has words of the other language: {found}\n---\n{text[:3000]}"
