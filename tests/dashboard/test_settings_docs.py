"""Every setting is documented in docs/configuration.md (and nothing documented is missing from the code)."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from dashboard.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_every_setting_documented() -> None:
    rows = re.findall(r"^\| (\w+) \| `WM_(\w+)` \|", DOC.read_text(encoding="utf-8"), flags=re.M)
    documented = {name for name, _ in rows}
    assert documented == {f.name for f in fields(Settings)}
    assert all(env == name.upper() for name, env in rows)


def test_the_tools_variables_are_not_refused_by_the_app() -> None:
    """`WM_SOURCES_FILE` (etl sync) may stand in an environment file the app shares; a misspelt one is still refused."""
    import pytest

    from dashboard.settings import SettingsError

    assert Settings.load(env={"WM_SOURCES_FILE": "/etc/wirkungsmonitor/sources.toml"}).port == 8050
    with pytest.raises(SettingsError, match="WM_SOURCE_FILE"):
        Settings.load(env={"WM_SOURCE_FILE": "x"})
