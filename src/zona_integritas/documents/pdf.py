"""PDF from a ``.docx``, through LibreOffice headless.

Agencies edit and sign the Word file; the PDF is for sending or archiving. Conversion runs
``soffice --headless --convert-to pdf`` with a private, throw-away LibreOffice profile, so it works
beside another LibreOffice instance. LibreOffice Writer must be installed (Debian:
``apt-get install libreoffice-writer``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ZonaIntegritasError
from ..i18n import format_number
from ..i18n import gettext as _

__all__ = ["ConversionError", "docx_to_pdf", "soffice"]


class ConversionError(ZonaIntegritasError, OSError):
    """LibreOffice is missing, or did not convert the document."""


def soffice() -> str:
    """The path of LibreOffice's ``soffice`` (or ``libreoffice``); :class:`ConversionError` when neither is there."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise ConversionError(
            _(
                "converting a document needs LibreOffice (soffice) on PATH; install LibreOffice Writer "
                "(Debian: apt-get install libreoffice-writer)"
            ),
            code="libreoffice-missing",
        )
    return exe


def _convert(data: bytes, target: str, suffix: str, timeout: float) -> bytes:
    exe = soffice()
    with tempfile.TemporaryDirectory(prefix="zona-integritas-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        command = [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ConversionError(
                _("LibreOffice did not finish converting to {kind} within {seconds} s").format(
                    kind=suffix, seconds=format_number(timeout, 0)
                ),
                code="conversion-timeout",
            ) from None
        result = work / f"document.{suffix}"
        if not result.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            raise ConversionError(
                _("LibreOffice did not convert the document to {kind} (exit {status}): {detail}").format(
                    kind=suffix, status=done.returncode, detail=detail
                ),
                code="conversion-failed",
            )
        return result.read_bytes()


def docx_to_pdf(data: bytes, *, timeout: float = 180) -> bytes:
    """The PDF of the ``.docx`` bytes ``data``."""
    return _convert(data, "pdf:writer_pdf_Export", "pdf", timeout)
