"""The largest file the upload limit allows, delivered through the API under the production
set-up (gunicorn with its default 30 s timeout, PostgreSQL, a Celery worker on Redis):
bench/large_delivery.py. Run once, in the SQLite pass (it brings its own PostgreSQL database).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.reliability
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


@pytest.fixture(scope="module", autouse=True)
def _services():
    import redis
    import sqlalchemy as sa

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"Redis not reachable on 127.0.0.1:6379 ({e}); .ci/run starts it")
    try:
        sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres").connect().close()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"PostgreSQL not reachable on 127.0.0.1:5432 ({e})")


def test_the_largest_delivery_goes_through_without_a_long_request():
    import large_delivery

    result = large_delivery.run()
    print(f"\nlarge delivery: {result}")
    assert result["file_mb"] > 60  # the largest the 60 MiB limit lets through
    assert result["check_job"] == "Klaar" and result["store_job"] == "Klaar", result
    assert result["stored"] == result["rows"]
    # Killed mid-job, the web workers took nothing with them: the worker finished the job.
    assert result["web_workers_killed"] >= 1
    # gunicorn kills a request after 30 s (its default): no request came near. The work
    # itself took longer than that, which is why it is a job.
    assert result["longest_request_s"] < result["gunicorn_timeout_s"] / 3, result
    assert result["store_s"] > result["longest_request_s"]
