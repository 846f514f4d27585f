# ruff: noqa: E501
"""English for the msgids added by helper a11y (issue #15: the help page), merged by the lead."""

EN = {
    "Help": "Help",
}
