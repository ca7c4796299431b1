"""Screenshots of every page at 1920×1080 and 1280×720 into docs/screenshots/ (`make screenshots`)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import browser  # noqa: E402

PAGES = {
    "uebersicht": "/",
    "handlungsfeld-mobilitaet": "/handlungsfeld/mobilitaet",
    "handlungsfeld-sauberkeit": "/handlungsfeld/sauberkeit",
    "indikator-rad_dtv": "/indikatoren/rad_dtv",
    "massnahmen": "/massnahmen",
    "massnahme-radverkehrszaehlstellen": "/massnahmen/radverkehrszaehlstellen",
    "methodik": "/methodik",
    "evaluation": "/evaluation",
    "massnahme-mobilitaetsportal-plaene": "/massnahmen/mobilitaetsportal#massnahme-evaluation",
    "bericht": "/bericht",
    "glossar": "/glossar",
    "glossar-leichte-sprache": "/glossar?sprache=leicht",
    "vorher-nachher": "/vorher-nachher?indikator=rad_dtv&station=ecocounter:100069001&datum=2022-04-01&methode=its",
    "karte": "/karte",
    "karte-zaehlstelle": "/karte?station=ecocounter:100069001",
    "umfragen": "/umfragen",
    "datenqualitaet": "/datenqualitaet",
    "praesentation": "/praesentation",
    "praesentation-folie4": "/praesentation/demo?folie=4",
    "embed-rad_dtv": "/embed/rad_dtv",
    "uebersicht-englisch": "/?lang=en",
    "vorher-nachher-englisch": "/vorher-nachher?indikator=rad_dtv&station=ecocounter:100069001&datum=2022-04-01&methode=its&lang=en",
}
SIZES = {"1920x1080": (1920, 1080), "1280x720": (1280, 720)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://127.0.0.1:8050")
    p.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    p.add_argument("--only", nargs="*")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with browser() as b:
        for size, (w, h) in SIZES.items():
            page = b.new_page(viewport={"width": w, "height": h})
            for name, path in PAGES.items():
                if args.only and name not in args.only:
                    continue
                page.goto(args.base + path, wait_until="networkidle")
                page.wait_for_timeout(800)
                page.screenshot(path=str(args.out / f"{name}-{size}.png"), full_page=False)
                print(args.out / f"{name}-{size}.png")
            page.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
