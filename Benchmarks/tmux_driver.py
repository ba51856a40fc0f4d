"""Driving pbitui in tmux for the benchmarks: send keys, read the screen, wait for text."""
import subprocess
import sys
import time


def tmux(socket, *args):
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True).stdout


def screen(socket):
    return tmux(socket, "capture-pane", "-p", "-t", "b")


def wait_for(socket, predicate, timeout=60):
    """Polls the screen every 2 ms until predicate(text) holds; returns (seconds, text)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        text = screen(socket)
        if predicate(text):
            return time.perf_counter() - start, text
        time.sleep(0.002)
    sys.exit("timed out; screen:\n" + screen(socket))
