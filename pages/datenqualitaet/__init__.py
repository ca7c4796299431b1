"""The page datenqualitaet (registered by page.py; see docs/where-things-go.md)."""
