"""Fault injection checkpoints for the fault tests (tests/integration/test_faults*.py).

``fault_point("outbox.after_claim")`` does nothing unless the environment variable
``PORTAL_FAULT_POINT`` names that checkpoint; then the process kills itself with SIGKILL
there, as a crash or an OOM kill would. Production never sets the variable.
"""
import os
import signal


def fault_point(name: str) -> None:
    wanted = os.environ.get("PORTAL_FAULT_POINT")
    if wanted and name in wanted.split(","):
        os.kill(os.getpid(), signal.SIGKILL)
