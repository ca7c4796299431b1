"""Wirkungsmessung domain: reading the warehouse snapshot, indicator registry, progress, before/after, surveys. No Dash."""
