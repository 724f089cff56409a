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
        for _ in range(200):
            try:
                with GoaldClient(self.sock) as goald:
                    goald.call("goald.v1.Health/Check")
                break
            except OSError:
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
