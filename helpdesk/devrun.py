"""Run the development processes together for ``make up``: web server, Celery worker and beat.

Each output line is prefixed with the process name. Ctrl-C, SIGTERM or the exit of any one process
stops all of them: SIGTERM first, SIGKILL for whatever still runs after a grace period.
"""

import os
import signal
import subprocess
import sys
import threading
import time

GRACE_SECONDS = 10
POLL_SECONDS = 0.2

CELERY = [sys.executable, "-m", "celery", "-A", "helpdesk"]
PROCESSES = {
    "web": [sys.executable, "manage.py", "runserver", "127.0.0.1:8000"],
    # No -Q: the worker consumes CELERY_TASK_DEFAULT_QUEUE from settings, where tasks are sent.
    "worker": [*CELERY, "worker", "-l", "info", "--concurrency", "2"],
    "beat": [*CELERY, "beat", "-l", "info", "-s", "var/celerybeat-schedule"],
}


def _copy_output(name: str, stream, width: int, lock: threading.Lock) -> None:
    for line in stream:
        with lock:
            sys.stdout.write(f"{name:<{width}} | {line}")
            sys.stdout.flush()


def _stop(children: dict[str, subprocess.Popen]) -> None:
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for name, child in children.items():
        try:
            child.wait(timeout=max(0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"devrun: {name} did not stop in {GRACE_SECONDS}s, killing it", flush=True)
        # Each child leads its own process group; killing the group also takes out what it
        # started (runserver's reloaded server, the Celery pool) should any of it linger.
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()


def run(commands: dict[str, list[str]]) -> int:
    """Run ``commands`` (name -> argv) until a signal or the exit of one; return 1 in that case."""
    stop_requested = threading.Event()
    signal_received = []

    def request_stop(signum, _frame):
        signal_received.append(signum)
        stop_requested.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    width = max(map(len, commands))
    lock = threading.Lock()
    children: dict[str, subprocess.Popen] = {}
    readers = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name, argv in commands.items():
        # A new session keeps the terminal's Ctrl-C away from the children: this runner alone
        # decides how they stop, so they do not race each other's shutdown.
        child = subprocess.Popen(  # noqa: S603 - fixed commands
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=env,
            start_new_session=True,
        )
        children[name] = child
        reader = threading.Thread(target=_copy_output, args=(name, child.stdout, width, lock))
        reader.start()
        readers.append(reader)

    exited = None
    while not stop_requested.wait(POLL_SECONDS):
        exited = next((name for name, child in children.items() if child.poll() is not None), None)
        if exited:
            break
    if exited:
        reason = f"{exited} exited with status {children[exited].returncode}"
    else:
        reason = f"got {signal.Signals(signal_received[0]).name}"
    print(f"devrun: {reason}; stopping all", flush=True)
    _stop(children)
    for reader in readers:
        reader.join()
    return 1 if exited else 0


if __name__ == "__main__":
    sys.exit(run(PROCESSES))
