"""The faults a test injects into the fake Bot API, and how each is answered, as Telegram and the network fail."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from tests.fakebot.validation import ApiError

_BAD_GATEWAY = (b"<html><head><title>502 Bad Gateway</title></head><body>"
                b"<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")


class FaultsMixin:
    """FakeBotApi's fault controls; its state (_lock, _failures, _delays) lives on FakeBotApi."""

    def fail_next(self, method: str, times: int = 1, status: int = 429) -> None:
        """Make the next `times` calls of `method` fail with 429 (retry_after=1) or another status."""
        self.fault(method, str(status), times)

    def fault(self, method: str, kind: str, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail: "429", "5xx" statuses, "502", "drop" or "timeout"."""
        assert kind in ("drop", "timeout") or kind.isdigit(), kind
        with self._lock:
            self._failures.setdefault(method, []).extend([kind] * times)

    def pending_faults(self) -> int:
        """Return how many injected faults have not happened yet."""
        with self._lock:
            return sum(len(kinds) for kinds in self._failures.values())

    def slow(self, method: str, seconds: float) -> None:
        """Delay every call of `method` by `seconds` (0 to stop)."""
        with self._lock:
            self._delays[method] = seconds

    def _take_fault(self, method: str) -> tuple[str | None, float]:
        """Return the next fault injected for `method` (None if none) and its delay; the caller holds the lock."""
        failures = self._failures.get(method)
        fault = failures.pop(0) if failures else None
        return fault, self._delays.get(method, 0.0)

    def _answer_fault(self, request: BaseHTTPRequestHandler, fault: str | None) -> bool:
        """Answer a fault that stops the call from being carried out; return whether it did."""
        if fault == "drop":
            request.close_connection = True  # no answer at all: the client sees the connection close
            return True
        if fault == "502":
            self._respond_raw(request, 502, _BAD_GATEWAY, "text/html")
            return True
        if fault == "429":
            self._respond(request, ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1}))
            return True
        if fault not in (None, "timeout"):
            self._respond(request, ApiError(int(fault), "Internal Server Error"))
            return True
        return False
