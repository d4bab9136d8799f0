"""``python -m zona_integritas.cli``: the same as the ``zona-integritas`` command."""

from . import main

raise SystemExit(main())
