"""How a value shows itself in a notebook, without the domain importing its presentation.

Domain classes define ``_repr_html_`` as ``html_of(self)``; the presentation layer (``zona_integritas._html``,
imported by the package) registers one renderer per class with :func:`register_html`. A class without a
renderer returns ``None``, which tells Jupyter to show the plain ``repr``.

>>> class Thing:
...     def _repr_html_(self) -> str | None:
...         return html_of(self)
>>> Thing()._repr_html_() is None
True
>>> register_html(Thing, lambda thing: "<b>thing</b>")
>>> Thing()._repr_html_()
'<b>thing</b>'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["html_of", "register_html"]

_HTML: dict[type, Callable[[Any], str]] = {}


def register_html(cls: type, render: Callable[[Any], str]) -> None:
    """Show instances of ``cls`` (and of its subclasses) in notebooks with ``render(value)``."""
    _HTML[cls] = render


def html_of(value: object) -> str | None:
    """The HTML of ``value`` from the renderer registered for its class, or ``None`` when there is none."""
    for klass in type(value).__mro__:
        render = _HTML.get(klass)
        if render is not None:
            return render(value)
    return None
