"""`python -m alerts` is `python -m etl check`."""

from alerts.cli import main

raise SystemExit(main(prog="python -m alerts"))
