"""The page karte (registered by page.py; see docs/where-things-go.md)."""
