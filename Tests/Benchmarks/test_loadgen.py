#!/usr/bin/env python3
"""The load generator refuses answers it cannot trust: a wrong id, an error answer, a closed connection.

Each case runs goald-loadgen against a small server here that misbehaves in one way, and expects exit status 1
with the reason; a well-behaved echo server gives exit status 0 and a figure.
  test_loadgen.py TOOLS_DIR
"""
import json
import os
import random
import socket
import struct
import subprocess
import sys
import tempfile
import threading


def serve(path, answer):
    """Accepts one connection and answers each frame with answer(payload) (None closes the connection)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)

    def run():
        connection, _ = listener.accept()
        buffer = b""
        try:
            while True:
                data = connection.recv(65536)
                if not data:
                    return
                buffer += data
                while len(buffer) >= 4:
                    length = struct.unpack(">I", buffer[:4])[0]
                    if len(buffer) < 4 + length:
                        break
                    payload, buffer = buffer[4:4 + length], buffer[4 + length:]
                    reply = answer(payload)
                    if reply is None:
                        connection.close()
                        return
                    connection.sendall(struct.pack(">I", len(reply)) + reply)
        except OSError:
            pass
        finally:
            listener.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def loadgen(tools, path):
    return subprocess.run([os.path.join(tools, "goald-loadgen"), "--socket", path, "--seconds", "0.2",
                           "--warmup", "0.05"], capture_output=True, text=True, timeout=20)


def main():
    tools = sys.argv[1]
    directory = tempfile.mkdtemp(prefix="goald-loadgen-test-")
    failures = 0

    def case(name, answer, status, needle):
        nonlocal failures
        path = os.path.join(directory, name + ".sock")
        serve(path, answer)
        run = loadgen(tools, path)
        ok = run.returncode == status and needle in (run.stderr if status else run.stdout)
        print(("ok   " if ok else "FAIL ") + name + (f": status {run.returncode}, {run.stderr.strip()}" if not ok else ""))
        failures += 0 if ok else 1

    def shifted(payload):
        request = json.loads(payload)
        return json.dumps({"id": request["id"] + 1, "result": {}}).encode()

    def nested(payload):
        # The right id only inside the result: the top-level id is missing.
        request = json.loads(payload)
        return json.dumps({"result": {"id": request["id"]}}).encode()

    def error(payload):
        request = json.loads(payload)
        return json.dumps({"id": request["id"], "error": {"code": "INTERNAL", "message": "x"}}).encode()

    # Answers whose strings hold what the scanner must see past: quotes after odd and even runs of backslashes,
    # brackets, and "id" and "error" as keys inside the result and as text.
    seed = int(os.environ.get("GOALD_FUZZ_SEED", random.randrange(1 << 30)))
    print(f"seed {seed} (GOALD_FUZZ_SEED repeats it)")
    rng = random.Random(seed)
    pieces = ['"', '\\', '\\"', '{', '}', '[', ']', ':', ',', 'id', 'error', '"id":1', '"error":', 'å', ' ', 'x']

    def text():
        return "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))

    def value(depth=0):
        kind = rng.randrange(6 if depth < 4 else 3)
        if kind == 0:
            return text()
        if kind == 1:
            return rng.randrange(-10 ** 6, 10 ** 6)
        if kind == 2:
            return rng.choice([True, False, None, 1.5e-7])
        if kind == 3:
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        return {rng.choice(["id", "error", "result", text()]): value(depth + 1) for _ in range(rng.randrange(4))}

    def tricky(with_error):
        def answer(payload):
            members = [("result", value()), ("id", json.loads(payload)["id"])]
            if with_error:
                members.append(("error", {"code": "INTERNAL", "message": text()}))
            rng.shuffle(members)
            spaced = rng.random() < 0.5
            return json.dumps(dict(members), ensure_ascii=rng.random() < 0.5,
                              separators=(", ", " : ") if spaced else (",", ":")).encode()
        return answer

    for n in range(6):
        case(f"tricky-strings-{n}", tricky(False), 0, "calls_per_second")
        case(f"tricky-strings-error-{n}", tricky(True), 1, "an error answer")
    case("echo", lambda payload: payload, 0, "calls_per_second")
    case("wrong-id", shifted, 1, "not in flight")
    case("id-only-nested", nested, 1, "without an id")
    case("error-answer", error, 1, "an error answer")
    case("closed", lambda payload: None, 1, "closed the connection")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
