"""The page massnahme (registered by page.py; see docs/where-things-go.md)."""
