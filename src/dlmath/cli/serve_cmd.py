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
        fail("error: group mode is not available in this version")
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
