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


def key_latencies(socket, busy, samples, pause=0.0):
    """While busy(screen text) holds, up to `samples` times: how long (ms) a `:` keypress takes to show the
    command line, tmux round trip included; Escape closes it again."""
    latencies = []
    while len(latencies) < samples and busy(screen(socket)):
        sent = time.perf_counter()
        tmux(socket, "send-keys", "-t", "b", ":")
        wait_for(socket, lambda text: ":▏" in text, timeout=10)
        latencies.append((time.perf_counter() - sent) * 1000)
        tmux(socket, "send-keys", "-t", "b", "Escape")
        wait_for(socket, lambda text: ":▏" not in text, timeout=10)
        time.sleep(pause)
    return latencies
