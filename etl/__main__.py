"""`python -m etl`: the ETL command line; `publish`, a stage of its own, is handed to `publish.cli`."""

import sys

if sys.argv[1:2] == ["publish"]:
    # imported only here and only for this command: nothing else under etl/ depends on publish/ (or indicators/)
    from publish.cli import main as publish_main

    raise SystemExit(publish_main(sys.argv[2:], prog="python -m etl publish"))

from etl.cli import main  # noqa: E402 - after the dispatch, so that `publish` does not import the load code

raise SystemExit(main())
