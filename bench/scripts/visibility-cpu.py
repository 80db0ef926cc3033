#!/usr/bin/env python3
"""Runs the read-side visibility benchmark and reports, over its counted part, where the CPU went and what PostgreSQL
ran: the CPU time of each JVM thread group (by full thread name) and of each kind of PostgreSQL process, per command;
the CPU of the busiest groups in each 5-s slice, to set beside the benchmark's own timeline; and the statements
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


def postgres_role(pid):
    """What a PostgreSQL process does, from the title it sets: a client's backend, or a background process."""
    try:
        with open('/proc/%s/cmdline' % pid, 'rb') as f:
            title = f.read().replace(b'\0', b' ').decode(errors='replace').strip()
    except OSError:
        return 'PostgreSQL (ended)'
    if re.match(r'postgres: \S+ \S+ [\d.:\[\]a-f]+\(\d+\)', title):
        return 'PostgreSQL client backends'
    if title.startswith('postgres: '):
        return 'PostgreSQL ' + re.sub(r'\s+(for|process|worker\s).*$', '', title[len('postgres: '):])
    return 'PostgreSQL postmaster'


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
            seen['postgres', int(pid)] = (postgres_role(pid), used)
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
slices = [dict(before)]  # every 5 s: a spike in one slice's p99 shows what took the CPU then
while 'sent at |' not in text():  # the counted commands are all visible
    latest.update(snapshot())
    if time.time() - began >= 5 * len(slices):
        slices.append(dict(latest))
    time.sleep(0.5)
slices.append(dict(latest))
wall = time.time() - began
statements = subprocess.run(psql + ['-c', r"""
    select calls, round(total_exec_time::numeric) as ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160) as query
    from pg_stat_statements order by calls desc limit 25"""], capture_output=True, text=True).stdout
dump = subprocess.run(['jcmd', str(bench.pid), 'Thread.print'], capture_output=True, text=True).stdout
names = {int(nid, 16): name for name, nid in re.findall(r'^"([^"]+)".*?nid=(0x[0-9a-f]+)', dump, re.M)}
bench.wait()

hz = os.sysconf('SC_CLK_TCK')


def grouped(start, end):
    """CPU ticks between two snapshots, by thread group (numbers folded) or PostgreSQL process role."""
    counted = collections.Counter()
    for (kind, pid), (name, used) in end.items():
        full = names.get(pid, name) if kind == 'java' else name
        counted[re.sub(r'[0-9]+', '#', full)] += used - start.get((kind, pid), (name, 0))[1]
    return counted


groups = grouped(before, latest)
total = sum(groups.values())
postgres = sum(used for name, used in groups.items() if name.startswith('PostgreSQL'))
commands = float(rate) * float(seconds)
print(text()[text().index('sent at |'):])
print('CPU over the counted part (%.1f s): %.1f s, %.0f %% of one core, %.0f µs per command'
      % (wall, total / hz, 100 * total / hz / wall, total / hz / commands * 1e6))
print('  %6.1f s  %5.1f %%  PostgreSQL, of which:' % (postgres / hz, 100 * postgres / total))
for name, used in groups.most_common():
    if name.startswith('PostgreSQL') and used > 0:
        print('      %6.1f s  %5.1f %%  %s' % (used / hz, 100 * used / total, name[len('PostgreSQL '):]))
for name, used in [(name, used) for name, used in groups.most_common() if not name.startswith('PostgreSQL')][:20]:
    print('  %6.1f s  %5.1f %%  %s' % (used / hz, 100 * used / total, name))
columns = [name for name, _ in groups.most_common(8)]
columns += [name for name in groups if name not in columns and re.search('autovacuum$|aggregate-snapshots|C# Comp', name)]
print('\nCPU seconds per 5-s slice of the counted part (2 cores: 10 s at most):')
print('slice | ' + ' | '.join(columns) + ' | all')
for i in range(len(slices) - 1):
    part = grouped(slices[i], slices[i + 1])
    print('%3d s | ' % (5 * i) + ' | '.join('%.2f' % (part[name] / hz) for name in columns)
          + ' | %.2f' % (sum(part.values()) / hz))
print('\nPostgreSQL statements over the counted part, most frequent first:\n' + statements)
