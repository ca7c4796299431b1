"""Texte der Beispielseite, die als Werte ankommen (für die Extraktion mit `N_()` gelistet)."""

from __future__ import annotations

from dashboard.i18n import N_

TEXTS: tuple[str, ...] = (N_("Maßnahmen je Handlungsfeld"),)
