#!/usr/bin/env bash
# Lasttest der öffentlichen Instanz: Demo-Warehouse bauen, öffentlich veröffentlichen, gunicorn -w 2 auf 127.0.0.1,
# 50 Nutzer 60 s (bench/loadtest.py), Ergebnis an docs/performance.md unter "## Lasttest (öffentliche Instanz)" anhängen.
#   bash bench/run_loadtest.sh            (USERS=50 SECONDS_RUN=60 WORK=/tmp/… PY=.venv/bin/python überschreibbar)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
GUNICORN=${GUNICORN:-$(dirname "$PY")/gunicorn}
USERS=${USERS:-50}
SECONDS_RUN=${SECONDS_RUN:-60}
WORK=${WORK:-$(mktemp -d /tmp/wm-loadtest.XXXXXX)}
mkdir -p "$WORK"

[ -x "$GUNICORN" ] || { echo "ERROR gunicorn fehlt: $PY -m pip install -e '.[test]'" >&2; exit 2; }

echo "Demo-Warehouse und öffentlicher Snapshot in $WORK …" >&2
"$PY" -m etl demo --db "$WORK/build.duckdb" >&2
"$PY" -m etl publish --public --db "$WORK/build.duckdb" --out "$WORK/public.duckdb" >&2

PORT=${PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
WM_PUBLIC=1 WM_DB="$WORK/public.duckdb" "$GUNICORN" -c gunicorn.conf.py -w 2 -b "127.0.0.1:$PORT" --log-level warning \
  --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" 'app:server' &
GPID=$!
trap 'kill "$GPID" 2>/dev/null || true; wait "$GPID" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do  # both workers build the app on their first request: wait until the overview answers
  if "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)" "http://127.0.0.1:$PORT/" 2>/dev/null; then
    break
  fi
  kill -0 "$GPID" 2>/dev/null || { echo "ERROR gunicorn beendet, siehe $WORK/gunicorn.log" >&2; cat "$WORK/gunicorn.log" >&2; exit 1; }
  sleep 0.5
done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
set +e
"$PY" bench/loadtest.py --base "http://127.0.0.1:$PORT" --users "$USERS" --seconds "$SECONDS_RUN" > "$WORK/loadtest.json"
RC=$?
set -e
cat "$WORK/loadtest.json"

"$PY" - "$WORK/loadtest.json" "$LOAD_BEFORE" <<'EOF'
"""Append one result row to docs/performance.md, inside the section "## Lasttest (öffentliche Instanz)"."""
import json
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

res = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
load = sys.argv[2]
doc = Path("docs/performance.md")
head = "## Lasttest (öffentliche Instanz)"
intro = (
    f"{head}\n\n"
    "`bash bench/run_loadtest.sh` (oder `make loadtest`): Demo-Warehouse, `python -m etl publish --public`, "
    "`gunicorn -w 2 'app:server'` mit `WM_PUBLIC=1` auf 127.0.0.1; `bench/loadtest.py` simuliert 50 gleichzeitige "
    "Nutzer für 60 s. Ein Nutzer öffnet zu 70 % die Einbettung `/embed/rad_dtv`, zu 30 % die Übersicht `/`, jeweils wie "
    "der Browser: Seiten-HTML, `/_dash-layout`, `/_dash-dependencies` und den Callback, der den Seiteninhalt zeichnet "
    "(`/_dash-update-component`). Latenzen über alle erfolgreichen Anfragen; Fehler = alles außer HTTP 200 "
    "(auch Zeitüberschreitung > 30 s). Lastmittel = `/proc/loadavg` vor dem Lauf (Last anderer Prozesse auf der "
    "Maschine verfälscht die Zahlen nach oben).\n\n"
    "| Datum | Maschine | Lastmittel | Nutzer | Dauer s | Anfragen | Anfr./s | Fehler | p50 ms | p95 ms | "
    "p95 Einbettung-Callback ms | p95 Übersicht-Callback ms |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
)
ep = res["endpoints"]
cb_embed = next((v["p95_ms"] for k, v in ep.items() if k.startswith("/embed/") and "Callback" in k), None)
cb_over = next((v["p95_ms"] for k, v in ep.items() if k.startswith("/ ") and "Callback" in k), None)
row = (
    f"| {datetime.now():%Y-%m-%d %H:%M} | {os.cpu_count()} Kerne, {platform.python_implementation()} "
    f"{platform.python_version()} | {load} | {res['users']} | {res['seconds']} | {res['requests']} | "
    f"{res['requests_per_s']} | {res['errors']} | {res['p50_ms']} | {res['p95_ms']} | {cb_embed} | {cb_over} |\n"
)
text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
if head not in text:
    text = text.rstrip("\n") + "\n\n" + intro + row
else:
    start = text.index(head)
    nxt = text.find("\n## ", start + len(head))
    end = len(text) if nxt < 0 else nxt + 1
    section = text[start:end].rstrip("\n") + "\n" + row
    text = text[:start] + section + ("\n" + text[end:] if nxt >= 0 else "")
doc.write_text(text, encoding="utf-8")
print(f"an {doc} angehängt", file=sys.stderr)
EOF
exit "$RC"
