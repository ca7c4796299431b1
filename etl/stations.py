"""Station ids: one scheme per source family, so station lists and count files join on the same `station_id`."""

from __future__ import annotations


def station_id(source: str, native_id: object) -> str:
    """`<source>:<native id>`, e.g. `ecocounter:100035541`, `dwd:07341`, `sensorcommunity:2688`.

    The prefix keeps numeric ids of different systems apart; the native id is kept verbatim (DWD ids
    are zero-padded to five digits so that product files and station lists agree).
    """
    native = str(native_id).strip()
    if source == "dwd":
        native = native.zfill(5)
    return f"{source}:{native}"
