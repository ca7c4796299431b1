"""German first, English second: `_()` translates a German UI text for the current request (gettext style).

The language comes from `?lang=` or the `wm_lang` cookie set by the language switch (`/sprache`), so it also
holds in Dash's page-rendering callbacks. Untranslated texts stay German.
"""
from __future__ import annotations

from flask import Flask, Response, redirect, request
from flask.globals import _cv_request  # Flask 3.1 (pinned): the request context, without the proxies' cost

from dashboard.translations import EN

LANGS = ("de", "en")


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
            lang = ctx.wm_request_lang = lang if lang in LANGS else "de"
    return lang


def _page_query_lang() -> str | None:
    """`?lang=` of the page a Dash request (`/_dash-layout`, callbacks) comes from: they carry no query of their own,
    so a shared link like `/umfragen?lang=en` would otherwise show the page in the cookie's language."""
    if not request.path.startswith("/_dash-") or not request.referrer:
        return None
    from urllib.parse import parse_qs, urlsplit

    return (parse_qs(urlsplit(request.referrer).query).get("lang") or [None])[0]


def use_lang(lang: str | None) -> str:
    """Use `lang` for the rest of this request (when it is one of LANGS); returns the language now in use."""
    ctx = _cv_request.get(None)
    if lang in LANGS and ctx is not None:
        ctx.wm_lang = lang
    return current_lang()


def page_title(name: str | None = None):  # noqa: ANN201 - Dash calls it with the page's path variables
    """A browser-tab title in the reader's language, for `dash.register_page(title=…)`."""
    def title(**_path_variables: str) -> str:
        site = _("Wirkungsmonitor Offenbach")
        return f"{_(name)} – {site}" if name else site

    return title


def _(text: str) -> str:
    return EN.get(text, text) if current_lang() == "en" else text


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
    def switch_language() -> Response:
        lang = request.args.get("lang", "de")
        # back to the page the switch was clicked on (same-origin Referer), or `next`
        referer = request.headers.get("Referer", "")
        host = request.host_url.rstrip("/")
        target = request.args.get("next") or (referer[len(host):] if referer.startswith(host) else "/")
        if not target.startswith("/") or target.startswith("//"):
            target = "/"  # only local redirects
        resp = redirect(target)
        resp.set_cookie("wm_lang", lang if lang in LANGS else "de", max_age=365 * 24 * 3600, samesite="Lax")
        return resp
