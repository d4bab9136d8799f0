"""Bilingual labels: the regulation's Indonesian name beside an English one.

Labels are data (the rulebook's names), not messages, so they carry both languages themselves; without an
argument :meth:`Label.in_language` follows :func:`zona_integritas.i18n.current_language`.

>>> label = Label(id="Manajemen Perubahan", en="Change management")
>>> label.in_language("en"), label.in_language("id")
('Change management', 'Manajemen Perubahan')
>>> label.matches("manajemen perubahan")
True
"""

from __future__ import annotations

import attrs

from .i18n import Language, current_language, normalize_language

__all__ = ["Label", "Language"]


@attrs.frozen
class Label:
    """A name in Indonesian (``id``, the regulation's language) and English (``en``)."""

    id: str
    en: str

    def in_language(self, language: str | None = None) -> str:
        """The label in ``"id"`` (Indonesian) or ``"en"``; ``None``: the current language."""
        chosen = current_language() if language is None else normalize_language(language)
        return self.id if chosen == "id" else self.en

    def matches(self, name: str) -> bool:
        """Whether ``name`` is this label in either language, ignoring case and surrounding spaces."""
        wanted = " ".join(name.split()).casefold()
        return wanted in (" ".join(self.id.split()).casefold(), " ".join(self.en.split()).casefold())

    def __str__(self) -> str:
        """The label in the current language."""
        return self.in_language()
