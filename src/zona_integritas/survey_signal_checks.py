"""The six fraud and quality tests of a survey, each a pure function of :class:`SignalData` and its
parameters, returning a :class:`SurveySignal` (a flag, a sentence, the evidence rows, the parameters).
:func:`zona_integritas.survey_signals.survey_signals` runs them all; the defaults and their
false-positive behaviour are documented in ``docs/explanation/surveys.md``.

>>> data = SignalData(((4, 4), (4, 4)), ("a", "a"), (None, None), (None, None), (2, 3))
>>> duplicates(data, dt.timedelta(minutes=30)).evidence
(2, 3)
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from typing import Any

import attrs

from ._reprs import html_of
from .i18n import N_, format_datetime, format_integer, format_number, format_percent, ngettext, use_language
from .i18n import gettext as _
from .survey_answers import in_language, said

__all__ = [
    "SignalData",
    "SurveySignal",
    "bursts",
    "duplicates",
    "not_completed",
    "outside_hours",
    "perfect",
    "poisson_threshold",
    "straight_lining",
]


_TITLES = {
    "duplicates": N_("Duplicate responses"),
    "bursts": N_("Bursts of responses"),
    "straight_lining": N_("Same answer to every question"),
    "outside_hours": N_("Sent outside service hours"),
    "not_completed": N_("Service not completed"),
    "perfect": N_("Implausibly perfect answers"),
}


@attrs.frozen
class SurveySignal:
    """One signal: whether it fires, a sentence saying why (``detail``, in the current language), the evidence
    (row or line numbers) and the parameters it ran with.

    >>> s = not_completed(SignalData(((4,),) * 2, (None,) * 2, (None,) * 2, (True, False), (1, 2)))
    >>> s.title_in("id"), s.detail_in("id")
    ('Layanan belum selesai', '1 responden belum menyelesaikan layanan; 0 tidak menyebutkan')
    >>> s
    SurveySignal(key='not_completed', flagged=True, evidence=1)
    """

    key: str
    flagged: bool
    detail: str = attrs.field(converter=said)
    evidence: tuple[int, ...]
    parameters: tuple[tuple[str, str], ...]

    def detail_in(self, language: str | None = None) -> str:
        """Why the signal fires or not, in ``language``."""
        return in_language(self.detail, language)

    @property
    def title(self) -> str:
        """The name of the signal in the current language."""
        title = _TITLES.get(self.key)
        return self.key if title is None else _(title)

    def title_in(self, language: str | None = None) -> str:
        """The name of the signal in ``language``."""
        with use_language(language):
            return self.title

    def __repr__(self) -> str:
        return f"SurveySignal(key={self.key!r}, flagged={self.flagged!r}, evidence={len(self.evidence)})"

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def to_dict(self, *, language: str | None = None) -> dict[str, Any]:
        """Plain data for JSON; ``title`` and ``detail`` in ``language``."""
        with use_language(language):
            return {
                "key": self.key,
                "title": self.title,
                "flagged": self.flagged,
                "detail": self.detail_in(),
                "evidence": list(self.evidence),
                "parameters": dict(self.parameters),
            }


def duration(value: dt.timedelta) -> str:
    """A window of time as people say it: minutes, or hours and minutes.

    >>> with use_language("id"):
    ...     duration(dt.timedelta(minutes=30)), duration(dt.timedelta(hours=2))
    ('30 menit', '2 jam')
    >>> with use_language("en"):
    ...     duration(dt.timedelta(minutes=90)), duration(dt.timedelta(seconds=45))
    ('1 hour 30 minutes', '45 seconds')
    """
    seconds = int(value.total_seconds())
    if seconds % 60:
        return ngettext("{n} second", "{n} seconds", seconds).format(n=format_integer(seconds))
    hours, minutes = divmod(seconds // 60, 60)
    if not hours:
        return ngettext("{n} minute", "{n} minutes", minutes).format(n=format_integer(minutes))
    text = ngettext("{n} hour", "{n} hours", hours).format(n=format_integer(hours))
    if minutes:
        text = _("{hours} {minutes}").format(
            hours=text, minutes=ngettext("{n} minute", "{n} minutes", minutes).format(n=format_integer(minutes))
        )
    return text


def _share(value: float) -> str:
    return format_percent(value * 100, 0)


@attrs.frozen
class SignalData:
    """What the signals look at, one entry per respondent: answers (``None`` where blank or invalid),
    contact, submission time, service completion, and the row or line number."""

    answers: tuple[tuple[int | None, ...], ...]
    contacts: tuple[str | None, ...]
    submitted: tuple[dt.datetime | None, ...]
    completed: tuple[bool | None, ...]
    rows: tuple[int, ...]
    groups: tuple[str, ...] = ()

    def subset(self, keep: Sequence[int]) -> SignalData:
        """The respondents at positions ``keep``."""
        return SignalData(
            tuple(self.answers[i] for i in keep),
            tuple(self.contacts[i] for i in keep),
            tuple(self.submitted[i] for i in keep),
            tuple(self.completed[i] for i in keep),
            tuple(self.rows[i] for i in keep),
            tuple(self.groups[i] for i in keep) if self.groups else (),
        )


def duplicates(data: SignalData, window: dt.timedelta) -> SurveySignal:
    """The same contact with the same answers within ``window`` (same day when times are missing).

    >>> t = dt.datetime(2024, 3, 4, 9)
    >>> data = SignalData(((4, 4), (4, 4)), ("a", "a"), (t, t + dt.timedelta(hours=2)), (None, None), (2, 3))
    >>> duplicates(data, dt.timedelta(minutes=30)).flagged, duplicates(data, dt.timedelta(hours=3)).evidence
    (False, (2, 3))
    """
    seen: dict[tuple[str, tuple[int | None, ...]], list[int]] = {}
    for i, (contact, answers) in enumerate(zip(data.contacts, data.answers, strict=True)):
        if contact is not None:
            seen.setdefault((contact, answers), []).append(i)
    evidence: set[int] = set()
    for members in seen.values():
        members.sort(key=lambda i: (data.submitted[i] is None, data.submitted[i] or dt.datetime.min))
        for a, b in itertools.pairwise(members):
            ta, tb = data.submitted[a], data.submitted[b]
            close = abs(tb - ta) <= window if ta is not None and tb is not None else True
            if close:
                evidence.update((a, b))
    rows = tuple(data.rows[i] for i in sorted(evidence))
    count = len(rows)

    def detail() -> str:
        if count:
            return ngettext(
                "{n} response shares a contact and its answers with another within {window}",
                "{n} responses share a contact and their answers within {window}",
                count,
            ).format(n=format_integer(count), window=duration(window))
        return _("no contact sent the same answers twice within {window}").format(window=duration(window))

    return SurveySignal("duplicates", bool(rows), detail, rows, (("window", str(window)),))


def _open_minutes(days: set[dt.date], hours: tuple[dt.time, dt.time], service_days: Sequence[int]) -> float:
    per_day = (dt.datetime.combine(dt.date.min, hours[1]) - dt.datetime.combine(dt.date.min, hours[0])).seconds / 60
    if not days:
        return 0.0
    first, last = min(days), max(days)
    count = sum(1 for k in range((last - first).days + 1) if (first + dt.timedelta(k)).weekday() in service_days)
    return per_day * max(count, 1)


def poisson_threshold(mean: float, alpha: float) -> int:
    """The smallest k with P(X ≥ k) ≤ alpha for X ~ Poisson(mean).

    >>> poisson_threshold(1.0, 0.001), poisson_threshold(10.0, 0.001)
    (6, 22)
    """
    k = 0
    pmf = math.exp(-mean)
    tail = 1.0
    while tail > alpha:
        tail -= pmf
        k += 1
        pmf *= mean / k
    return k


def bursts(
    data: SignalData,
    window: dt.timedelta,
    alpha: float,
    volume: int | None,
    hours: tuple[dt.time, dt.time],
    service_days: Sequence[int],
) -> SurveySignal:
    """More responses in one window than the unit's service volume makes plausible (Poisson tail).

    >>> t = dt.datetime(2024, 3, 4, 9)
    >>> times = tuple(t + dt.timedelta(seconds=30 * k) for k in range(8))
    >>> data = SignalData(((4,),) * 8, (None,) * 8, times, (None,) * 8, tuple(range(1, 9)))
    >>> s = bursts(data, dt.timedelta(minutes=10), 0.001, 20, (dt.time(8), dt.time(16)), range(5))
    >>> s.flagged, s.evidence
    (True, (1, 2, 3, 4, 5, 6, 7, 8))
    """
    times = sorted((t, i) for i, t in enumerate(data.submitted) if t is not None)
    params = (("window", str(window)), ("alpha", repr(alpha)), ("service_volume", repr(volume)))
    if len(times) < 2:
        return SurveySignal("bursts", False, lambda: _("no submission times to test"), (), params)
    open_minutes = _open_minutes({t.date() for t, _ in times}, hours, service_days)
    rate = (volume if volume is not None else len(times)) / open_minutes if open_minutes else 0.0
    minutes = window.total_seconds() / 60
    windows = max(open_minutes / minutes, 1.0)
    limit = max(poisson_threshold(rate * minutes, alpha / windows), 2)
    evidence: set[int] = set()
    worst = 0
    start = 0
    for end in range(len(times)):
        while times[end][0] - times[start][0] >= window:
            start += 1
        count = end - start + 1
        worst = max(worst, count)
        if count >= limit:
            evidence.update(i for _, i in times[start : end + 1])
    rows = tuple(data.rows[i] for i in sorted(evidence))
    expected = rate * minutes

    def detail() -> str:
        if rows:
            return _(
                "{n} responses fall in windows of {window} holding {limit} or more (at most {worst}); "
                "expected {expected} per window"
            ).format(
                n=format_integer(len(rows)),
                window=duration(window),
                limit=format_integer(limit),
                worst=format_integer(worst),
                expected=format_number(expected),
            )
        return ngettext(
            "at most {worst} response in any {window} (limit {limit}, expected {expected})",
            "at most {worst} responses in any {window} (limit {limit}, expected {expected})",
            worst,
        ).format(
            worst=format_integer(worst),
            window=duration(window),
            limit=format_integer(limit),
            expected=format_number(expected),
        )

    return SurveySignal("bursts", bool(rows), detail, rows, (*params, ("limit", str(limit))))


def straight_lining(data: SignalData, share: float, minimum: int) -> SurveySignal:
    """Respondents who gave one answer to every question; fires when their share exceeds ``share``.

    >>> data = SignalData(((3, 3), (3, 4), (2, 2)), (None,) * 3, (None,) * 3, (None,) * 3, (1, 2, 3))
    >>> s = straight_lining(data, 0.5, 3)
    >>> s.flagged, s.evidence
    (True, (1, 3))
    """
    same = [i for i, a in enumerate(data.answers) if len(a) > 1 and None not in a and len(set(a)) == 1]
    n = len(data.answers)
    fired = n >= minimum and len(same) > share * n
    rows = tuple(data.rows[i] for i in same)

    def detail() -> str:
        return _("{count} of {n} respondents gave the same answer to every question (limit {share})").format(
            count=format_integer(len(same)), n=format_integer(n), share=_share(share)
        )

    return SurveySignal("straight_lining", fired, detail, rows, (("share", repr(share)), ("minimum", str(minimum))))


def outside_hours(
    data: SignalData, hours: tuple[dt.time, dt.time], service_days: Sequence[int], share: float
) -> SurveySignal:
    """Forms sent outside the service hours or days; fires when their share exceeds ``share``.

    >>> times = (dt.datetime(2024, 3, 4, 9), dt.datetime(2024, 3, 4, 21), dt.datetime(2024, 3, 9, 9))
    >>> data = SignalData(((4,),) * 3, (None,) * 3, times, (None,) * 3, (1, 2, 3))
    >>> outside_hours(data, (dt.time(8), dt.time(16)), range(5), 0.0).evidence
    (2, 3)
    """
    known = [(i, t) for i, t in enumerate(data.submitted) if t is not None]
    outside = [i for i, t in known if t.weekday() not in service_days or not hours[0] <= t.time() <= hours[1]]
    fired = bool(known) and len(outside) > share * len(known)
    rows = tuple(data.rows[i] for i in outside)

    def detail() -> str:
        if not known:
            return _("no submission times to test")
        return _("{count} of {n} forms with a time were sent outside {opens}-{closes} on service days").format(
            count=format_integer(len(outside)),
            n=format_integer(len(known)),
            opens=_clock(hours[0]),
            closes=_clock(hours[1]),
        )

    params = (
        ("hours", f"{hours[0]:%H:%M}-{hours[1]:%H:%M}"),
        ("days", ",".join(map(str, service_days))),
        ("share", repr(share)),
    )
    return SurveySignal("outside_hours", fired, detail, rows, params)


def _clock(moment: dt.time) -> str:
    """A time of day with the language's separator (``08.00`` / ``08:00``)."""
    return format_datetime(dt.datetime.combine(dt.date(2000, 1, 1), moment)).rsplit(" ", 1)[1]


def not_completed(data: SignalData) -> SurveySignal:
    """Respondents recorded as not having finished a service (the indices exclude them).

    >>> not_completed(SignalData(((4,),) * 2, (None,) * 2, (None,) * 2, (True, False), (1, 2))).evidence
    (2,)
    """
    rows = tuple(data.rows[i] for i, f in enumerate(data.completed) if f is False)
    unknown = sum(1 for f in data.completed if f is None)

    def detail() -> str:
        return ngettext(
            "{count} respondent had not finished a service; {unknown} did not say",
            "{count} respondents had not finished a service; {unknown} did not say",
            len(rows),
        ).format(count=format_integer(len(rows)), unknown=format_integer(unknown))

    return SurveySignal("not_completed", bool(rows), detail, rows, ())


def perfect(data: SignalData, top: int, share: float, minimum: int) -> SurveySignal:
    """At least ``share`` of all answers at the top of the scale, among at least ``minimum`` respondents.

    >>> data = SignalData(((4, 4), (4, 3)), (None,) * 2, (None,) * 2, (None,) * 2, (1, 2))
    >>> perfect(data, 4, 0.75, 2).flagged, perfect(data, 4, 0.8, 2).flagged
    (True, False)
    """
    cells = [v for a in data.answers for v in a if v is not None]
    at_top = sum(1 for v in cells if v == top)
    n = len(data.answers)
    fired = n >= minimum and bool(cells) and at_top >= share * len(cells)
    rows = tuple(data.rows[i] for i, a in enumerate(data.answers) if a and all(v == top for v in a)) if fired else ()

    def detail() -> str:
        return _("{count} of {n} answers are {top} (limit {share} among {minimum} or more respondents)").format(
            count=format_integer(at_top),
            n=format_integer(len(cells)),
            top=top,
            share=_share(share),
            minimum=format_integer(minimum),
        )

    return SurveySignal("perfect", fired, detail, rows, (("share", repr(share)), ("minimum", str(minimum))))
