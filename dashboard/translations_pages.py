"""English texts of the Maßnahmen, Vorher-nachher, Umfragen, Datenqualität and Präsentation pages, keyed by the German original (merged into dashboard.translations.EN)."""
from __future__ import annotations

EN_PAGES: dict[str, str] = {
}
