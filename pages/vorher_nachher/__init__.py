"""The page vorher_nachher (registered by page.py; see docs/where-things-go.md)."""
