"""The PortalRB pull endpoints as a WSGI application (standard library only).

``GET /pengusulan/unit-wbk``, ``GET /pengusulan/unit-wbbm`` and ``GET /lke/jawaban-unit/{unit_id}``,
answered from a store exactly as PortalRB's integration guide (v1.0.0) specifies, for one evaluation
year. Every request needs ``Authorization: Bearer <token>``; the token comes from configuration
(never from code) and is compared in constant time. Errors are JSON ``{"error": true, "code",
"message"}``; responses never carry stack traces or internal paths.

Run it with any WSGI server, or locally with ``zona-integritas serve`` (``wsgiref``).

>>> app = PortalRBApp(store_path="/nonexistent.db", token="s3cret", year=2026)
>>> status, headers, body = call(app, "GET", "/pengusulan/unit-wbk")
>>> status, json.loads(body)
('401 Unauthorized', {'error': True, 'code': 'UNAUTHORIZED', 'message': 'missing or invalid bearer token'})
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import UnknownItemError
from .rulebook import Predicate
from .rulebook_loader import load_rulebook
from .worksheet import Assessor

__all__ = ["TOKEN_VARIABLE", "PortalRBApp", "call", "make_server"]

#: The environment variable ``zona-integritas serve`` reads the token from.
TOKEN_VARIABLE = "ZONA_INTEGRITAS_PORTALRB_TOKEN"
_LOG = logging.getLogger("zona_integritas.service")
_UNIT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_STATUS = {
    200: "200 OK",
    401: "401 Unauthorized",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    422: "422 Unprocessable Entity",
    500: "500 Internal Server Error",
    503: "503 Service Unavailable",
}

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class PortalRBApp:
    """The WSGI application. The store is opened once and used under a lock (threaded servers are
    fine); answers are cached until the store changes (a new event, worksheet or unit, also when
    written by another process)."""

    def __init__(self, *, store_path: str | Path, token: str, year: int) -> None:
        if not token:
            raise ValueError("a bearer token is required")
        self.store_path = Path(store_path)
        self._token = token.encode()
        self.year = year
        self._lock = threading.RLock()
        self._db: Any = None
        self._cache: tuple[tuple[Any, ...], dict[tuple[Any, ...], tuple[int, bytes]]] = ((), {})

    def _store(self) -> Any:
        from . import store

        if self._db is None:
            if not self.store_path.exists():
                raise FileNotFoundError("store missing")
            self._db = store.open(self.store_path)
        return self._db

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one WSGI request."""
        try:
            status, payload = self._route(environ)
        except Exception:  # never leak a stack trace or a path to the client
            _LOG.exception("request failed")
            status, payload = 500, _error("INTERNAL_ERROR", "internal error")
        body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        start_response(
            _STATUS[status],
            [
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    def _authorised(self, environ: dict[str, Any]) -> bool:
        header = environ.get("HTTP_AUTHORIZATION", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            hmac.compare_digest(b"x" * len(self._token), self._token)  # same work either way
            return False
        return hmac.compare_digest(given.strip().encode(), self._token)

    def _route(self, environ: dict[str, Any]) -> tuple[int, Any]:
        if not self._authorised(environ):
            return 401, _error("UNAUTHORIZED", "missing or invalid bearer token")
        if environ.get("REQUEST_METHOD", "GET") != "GET":
            return 405, _error("METHOD_NOT_ALLOWED", "only GET is supported")
        path = environ.get("PATH_INFO", "") or "/"
        if path in ("/pengusulan/unit-wbk", "/pengusulan/unit-wbbm"):
            predicate = Predicate.WBK if path.endswith("wbk") else Predicate.WBBM
            return 200, self._units(predicate)
        prefix = "/lke/jawaban-unit/"
        if path.startswith(prefix):
            unit_id = path[len(prefix) :]
            if not _UNIT_ID.match(unit_id):
                return 422, _error("INVALID_UNIT_ID", "the unit id is not valid")
            return self._answers(unit_id)
        return 404, _error("NOT_FOUND", "no such endpoint")

    def _cached(self, key: tuple[Any, ...], build: Callable[[], tuple[int, dict[str, Any]]]) -> tuple[int, bytes]:
        """The encoded answer, cached until the store changes."""
        with self._lock:
            db = self._store()
            fingerprint = db.fingerprint()
            if self._cache[0] != fingerprint:
                self._cache = (fingerprint, {})
            found = self._cache[1].get(key)
            if found is None:
                status, payload = build()
                found = self._cache[1][key] = (status, json.dumps(payload, ensure_ascii=False).encode())
            return found

    def _units(self, predicate: Predicate) -> Any:
        from .io.portalrb import unit_list_payload

        try:
            return self._cached(("units", predicate), lambda: (200, self._build_units(predicate)))[1]
        except FileNotFoundError:
            return unit_list_payload(self.year, [], predicate=predicate)

    def _build_units(self, predicate: Predicate) -> dict[str, Any]:
        from .io.portalrb import ProposedUnit, unit_list_payload

        db = self._store()
        units = []
        for unit_id in db.proposed(self.year, predicate):
            unit = db.unit(unit_id)
            rules = load_rulebook(db.rulebook_of(unit_id), warn_superseded=False).eligibility
            afirmasi = bool(
                rules
                and unit.instansi.kind.value == "pemda"
                and unit.kind.value in rules.afirmasi_kinds
                and predicate in rules.afirmasi_targets
            )
            units.append(ProposedUnit(unit.id, unit.name, predicate, afirmasi))
        return unit_list_payload(self.year, units, predicate=predicate)

    def _answers(self, unit_id: str) -> tuple[int, Any]:
        try:
            return self._cached(("answers", unit_id), lambda: self._build_answers(unit_id))
        except FileNotFoundError:
            return 404, _error("DATA_NOT_FOUND", f"unit {unit_id} is not known")

    def _build_answers(self, unit_id: str) -> tuple[int, dict[str, Any]]:
        from .io.portalrb import answers_payload

        try:
            db = self._store()
            unit = db.unit(unit_id)
        except (FileNotFoundError, UnknownItemError):
            return 404, _error("DATA_NOT_FOUND", f"unit {unit_id} is not known")
        worksheet = db.latest_worksheet(unit_id, self.year, Assessor.UNIT)
        tpi = db.latest_worksheet(unit_id, self.year, Assessor.TPI)
        if worksheet is None:
            return 404, _error("DATA_NOT_FOUND", f"no LKE answers of unit {unit_id} for {self.year}")
        return 200, answers_payload(unit.id, unit.name, self.year, unit=worksheet, tpi=tpi)


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": True, "code": code, "message": message}


def call(app: Any, method: str, path: str, *, token: str | None = None) -> tuple[str, dict[str, str], bytes]:
    """Call a WSGI app in-process (for tests and examples): returns (status, headers, body)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "wsgi.input": io.BytesIO(b""),
        "SERVER_NAME": "local",
        "SERVER_PORT": "0",
        "wsgi.url_scheme": "http",
    }
    if token is not None:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


def make_server(app: Any, host: str, port: int) -> Any:
    """A threaded ``wsgiref`` server for local use (quiet request logging)."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer
    from wsgiref.simple_server import make_server as _make

    class _Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class _Handler(WSGIRequestHandler):
        disable_nagle_algorithm = True  # headers and body go out in separate writes

        def log_message(self, format: str, *args: Any) -> None:
            _LOG.info("%s - %s", self.address_string(), format % args)

    return _make(host, port, app, server_class=_Server, handler_class=_Handler)
