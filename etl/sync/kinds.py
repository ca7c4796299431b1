"""The source kinds `etl sync` knows, by the `kind` a `[[source]]` names."""

from __future__ import annotations

from etl.sync.archive import DwdRecent, SensorCommunityArchive
from etl.sync.base import Kind
from etl.sync.download import Bnetza, Download, Freifunk
from etl.sync.hystreet import Hystreet
from etl.sync.open311 import Open311
from etl.sync.sensorthings import SensorThings

KINDS: dict[str, Kind] = {
    k.kind: k
    for k in (SensorCommunityArchive(), DwdRecent(), Hystreet(), SensorThings(), Open311(), Freifunk(), Bnetza(), Download())
}
