# Read by the `flask` command (python-dotenv) from the repository root, so
# `.venv/bin/flask lsi init` finds the app without an exported FLASK_APP.
# A FLASK_APP already in the environment (the Makefile's) wins; both name the same app.
FLASK_APP=portal
