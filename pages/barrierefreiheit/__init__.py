"""The page barrierefreiheit (registered by page.py; see docs/where-things-go.md)."""
