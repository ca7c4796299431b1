"""Limits on what the loader reads from outside, checked before anything is parsed: only regular files, a size cap per
format, and for zip-based files (XLSX) the unpacked size of every member and its compression ratio.

A 510 KB workbook holding one huge shared string loaded at 1.18 GB RSS; `/dev/zero` or a FIFO was read forever. Each
of these now ends in `ERROR <file>: <reason>` within seconds, before a parser sees a byte of it.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

from etl.errors import FileRejected
from etl.registry import Source

MB = 1024 * 1024
# a file that a parser must read whole (JSON, XLSX, most text exports): parsed in memory, so capped
WHOLE_FILE_BYTES = 256 * MB
# a file of a line-oriented format (`Source.body_start`): read in parts with bounded memory, capped only against endless
# input (a counter export of 17.5 M rows is 739 MB)
LINE_FILE_BYTES = 64 * 1024 * MB
# a data line (or a run of lines that must stay in one part) longer than this is no export row
MAX_LINE_BYTES = 16 * MB
# zip-based files (XLSX)
ZIP_FILE_BYTES = 64 * MB  # the file as stored
ZIP_MEMBER_BYTES = 256 * MB  # one member unpacked (a worksheet of ~200 000 rows)
ZIP_SHARED_STRINGS_BYTES = 64 * MB  # `xl/sharedStrings.xml` unpacked: openpyxl holds all of it in memory
ZIP_TOTAL_BYTES = 512 * MB  # all members unpacked
ZIP_RATIO = 100  # unpacked / packed size of a member larger than ZIP_RATIO_FROM (real workbooks: below 50)
ZIP_RATIO_FROM = 1 * MB
ZIP_MEMBERS = 10_000


def regular_file_size(path: Path) -> int:
    """The size of a regular file; a device (`/dev/zero`), FIFO or socket is rejected without being opened (reading it
    would never end, opening a FIFO blocks)."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        what = "Gerätedatei" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "FIFO oder Socket"
        raise FileRejected(f"keine reguläre Datei ({what}): nicht gelesen")
    return st.st_size


def max_bytes(source: Source, head: bytes) -> int:
    """The size cap of a file of this format: a format's own `max_bytes`, else by how it is read."""
    if source.max_bytes is not None:
        return source.max_bytes
    if head.startswith(b"PK\x03\x04"):
        return ZIP_FILE_BYTES
    return LINE_FILE_BYTES if source.body_start(head) is not None else WHOLE_FILE_BYTES


def check_size(source: Source, head: bytes, size: int) -> None:
    cap = max_bytes(source, head)
    if size > cap:
        raise FileRejected(f"{source.label or source.kind}: Datei zu groß ({_mb(size)}, höchstens {_mb(cap)})")


def check_archive(data: bytes) -> None:
    """For a zip-based file (XLSX): reject it when a member would unpack beyond its limit or with a compression ratio
    no real workbook has (a zip bomb), reading only the zip's directory. Anything else is left to the parser."""
    if not data.startswith(b"PK"):
        return
    if len(data) > ZIP_FILE_BYTES:
        raise FileRejected(f"XLSX-Datei zu groß ({_mb(len(data))}, höchstens {_mb(ZIP_FILE_BYTES)})")
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a readable zip: the parser rejects it with its own words
    if len(members) > ZIP_MEMBERS:
        raise FileRejected(f"XLSX-Datei mit {len(members)} Teilen (höchstens {ZIP_MEMBERS}): nicht entpackt")
    total = 0
    for m in members:
        name = escape(m.filename)
        cap = ZIP_SHARED_STRINGS_BYTES if m.filename.lower().endswith("sharedstrings.xml") else ZIP_MEMBER_BYTES
        if m.file_size > cap:
            raise FileRejected(f"XLSX-Teil {name} entpackt {_mb(m.file_size)} (höchstens {_mb(cap)}): nicht entpackt")
        if m.file_size > ZIP_RATIO_FROM and m.file_size > ZIP_RATIO * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise FileRejected(
                f"XLSX-Teil {name} um das {ratio}-Fache gepackt (höchstens {ZIP_RATIO}): Zip-Bombe, nicht entpackt"
            )
        total += m.file_size
    if total > ZIP_TOTAL_BYTES:
        raise FileRejected(f"XLSX-Datei entpackt {_mb(total)} (höchstens {_mb(ZIP_TOTAL_BYTES)}): nicht entpackt")


def escape(name: str) -> str:
    """A name from outside (file or zip member) as it may appear in a message or in `load_log`: control characters
    (a newline would write a fake `ERROR` line) as escapes, everything else as it is."""
    if name.isprintable():
        return name
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in name)


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB".replace(",", ".") if n >= MB else f"{n:,} Bytes".replace(",", ".")
