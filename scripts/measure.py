#!/usr/bin/env python3
"""CPU time (user + system) and peak resident memory of one command, best of RUNS (default 3).

    python3 scripts/measure.py INPUT -- CMD ARGS...

Prints `cpu SECONDS peak MB input MB`: what the benchmarks at the extremes (scripts/bench.sh)
compare against the input's size. Exit codes 0 and 1 (findings fail) both count as a run.
"""
import os
import resource
import subprocess
import sys

split = sys.argv.index("--")
inp, cmd = sys.argv[1], sys.argv[split + 1:]
runs = int(os.environ.get("RUNS", "3"))
best_cpu, best_peak = float("inf"), float("inf")
for _ in range(runs):
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execvp(cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"measure: {' '.join(cmd)} exited {code}")
    best_cpu = min(best_cpu, ru.ru_utime + ru.ru_stime)
    best_peak = min(best_peak, ru.ru_maxrss / 1024)  # kB on Linux
print(f"cpu {best_cpu:.3f} peak {best_peak:.1f} input {os.path.getsize(inp) / 1e6:.1f}")
