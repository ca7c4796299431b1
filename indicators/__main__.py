"""`python -m indicators`: the indicator command line for analysts and scripts."""

from indicators.cli import main

raise SystemExit(main())
