"""The page handlungsfeld (registered by page.py; see docs/where-things-go.md)."""
