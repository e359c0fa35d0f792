"""Start a real server process (``unqa ui``, ``chroma run``, ``llama_cpp.server``), wait until it answers,
stop it afterwards: for the benchmarks, and for the tests that talk to real servers."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


class ServerDidNotStart(RuntimeError):
    """The process exited, or did not answer in time; the message ends with its log's last lines."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening on it (at the time of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(
    command: list[str],
    ready_url: str,
    log_path: Path,
    *,
    timeout_s: float = 120,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Iterator[subprocess.Popen]:
    """Run ``command`` (output to ``log_path``) until ``ready_url`` answers (any HTTP status counts: a 401 is
    an answer), yield the process, then terminate it (kill after 10 s)."""
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                try:
                    with urllib.request.urlopen(ready_url, timeout=1):
                        break
                except urllib.error.HTTPError:
                    break
                except OSError as exc:
                    if process.poll() is not None or time.monotonic() > deadline:
                        tail = log_path.read_text(errors="replace")[-2000:]
                        raise ServerDidNotStart(
                            f"{command[0]} did not start ({exc}); its log {log_path}:\n{tail}"
                        ) from None
                    time.sleep(0.3)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
