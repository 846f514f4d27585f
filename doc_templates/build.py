"""Rewrite the shipped templates (doc_templates/*.docx) from portal/documents/layout.py.

`.venv/bin/python doc_templates/build.py` does what `flask lsi build-templates` does, without
starting the app (the layout needs none).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.documents import layout, templates  # noqa: E402

if __name__ == "__main__":
    for path in layout.build_all(templates.TEMPLATE_DIR):
        print(path)
