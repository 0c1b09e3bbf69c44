"""`make bench`, « salle de 30 »: N learners log in and open their first lesson at once.

Run as root on the server that hosts the room (it creates N temporary system accounts,
removes them at the end). For each of two hubs on this machine, in the same run:

- **the course's room** (``deploy/jupyterhub/jupyterhub_config.py``, installed by
  ``deploy/jupyterhub/installer.sh``): each learner logs in through the login page,
  waits for their server (the workspace prepared at spawn), opens
  ``00_demarche.ipynb`` and runs its code cells up to the first quiz: the clock stops
  when the kernel has sent the quiz's widget view (what JupyterLab draws);
- **a stock hub** (same JupyterHub, same accounts, stock single-user server, no course;
  kernels over Unix sockets as in the room, since over TCP thirty kernels starting at
  once collide on loopback ports): each learner logs in, waits for their server, opens an
  empty notebook and runs an empty cell.

The learners are simulated by HTTP and WebSocket clients speaking to the hub like a
browser (login form, OAuth redirects, the Jupyter kernel protocol); drawing the page is
the learner's own laptop's work and is not counted. Reported: time from the common start
until each learner's quiz (median, 95th percentile, last), and the memory of each
learner's processes (server and kernel) once all quizzes are there — RSS, and PSS (shared
pages split between the processes that share them, so that the per-learner figures add
up to the machine's total).

    python tools/bench_salle.py [--apprenants 30] [--json F]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookiejar
import json
import os
import pwd
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fabrique_course.facilitation import _salle  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LESSON = "parcours-startup-etat/00_demarche.ipynb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- one learner

class Learner:
    """A browser-like client of one learner: cookies, redirects, the XSRF token."""

    def __init__(self, base: str, login: str, password: str) -> None:
        self.base, self.login, self.password = base, login, password
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.reconnections = 0

    def get(self, path: str, timeout: float = 300) -> tuple[str, bytes]:
        with self.opener.open(self.base + path, timeout=timeout) as r:
            return r.geturl(), r.read()

    def post(self, path: str, data: bytes, headers: dict[str, str] | None = None
             ) -> tuple[str, bytes]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        with self.opener.open(request, timeout=300) as r:
            return r.geturl(), r.read()

    def cookie(self, name: str, path_prefix: str = "") -> str:
        for c in self.jar:
            if c.name == name and c.path.startswith(path_prefix or "/"):
                return str(c.value)
        return ""

    def log_in(self) -> None:
        _, page = self.get("/hub/login")
        xsrf = re.search(rb'name="_xsrf" value="([^"]+)"', page)
        form = {"username": self.login, "password": self.password}
        if xsrf:
            form["_xsrf"] = xsrf.group(1).decode()
        self.post("/hub/login?next=", urllib.parse.urlencode(form).encode())

    def wait_server(self) -> None:
        """Follow the browser's path until the single-user server answers."""
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            # A page, not the API: the server's OAuth redirects set its cookie on the way.
            try:
                url, _ = self.get(f"/user/{self.login}/lab", timeout=60)
            except OSError:
                time.sleep(0.5)
                continue
            if f"/user/{self.login}/lab" in url:
                return
            time.sleep(0.5)
        raise RuntimeError(f"{self.login} : serveur jamais prêt")

    def api(self, method: str, path: str, body: Any = None) -> Any:
        xsrf = self.cookie("_xsrf", f"/user/{self.login}")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.base}/user/{self.login}/api/{path}", data=data, method=method,
            headers={"Content-Type": "application/json", "X-XSRFToken": xsrf})
        with self.opener.open(request, timeout=300) as r:
            return json.loads(r.read() or b"null")

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class ConnectionLost(RuntimeError):
    """The server closed the kernel's WebSocket (under load, before the kernel answered)."""


#: Reconnections a learner's page would make; each one is counted in the results.
RECONNECTIONS = 5


async def run_cells(learner: Learner, kernel_id: str, cells: Sequence[str],
                    want_widget: bool) -> int:
    """Run ``cells`` like JupyterLab does, reconnecting (and running them again) when the
    server drops the WebSocket, as JupyterLab reconnects; the number of reconnections."""
    for attempt in range(RECONNECTIONS + 1):
        try:
            await run_cells_once(learner, kernel_id, cells, want_widget)
            return attempt
        except ConnectionLost:
            if attempt == RECONNECTIONS:
                raise
            await asyncio.sleep(1)
    return RECONNECTIONS


async def run_cells_once(learner: Learner, kernel_id: str, cells: Sequence[str],
                         want_widget: bool) -> None:
    """Execute ``cells`` in order on the kernel's WebSocket; with ``want_widget``, return
    once a widget view has been displayed (the quiz), else after the last reply."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    ws_base = learner.base.replace("http://", "ws://")
    request = HTTPRequest(
        f"{ws_base}/user/{learner.login}/api/kernels/{kernel_id}/channels"
        f"?session_id={uuid.uuid4().hex}",
        headers={"Cookie": learner.cookie_header(),
                 "X-XSRFToken": learner.cookie("_xsrf", f"/user/{learner.login}")},
        request_timeout=300, connect_timeout=300)
    conn = await websocket_connect(request)
    try:
        session = uuid.uuid4().hex
        seen: list[str] = []  # what the cells showed instead of a quiz, for the message
        for source in cells:
            msg_id = uuid.uuid4().hex
            conn.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": learner.login, "session": session,
                           "msg_type": "execute_request", "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": source, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False,
                            "stop_on_error": True}}))
            # Done with a cell when the shell has replied and iopub says « idle »: the
            # two channels are not ordered with respect to each other.
            replied = idle = False
            while not (replied and idle):
                raw = await conn.read_message()
                if raw is None:
                    raise ConnectionLost(f"{learner.login} : connexion au noyau perdue")
                if isinstance(raw, bytes):
                    continue  # binary frames carry widget buffers
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "error":
                    raise RuntimeError(f"{learner.login} : {msg['content']['ename']}")
                if kind in ("display_data", "execute_result", "stream"):
                    data = msg["content"].get("data", {})
                    if want_widget and WIDGET_VIEW in data:
                        return
                    seen.append(str(data.get("text/plain", msg["content"].get("text", "")))[:300])
                if kind == "execute_reply":
                    replied = True
                if kind == "status" and msg["content"].get("execution_state") == "idle":
                    idle = True
        if want_widget:
            raise RuntimeError(f"{learner.login} : aucun quiz affiché ; sorties : {seen}")
    finally:
        conn.close()


def first_quiz_cells() -> list[str]:
    """The code cells of lesson 00 up to and including its first quiz."""
    nb = json.loads((ROOT / "notebooks" / "00_demarche.ipynb").read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        cells.append(source)
        if source.lstrip().startswith("quiz("):
            return cells
    raise SystemExit("00_demarche n'a pas de quiz")


async def one_learner(learner: Learner, stock: bool, cells: list[str]) -> float:
    """Seconds from now until this learner's first quiz (or empty cell) is there."""
    started = time.perf_counter()
    await asyncio.to_thread(learner.log_in)
    await asyncio.to_thread(learner.wait_server)
    if stock:
        name = f"Sans titre {learner.login}.ipynb"
        await asyncio.to_thread(learner.api, "PUT", f"contents/{urllib.parse.quote(name)}",
                                {"type": "notebook", "content": {
                                    "cells": [], "metadata": {}, "nbformat": 4,
                                    "nbformat_minor": 5}})
        path, code, widget = name, [""], False
    else:
        path, code, widget = LESSON, cells, True
    session = await asyncio.to_thread(
        learner.api, "POST", "sessions",
        {"path": path, "name": Path(path).name, "type": "notebook",
         "kernel": {"name": "python3"}})
    learner.reconnections = await run_cells(learner, session["kernel"]["id"], code, widget)
    return time.perf_counter() - started


# --------------------------------------------------------------------------- memory

def memory_by_user(logins: Sequence[str]) -> dict[str, dict[str, float]]:
    """RSS and PSS (MB) of all the processes of each account."""
    uids = {pwd.getpwnam(login).pw_uid: login for login in logins}
    out = {login: {"rss_mb": 0.0, "pss_mb": 0.0, "processes": 0} for login in logins}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            uid = entry.stat().st_uid
            if uid not in uids:
                continue
            rollup = (entry / "smaps_rollup").read_text()
        except OSError:
            continue
        row = out[uids[uid]]
        for line in rollup.splitlines():
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                row[f"{key.lower()}_mb"] += int(rest.split()[0]) / 1024
        row["processes"] += 1
    return out


# --------------------------------------------------------------------------- hubs

STOCK_CONFIG = """
c = get_config()  # noqa: F821
c.JupyterHub.authenticator_class = "pam"
c.LocalAuthenticator.allowed_groups = {%(groups)r}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [%(singleuser)r]
# Kernels over Unix sockets, as in the room: over TCP, thirty kernels starting at once
# race for the same loopback ports and some die (jupyter_client picks ports before the
# kernel binds them).
c.Spawner.args = ["--KernelManager.transport=ipc"]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {"PATH": %(path)r}
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.JupyterHub.db_url = %(db)r
c.JupyterHub.cookie_secret_file = %(secret)r
c.ConfigurableHTTPProxy.command = [%(proxy)r]
c.ConfigurableHTTPProxy.pid_file = %(pid)r
"""


@dataclass
class Hub:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def start_hub(config: Path, layout: _salle.Layout, work: Path, name: str) -> Hub:
    port = free_port()
    log = work / f"{name}.log"
    env = dict(os.environ, **{_salle.INSTALL_ENV: str(layout.install),
                              "FABRIQUE_SALLE_DONNEES": str(layout.data)})
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(layout.bin / "jupyterhub"), "-f", str(config), "--port", str(port),
             "--ip", "127.0.0.1",
             # Private ports of their own: another hub may run on this machine.
             f"--JupyterHub.hub_bind_url=http://127.0.0.1:{free_port()}",
             f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/hub/api/", timeout=2)
            return Hub(process, url, log)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                Hub(process, url, log).stop()
                raise SystemExit(f"le hub {name} n'a pas démarré :\n"
                                 + log.read_text(errors="replace")[-3000:]) from None
            time.sleep(0.3)


def clean_homes(logins: Sequence[str]) -> None:
    """Back to a first login: no workspace, no Jupyter or IPython state, no caches."""
    for login in logins:
        home = Path(pwd.getpwnam(login).pw_dir)
        subprocess.run(["pkill", "--signal", "KILL", "--uid", login], check=False)
        for child in home.iterdir():
            if child.name not in (".bashrc", ".profile", ".bash_logout"):
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)


async def run_room(hub: Hub, accounts: Sequence[tuple[str, str]], stock: bool,
                   cells: list[str]) -> dict[str, Any]:
    learners = [Learner(hub.url, login, pw) for login, pw in accounts]
    started = time.perf_counter()
    times = await asyncio.gather(*(one_learner(x, stock, cells) for x in learners))
    wall = time.perf_counter() - started
    memory = memory_by_user([login for login, _ in accounts])
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    per_rss = [m["rss_mb"] for m in memory.values()]
    per_pss = [m["pss_mb"] for m in memory.values()]
    return {"median_s": statistics.median(times), "p95_s": p95, "last_s": ordered[-1],
            "wall_s": wall,
            "rss_mb_median": statistics.median(per_rss), "rss_mb_max": max(per_rss),
            "pss_mb_median": statistics.median(per_pss), "pss_mb_max": max(per_pss),
            "total_pss_mb": sum(per_pss), "total_rss_mb": sum(per_rss),
            "reconnections": sum(x.reconnections for x in learners)}


def measure_room(learners: int = 30, rounds: int = 2,
                 work: Path | None = None) -> dict[str, Any]:
    """The « salle de N » figures, course against stock, measured in the same run."""
    if os.geteuid() != 0:
        raise SystemExit("la mesure « salle » crée des comptes système : lancez-la en root")
    own_tmp = work is None
    work = Path(tempfile.mkdtemp(prefix="fabrique-banc-salle-", dir="/var/tmp")) \
        if work is None else work
    os.chmod(work, 0o755)
    layout = _salle.Layout(work / "installation", work / "donnees")
    env = dict(os.environ, **{_salle.INSTALL_ENV: str(layout.install)})
    print("Installation de la salle (deploy/jupyterhub/installer.sh)…", flush=True)
    subprocess.run(["bash", str(ROOT / "deploy" / "jupyterhub" / "installer.sh")], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    prefix = "fcb" + uuid.uuid4().hex[:3].translate(str.maketrans("0123456789", "ghijklmnop"))
    had_facilitator = _exists(_salle.FACILITATOR)
    had_groups = {g: _group_exists(g) for g in (_salle.LEARNERS, _salle.FACILITATORS)}
    hubs: list[Hub] = []
    try:
        made = _salle.create_accounts(learners, prefix=prefix, layout=layout)
        accounts = made.learners
        cells = first_quiz_cells()
        stock_config = work / "stock_config.py"
        stock_config.write_text(STOCK_CONFIG % {
            "groups": _salle.LEARNERS, "singleuser": str(layout.bin / "jupyterhub-singleuser"),
            "path": f"{layout.bin}:/usr/local/bin:/usr/bin:/bin",
            "db": f"sqlite:///{work / 'stock.sqlite'}",
            "secret": str(work / "stock_cookie_secret"), "proxy": str(layout.proxy),
            "pid": str(work / "stock-proxy.pid")}, encoding="utf-8")
        results: dict[str, Any] = {"learners": learners, "rounds": rounds}
        runs: dict[str, list[dict[str, Any]]] = {"stock": [], "cours": []}
        # Rounds alternate the two hubs (stock first, then the course), each from first
        # logins (homes emptied), so that neither always gets the warmer machine.
        for round_number in range(1, rounds + 1):
            for name, config, stock in (
                    ("stock", stock_config, True),
                    ("cours", ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py", False)):
                clean_homes([a for a, _ in accounts])
                subprocess.run(["sync"], check=False)
                print(f"Salle de {learners}, tour {round_number}/{rounds} : hub {name}…",
                      flush=True)
                hub = start_hub(config, layout, work, name)
                hubs.append(hub)
                try:
                    runs[name].append(asyncio.run(run_room(hub, accounts, stock, cells)))
                finally:
                    hub.stop()
                    hubs.remove(hub)
        for name, samples in runs.items():
            results[name] = {key: statistics.median(s[key] for s in samples)
                             for key in samples[0]}
        results["ratio"] = statistics.median(
            c["last_s"] / s["last_s"] for c, s in zip(runs["cours"], runs["stock"], strict=True))
        results["runs"] = runs
        return results
    finally:
        for hub in hubs:
            hub.stop()
        with contextlib.suppress(Exception):
            _salle.close_room(layout)
        if not had_facilitator and _exists(_salle.FACILITATOR):
            subprocess.run(["userdel", "--remove", _salle.FACILITATOR], check=False,
                           capture_output=True)
        for group, existed in had_groups.items():
            if not existed:
                subprocess.run(["groupdel", group], check=False, capture_output=True)
        if own_tmp and sys.exc_info()[0] is None:
            shutil.rmtree(work, ignore_errors=True)
        elif own_tmp:
            print(f"Journaux des hubs gardés dans {work}", file=sys.stderr)


def _exists(login: str) -> bool:
    try:
        pwd.getpwnam(login)
        return True
    except KeyError:
        return False


def _group_exists(name: str) -> bool:
    import grp

    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apprenants", type=int, default=30)
    parser.add_argument("--tours", type=int, default=2,
                        help="tours (chaque tour : le hub standard, puis celui du cours)")
    parser.add_argument("--json", help="écrire les chiffres dans ce fichier")
    args = parser.parse_args(argv)
    results = measure_room(args.apprenants, args.tours)
    text = json.dumps(results, indent=1)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
