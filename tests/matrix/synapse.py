"""Install and run a real Synapse Matrix homeserver on 127.0.0.1 for tests."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

SYNAPSE_VERSION = "1.163.2"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VENV = REPO_ROOT / ".synapse-venv"
SERVER_NAME = "localhost"
_LOOSE = {"per_second": 1000, "burst_count": 1000}
_RATE_LIMITS: dict[str, Any] = {
    **dict.fromkeys(
        ["rc_message", "rc_registration", "rc_joins_per_room", "rc_room_creation"], _LOOSE
    ),
    **dict.fromkeys(["rc_admin_redaction", "rc_media_create", "rc_profile"], _LOOSE),
    **dict.fromkeys(["rc_key_requests", "rc_delayed_event_mgmt", "rc_reports"], _LOOSE),
    "rc_login": dict.fromkeys(["address", "account", "failed_attempts"], _LOOSE),
    "rc_joins": dict.fromkeys(["local", "remote"], _LOOSE),
    "rc_invites": dict.fromkeys(["per_room", "per_user", "per_issuer"], _LOOSE),
}
# Plain formatter: Synapse's default one uses %(request)s, which needs Synapse's own filter.
_LOG_CONFIG = """\
version: 1
disable_existing_loggers: false
formatters:
  plain:
    format: "%(asctime)s %(name)s %(levelname)s %(message)s"
handlers:
  file:
    class: logging.FileHandler
    formatter: plain
    filename: {log}
    level: WARNING
root:
  level: WARNING
  handlers: [file]
"""

# Plain urllib opener that never goes through an HTTP proxy: we only talk to 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SynapseError(RuntimeError):
    """Raised when Synapse cannot be installed or started."""


def venv_dir() -> Path:
    """Return the directory of the Synapse virtualenv (env var SYNAPSE_VENV overrides)."""
    override = os.environ.get("SYNAPSE_VENV")
    return Path(override).expanduser().resolve() if override else DEFAULT_VENV


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _is_installed(venv: Path) -> bool:
    marker = venv / f".matrix-synapse-{SYNAPSE_VERSION}.installed"
    dist = list(venv.glob(f"lib/python*/site-packages/matrix_synapse-{SYNAPSE_VERSION}.dist-info"))
    return _venv_python(venv).exists() and marker.exists() and bool(dist)


def _run(cmd: list[str], what: str, timeout: float) -> None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SynapseError(f"{what} failed: {exc}") from exc
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr)[-4000:]
        raise SynapseError(f"{what} failed (exit {proc.returncode}):\n{tail}")


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # released when the file is closed
        yield


def ensure_installed() -> Path:
    """Install matrix-synapse==SYNAPSE_VERSION into its own venv if needed; return its python."""
    venv = venv_dir()
    if _is_installed(venv):
        return _venv_python(venv)
    with _file_lock(venv / ".install.lock"):
        if _is_installed(venv):  # another process installed it while we waited
            return _venv_python(venv)
        if not _venv_python(venv).exists():
            _run([sys.executable, "-m", "venv", str(venv)], "creating the Synapse venv", 300)
        py = str(_venv_python(venv))
        pip = [py, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q"]
        _run([*pip, f"matrix-synapse=={SYNAPSE_VERSION}"], "pip install matrix-synapse", 1800)
        (venv / f".matrix-synapse-{SYNAPSE_VERSION}.installed").write_text(SYNAPSE_VERSION + "\n")
        if not _is_installed(venv):
            raise SynapseError(f"matrix-synapse {SYNAPSE_VERSION} not found in {venv} after pip")
    return _venv_python(venv)


@dataclass(frozen=True)
class RegisteredUser:
    """A user registered on the test homeserver."""

    user_id: str
    access_token: str
    password: str
    device_id: str


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "<no log>"


def registration_mac(secret: str, nonce: str, user: str, password: str, admin: bool = False) -> str:
    """Compute the HMAC-SHA1 used by Synapse's shared-secret registration API."""
    mac = hmac.new(secret.encode(), digestmod=hashlib.sha1)
    for part in (nonce, user, password):
        mac.update(part.encode() + b"\x00")
    mac.update(b"admin" if admin else b"notadmin")
    return mac.hexdigest()


class SynapseServer:
    """A throwaway Synapse homeserver listening on 127.0.0.1 on a free port."""

    def __init__(self, python: Path | None = None, start_timeout: float = 60.0) -> None:
        self.python = python or _venv_python(venv_dir())
        self.start_timeout = start_timeout
        self.port = 0
        self.shared_secret = ""
        self.workdir: Path | None = None
        self.startup_seconds: float | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """Client-server API base URL, e.g. http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.port}"

    def _write_config(self, work: Path) -> Path:
        log_config = work / "log.config.yaml"
        log_config.write_text(_LOG_CONFIG.format(log=json.dumps(str(work / "homeserver.log"))))
        config: dict[str, Any] = {
            "server_name": SERVER_NAME,
            "pid_file": str(work / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(work / "homeserver.db")}},
            "log_config": str(log_config),
            "media_store_path": str(work / "media_store"),
            "signing_key_path": str(work / "signing.key"),
            "registration_shared_secret": self.shared_secret,
            "macaroon_secret_key": secrets.token_hex(32),
            "form_secret": secrets.token_hex(32),
            "report_stats": False,
            "enable_metrics": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],
            "presence": {"enabled": False},
            "bcrypt_rounds": 4,
            "enable_registration": False,
            "url_preview_enabled": False,
            **_RATE_LIMITS,
        }
        path = work / "homeserver.yaml"
        # JSON is valid YAML, so no YAML library is needed on the test side.
        path.write_text(json.dumps(config, indent=2))
        return path

    def start(self) -> None:
        """Write a config, generate keys, launch Synapse and wait for /versions to answer."""
        if self._proc is not None:
            raise SynapseError("Synapse is already running")
        if not Path(self.python).exists():
            raise SynapseError(f"no Synapse python at {self.python}; call ensure_installed()")
        self._tmp = tempfile.TemporaryDirectory(prefix="synapse-test-")
        try:
            self._launch(Path(self._tmp.name))
        except BaseException:
            self.stop()
            raise

    def _launch(self, work: Path) -> None:
        self.workdir = work
        self.port = _free_port()
        self.shared_secret = secrets.token_hex(32)
        config = self._write_config(work)
        cmd = [str(self.python), "-m", "synapse.app.homeserver", "--config-path", str(config)]
        _run([*cmd, "--generate-keys"], "synapse --generate-keys", 120)
        self._serve(work, cmd)

    def _serve(self, work: Path, cmd: list[str]) -> None:
        out = work / "stdout.log"
        began = time.monotonic()
        with out.open("ab") as fh:
            self._proc = subprocess.Popen(cmd, cwd=work, stdout=fh, stderr=subprocess.STDOUT)
        deadline = began + self.start_timeout
        while True:
            code = self._proc.poll()
            if code is not None:
                self._fail(f"Synapse exited with code {code} during start-up")
            try:
                with _OPENER.open(self.base_url + "/_matrix/client/versions", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                self._fail(f"Synapse did not answer /versions within {self.start_timeout:g} s")
            time.sleep(0.1)
        self.startup_seconds = time.monotonic() - began

    def _fail(self, message: str) -> NoReturn:
        work = self.workdir or Path(".")
        raise SynapseError(
            f"{message}\n--- stdout/stderr tail ---\n{_tail(work / 'stdout.log')}\n"
            f"--- homeserver.log tail ---\n{_tail(work / 'homeserver.log')}"
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate Synapse (kill it after `timeout` seconds) and remove its temp dir."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def request_json(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        access_token: str | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Send a JSON request to the server; return (HTTP status, decoded JSON body)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if access_token:
            req.add_header("Authorization", f"Bearer {access_token}")
        try:
            with _OPENER.open(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as err:
            raw = err.read()
            try:
                return err.code, json.loads(raw or b"{}")
            except json.JSONDecodeError:
                return err.code, {"raw": raw.decode(errors="replace")}

    def register_user(
        self, localpart: str, password: str | None = None, admin: bool = False
    ) -> RegisteredUser:
        """Register a user through the shared-secret admin API and return its credentials."""
        password = password or secrets.token_urlsafe(16)
        path = "/_synapse/admin/v1/register"
        status, body = self.request_json("GET", path)
        if status != 200:
            raise SynapseError(f"GET {path} -> {status}: {body}")
        nonce = str(body["nonce"])
        mac = registration_mac(self.shared_secret, nonce, localpart, password, admin)
        payload = {"nonce": nonce, "username": localpart, "password": password}
        status, body = self.request_json("POST", path, {**payload, "admin": admin, "mac": mac})
        if status != 200:
            raise SynapseError(f"POST {path} -> {status}: {body}")
        user_id, token = body["user_id"], body["access_token"]
        return RegisteredUser(user_id, token, password, body.get("device_id", ""))

    async def aregister_user(
        self, localpart: str, password: str | None = None, admin: bool = False
    ) -> RegisteredUser:
        """Async wrapper around register_user, run in a worker thread."""
        return await asyncio.to_thread(self.register_user, localpart, password, admin)


def main(argv: list[str]) -> int:
    """Command line: `install` installs Synapse; `run` also starts it until Ctrl-C."""
    if not argv or argv[0] not in {"install", "run"}:
        print("usage: python -m tests.matrix.synapse install|run", file=sys.stderr)
        return 2
    began = time.monotonic()
    python = ensure_installed()
    print(f"matrix-synapse {SYNAPSE_VERSION} at {python} ({time.monotonic() - began:.1f} s)")
    if argv[0] == "run":
        server = SynapseServer(python)
        server.start()
        print(f"listening on {server.base_url} (up in {server.startup_seconds:.1f} s)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
