"""A real nginx `limit_req` in front of the simulator, for the fetch benchmark's `--limiter nginx`.

nginx from Debian's packages (`/usr/sbin/nginx`) runs as a reverse proxy on a free loopback port
with a temporary prefix (config, logs, temp folders), limits every request to `rate` per second
with a small burst and answers the excess 429 without Retry-After, as a real provider's front
might. Its access log holds one status per line, so the benchmark can count the 429s that never
reached the simulator. Stopped (and its folder removed) on exit.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

NGINX = Path("/usr/sbin/nginx")
INSTALL_HINT = "nginx is not installed: on Debian/Ubuntu run `sudo apt-get install -y nginx-light` (or `nginx`)"

_CONFIG = """\
{user}worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format status_only '$status';
    access_log {prefix}/access.log status_only;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    limit_req_zone $server_name zone=provider:1m rate={rate}r/s;
    upstream simulator {{
        server {upstream};
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name provider;
        location / {{
            limit_req zone=provider burst={burst} nodelay;
            limit_req_status 429;
            proxy_pass http://simulator;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
        }}
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class NginxLimit:
    """`with NginxLimit(simulator_url, rate=60) as proxy:` then talk to `proxy.url`."""

    def __init__(self, upstream_url: str, *, rate: int, burst: int = 5) -> None:
        if not NGINX.exists():
            raise SystemExit(INSTALL_HINT)
        self.prefix = Path(tempfile.mkdtemp(prefix="faturas-nginx-"))
        port = _free_port()
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers keep our user, and can write here
        (self.prefix / "nginx.conf").write_text(_CONFIG.format(
            user=user, prefix=self.prefix, rate=rate, burst=burst, port=port,
            upstream=urlsplit(upstream_url).netloc), encoding="utf-8")
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [str(NGINX), "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"), "-e",
             str(self.prefix / "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._wait_listening(port)

    def _wait_listening(self, port: int) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read() if self.process.stderr else ""
                self.stop()
                raise SystemExit(f"nginx did not start: {err.strip()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)  # a process starting up: nothing to wait on but its port
        self.stop()
        raise SystemExit("nginx did not listen within 10 s")

    def statuses(self) -> list[int]:
        """The status of every request answered so far (nginx writes its log line at once)."""
        log = self.prefix / "access.log"
        if not log.exists():
            return []
        return [int(line) for line in log.read_text(encoding="utf-8").split() if line.isdigit()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: fast shutdown, the workers go with the master
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> NginxLimit:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
