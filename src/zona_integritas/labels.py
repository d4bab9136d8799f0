"""Bilingual labels: the regulation's Indonesian name beside an English one.

>>> label = Label(id="Manajemen Perubahan", en="Change management")
>>> label.in_language("en")
'Change management'
>>> label.matches("manajemen perubahan")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

from .errors import InvalidValueError

__all__ = ["Label", "Language", "or_list"]

Language = Literal["id", "en"]


@attrs.frozen
class Label:
    """A name in Indonesian (``id``, the regulation's language) and English (``en``)."""

    id: str
    en: str

    def in_language(self, language: Language = "id") -> str:
        """The label in ``"id"`` (Indonesian, the default) or ``"en"``."""
        if language == "id":
            return self.id
        if language == "en":
            return self.en
        raise InvalidValueError(f"language must be 'id' or 'en'; got {language!r}")

    def matches(self, name: str) -> bool:
        """Whether ``name`` is this label in either language, ignoring case and surrounding spaces."""
        wanted = " ".join(name.split()).casefold()
        return wanted in (" ".join(self.id.split()).casefold(), " ".join(self.en.split()).casefold())

    def __str__(self) -> str:
        return self.id


def or_list(words: Iterable[str]) -> str:
    """Words joined as a sentence lists alternatives.

    >>> or_list(["A", "B", "C"]), or_list(["Ya"]), or_list([])
    ('A, B or C', 'Ya', '')
    """
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]
