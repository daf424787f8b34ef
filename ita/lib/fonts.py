"""Sarabun (OFL, the PyPI package fontpkg-sarabun): the one Thai face of our pages, documents,
charts and drawn images, so they look the same on every machine."""

from pathlib import Path

import fontpkg_sarabun

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
