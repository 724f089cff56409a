"""A client for goald's wire protocol, written from Protocol/PROTOCOL.md. Python 3 standard library only.

    from goald_client import GoaldClient
    with GoaldClient("/run/goald/goald.sock") as goald:
        print(goald.call("goald.v1.Health/Check"))
        for status in goald.stream("goald.v1.Goals/Watch", {}):
            print(status["tally"])

Frames: a 4-byte unsigned big-endian payload length, then one UTF-8 JSON object. Requests carry
{"id", "method", "params"}; answers carry the same id and "result" or "error" {"code", "message"}; a stream
sends results with its id until {"id", "end": true}.
"""
import itertools
import json
import socket
import struct

DEFAULT_SOCKET = "/run/goald/goald.sock"
MAX_FRAME = 4 * 1024 * 1024


class GoaldError(Exception):
    """goald answered with an error: .code is the gRPC status name, such as NOT_FOUND."""

    def __init__(self, code, message, details=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.details = details or {}


class GoaldClient:
    """One connection to goald. Calls are numbered from 1; answers to other calls are kept until asked for."""

    def __init__(self, path=DEFAULT_SOCKET, timeout=10.0):
        self.path = path
        self.timeout = timeout
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(timeout)
        try:
            self._sock.connect(path)
        except OSError:
            self._sock.close()
            raise
        self._ids = itertools.count(1)
        self._buffer = b""
        self._waiting = {}

    def close(self):
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- frames

    def send_frame(self, obj):
        payload = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._sock.sendall(struct.pack(">I", len(payload)) + payload)

    def _read_exact(self, n):
        while len(self._buffer) < n:
            chunk = self._sock.recv(65536)
            if not chunk:
                raise ConnectionError("goald closed the connection")
            self._buffer += chunk
        data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data

    def read_frame(self):
        (length,) = struct.unpack(">I", self._read_exact(4))
        if length > MAX_FRAME:
            raise ConnectionError(f"frame of {length} bytes is over the limit")
        return json.loads(self._read_exact(length).decode("utf-8"))

    def _next_for(self, call_id):
        while True:
            queued = self._waiting.get(call_id)
            if queued:
                return queued.pop(0)
            frame = self.read_frame()
            frame_id = frame.get("id")
            if frame_id == call_id:
                return frame
            if frame_id == 0 and "error" in frame:
                error = frame["error"]
                raise GoaldError(error.get("code", "UNKNOWN"), error.get("message", ""), error.get("details"))
            self._waiting.setdefault(frame_id, []).append(frame)

    # -- calls

    def call(self, method, params=None, timeout_ms=None, metadata=None):
        """Calls a unary method and returns its result; raises GoaldError for an error answer."""
        call_id = next(self._ids)
        request = {"id": call_id, "method": method, "params": params or {}}
        if timeout_ms is not None:
            request["timeoutMs"] = timeout_ms
        if metadata:
            request["metadata"] = metadata
        self.send_frame(request)
        frame = self._next_for(call_id)
        if "error" in frame:
            error = frame["error"]
            raise GoaldError(error.get("code", "UNKNOWN"), error.get("message", ""), error.get("details"))
        return frame.get("result")

    def stream(self, method, params=None):
        """Yields a server stream's results until it ends. Closing the generator cancels the stream."""
        call_id = next(self._ids)
        self.send_frame({"id": call_id, "method": method, "params": params or {}})
        self._sock.settimeout(None)
        try:
            while True:
                frame = self._next_for(call_id)
                if "error" in frame:
                    error = frame["error"]
                    raise GoaldError(error.get("code", "UNKNOWN"), error.get("message", ""), error.get("details"))
                if frame.get("end"):
                    return
                yield frame.get("result")
        except GeneratorExit:
            self.send_frame({"cancel": call_id})
            raise
        finally:
            self._sock.settimeout(self.timeout)

    def cancel(self, call_id):
        self.send_frame({"cancel": call_id})
