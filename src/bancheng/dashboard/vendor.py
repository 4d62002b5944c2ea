"""Apache ECharts for the dashboard, fetched from the npm registry at install time (``make install`` runs
``python -m bancheng.dashboard.vendor``), checked against the registry's sha512, and placed in a git-ignored
static directory. Never committed, never loaded from a CDN at run time (government intranets have none).

The registry is ``$NPM_CONFIG_REGISTRY``, else ``npm config get registry`` when npm exists, else
https://registry.npmjs.org/. Only Python's standard library is used, so a CI machine needs no node."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "6.1.0"
INTEGRITY = "sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=="
MEMBER = "package/dist/echarts.min.js"
TARGET = Path(__file__).resolve().parent / "static" / "vendor" / "echarts" / "echarts.min.js"
STATIC_PATH = "vendor/echarts/echarts.min.js"
DEFAULT_REGISTRY = "https://registry.npmjs.org/"


def registry() -> str:
    url = os.environ.get("NPM_CONFIG_REGISTRY", "")
    if not url and shutil.which("npm"):
        try:
            url = subprocess.run(
                ["npm", "config", "get", "registry"], capture_output=True, text=True, timeout=30, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            url = ""
    url = url or DEFAULT_REGISTRY
    return url if url.endswith("/") else url + "/"


def check_integrity(data: bytes) -> None:
    algorithm, _, expected = INTEGRITY.partition("-")
    found = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if found != expected:
        raise SystemExit(f"echarts-{VERSION}.tgz: {algorithm} mismatch (registry sent another file)")


def fetch(target: Path = TARGET) -> Path:
    """Download the pinned tarball, verify it, and write ``dist/echarts.min.js`` to ``target``."""
    url = f"{registry()}echarts/-/echarts-{VERSION}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    check_integrity(data)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"echarts-{VERSION}.tgz has no {MEMBER}")
        script = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(script)
    partial.replace(target)
    return target


def main() -> None:
    if TARGET.exists() and "--force" not in sys.argv:
        print(f"ECharts already in place: {TARGET}")
        return
    print(f"ECharts {VERSION} -> {fetch()}")


if __name__ == "__main__":
    main()
