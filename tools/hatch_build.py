"""Build hook: compile the message catalogs (``.po`` -> ``.mo``) with Babel into the package."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compiles ``src/zona_integritas/locale/*/LC_MESSAGES/*.po`` and ships the ``.mo`` files as artifacts."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Run ``tools/catalogs.py``'s compiler before the files are collected (wheel and editable builds)."""
        tool = Path(self.root) / "tools" / "catalogs.py"
        spec = importlib.util.spec_from_file_location("_zi_catalogs", tool)
        if spec is None or spec.loader is None:
            raise RuntimeError(f"the catalog tool {tool} cannot be loaded")
        catalogs = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogs)
        for path in catalogs.compile_catalogs(Path(self.root) / "src" / "zona_integritas" / "locale"):
            build_data["artifacts"].append(str(path.relative_to(self.root)))
