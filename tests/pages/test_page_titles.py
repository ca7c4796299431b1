"""Browser-tab titles name the thing shown (issue #16, point 16): a bookmark, a tab strip or a search result reads
"Radverkehr pro Tag (DTV) – Wirkungsmonitor Offenbach", not "Indikator – Wirkungsmonitor Offenbach"."""

from __future__ import annotations

import pytest
from app_support import open_page


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/indikatoren/rad_dtv", "Radverkehr pro Tag (DTV) – Wirkungsmonitor Offenbach"),
        ("/indikatoren/rad_dtv?lang=en", "Cycling per day (AADT) – Offenbach Impact Monitor"),
        ("/massnahmen/radverkehrszaehlstellen", "Radverkehrszählstellen – Wirkungsmonitor Offenbach"),
        ("/handlungsfeld/mobilitaet", "Handlungsfeld Mobilität – Wirkungsmonitor Offenbach"),
        ("/indikatoren/gibtsnicht", "Indikator – Wirkungsmonitor Offenbach"),  # unknown: the kind of page, no error
        ("/handlungsfeld/gibtsnicht", "Handlungsfeld – Wirkungsmonitor Offenbach"),
        ("/karte", "Karte – Wirkungsmonitor Offenbach"),
        ("/bericht", "Wirkungsbericht – Wirkungsmonitor Offenbach"),
    ],
)
def test_title_names_the_thing_shown(browser, base_url: str, path: str, title: str) -> None:
    page, _errors = open_page(browser, base_url + path, "h1")
    try:
        page.wait_for_function("t => document.title === t", arg=title, timeout=10000)
    except Exception:  # noqa: BLE001 - report the title the page ended with
        pytest.fail(f"{path}: title {page.title()!r}, expected {title!r}")
    finally:
        page.close()
