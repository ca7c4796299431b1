"""Loading states of the areas a callback fills (Dash's `dcc.Loading`): one look on every page, and the room the
content needs reserved, so that nothing below it jumps when the answer arrives.

While a callback runs, the old content stays where it is, dimmed (`overlay_style`), and after `DELAY_MS` a spinner
shows over it; an area that starts out empty keeps `min_height` free for what comes. `target` names the outputs that
count (`{"id": "prop"}`): without it every callback updating anything inside would show the spinner.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.i18n import _

COLOUR = "#1F4E79"
DELAY_MS = 150  # quicker answers show no spinner at all (no flicker)
DIMMED = {"visibility": "visible", "opacity": 0.45, "transition": "opacity .2s"}  # old content stays readable, in place


def loading_area(
    children: Any, *, loading_id: str, min_height: str | None = None, target: dict[str, Any] | None = None, **kwargs: Any
) -> dcc.Loading:
    """`children` with a loading state: spinner over the dimmed old content while a callback fills them."""
    return dcc.Loading(
        children,
        id=loading_id,
        type="circle",
        color=COLOUR,
        delay_show=DELAY_MS,
        show_initially=False,
        overlay_style=DIMMED,
        parent_className="wm-laden",
        parent_style={"minHeight": min_height} if min_height else None,
        **({"target_components": target} if target else {}),
        **kwargs,
    )


def page_loading(container: Any) -> dcc.Loading:
    """The page container's loading state: a page rendered anew (a selection in the URL, a link to another page)
    keeps the old one dimmed in place and names what happens in a fixed notice under the header (a centred spinner
    would sit out of sight on a long page)."""
    return dcc.Loading(
        container,
        id="seite-laden",
        delay_show=DELAY_MS,
        show_initially=False,
        overlay_style=DIMMED,
        parent_className="wm-laden wm-laden-seite",
        target_components={"_pages_content": "children"},
        custom_spinner=html.Div(
            [html.Span(className="spinner-border spinner-border-sm me-2", **{"aria-hidden": "true"}), _("Seite wird geladen …")],
            className="wm-laden-hinweis",
            role="status",
        ),
    )
