"""ETL of the Wirkungsmonitor: detect, parse, validate and load exports into the DuckDB warehouse."""
