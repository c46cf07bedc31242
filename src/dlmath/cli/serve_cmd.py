"""``dlmath serve``: the web app over the same store as the command line."""

from __future__ import annotations

import typer

from dlmath.cli.output import fail

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    open_browser: bool = typer.Option(False, "--open", help="Open the app in a browser."),
    mode: str = typer.Option("local", "--mode", help="local (one learner) or group."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
) -> None:
    """Start the web app and print its address (Ctrl-C stops it)."""
    if mode not in ("local", "group"):
        fail(f"error: --mode must be local or group, got {mode!r}")
    if mode == "local" and host not in LOOPBACK:
        fail("error: local mode has no sign-in, so it listens on loopback only (127.0.0.1)")
    if mode == "group":
        _serve_group(host, port, workers)
        return
    if workers != 1:
        fail("error: local mode runs one worker")
    import uvicorn

    from dlmath.store import StoreError
    from dlmath.web import create_app

    try:
        app = create_app(mode=mode, allowed_hosts=[host, *LOOPBACK])
    except StoreError as error:
        fail(f"error: {error}")
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/"
    typer.echo(f"dlmath is running at {address}  (Ctrl-C stops it)")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=75)
    except OSError as error:  # e.g. the port is taken
        fail(f"error: cannot listen on {host}:{port}: {error}")


def _serve_group(host: str, port: int, workers: int) -> None:
    """Group mode: accounts and classes; several worker processes on PostgreSQL.

    Every worker builds its own app (``create_app`` as a factory, told the mode by the
    environment) with its own connection pool; the schema is migrated once, here, first.
    """
    import os

    import uvicorn

    from dlmath.config import database_url
    from dlmath.store import StoreError, open_store
    from dlmath.store.engine import public_url

    url = database_url()
    if url.startswith("sqlite") and workers > 1:
        fail(
            "error: SQLite takes one writer at a time, so group mode with --workers > 1 "
            "needs PostgreSQL: set DLMATH_DATABASE_URL=postgresql+psycopg://..."
        )
    try:
        open_store(url).close()
    except StoreError as error:
        fail(f"error: {error}")
    os.environ["DLMATH_WEB_MODE"] = "group"
    os.environ["DLMATH_WEB_WORKERS"] = str(workers)
    typer.echo(
        f"dlmath (group mode, {workers} worker{'s' if workers > 1 else ''}, "
        f"{public_url(url)}) is running at http://{host}:{port}/  (Ctrl-C stops it)"
    )
    try:
        uvicorn.run(
            "dlmath.web:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            timeout_keep_alive=75,  # longer than a load balancer's usual 60 s idle timeout
            proxy_headers=True,
        )
    except OSError as error:
        fail(f"error: cannot listen on {host}:{port}: {error}")
