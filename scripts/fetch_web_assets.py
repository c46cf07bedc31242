"""Fetch the web app's browser assets at pinned versions, with their licences.

    python scripts/fetch_web_assets.py

The browser assets (htmx, Temml, a math font) are the one kind of code dlmath commits
from other projects: the app must work offline, without a CDN or a download at run time.
This script asks npm for each package tarball at its pinned version (``npm pack``),
copies the few files the app needs into ``src/dlmath/web/static/vendor/`` with the
package's licence, and writes ``manifest.json`` (package, version, the tarball's
integrity, each file's sha256). ``tests/test_web_assets.py`` checks the files against
the manifest. To upgrade, change a pin here, run the script, and commit the result.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "dlmath" / "web" / "static" / "vendor"

#: package, version, {file in the tarball: name in vendor/}, licence file in the tarball
PINS = [
    (
        "htmx.org",
        "2.0.11",
        {"package/dist/htmx.min.js": "htmx.min.js"},
        "package/LICENSE",
    ),
    (
        "temml",
        "0.13.5",
        {
            "package/dist/temml.min.js": "temml.min.js",
            "package/dist/Temml-NotoSans.css": "temml.css",
        },
        "package/LICENSE",
    ),
    (
        "@fontsource/noto-sans-math",
        "5.3.0",
        {"package/files/noto-sans-math-latin-400-normal.woff2": "NotoSansMath-Regular.woff2"},
        "package/LICENSE",
    ),
]

LICENCE_NAMES = {
    "htmx.org": "LICENSE-htmx.txt",
    "temml": "LICENSE-temml.txt",
    "@fontsource/noto-sans-math": "LICENSE-noto-sans-math.txt",
}


def adapt(name: str, data: bytes) -> bytes:
    """Temml's stylesheet declares its font by a file name this app does not ship; the
    app's own stylesheet declares the bundled font, so that ``@font-face`` is removed."""
    if name == "temml.css":
        text = data.decode("utf-8")
        text = re.sub(r"@font-face\s*\{[^}]*\}\s*", "", text, count=1)
        return text.encode("utf-8")
    return data


def pack(package: str, version: str, into: Path) -> tuple[Path, str]:
    """The package tarball from npm, and its integrity string."""
    result = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--json", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(result.stdout)[0]
    return into / info["filename"], info["integrity"]


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"packages": [], "files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for package, version, files, licence in PINS:
            tarball, integrity = pack(package, version, Path(tmp))
            with tarfile.open(tarball) as archive:
                wanted = {**files, licence: LICENCE_NAMES[package]}
                for member, name in wanted.items():
                    extracted = archive.extractfile(member)
                    if extracted is None:
                        raise SystemExit(f"{package}@{version} has no file {member}")
                    data = adapt(name, extracted.read())
                    (VENDOR / name).write_bytes(data)
                    manifest["files"][name] = {
                        "package": package,
                        "version": version,
                        "source": member.removeprefix("package/"),
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "bytes": len(data),
                    }
            manifest["packages"].append(
                {"name": package, "version": version, "integrity": integrity}
            )
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    for name, entry in sorted(manifest["files"].items()):
        print(f"{name:32} {entry['package']}@{entry['version']}  {entry['bytes']} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
