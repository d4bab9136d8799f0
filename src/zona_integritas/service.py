"""The PortalRB pull endpoints as a WSGI application (standard library only).

``GET /pengusulan/unit-wbk``, ``GET /pengusulan/unit-wbbm`` and ``GET /lke/jawaban-unit/{unit_id}``,
answered from a store exactly as PortalRB's integration guide (v1.0.0) specifies, for one evaluation
year. Every request needs ``Authorization: Bearer <token>``; the token comes from configuration
(never from code) and is compared in constant time. Errors are JSON ``{"error": true, "code",
"message"}``; responses never carry stack traces or internal paths.

The ``code`` of an error is a stable English identifier for programs (``UNAUTHORIZED``, ``DATA_NOT_FOUND``...);
its ``message`` is for people, in Indonesian or English: the request's ``Accept-Language`` header chooses
(``id``/``in`` or ``en``, by their ``q`` weights; the first supported one wins), and without a supported one
the server's language (``PortalRBApp(language=...)``, by default the language current when the app was made:
``zona-integritas --language en serve`` serves English). Every response says its language in
``Content-Language``. The data itself (unit names, answers, notes) is never translated.

``zona-integritas serve`` runs it on waitress (the ``serve`` extra), a maintained production WSGI
server, with bounded threads, connections, request sizes and idle timeouts; put it behind an HTTPS
reverse proxy. The store is opened read-only and checked when the server starts (:meth:`PortalRBApp.check`):
a missing file, a file that is not a store, or a store that fails :meth:`~zona_integritas.store.Store.verify`
stops the server instead of answering that no unit is proposed. Answers are cached in a bounded LRU
cache until the store changes. Units whose journey the guards refuse (a forged or orphan event) are
never listed.

>>> app = PortalRBApp(store_path="/nonexistent.db", token="s3cret", year=2026)
>>> status, headers, body = call(app, "GET", "/pengusulan/unit-wbk")
>>> status, json.loads(body)
('401 Unauthorized', {'error': True, 'code': 'UNAUTHORIZED', 'message': 'missing or invalid bearer token'})
>>> status, headers, body = call(app, "GET", "/pengusulan/unit-wbk", accept_language="id-ID,id;q=0.9,en;q=0.8")
>>> headers["Content-Language"], json.loads(body)["message"]
('id', 'token bearer tidak ada atau tidak sah')
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import UnknownItemError
from .i18n import Language, current_language, normalize_language, use_language
from .i18n import gettext as _
from .rulebook import Predicate
from .rulebook_loader import load_rulebook
from .store import StoreError
from .worksheet import Assessor

__all__ = ["CACHE_SIZE", "TOKEN_VARIABLE", "PortalRBApp", "ServerLimits", "call", "make_server"]

#: The environment variable ``zona-integritas serve`` reads the token from.
TOKEN_VARIABLE = "ZONA_INTEGRITAS_PORTALRB_TOKEN"
_LOG = logging.getLogger("zona_integritas.service")
#: Answers kept in the response cache (least recently used dropped first).
CACHE_SIZE = 512
_UNIT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
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
    """The WSGI application. The store is opened read-only once and used under a lock (threaded servers
    are fine); answers are cached (at most ``cache_size``, least recently used dropped first) until the
    store changes (a new event, worksheet or unit, also when written by another process)."""

    def __init__(
        self,
        *,
        store_path: str | Path,
        token: str,
        year: int,
        cache_size: int = CACHE_SIZE,
        language: str | None = None,
    ) -> None:
        #: the language of error messages when a request asks for none the library speaks, and of the log
        self.language: Language = current_language() if language is None else normalize_language(language)
        with use_language(self.language):
            if not isinstance(token, str) or not token.strip():
                raise ValueError(_("a bearer token is required (a blank one is refused)"))
            if cache_size < 1:
                raise ValueError(_("cache_size is at least 1, got {value}").format(value=cache_size))
        self.store_path = Path(store_path)
        self._token = token.strip().encode()
        self.year = year
        self.cache_size = cache_size
        self._lock = threading.RLock()
        self._db: Any = None
        self._fingerprint: tuple[Any, ...] = ()
        self._cache: OrderedDict[tuple[Any, ...], tuple[int, bytes]] = OrderedDict()

    def check(self, *, verify: bool = True) -> None:
        """Open the store read-only and, with ``verify``, check its integrity; raise if it cannot be served.

        :class:`~zona_integritas.store.StoreError` names the problem (no file — it is never created —,
        not a store, a newer schema, or a failed :meth:`~zona_integritas.store.Store.verify`).
        """
        with self._lock:
            db = self._store()
            if verify:
                db.verify()

    def _store(self) -> Any:
        from . import store

        if self._db is None:
            self._db = store.open(self.store_path, read_only=True)
        return self._db

    def close(self) -> None:
        """Close the store (a later request opens it again)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one WSGI request (error messages in the language the request accepts)."""
        language = self.language_of(environ)
        with use_language(language):
            try:
                status, payload = self._route(environ, language)
            except Exception:  # never leak a stack trace or a path to the client
                with use_language(self.language):
                    self._log(logging.ERROR, _("request failed"), exc_info=True)
                status, payload = 500, _error("INTERNAL_ERROR", _("internal error"))
        body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        start_response(
            _STATUS[status],
            [
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Content-Language", language),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    def language_of(self, environ: dict[str, Any]) -> Language:
        """The language of a request's messages: the best of its ``Accept-Language`` the library speaks, or the
        server's.

        >>> app = PortalRBApp(store_path="x.db", token="t", year=2026, language="id")
        >>> app.language_of({"HTTP_ACCEPT_LANGUAGE": "fr-FR, en;q=0.5, id;q=0.4"}), app.language_of({})
        ('en', 'id')
        """
        return _accepted(str(environ.get("HTTP_ACCEPT_LANGUAGE", ""))[:512], self.language)

    def _log(self, level: int, message: str, *, exc_info: bool = False) -> None:
        """Log ``message`` (made by the caller in the server's language, whatever the request's)."""
        _LOG.log(level, message, exc_info=exc_info)

    def _authorised(self, environ: dict[str, Any]) -> bool:
        header = environ.get("HTTP_AUTHORIZATION", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            hmac.compare_digest(b"x" * len(self._token), self._token)  # same work either way
            return False
        return hmac.compare_digest(given.strip().encode("utf-8", "replace"), self._token)

    def _route(self, environ: dict[str, Any], language: Language) -> tuple[int, Any]:
        if not self._authorised(environ):
            return 401, _error("UNAUTHORIZED", _("missing or invalid bearer token"))
        if environ.get("REQUEST_METHOD", "GET") != "GET":
            return 405, _error("METHOD_NOT_ALLOWED", _("only GET is supported"))
        path = environ.get("PATH_INFO", "") or "/"
        try:
            if path in ("/pengusulan/unit-wbk", "/pengusulan/unit-wbbm"):
                predicate = Predicate.WBK if path.endswith("wbk") else Predicate.WBBM
                return 200, self._units(predicate)
            prefix = "/lke/jawaban-unit/"
            if path.startswith(prefix):
                unit_id = path[len(prefix) :]
                if not _UNIT_ID.fullmatch(unit_id):
                    return 422, _error("INVALID_UNIT_ID", _("the unit id is not valid"))
                return self._answers(unit_id, language)
        except StoreError:  # fail closed: never answer "no unit" when the store cannot be read
            with use_language(self.language):
                self._log(logging.ERROR, _("the store cannot be read"), exc_info=True)
            self.close()
            return 503, _error("SERVICE_UNAVAILABLE", _("the data store is unavailable"))
        return 404, _error("NOT_FOUND", _("no such endpoint"))

    def _cached(self, key: tuple[Any, ...], build: Callable[[], tuple[int, dict[str, Any]]]) -> tuple[int, bytes]:
        """The encoded answer, cached until the store changes (bounded: least recently used dropped)."""
        with self._lock:
            fingerprint = self._store().fingerprint()
            if self._fingerprint != fingerprint:
                self._fingerprint = fingerprint
                self._cache.clear()
            found = self._cache.get(key)
            if found is None:
                status, payload = build()
                found = (status, json.dumps(payload, ensure_ascii=False).encode())
                self._cache[key] = found
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(key)
            return found

    def _units(self, predicate: Predicate) -> Any:
        return self._cached(("units", predicate), lambda: (200, self._build_units(predicate)))[1]

    def _build_units(self, predicate: Predicate) -> dict[str, Any]:
        from .io.portalrb import ProposedUnit, unit_list_payload

        db = self._store()
        units = []
        for unit_id in db.proposed(self.year, predicate):  # confirmed by the guards, orphans excluded
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

    def _answers(self, unit_id: str, language: Language) -> tuple[int, Any]:
        # the language is part of the key: a "not found" answer carries a message in it
        return self._cached(("answers", unit_id, language), lambda: self._build_answers(unit_id))

    def _build_answers(self, unit_id: str) -> tuple[int, dict[str, Any]]:
        from .io.portalrb import answers_payload

        db = self._store()
        try:
            unit = db.unit(unit_id)
        except UnknownItemError:
            return 404, _error("DATA_NOT_FOUND", _("unit {unit} is not known").format(unit=unit_id))
        if not db.is_accepted(unit_id):  # its journey is refused by the guards: serve nothing of it
            with use_language(self.language):
                self._log(
                    logging.ERROR,
                    _("unit {unit}: its journey is refused by the guards; run verify()").format(unit=unit_id),
                )
            return 404, _error("DATA_NOT_FOUND", _("unit {unit} is not known").format(unit=unit_id))
        worksheet = db.latest_worksheet(unit_id, self.year, Assessor.UNIT)
        tpi = db.latest_worksheet(unit_id, self.year, Assessor.TPI)
        if worksheet is None:
            return 404, _error(
                "DATA_NOT_FOUND",
                _("no LKE answers of unit {unit} for {year}").format(unit=unit_id, year=self.year),
            )
        return 200, answers_payload(unit.id, unit.name, self.year, unit=worksheet, tpi=tpi)


def _error(code: str, message: str) -> dict[str, Any]:
    """An error body: the stable machine ``code`` and the ``message`` (already in the request's language)."""
    return {"error": True, "code": code, "message": message}


def _accepted(header: str, default: Language) -> Language:
    """The first language of an ``Accept-Language`` header (by ``q``, then order) that the library speaks."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:32]):
        tag, _sep, parameters = part.strip().partition(";")
        weight = 1.0
        for parameter in parameters.split(";"):
            name, _eq, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and 0 < weight <= 1:
            ranked.append((-weight, index, tag.strip()))
    for _weight, _index, tag in sorted(ranked):
        if tag == "*":
            return default
        primary = tag.split("-")[0].split("_")[0].lower()
        if primary in ("id", "in"):
            return "id"
        if primary == "en":
            return "en"
    return default


def call(
    app: Any, method: str, path: str, *, token: str | None = None, accept_language: str | None = None
) -> tuple[str, dict[str, str], bytes]:
    """Call a WSGI app in-process (for tests and examples): returns (status, headers, body).

    ``accept_language`` is sent as the ``Accept-Language`` header.
    """
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
    if accept_language is not None:
        environ["HTTP_ACCEPT_LANGUAGE"] = accept_language
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


class ServerLimits:
    """The bounds of the HTTP server (waitress): worker threads, open connections, idle timeout, sizes.

    The defaults suit one city's PortalRB pulls: a few requests a minute, answers of ~40 KB. An idle
    connection costs waitress a few kilobytes, not a thread, so the connection limit is generous; the
    threads that run requests are few. Beyond the limit, connections wait in the listen backlog until
    idle ones time out: a flood of idle connections is best stopped at the reverse proxy.
    """

    def __init__(
        self,
        *,
        threads: int = 8,
        connection_limit: int = 1000,
        channel_timeout: int = 10,
        backlog: int = 1024,
        max_request_header_size: int = 16 * 1024,
        max_request_body_size: int = 16 * 1024,
    ) -> None:
        self.threads = threads
        self.connection_limit = connection_limit
        self.channel_timeout = channel_timeout
        self.backlog = backlog
        self.max_request_header_size = max_request_header_size
        self.max_request_body_size = max_request_body_size

    def as_waitress(self) -> dict[str, Any]:
        """The waitress adjustments these limits stand for."""
        return {
            "threads": self.threads,
            "connection_limit": self.connection_limit,
            "channel_timeout": self.channel_timeout,
            "cleanup_interval": max(1, min(30, self.channel_timeout)),
            "backlog": self.backlog,
            "max_request_header_size": self.max_request_header_size,
            "max_request_body_size": self.max_request_body_size,
            "expose_tracebacks": False,
            "ident": "zona-integritas",
            "asyncore_use_poll": True,  # poll(), not select(): no 1,024-descriptor ceiling
        }


class _Waitress:
    """A waitress server with the small interface the CLI and tests use."""

    def __init__(self, app: Any, host: str, port: int, limits: ServerLimits, trusted_proxy: str | None) -> None:
        try:
            from waitress.server import create_server
        except ImportError as exc:  # pragma: no cover - exercised only without the extra
            raise ImportError(
                _("serving needs waitress: {command}").format(command="pip install 'zona-integritas[serve]'")
            ) from exc
        options = limits.as_waitress()
        if trusted_proxy:
            options.update(
                trusted_proxy=trusted_proxy,
                trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"},
                clear_untrusted_proxy_headers=True,
            )
        self._server = create_server(app, host=host, port=port, **options)
        self.server_port = int(self._server.effective_port)

    def serve_forever(self) -> None:
        self._server.run()

    def shutdown(self) -> None:
        self._server.close()

    def server_close(self) -> None:
        self._server.close()


def make_server(
    app: Any,
    host: str,
    port: int,
    *,
    limits: ServerLimits | None = None,
    engine: str = "waitress",
    trusted_proxy: str | None = None,
) -> Any:
    """A server for ``app``: waitress with bounded threads, connections and timeouts (``engine="waitress"``).

    ``engine="wsgiref"`` gives the standard library's server for local trials only (a listen backlog
    of 128, a 30 s socket timeout, one thread per connection); it is never the default. The returned
    object has ``server_port``, ``serve_forever()``, ``shutdown()`` and ``server_close()``.
    ``trusted_proxy`` is the address of the reverse proxy whose ``X-Forwarded-*`` headers are believed.
    """
    limits = limits or ServerLimits()
    if engine == "waitress":
        return _Waitress(app, host, port, limits, trusted_proxy)
    if engine != "wsgiref":
        raise ValueError(_("engine is 'waitress' or 'wsgiref', got {value!r}").format(value=engine))
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer
    from wsgiref.simple_server import make_server as _make

    class _Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 128

    class _Handler(WSGIRequestHandler):
        disable_nagle_algorithm = True  # headers and body go out in separate writes
        timeout = 30  # an idle connection is dropped

        def log_message(self, format: str, *args: Any) -> None:
            _LOG.info("%s - %s", self.address_string(), format % args)

    return _make(host, port, app, server_class=_Server, handler_class=_Handler)
