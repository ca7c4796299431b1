"""The page indikator (registered by page.py; see docs/where-things-go.md)."""
