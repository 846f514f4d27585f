"""Every string of ours has an English translation, and the Dutch catalog knows them all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def _catalog(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


def test_catalogs_cover_every_source_string(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            str(ROOT / "translations" / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "gettext",
            "-k",
            "_",
            "-o",
            str(pot),
            "portal",
            "models",
            "views",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    source = {m.id for m in _catalog(pot) if m.id}
    en = {m.id: m for m in _catalog(ROOT / "translations/en/LC_MESSAGES/messages.po") if m.id}
    nl = {m.id for m in _catalog(ROOT / "translations/nl/LC_MESSAGES/messages.po") if m.id}
    assert source - nl == set(), "run pybabel update for nl"
    untranslated = {i for i in source if not en.get(i) or not en[i].string or en[i].fuzzy}
    assert untranslated == set(), "add these to translations/en_glossary.py"


def test_interface_switches_to_english(login):
    c = login("rcf")
    c.get("/lang/en")
    page = c.get("/").get_data(as_text=True)
    assert "Waiting for you" in page
    c.get("/lang/nl")
    assert "Wacht op u" in c.get("/").get_data(as_text=True)


def test_committed_catalogs_are_complete_and_placeholders_match():
    import re

    pot = {m.id for m in _catalog(ROOT / "translations/messages.pot") if m.id}
    en = {m.id: m for m in _catalog(ROOT / "translations/en/LC_MESSAGES/messages.po") if m.id}
    nl = {m.id for m in _catalog(ROOT / "translations/nl/LC_MESSAGES/messages.po") if m.id}
    assert pot - nl == set()
    assert {i for i in pot if i not in en or not en[i].string or en[i].fuzzy} == set()
    assert not [m.id for m in en.values() if m.fuzzy]
    placeholder = re.compile(r"%\(\w+\)[sd]")
    wrong = {
        i: en[i].string
        for i in pot
        if isinstance(i, str)
        and sorted(placeholder.findall(i)) != sorted(placeholder.findall(en[i].string))
    }
    assert wrong == {}
