"""``serve``: PortalRB's pull endpoints from a store."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

__all__ = ["register"]


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    import os

    from ..service import TOKEN_VARIABLE, PortalRBApp, make_server

    token = os.environ.get(TOKEN_VARIABLE, "")
    if not token:
        raise ValueError(f"refusing to start without a token: set {TOKEN_VARIABLE}")
    app = PortalRBApp(store_path=args.db, token=token, year=args.year)
    server = make_server(app, args.host, args.port)
    out.write(f"serving PortalRB endpoints for {args.year} from {args.db} on http://{args.host}:{server.server_port}\n")
    out.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # pragma: no cover - interactive stop
        pass
    finally:
        server.server_close()
    return 0


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    p = sub.add_parser("serve", help="serve PortalRB's pull endpoints from a store")
    p.add_argument("--db", required=True, help="the store file")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--year", type=int, required=True, help="the evaluation year served")
    p.set_defaults(handler=cmd_serve)
