"""The Kediri DPM PTSP example gains a review: the unit's self-assessment and one round of the city's TPI.

Like every Kediri worksheet, **the answers, notes, names and dates here are illustrative**: the unit claims a
little more than the TPI grants; the TPI changes four answers with a note each, asks for evidence on one item,
returns it to the unit, which revises it; the score moves from the unit's figure to the TPI's (the worksheet of
:func:`zona_integritas.examples.kediri_worksheet_2022`).

>>> review = kediri_review_2022()
>>> [(s.tier, s.status) for s in __import__("zona_integritas.review_diff").review_diff.review_status(review)][:2]
[('unit', 'submitted'), ('tpi', 'submitted')]

The review is built in :mod:`zona_integritas.examples` (beside the journey it starts from) and named here.
"""

from __future__ import annotations

from .examples import KEDIRI_TPI_CHANGES, KEDIRI_UNIT_CLAIMS, kediri_journey_with_review, kediri_review_2022

__all__ = ["KEDIRI_TPI_CHANGES", "KEDIRI_UNIT_CLAIMS", "kediri_journey_with_review", "kediri_review_2022"]
