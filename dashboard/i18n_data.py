"""The shell's German texts that reach `_()` as values, not as literals, and `extracted` (what `make i18n-extract` finds).

`make i18n-extract` finds the literal texts of `_("…")` and `N_("…")` calls. Texts that come from data at run time,
from the page registry (`name=`), from dict lookups or from inside f-strings reach `_()` as a value; their English
stays in dashboard/locale/en/LC_MESSAGES/messages.po only because some source lists them with `N_()`. A page lists
its own in `pages/<name>/texts.py` (`TEXTS`); this module lists the shell's: its controls, the chart card, the
measures' statuses, and what every page may show (Handlungsfelder and Zielbilder, the indicators' units). Nothing
imports these tuples at run time; tests use `extracted`.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.i18n import N_

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("app.py", "dashboard", "pages", "indicators")  # as in the Makefile's i18n-extract
KEYWORDS: dict[str, None] = {"_": None, "N_": None}  # `--no-default-keywords -k _ -k N_`


def extracted(*paths: str, root: Path = ROOT) -> dict[str, list[str]]:
    """German text → `file:line`s of the `_("…")`/`N_("…")` literals in `paths` (files or folders below `root`,
    default `SOURCES`), found by Babel's extractor with the project's babel.cfg, as `make i18n-extract` finds them."""
    from babel.messages.extract import extract_from_dir, extract_from_file
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str, list[str]] = {}
    for path in paths or SOURCES:
        if (root / path).is_dir():
            hits = (
                (f"{path}/{name}", line, msg)
                for name, line, msg, _c, _ctx in extract_from_dir(root / path, method_map, options_map, keywords=KEYWORDS)
            )
        else:
            hits = ((path, line, msg) for line, msg, _c, _ctx in extract_from_file("python", root / path, keywords=KEYWORDS))
        for name, line, msg in hits:
            if isinstance(msg, str):
                found.setdefault(msg, []).append(f"{name}:{line}")
    return found


# the shell: its controls, the chart card, the chart's marks, the measures' statuses (indicators/catalogue.py)
SHELL: tuple[str, ...] = (
    # shell
    N_("Sprache"),
    # measure statuses (`MEASURE_STATUS_DE`: the card's badge and several pages)
    N_("geplant"),
    N_("in Umsetzung"),
    N_("umgesetzt"),
    N_("pausiert"),
    # chart card and chart (dashboard/components.py, dashboard/charts.py)
    N_("Die neuesten"),
    N_("Zeilen; alle im Download."),
    N_("Lizenz"),
    N_("Stand"),
    N_("Download"),
    N_("Ziel"),
    N_("Start Maßnahme"),
)

# Handlungsfelder and Zielbilder (the strategy's German text is the original)
STRATEGY: tuple[str, ...] = (
    N_("Mobilität"),
    N_(
        "Alle Menschen können in Offenbach einfach und sicher mobil sein. Die Mobilitätsangebote sind an die "
        "unterschiedlichen Bedürfnisse der Bürger*innen angepasst und zudem umwelt- und klimagerecht "
        "gestaltet, sodass sich die Menschen gerne in der Stadt aufhalten und sich wohl fühlen."
    ),
    N_("Wohnen & Leben"),
    N_(
        "In Offenbach finden Menschen den Raum zum Wohnen und Leben, der zu ihnen passt. Öffentliche Räume "
        "entwickeln sich mit den Bedürfnissen der Bürger*innen und sind Orte, an denen unterschiedliche "
        "Menschen gerne zusammenkommen."
    ),
    N_("Sauberkeit"),
    N_(
        "Dreck ist in Offenbach in 48 Stunden oder schneller zuverlässig beseitigt. Mehr Bürger*innen sind "
        "sich der Wichtigkeit des Themas bewusst; es wird weniger Dreck verursacht."
    ),
    N_("Wirtschaft"),
    N_(
        "Unternehmen und Geschäftsleute finden in Offenbach einfach die Flächen und Infrastruktur, die sie "
        "brauchen. Datenbasierte Informationssysteme bringen Kunden und Wirtschaft näher zusammen."
    ),
    N_("Kommunikation & Bildung"),
    N_(
        "Unsere Bildungsorte nutzen und vermitteln die neuesten Technologien, um allen Offenbachern mehr "
        "Chancen und Zugänge zu öffnen. Die Bürger*innen erhalten die Informationen aus Stadt und "
        "Stadtgesellschaft, die sie betreffen und interessieren."
    ),
    N_("Klima & Umwelt"),
    N_(
        "Verwaltung und Bürger*innen wissen durch datenbasierte Informationssysteme immer besser, wie es dem "
        "Klima und dem Grün in der Stadt geht. Durch individuelle wie gemeinsame Maßnahmen ist die Resilienz "
        "der Stadt gegen Extremwetterereignisse gestärkt."
    ),
)

# units of the indicators (records and catalogue): every indicator card shows them
UNITS: tuple[str, ...] = (
    N_("Radfahrten/Tag"),
    N_("Passanten/Tag"),
    N_("Nutzer*innen/Monat"),
    N_("Stunden"),
    N_("Stunden/Winter"),
    N_("Besuche/Monat"),
    N_("Veranstaltungen/Jahr"),
    N_("Anzahl/Jahr"),
    N_("Aufrufe/Monat"),
    N_("Meldungen/Monat"),
    N_("Teilnahmen/Jahr"),
    N_("Schüler*innen/Gerät"),
    N_("Geräte/Monat"),
    N_("Tage/Jahr"),
    N_("Abrufe/Monat"),
)
