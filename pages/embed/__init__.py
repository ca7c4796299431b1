"""The page embed (registered by page.py; see docs/where-things-go.md)."""
