"""A goald started for a test: a temporary directory, its socket answering, the synthetic trips imported."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Protocol", "clients", "python"))
from goald_client import GoaldClient  # noqa: E402

BIN = os.environ.get("GOALD_BIN_DIR", os.path.join(ROOT, ".build", "debug"))
TRIPS = os.path.join(ROOT, "docs", "samples", "synthetic-trips-2019-2025.csv")


class LiveGoald:
    """goald on a socket of its own, serving once the constructor returns; stop() ends it and removes its files."""

    def __init__(self, prefix, env=None, args=(), sample=True):
        self.dir = tempfile.mkdtemp(prefix=prefix, dir="/tmp")
        self.sock = os.path.join(self.dir, "goald.sock")
        self.goalctl = [os.path.join(BIN, "goalctl"), "--socket", self.sock]
        self.proc = subprocess.Popen([os.path.join(BIN, "goald"), "--socket", self.sock, "--state-dir",
                                      os.path.join(self.dir, "state"), *args], stderr=subprocess.DEVNULL,
                                     env=dict(os.environ, **(env or {})))
        # Ready when it answers: on a loaded machine (make test runs the fuzzer, Chromium and a systemd beside this)
        # a start can take longer than a few seconds, so wait up to a minute, and say so if it never answers.
        deadline = time.monotonic() + 60
        while True:
            try:
                with GoaldClient(self.sock) as goald:
                    goald.call("goald.v1.Health/Check")
                break
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"goald exited with status {self.proc.returncode} before it answered")
                if time.monotonic() > deadline:
                    self.proc.terminate()
                    raise RuntimeError(f"goald did not answer on {self.sock} within 60 s")
                time.sleep(0.05)
        if sample:
            subprocess.run(self.goalctl + ["travel", "import", TRIPS], check=True, stdout=subprocess.DEVNULL)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def free_port():
    """A TCP port on loopback that nothing listens on now."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
