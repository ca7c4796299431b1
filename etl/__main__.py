"""`python -m etl`: the ETL command line; `publish` and `check`, stages of their own, are handed to `publish.cli` and
`alerts.cli`; after `demo` the demo's own check runs (alerts as of the demo's last data)."""

import sys

if sys.argv[1:2] == ["publish"]:
    # imported only here and only for this command: nothing else under etl/ depends on publish/ (or indicators/)
    from publish.cli import main as publish_main

    raise SystemExit(publish_main(sys.argv[2:], prog="python -m etl publish"))

if sys.argv[1:2] == ["check"]:
    from alerts.cli import main as check_main

    raise SystemExit(check_main(sys.argv[2:], prog="python -m etl check"))

from etl.cli import main  # noqa: E402 - after the dispatch, so that `publish` does not import the load code

code = main()
if sys.argv[1:2] == ["demo"] and code == 0:
    from alerts.demo import check_demo
    from etl.cli import build_parser

    demo_args = build_parser().parse_args(sys.argv[1:])
    code = check_demo(demo_args.db, wait=demo_args.wait)
raise SystemExit(code)
