"""Built-in source formats, one module each; every module registers its `Source` with `etl.registry.register`."""
