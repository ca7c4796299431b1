"""`python -m publish`: publish the build database as the served snapshot."""

from publish.cli import main

raise SystemExit(main())
