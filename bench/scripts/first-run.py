#!/usr/bin/env python3
"""What a newcomer's first run costs: bin/enclave-suite on a fresh data folder, timed to its banner; then, idle,
its CPU (the JVM and the embedded PostgreSQL it started, as a share of one core) and resident memory; then Ctrl-C,
timed to the exit. Numbers are wall-clock on a shared machine: report them with the machine's load (printed too).

    bench/scripts/first-run.py [--idle-seconds 60] [--settle-seconds 30] [--runs 1] [suite arguments...]
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree(pid):
    """pid and every descendant (the embedded PostgreSQL's postmaster and backends)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def cpu_ticks(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total


def rss_mib(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2**20


def pss_mib(pids):
    """Proportional set size: shared pages counted once across the tree."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except OSError:
            pass
    return total / 1024


def one_run(args, extra):
    data = tempfile.mkdtemp(prefix="first-run-")
    log_path = os.path.join(data, "suite.log")
    env = dict(os.environ, ENCLAVE_DATA_DIR=data)
    with open(log_path, "w") as log:
        began = time.monotonic()
        # Ctrl-C's SIGINT must reach the JVM: a shell that starts this script in the background ignores SIGINT, and
        # a JVM that inherits an ignored SIGINT never stops on one.
        suite = subprocess.Popen([os.path.join(ROOT, "bin", "enclave-suite"), *extra], cwd=ROOT, env=env,
                                 stdout=log, stderr=subprocess.STDOUT,
                                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        while True:
            if suite.poll() is not None:
                sys.exit(f"the suite stopped while starting; see {log_path}")
            with open(log_path, errors="replace") as f:
                text = f.read()
            if "Enclave Suite is running" in text:
                break
            time.sleep(0.2)
        banner = time.monotonic() - began
        said = re.search(r"started in ([0-9.]+) s", text)
        time.sleep(args.settle_seconds)
        pids = tree(suite.pid)
        load_before = os.getloadavg()[0]
        ticks, t0 = cpu_ticks(pids), time.monotonic()
        time.sleep(args.idle_seconds)
        pids = tree(suite.pid)
        cpu = (cpu_ticks(pids) - ticks) / TICK / (time.monotonic() - t0) * 100
        rss, pss = rss_mib(suite.pid), pss_mib(pids)
        stop_began = time.monotonic()
        suite.send_signal(signal.SIGINT)
        suite.wait(timeout=300)
        stopped = time.monotonic() - stop_began
    print(f"banner {banner:.1f} s (the suite says {said.group(1) if said else '?'} s) · idle CPU {cpu:.1f} % of one "
          f"core (JVM + PostgreSQL, over {args.idle_seconds} s) · JVM RSS {rss:.0f} MiB · whole tree PSS {pss:.0f} MiB"
          f" · Ctrl-C to exit {stopped:.1f} s · load average {load_before:.2f} on {os.cpu_count()} cores")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--idle-seconds", type=int, default=60)
    parser.add_argument("--settle-seconds", type=int, default=30)
    parser.add_argument("--runs", type=int, default=1)
    args, extra = parser.parse_known_args()
    for _ in range(args.runs):
        one_run(args, extra)


if __name__ == "__main__":
    main()
