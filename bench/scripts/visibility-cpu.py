#!/usr/bin/env python3
"""Runs the read-side visibility benchmark and reports, over its counted part, where the CPU went and what PostgreSQL
ran: the CPU time of each JVM thread group (by full thread name) and of PostgreSQL, per command; and the statements
PostgreSQL executed (pg_stat_statements, loaded into the embedded server for the run), most frequent first. On two
shared cores the latency of one run is one sample; the work per command is what a change moves.

usage: bench/scripts/visibility-cpu.py [jar] [commands/s] [seconds]   (Linux, a JDK's jcmd and psql on the PATH;
       run from the repository root)
"""
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

jar = sys.argv[1] if len(sys.argv) > 1 else 'bench/target/bench-0.1.0-SNAPSHOT-exec.jar'
rate = sys.argv[2] if len(sys.argv) > 2 else '500'
seconds = sys.argv[3] if len(sys.argv) > 3 else '30'
log = tempfile.NamedTemporaryFile('w+', suffix='.log', delete=False)
bench = subprocess.Popen(['java', '-Denclave.test.postgres.server.shared_preload_libraries=pg_stat_statements',
                          '-jar', jar, 'read-side', 'visibility', rate, seconds],
                         stdout=log, stderr=subprocess.STDOUT)


def text():
    with open(log.name) as f:
        return f.read()


def ticks(path):
    with open(path) as f:
        stat = f.read()
    fields = stat[stat.rindex(')') + 2:].split()
    return stat[stat.index('(') + 1:stat.rindex(')')], int(fields[11]) + int(fields[12])


def snapshot():
    """CPU ticks so far of each JVM thread and each PostgreSQL process."""
    seen = {}
    for task in os.listdir('/proc/%d/task' % bench.pid):
        try:
            seen['java', int(task)] = ticks('/proc/%d/task/%s/stat' % (bench.pid, task))
        except OSError:
            pass
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            name, used = ticks('/proc/%s/stat' % pid)
        except OSError:
            continue
        if name == 'postgres':
            seen['postgres', int(pid)] = ('PostgreSQL', used)
    return seen


while 'counted:' not in text():
    if bench.poll() is not None:
        sys.exit('the benchmark ended before its counted part:\n' + text()[-3000:])
    time.sleep(0.1)
listening = subprocess.run(['ss', '-ltnp'], capture_output=True, text=True).stdout
port = next(re.search(r':(\d+) ', line).group(1) for line in listening.splitlines() if '"postgres"' in line)
psql = ['psql', '-h', 'localhost', '-p', port, '-U', 'postgres', '-d', 'postgres', '-X', '-q']
subprocess.run(psql + ['-c', 'create extension if not exists pg_stat_statements',
                       '-c', 'select pg_stat_statements_reset()'], capture_output=True, check=True)
before = snapshot()
latest = dict(before)
began = time.time()
while 'sent at |' not in text():  # the counted commands are all visible
    latest.update(snapshot())
    time.sleep(0.5)
wall = time.time() - began
statements = subprocess.run(psql + ['-c', r"""
    select calls, round(total_exec_time::numeric) as ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160) as query
    from pg_stat_statements order by calls desc limit 25"""], capture_output=True, text=True).stdout
dump = subprocess.run(['jcmd', str(bench.pid), 'Thread.print'], capture_output=True, text=True).stdout
names = {int(nid, 16): name for name, nid in re.findall(r'^"([^"]+)".*?nid=(0x[0-9a-f]+)', dump, re.M)}
bench.wait()

hz = os.sysconf('SC_CLK_TCK')
groups = collections.Counter()
for (kind, pid), (name, used) in latest.items():
    full = names.get(pid, name) if kind == 'java' else name
    groups[re.sub(r'[0-9]+', '#', full)] += used - before.get((kind, pid), (name, 0))[1]
total = sum(groups.values())
commands = float(rate) * float(seconds)
print(text()[text().index('sent at |'):])
print('CPU over the counted part (%.1f s): %.1f s, %.0f %% of one core, %.0f µs per command'
      % (wall, total / hz, 100 * total / hz / wall, total / hz / commands * 1e6))
for name, used in groups.most_common(20):
    print('  %6.1f s  %5.1f %%  %s' % (used / hz, 100 * used / total, name))
print('\nPostgreSQL statements over the counted part, most frequent first:\n' + statements)
