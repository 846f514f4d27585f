"""Short form of bench/load_test.py: gunicorn + PostgreSQL + Redis under wrk, with faults.

Loopback only. Needs wrk, PostgreSQL and Redis on 127.0.0.1 (.ci/run provides them); without
them the test is skipped with the reason. The full 60-second run is `bench/load_test.py`.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.reliability
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
DURATION = int(os.environ.get("LOAD_TEST_SECONDS", "8"))


@pytest.fixture(scope="module", autouse=True)
def _services():
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (Debian package wrk; .ci/run installs it)")
    if not os.path.isdir("/etc/postgresql"):
        pytest.skip("no local PostgreSQL cluster to restart")
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"Redis not reachable on 127.0.0.1:6379 ({e})")


@pytest.mark.parametrize("scenario", ["steady", "pg-restart", "kill-worker"])
def test_load_and_faults(scenario):
    import load_test

    result = load_test.run(scenario, DURATION, workers=3, connections=12)
    print(f"\n{scenario}: {result}")
    assert result["requests"] > 0
    assert result["acked_writes"] > 0
    assert load_test.check(result, 12) == []
