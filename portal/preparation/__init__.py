"""The preparation phase's records (issue #18): the uitvraag plan (``uitvraag``), the O&A
intake (``intake``) and theme/phenomenon projects with the managed theme list (``themes``).

Importing ``portal.preparation.register`` installs their deadlines, document sections and
rules (views/preparation.py does, when the screens are registered)."""
