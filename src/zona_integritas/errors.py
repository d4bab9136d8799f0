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


class ZonaIntegritasError(Exception):
    """Base class of every error raised by zona_integritas."""


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

    def __new__(cls, message: str, exceptions: Sequence[Exception]) -> InvalidInputError:
        """The group of ``exceptions`` under ``message``."""
        self: InvalidInputError = super().__new__(cls, message, list(exceptions))
        return self

    def derive(self, excs: Sequence[Exception]) -> InvalidInputError:  # type: ignore[override]
        """The same kind of group over other exceptions (used by ``except*`` and ``split``)."""
        return InvalidInputError(self.message, excs)

    def __str__(self) -> str:
        lines = [f"{self.message} ({len(self.exceptions)} problem{'s' if len(self.exceptions) != 1 else ''}):"]
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

    def __init__(self, message: str, *, state: Any = None, event: Any = None, allowed: Sequence[str] = ()):
        super().__init__(message)
        self.state = state
        self.event = event
        self.allowed = tuple(allowed)


class ZonaIntegritasWarning(UserWarning):
    """Base class of every warning emitted by zona_integritas."""


class SupersededRulebookWarning(ZonaIntegritasWarning):
    """A rulebook of a regulation that is no longer in force was used (legacy data)."""


class IncompleteWorksheetWarning(ZonaIntegritasWarning):
    """A worksheet with unanswered items was scored; the message says how many and under which policy."""
