# ruff: noqa: E501
"""English for the msgids added by helper docs-i18n (issue #15), merged by the lead."""

EN = {
    "Te veel mislukte inlogpogingen. Probeer het %(wanneer)s opnieuw.": "Too many failed login attempts. Try again %(wanneer)s.",
}
