"""Publishing, the stage after the ETL: the build database becomes the read-only snapshot the app serves."""

from publish.snapshot import META_TABLE, PUBLIC_TABLES, publish

__all__ = ["META_TABLE", "PUBLIC_TABLES", "publish"]
