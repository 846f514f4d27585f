"""The WSGI entry point for gunicorn (``gunicorn wsgi:app``) and any other WSGI server.

The ``flask`` command finds the app through ``.flaskenv`` (``FLASK_APP=portal``) instead, so
every command in the README works from the repository root without exporting anything.
"""

from portal import create_app

app = create_app()
