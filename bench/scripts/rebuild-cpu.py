#!/usr/bin/env python3
"""Runs the read-side rebuild benchmark and reports, besides its events/s, the CPU time the JVM and the PostgreSQL
processes spent during the rebuild (read from /proc), per event. On a shared, noisy machine wall time varies by 20 %
between runs of one build; CPU per event shows how much work a build does per event.

usage: bench/scripts/rebuild-cpu.py [jar] [events]   (Linux; run from the repository root)
"""
import os
import re
import subprocess
import sys
import tempfile
import time

jar = sys.argv[1] if len(sys.argv) > 1 else 'bench/target/bench-0.1.0-SNAPSHOT-exec.jar'
events = sys.argv[2] if len(sys.argv) > 2 else '1000000'
ticks = os.sysconf('SC_CLK_TCK')
log = tempfile.NamedTemporaryFile('w+', suffix='.log', delete=False)
bench = subprocess.Popen(['java', '-jar', jar, 'read-side', 'rebuild', events], stdout=log, stderr=subprocess.STDOUT)


def cpu_by_process():
    """(pid, name, user + system ticks) of every java and postgres process."""
    found = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            stat = open('/proc/%s/stat' % pid).read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        if name in ('java', 'postgres'):
            fields = stat[stat.rindex(')') + 2:].split()
            found.append((int(pid), name, int(fields[11]) + int(fields[12])))
    return found


def output():
    with open(log.name) as text:
        return text.read()


while 'rebuild: ' not in output():
    if bench.poll() is not None:
        sys.exit(output())
    time.sleep(0.1)
before = {pid: used for pid, _, used in cpu_by_process()}
last, names = dict(before), {}
# polled until the result is printed: a backend that exits meanwhile keeps what it used by its last poll
while 'rebuilt into' not in output():
    if bench.poll() is not None:
        sys.exit(output())
    for pid, name, used in cpu_by_process():
        last[pid], names[pid] = used, name
    time.sleep(0.2)
bench.wait()
spent = {name: sum(last[pid] - before.get(pid, 0) for pid in last if names.get(pid) == name) / ticks
         for name in ('java', 'postgres')}
result = re.search(r'([0-9,]+) events rebuilt into every read model in ([0-9.]+) s: ([0-9,]+) events/s', output())
count = int(result.group(1).replace(',', ''))
print('%s events/s (%s s); CPU: JVM %.1f s + PostgreSQL %.1f s = %.1f µs per event'
      % (result.group(3), result.group(2), spent['java'], spent['postgres'],
         (spent['java'] + spent['postgres']) * 1e6 / count))
