"""The committed browser assets are exactly what the manifest says, with licences,
and the math font has an OpenType MATH table (so brackets stretch)."""

from __future__ import annotations

import hashlib
import json
import re
import struct
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "dlmath" / "web" / "static" / "vendor"
MANIFEST = json.loads((VENDOR / "manifest.json").read_text())

# WOFF2 known-table tags, by index (the WOFF2 specification, section 5.1)
_KNOWN_TAGS = (
    "cmap head hhea hmtx maxp name OS/2 post cvt  fpgm glyf loca prep CFF  VORG EBDT EBLC "
    "gasp hdmx kern LTSH PCLT VDMX vhea vmtx BASE GDEF GPOS GSUB EBSC JSTF MATH CBDT CBLC "
    "COLR CPAL SVG  sbix acnt avar bdat bloc bsln cvar fdsc feat fmtx fvar gvar hsty just "
    "lcar mort morx opbd prop trak Zapf Silf Glat Gloc Feat Sill"
)
_KNOWN = _KNOWN_TAGS.split(" ")


def woff2_tables(data: bytes) -> list[str]:
    assert data[:4] == b"wOF2"
    count = struct.unpack(">H", data[12:14])[0]
    known = [t for t in _KNOWN if t]  # the split leaves '' after 3-letter tags padded
    offset, tags = 48, []
    for _ in range(count):
        flags = data[offset]
        offset += 1
        if flags & 0x3F == 0x3F:
            tags.append(data[offset : offset + 4].decode("latin-1"))
            offset += 4
        else:
            tags.append(known[flags & 0x3F])
        tag = tags[-1].strip()
        transform = (flags >> 6) & 3
        offset = _skip_base128(data, offset)  # origLength
        if (tag in ("glyf", "loca") and transform == 0) or (tag == "hmtx" and transform != 0):
            offset = _skip_base128(data, offset)  # transformLength
    return [t.strip() for t in tags]


def _skip_base128(data: bytes, offset: int) -> int:
    for _ in range(5):
        byte = data[offset]
        offset += 1
        if not byte & 0x80:
            return offset
    raise AssertionError("bad UIntBase128")


def test_every_file_matches_the_manifest():
    for name, entry in MANIFEST["files"].items():
        data = (VENDOR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        assert len(data) == entry["bytes"], name


def test_no_unlisted_file_in_vendor():
    present = {p.name for p in VENDOR.iterdir()} - {"manifest.json"}
    assert present == set(MANIFEST["files"])


def test_pinned_versions_and_licences():
    versions = {p["name"]: p["version"] for p in MANIFEST["packages"]}
    assert re.fullmatch(r"2\.0\.\d+", versions["htmx.org"])  # htmx 4 is a rewrite
    assert versions["temml"].startswith("0.")
    for package in versions:
        licences = [
            n for n, e in MANIFEST["files"].items() if e["package"] == package and "LICENSE" in n
        ]
        assert licences, f"no licence for {package}"
        assert (VENDOR / licences[0]).stat().st_size > 100
    for p in MANIFEST["packages"]:
        assert p["integrity"].startswith("sha512-")


def test_the_math_font_has_a_math_table():
    tables = woff2_tables((VENDOR / "NotoSansMath-Regular.woff2").read_bytes())
    assert "MATH" in tables and "cmap" in tables, tables


def test_the_app_uses_only_bundled_assets():
    templates = Path(__file__).resolve().parents[1] / "src" / "dlmath" / "web" / "templates"
    for page in templates.glob("*.html"):
        text = page.read_text()
        assert "http://" not in text.replace('xmlns="http://www.w3.org', "")
        assert "https://" not in text
        assert "<script>" not in text and " style=" not in text, page.name


def test_temml_stylesheet_declares_no_missing_font():
    assert "@font-face" not in (VENDOR / "temml.css").read_text()
