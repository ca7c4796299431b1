"""The page for an address that names no page (Dash's 404 page, registered by page.py; see docs/where-things-go.md)."""
