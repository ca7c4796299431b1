"""The page overview (registered by page.py; see docs/where-things-go.md)."""
