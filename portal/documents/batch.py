"""Every document type of a project at once: a job, so the screen does not wait for four
renders (portal/jobs/kinds.py ``documenten`` does the work in one transaction)."""

from __future__ import annotations

from models import Taak
from portal import jobs
from portal.extensions import use_case


@use_case
def generate_all(project_id: int, user_id: int | None) -> Taak:
    return jobs.submit("documenten", project_id=project_id, user_id=user_id)
