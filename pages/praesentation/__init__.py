"""The page praesentation (registered by page.py; see docs/where-things-go.md)."""
