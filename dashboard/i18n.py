"""German first, English second: `_()` translates a German UI text for the current request (gettext catalogues).

The German text is the message id; the English is in dashboard/locale/en/LC_MESSAGES/messages.po (docs/translations.md
says how to edit it). The language comes from `?lang=` or the `wm_lang` cookie set by the language switch
(`/sprache`), so it also holds in Dash's page-rendering callbacks. Untranslated texts stay German.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, redirect, request
from flask.globals import _cv_request  # Flask 3.1 (pinned): the request context, without the proxies' cost
from werkzeug.wrappers import Response as WerkzeugResponse

LANGS = ("de", "en")
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"


def current_lang() -> str:
    ctx = _cv_request.get(None)  # the request context itself: `_()` runs thousands of times per page (the map's table)
    if ctx is None:
        return "de"
    # `use_lang` (a page's own `?lang=`, e.g. an embed) wins: Dash's callbacks carry the cookie, not the page's query
    lang = getattr(ctx, "wm_lang", None)
    if lang is None:
        lang = getattr(ctx, "wm_request_lang", None)
        if lang is None:  # resolved once per request
            lang = request.args.get("lang") or _page_query_lang() or request.cookies.get("wm_lang") or "de"
            lang = ctx.wm_request_lang = lang if lang in LANGS else "de"  # type: ignore[attr-defined]
    return lang


def _page_query_lang() -> str | None:
    """`?lang=` of the page a Dash request (`/_dash-layout`, callbacks) comes from: they carry no query of their own,
    so a shared link like `/umfragen?lang=en` would otherwise show the page in the cookie's language."""
    if not request.path.startswith("/_dash-") or not request.referrer:
        return None
    from urllib.parse import parse_qs, urlsplit

    langs = parse_qs(urlsplit(request.referrer).query).get("lang")
    return langs[0] if langs else None


def use_lang(lang: str | None) -> str:
    """Use `lang` for the rest of this request (when it is one of LANGS); returns the language now in use."""
    ctx = _cv_request.get(None)
    if lang in LANGS and ctx is not None:
        ctx.wm_lang = lang  # type: ignore[attr-defined]  # this request's own attribute, read by `current_lang`
    return current_lang()


def page_title(name: str | None = None, *, shown: Callable[..., str | None] | None = None) -> Callable[..., str]:
    """A browser-tab title in the reader's language, for `dash.register_page(title=…)`.

    Dash calls it with the page's path variables; `shown(**path_variables)` names the thing the page shows (an
    indicator, a measure, a Handlungsfeld: "Radverkehr pro Tag (DTV) – Wirkungsmonitor Offenbach"), else `name`."""

    def title(**path_variables: str) -> str:
        site = _("Wirkungsmonitor Offenbach")
        label = shown(**path_variables) if shown is not None else None
        label = label or (_(name) if name else None)
        return f"{label} – {site}" if label else site

    return title


_english: dict[str, str] = {}  # `messages("en")`, filled on the first English `_()` of each process (then read only)


def _(text: str) -> str:
    # a plain dict lookup, as fast as the former hand-kept table: `_()` runs thousands of times per page (the map's
    # table); a call of the cached `messages("en")` would cost a third of `_()` again
    if current_lang() == "en":
        return (_english or _read_english()).get(text, text)
    return text


def _read_english() -> dict[str, str]:
    _english.update(messages("en"))
    return _english


def N_(text: str) -> str:  # noqa: N802 - the gettext convention extraction looks for
    """Marks a German text for extraction where it is defined (a constant, a list of names); `_()` translates it
    where it is shown."""
    return text


@functools.cache
def messages(lang: str) -> dict[str, str]:
    """German text → its translation in `lang` (empty for German): the catalogue's messages, read once per process."""
    if lang == "de":
        return {}
    catalog = translations(lang)._catalog  # type: ignore[attr-defined]  # GNUTranslations' own dict, msgid → msgstr
    return {k: v for k, v in catalog.items() if isinstance(k, str) and k and v}  # "" holds the .po's header


def translations(lang: str) -> gettext.GNUTranslations:
    """The catalogue of `lang`: the compiled `.mo` when it is at least as new as its `.po`, else the `.po` itself.

    So an edited `.po` counts at the next start even when nobody ran `make i18n-compile`; fuzzy entries are left
    out either way (they stay German, as with gettext's own tools).
    """
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    from babel.messages.mofile import write_mo  # only on this path: the .po is read by Babel and compiled in memory
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def install(server: Flask) -> None:
    @server.after_request
    def html_lang(resp: Response) -> Response:
        # Dash's index page opens with a bare <html>: screen readers need the document language
        if resp.mimetype == "text/html" and not resp.direct_passthrough:
            body = resp.get_data(as_text=True)
            if "<html>" in body[:200]:
                resp.set_data(body.replace("<html>", f'<html lang="{current_lang()}">', 1))
        return resp

    @server.route("/sprache")
    def switch_language() -> WerkzeugResponse:
        lang = request.args.get("lang", "de")
        # back to the page the switch was clicked on (a Referer of this site), or `next`: a path of this site only
        if "next" in request.args:
            target = local_path(request.args["next"])
        else:
            ref = urlsplit(request.headers.get("Referer", ""))
            same_site = ref.scheme in ("http", "https") and ref.netloc == request.host
            target = local_path(ref.path + (f"?{ref.query}" if ref.query else "")) if same_site else None
        resp = redirect(target or "/")
        resp.set_cookie("wm_lang", lang if lang in LANGS else "de", max_age=365 * 24 * 3600, samesite="Lax")
        return resp


def local_path(target: str) -> str | None:
    """`target` when it is a path on this site, else None: one leading `/`, no scheme, no authority, no backslash and
    no control character (browsers drop a tab or a newline: `/<tab>/evil.example` is `//evil.example` to them)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
