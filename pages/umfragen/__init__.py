"""The page umfragen (registered by page.py; see docs/where-things-go.md)."""
