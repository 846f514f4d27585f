"""Rewrite the shipped templates (doc_templates/*.docx) from portal/documents/layout.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.documents.layout import build_all  # noqa: E402

if __name__ == "__main__":
    for path in build_all():
        print(path)
