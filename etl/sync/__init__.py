"""`python -m etl sync`: pull the sources listed in sources.toml from their own interfaces into the warehouse."""
