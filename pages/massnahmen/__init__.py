"""The page massnahmen (registered by page.py; see docs/where-things-go.md)."""
