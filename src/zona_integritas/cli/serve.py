"""``serve``: PortalRB's pull endpoints from a store, on waitress with bounded threads, connections and timeouts."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..i18n import gettext as _

__all__ = ["register"]


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    import os

    from ..service import TOKEN_VARIABLE, PortalRBApp, ServerLimits, make_server

    token = os.environ.get(TOKEN_VARIABLE, "")
    if not token.strip():
        raise ValueError(_("refusing to start without a token: set {variable}").format(variable=TOKEN_VARIABLE))
    app = PortalRBApp(
        store_path=args.db, token=token, year=args.year, cache_size=args.cache_size, language=args.language
    )
    app.check(verify=args.verify)  # fail closed: no store, not a store, or a tampered one stops here
    limits = ServerLimits(threads=args.threads, connection_limit=args.connection_limit, channel_timeout=args.timeout)
    server = make_server(app, args.host, args.port, limits=limits, engine=args.engine, trusted_proxy=args.trusted_proxy)
    address = f"http://{args.host}:{server.server_port}"
    out.write(
        _("serving PortalRB endpoints for {year} from {store} on {address}").format(
            year=args.year, store=args.db, address=address
        )
        + "\n"
    )
    out.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # pragma: no cover - interactive stop
        pass
    finally:
        server.server_close()
        app.close()
    return 0


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    help_serve = _(
        "serve PortalRB's pull endpoints from a store (.db); error messages follow the request's "
        "Accept-Language, else --language"
    )
    p = sub.add_parser("serve", help=help_serve, description=help_serve)
    p.add_argument("--db", required=True, help=_("the store file (opened read-only; never created)"))
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("the address to listen on (default {default})").format(default="127.0.0.1"),
    )
    p.add_argument(
        "--port", type=int, default=8080, help=_("the port to listen on (default {default})").format(default=8080)
    )
    p.add_argument("--year", type=int, required=True, help=_("the evaluation year served"))
    p.add_argument("--threads", type=int, default=8, help=_("worker threads (default {default})").format(default=8))
    p.add_argument(
        "--connection-limit",
        type=int,
        default=1000,
        help=_("open connections at most (default {default})").format(default=1000),
    )
    p.add_argument(
        "--timeout",
        type=int,
        default=10,
        help=_("seconds an idle connection is kept (default {default})").format(default=10),
    )
    p.add_argument(
        "--cache-size",
        type=int,
        default=512,
        help=_("answers kept in the response cache (default {default})").format(default=512),
    )
    p.add_argument("--trusted-proxy", default=None, help=_("address of the reverse proxy whose X-Forwarded-* to trust"))
    p.add_argument(
        "--engine", choices=["waitress", "wsgiref"], default="waitress", help=_("wsgiref only for local trials")
    )
    p.add_argument(
        "--no-verify", dest="verify", action="store_false", help=_("skip the integrity check of the store at startup")
    )
    p.set_defaults(handler=cmd_serve)
