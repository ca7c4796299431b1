"""English texts of the map page (/karte), keyed by the German original (merged into dashboard.translations.EN)."""
from __future__ import annotations

EN_KARTE: dict[str, str] = {
}
