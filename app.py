"""Entry point: settings → snapshot → app. `python app.py [--db SNAPSHOT] [--public] [--port N]`; gunicorn uses `app:server`."""

from __future__ import annotations

import argparse
import socket
import sys

import dash

from dashboard import security
from dashboard.factory import NotAPublicSnapshot, create_app
from dashboard.settings import Settings, SettingsError
from indicators.store import DEFAULT_SNAPSHOT


def _app_from_env() -> dash.Dash:
    settings = Settings.load()
    security.check_bind(settings)
    try:
        return create_app(settings)
    except NotAPublicSnapshot as e:
        print(f"ERROR {e}", file=sys.stderr)
        raise SystemExit(2) from None


def _port_busy(host: str, port: int) -> str | None:
    """One German line when the address is taken (instead of Werkzeug's traceback after "Dash is running on …")."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Werkzeug's server does
        try:
            s.bind((host, port))
        except OSError:
            return (
                f"ERROR Port {port} auf {host} ist schon belegt (läuft das Dashboard bereits?): "
                f"einen anderen Port wählen, z. B. `make run PORT={port + 1}` oder `python app.py --port {port + 1}`"
            )
    return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python app.py", description="Wirkungsmonitor-Dashboard (Entwicklungsserver)")
    p.add_argument("--db", help=f"Snapshot (Standard: {DEFAULT_SNAPSHOT})")
    p.add_argument("--public", action="store_true", default=None, help="öffentliche Instanz")
    p.add_argument("--port", type=int)
    p.add_argument("--host", help="Adresse (Standard 127.0.0.1; andere nur mit Anmeldung oder --public)")
    args = p.parse_args(argv)
    try:
        settings = Settings.load(db=args.db, public=args.public, port=args.port, host=args.host)
    except SettingsError as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 2
    try:
        security.check_bind(settings)
    except PermissionError as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 2
    if not settings.db.exists():
        print(f"ERROR Snapshot {settings.db} fehlt: erst `python -m etl publish` ausführen", file=sys.stderr)
        return 1
    busy = _port_busy(settings.host, settings.port)
    if busy:
        print(busy, file=sys.stderr)
        return 1
    try:
        app = create_app(settings)
    except NotAPublicSnapshot as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 2
    app.run(host=settings.host, port=settings.port, debug=False)  # debug (Werkzeug debugger) is never on
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
else:

    def __getattr__(name: str):  # PEP 562: build the app only when gunicorn asks for it, never at plain import
        if name == "server":
            return _app_from_env().server
        raise AttributeError(name)
