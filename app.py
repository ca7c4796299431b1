"""Entry point: settings → snapshot → app. `python app.py [--db SNAPSHOT] [--public] [--port N]`; gunicorn uses `app:server`."""

from __future__ import annotations

import argparse
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
