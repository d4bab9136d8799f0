"""An answer and its parts: who assessed, named counts, and one answer with its note and evidence
(re-exported by :mod:`zona_integritas.worksheet`).

>>> Answer("Ya", note="SK tim terlampir").note
'SK tim terlampir'
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from decimal import Decimal

import attrs

from .errors import InvalidAnswerError
from .i18n import gettext as _
from .i18n import or_list
from .inputs import echo, native


class Assessor(enum.Enum):
    """Who filled the worksheet: the unit itself, its instansi's TPI, or the national TPN."""

    UNIT = "unit"
    TPI = "tpi"
    TPN = "tpn"

    @classmethod
    def parse(cls, value: Assessor | str) -> Assessor:
        """An assessor from itself or from ``"unit"``, ``"tpi"``, ``"tpn"`` (any case).

        >>> Assessor.parse("TPI")
        <Assessor.TPI: 'tpi'>
        """
        if isinstance(value, Assessor):
            return value
        plain = native(value)
        if isinstance(plain, str):
            try:
                return cls(plain.strip().casefold())
            except ValueError:
                pass
        raise InvalidAnswerError(
            _("assessor must be {options}; got {value}").format(
                options=or_list([repr(a.value) for a in cls]), value=echo(value)
            ),
            code="unknown-assessor",
        )


@attrs.frozen(eq=False)
class Counts(Mapping[str, int]):
    """The named counts of a count-based item, in the rulebook's input order (read-only mapping).

    >>> c = Counts((("targets", 8), ("met", 6)))
    >>> c["met"], dict(c)
    (6, {'targets': 8, 'met': 6})
    """

    pairs: tuple[tuple[str, int], ...]

    def __getitem__(self, key: str) -> int:
        for name, count in self.pairs:
            if name == key:
                return count
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Counts):
            return self.pairs == other.pairs
        if isinstance(other, Mapping):
            return dict(self.pairs) == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pairs)


#: What an answer holds: an option key (``"Ya"``, ``"B"``), a survey index, or named counts.
AnswerValue = str | Decimal | Counts


@attrs.frozen
class Answer:
    """One validated answer with an optional note (*catatan*) and evidence reference (*bukti dukung*).

    ``value`` is ``None`` only for an unanswered item that carries a note or evidence (kept, not scored).
    """

    value: AnswerValue | None
    note: str | None = None
    evidence: str | None = None
