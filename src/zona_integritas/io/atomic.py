"""Atomic file writes: every file the library writes goes to a temporary file beside it, then ``os.replace``.

A write that fails half-way (a text that cannot be encoded, a full disk, an interrupted process) leaves
the old file as it was and no partial file behind; readers never see a half-written file.

>>> import os, tempfile
>>> target = os.path.join(tempfile.mkdtemp(), "x.json")
>>> _ = write_text(target, '{"a": 1}')
>>> write_text(target, "\\udc80")  # cannot be encoded: the old content stays
Traceback (most recent call last):
...
UnicodeEncodeError: 'utf-8' codec can't encode character '\\udc80' in position 0: surrogates not allowed
>>> open(target).read(), sorted(os.listdir(os.path.dirname(target)))
('{"a": 1}', ['x.json'])
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path", "write_bytes", "write_text"]


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; when the block succeeds it replaces ``target`` atomically.

    The data is flushed to disk (``fsync``) before the rename. On any error the temporary file is removed
    and ``target`` is untouched.
    """
    target = Path(target)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        if target.exists():
            with contextlib.suppress(OSError):  # keep the old file's permissions
                os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically; returns the path."""
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically (encoded first: an encoding error leaves ``target`` as it was)."""
    return write_bytes(target, text.encode(encoding))
