"""The error and warning tree of zona_integritas.

Every error the library raises derives from :class:`ZonaIntegritasError`; a specific error also derives
from the builtin a caller would naturally catch (``ValueError``, ``KeyError``, ``LookupError``...).
Bulk input (a worksheet, a file, a CSV) reports all of its problems at once in an
:class:`InvalidInputError`, an :class:`ExceptionGroup` whose members are the individual errors.

Warnings derive from :class:`ZonaIntegritasWarning`.

>>> issubclass(InvalidAnswerError, InvalidValueError), issubclass(InvalidValueError, ValueError)
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "IncompleteWorksheetWarning",
    "InvalidAnswerError",
    "InvalidInputError",
    "InvalidValueError",
    "RulebookError",
    "SupersededRulebookWarning",
    "TransitionError",
    "UnknownItemError",
    "UnknownRulebookError",
    "ZonaIntegritasError",
    "ZonaIntegritasWarning",
]


def _kebab(name: str) -> str:
    words = "".join("-" + c.lower() if c.isupper() else c for c in name).strip("-")
    return words.removesuffix("-error")


class ZonaIntegritasError(Exception):
    """Base class of every error raised by zona_integritas.

    The message is in the language the library speaks (:mod:`zona_integritas.i18n`); ``code`` is a stable
    English identifier for programs: the kind of error (``invalid-value``) unless the place that raised it
    gave a more precise one (``negative-count``).

    >>> UnknownItemError("...").code, InvalidValueError("...", code="negative-count").code
    ('unknown-item', 'negative-count')
    """

    code: str = "zona-integritas"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            cls.code = _kebab(cls.__name__)

    def __init__(self, *args: Any, code: str | None = None) -> None:
        super().__init__(*args)
        if code is not None:
            self.code = code


class RulebookError(ZonaIntegritasError, ValueError):
    """A rulebook data file is malformed; the message names the file and the key."""


class UnknownRulebookError(ZonaIntegritasError, LookupError):
    """A rulebook id that does not ship with the library (see :func:`available_rulebooks`)."""

    def __str__(self) -> str:  # LookupError/KeyError would add quotes around the message
        return str(self.args[0]) if self.args else ""


class UnknownItemError(ZonaIntegritasError, KeyError):
    """An item code (or another key) that the rulebook does not know."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidValueError(ZonaIntegritasError, ValueError):
    """A value the library does not accept (a date, a cycle year, a weight, an option, a policy name...).

    The message names the value and where it came from. Catch it as ``ValueError`` or, to tell the library's
    refusals from other bugs, as :class:`ZonaIntegritasError`.
    """


class InvalidAnswerError(InvalidValueError):
    """One answer that an item or a survey question does not accept; the message names the item, the value and
    where it came from.
    """


class InvalidInputError(ZonaIntegritasError, ExceptionGroup[Exception]):
    """Every problem of one piece of bulk input (a worksheet, a file), reported together.

    ``exceptions`` holds one error per problem; ``str()`` lists them all.
    """

    def __new__(cls, message: str, exceptions: Sequence[Exception], *, code: str | None = None) -> InvalidInputError:
        """The group of ``exceptions`` under ``message``."""
        self: InvalidInputError = super().__new__(cls, message, list(exceptions))
        return self

    def __init__(self, message: str, exceptions: Sequence[Exception], *, code: str | None = None) -> None:
        super().__init__(message, list(exceptions), code=code)

    def derive(self, excs: Sequence[Exception]) -> InvalidInputError:  # type: ignore[override]
        """The same kind of group over other exceptions (used by ``except*`` and ``split``)."""
        return InvalidInputError(self.message, excs)

    def __str__(self) -> str:
        lines = [f"{self.message} ({len(self.exceptions)}):"]  # no words here: the message is already translated
        lines += [f"  - {exc}" for exc in self.exceptions]
        return "\n".join(lines)

    @property
    def problems(self) -> list[str]:
        """The message of every problem, in order."""
        return [str(exc) for exc in self.exceptions]


class TransitionError(ZonaIntegritasError):
    """An event that the evaluation process does not allow in the current state.

    Carries the ``state``, the refused ``event`` and the names of the events ``allowed`` now.
    """

    def __init__(
        self,
        message: str,
        *,
        state: Any = None,
        event: Any = None,
        allowed: Sequence[str] = (),
        code: str | None = None,
    ):
        super().__init__(message, code=code)
        self.state = state
        self.event = event
        self.allowed = tuple(allowed)


class ZonaIntegritasWarning(UserWarning):
    """Base class of every warning emitted by zona_integritas."""


class SupersededRulebookWarning(ZonaIntegritasWarning):
    """A rulebook of a regulation that is no longer in force was used (legacy data)."""


class IncompleteWorksheetWarning(ZonaIntegritasWarning):
    """A worksheet with unanswered items was scored; the message says how many and under which policy."""
