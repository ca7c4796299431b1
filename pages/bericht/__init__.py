"""Wirkungsbericht: the annual impact report of each year with data, as HTML and PDF, on both instances."""
