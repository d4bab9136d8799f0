"""Fraud and quality signals of a survey: flags with evidence, never silent exclusion.

Surveys are where the evaluation can be gamed (staff filling in forms to lift the score). Each signal
below is a parameterised test that says whether it fires, why, and which respondents (rows or file
lines) are the evidence. No signal changes an index: the analyst decides. The defaults are this
library's (no regulation sets them) and are documented with their false-positive behaviour in
``docs/explanation/surveys.md``:

- ``duplicates``: the same contact with the same answers within ``duplicate_window`` (30 minutes).
- ``bursts``: more responses in a ``burst_window`` (10 minutes) than the unit's service volume makes
  plausible: the count is compared with the Poisson tail of the expected responses per window, at
  ``burst_alpha`` (0.001) spread over the windows of the period.
- ``straight_lining``: respondents whose answers are all the same; fires when their share exceeds
  ``straight_share`` (0.5) among at least ``minimum`` (30) respondents.
- ``outside_hours``: forms sent outside ``service_hours`` (08:00–16:00) or ``service_days`` (Monday to
  Friday); fires when their share exceeds ``outside_share`` (0).
- ``not_completed``: respondents recorded as not having finished a service (the index excludes them).
- ``perfect``: an implausibly perfect distribution: at least ``perfect_share`` (0.95) of all answers at
  the top of the scale among at least ``minimum`` respondents.

>>> import datetime as dt
>>> from zona_integritas.survey_answers import Respondent
>>> t = dt.datetime(2024, 3, 4, 9, 0)
>>> rs = [Respondent({f"U{i}": 4 for i in range(1, 10)}, contact="0812", submitted=t),
...       Respondent({f"U{i}": 4 for i in range(1, 10)}, contact="0812 ", submitted=t + dt.timedelta(minutes=3))]
>>> s = {x.key: x for x in survey_signals(rs)}
>>> s["duplicates"].flagged, s["duplicates"].evidence
(True, (1, 2))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .errors import InvalidAnswerError, InvalidValueError
from .i18n import gettext as _
from .i18n import or_list
from .survey_answers import PROFILE_FIELDS, Respondent, as_answer, echo, is_missing
from .survey_signal_checks import (
    SignalData,
    SurveySignal,
    bursts,
    duplicates,
    not_completed,
    outside_hours,
    perfect,
    poisson_threshold,
    straight_lining,
)

__all__ = ["SignalData", "SignalOptions", "SurveySignal", "poisson_threshold", "signal_data", "survey_signals"]

_SKM_CODES = tuple(f"U{i}" for i in range(1, 10))


#: What form services write for a respondent who gave no contact (Microsoft Forms: "anonymous").
_NO_CONTACT = frozenset({"anonymous", "anonim", "anonymus", "tanpanama", "", "0"})


def _contact(value: Any) -> str | None:
    """A contact as compared (spaces, dashes, brackets and dots removed, lower case); ``None`` for none.

    >>> _contact("0812-3456 789"), _contact("anonymous"), _contact(" - ")
    ('08123456789', None, None)
    """
    if is_missing(value):
        return None
    text = re.sub(r"[\s\-().]", "", str(value)).casefold()
    return None if text in _NO_CONTACT else text


def _time(value: Any) -> dt.datetime | None:
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if hasattr(value, "to_pydatetime"):
        stamp: dt.datetime = value.to_pydatetime()
        return stamp.replace(tzinfo=None)
    try:
        return dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidAnswerError(
            _("the time a form was sent, {value}, is not a date and time (2024-05-31 09:30)").format(
                value=echo(str(value))
            ),
            code="not-a-datetime",
        ) from None


def _key(value: Any) -> str:
    if is_missing(value) or not str(value).strip():
        return "(kosong)"
    return str(value)


def signal_data(
    respondents: Any, codes: Sequence[str], line_numbers: Sequence[int] | None = None, by: str | None = None
) -> SignalData:
    """Collect what the signals need from rows of :class:`Respondent` (or mappings, sequences) or from a
    columnar container with ``contact``, ``submitted`` and ``completed_service`` columns.

    >>> signal_data([Respondent({"U1": 4}, contact="0812-1")], ["U1"]).contacts
    ('08121',)
    """
    from . import survey_columns

    if hasattr(respondents, "to_columns") and line_numbers is None:
        line_numbers = respondents.line_numbers
    respondents = survey_columns.as_columns(respondents)
    if survey_columns.is_columnar(respondents):
        import numpy as np

        raw, profiles, n = survey_columns.extract_columns(respondents, codes, "")
        columns = []
        for column in raw:
            values, bad, blank = survey_columns.validate_column(column, -(2**62), 2**62)
            cells: list[int | None] = values.tolist()
            for mask in (bad, blank):
                if mask is not None:
                    for i in np.flatnonzero(mask).tolist():
                        cells[i] = None
            columns.append(cells)
        answers = tuple(zip(*columns, strict=True)) if columns else ((),) * n
        contact = profiles.get("contact")
        submitted = profiles.get("submitted")
        done = profiles.get("completed_service")
        if submitted is not None and submitted.dtype.kind == "M":
            submitted = submitted.astype("datetime64[us]").astype(object)
        contacts = tuple(_contact(c) for c in contact.tolist()) if contact is not None else (None,) * n
        times = tuple(_time(t) for t in submitted.tolist()) if submitted is not None else (None,) * n
        flags = tuple(None if is_missing(f) else bool(f) for f in done.tolist()) if done is not None else (None,) * n
        key_column = profiles.get(by) if by is not None else None
        if key_column is not None:
            groups = tuple(_key(k) for k in key_column.tolist())
        else:
            groups = ("(kosong)",) * n if by else ()
    else:
        items = list(respondents)
        n = len(items)
        rows_out: list[tuple[int | None, ...]] = []
        contacts_l: list[str | None] = []
        times_l: list[dt.datetime | None] = []
        flags_l: list[bool | None] = []
        index = {c.casefold(): i for i, c in enumerate(codes)}
        for item in items:
            found: list[int | None] = [None] * len(codes)
            if isinstance(item, Respondent):
                pairs: Any = item.answers
            elif hasattr(item, "items"):
                pairs = item.items()
            else:
                pairs = zip(codes, item, strict=False)
            for code, value in pairs:
                pos = index.get(str(code).casefold())
                if pos is not None:
                    found[pos] = as_answer(value) if value is not None else None
            rows_out.append(tuple(found))
            profile = item if isinstance(item, Respondent) else None
            contacts_l.append(_contact(profile.contact) if profile else None)
            times_l.append(_time(profile.submitted) if profile else None)
            flags_l.append(profile.completed_service if profile else None)
        answers, contacts, times, flags = tuple(rows_out), tuple(contacts_l), tuple(times_l), tuple(flags_l)
        groups = (
            tuple(_key(getattr(item, by, None)) if isinstance(item, Respondent) else "(kosong)" for item in items)
            if by
            else ()
        )
    rows = tuple(line_numbers) if line_numbers is not None else tuple(range(1, n + 1))
    return SignalData(answers, contacts, times, flags, rows, groups)


@attrs.frozen(kw_only=True)
class SignalOptions:
    """The parameters of the signals, each with this library's default (no regulation sets them; see
    ``docs/explanation/surveys.md`` for why and for their false-positive behaviour).

    >>> SignalOptions(straight_share=0.3).straight_share, SignalOptions().service_hours
    (0.3, (datetime.time(8, 0), datetime.time(16, 0)))
    >>> SignalOptions(perfect_share=2)
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidValueError: perfect_share must lie between 0 and 1; got 2
    """

    duplicate_window: dt.timedelta = dt.timedelta(minutes=30)
    burst_window: dt.timedelta = dt.timedelta(minutes=10)
    burst_alpha: float = 0.001
    service_hours: tuple[dt.time, dt.time] = (dt.time(8, 0), dt.time(16, 0))
    service_days: tuple[int, ...] = attrs.field(default=(0, 1, 2, 3, 4), converter=tuple)
    straight_share: float = 0.5
    outside_share: float = 0.0
    perfect_share: float = 0.95
    minimum: int = 30

    def __attrs_post_init__(self) -> None:
        if not 0 < self.burst_alpha < 1:
            raise InvalidValueError(
                _("{name} must lie between 0 and 1; got {value}").format(name="burst_alpha", value=self.burst_alpha),
                code="out-of-range",
            )
        for name in ("straight_share", "outside_share", "perfect_share"):
            share = getattr(self, name)
            if not 0 <= share <= 1:
                raise InvalidValueError(
                    _("{name} must lie between 0 and 1; got {value}").format(name=name, value=share),
                    code="out-of-range",
                )
        if self.service_hours[1] <= self.service_hours[0]:
            raise InvalidValueError(
                _("service_hours must open before they close; got {value}").format(
                    value="-".join(f"{t:%H:%M}" for t in self.service_hours)
                ),
                code="invalid-hours",
            )
        for name in ("duplicate_window", "burst_window"):
            if getattr(self, name) <= dt.timedelta(0):
                raise InvalidValueError(
                    _("{name} must be a positive duration; got {value}").format(name=name, value=getattr(self, name)),
                    code="not-positive",
                )


def survey_signals(
    respondents: Any,
    *,
    codes: Sequence[str] = _SKM_CODES,
    scale: tuple[int, int] = (1, 4),
    line_numbers: Sequence[int] | None = None,
    service_volume: int | Mapping[str, int] | None = None,
    by: str | None = None,
    options: SignalOptions | None = None,
    **parameters: Any,
) -> Any:
    """Every signal of a survey (see the module text); ``service_volume`` is the number of services the
    unit gave in the period the survey covers (without it, the bursts signal compares with the survey's
    own average rate). Evidence is given as line numbers when ``line_numbers`` is given, else as rows
    counted from 1. The thresholds are a :class:`SignalOptions` (``options=``) or its fields given by
    name (``straight_share=0.3``).

    ``by`` (a profile field such as ``unit``) runs every signal within each group instead, so that one unit
    gaming its own survey is not diluted in a provincial export: the result is then a dict of group →
    signals, and ``service_volume`` may map each group to its volume.

    >>> rs = [Respondent({f"U{i}": 1 + (i + k) % 4 for i in range(1, 10)}, completed_service=k != 2) for k in range(3)]
    >>> [(s.key, s.flagged, s.evidence) for s in survey_signals(rs, line_numbers=[5, 6, 9])][-2:]
    [('not_completed', True, (9,)), ('perfect', False, ())]
    >>> rs[0] = attrs.evolve(rs[0], unit="Loket A")
    >>> {k: [s.key for s in v if s.flagged] for k, v in survey_signals(rs, by="unit").items()}
    {'(kosong)': ['not_completed'], 'Loket A': []}
    """
    try:
        o = attrs.evolve(options or SignalOptions(), **parameters)
    except TypeError:
        known = ", ".join(f.name for f in attrs.fields(SignalOptions))
        unknown = ", ".join(sorted(set(parameters) - {f.name for f in attrs.fields(SignalOptions)}))
        raise InvalidValueError(
            _("unknown signal parameter {names}; parameters are {known}").format(names=unknown, known=known),
            code="unknown-parameter",
        ) from None
    if by is not None and by not in PROFILE_FIELDS:
        raise InvalidValueError(
            _("signals group by a profile field ({fields}); got {value}").format(
                fields=or_list(list(PROFILE_FIELDS)), value=echo(by)
            ),
            code="unknown-field",
        )
    data = signal_data(respondents, codes, line_numbers, by)

    def run(part: SignalData, volume: int | None) -> tuple[SurveySignal, ...]:
        return (
            duplicates(part, o.duplicate_window),
            bursts(part, o.burst_window, o.burst_alpha, volume, o.service_hours, o.service_days),
            straight_lining(part, o.straight_share, o.minimum),
            outside_hours(part, o.service_hours, o.service_days, o.outside_share),
            not_completed(part),
            perfect(part, scale[1], o.perfect_share, o.minimum),
        )

    if by is None:
        if isinstance(service_volume, Mapping):
            raise InvalidValueError(
                _("service_volume per group needs by= (the field that names the group)"), code="needs-by"
            )
        return run(data, service_volume)
    out: dict[str, tuple[SurveySignal, ...]] = {}
    for key in sorted(set(data.groups)):
        volume = service_volume.get(key) if isinstance(service_volume, Mapping) else service_volume
        out[key] = run(data.subset([i for i, g in enumerate(data.groups) if g == key]), volume)
    return out
