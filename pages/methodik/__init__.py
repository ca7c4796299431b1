"""The page methodik (registered by page.py; see docs/where-things-go.md)."""
