#!/usr/bin/env python3
"""Two builds of the CLI on one input, alternating, one fresh process a run.

    python3 scripts/compare-builds.py FILE ROUNDS OLD_BINARY NEW_BINARY

Runs `BINARY check FILE --format json` (report to /dev/null) ROUNDS times each, the order
swapped every round so neither build always runs first, and prints each build's median and
best wall time and CPU time (user and system, from the process's rusage). On a machine whose
timings move from run to run, this is how a change is judged: the same minutes for both.
"""
import os
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path, rounds, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    builds = [("old", old), ("new", new)]
    wall = {name: [] for name, _ in builds}
    cpu = {name: [] for name, _ in builds}
    for r in range(rounds):
        for name, binary in builds if r % 2 == 0 else builds[::-1]:
            start = time.perf_counter()
            child = subprocess.Popen(
                [binary, "check", path, "--format", "json"], stdout=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(child.pid, 0)
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(usage.ru_utime + usage.ru_stime)
            code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                print(f"{binary} exited {code}", file=sys.stderr)
                return 2
    for name, binary in builds:
        w, c = wall[name], cpu[name]
        print(
            f"{name} ({binary}): wall median {statistics.median(w):.3f} s, best {min(w):.3f} s;"
            f" CPU median {statistics.median(c):.3f} s, best {min(c):.3f} s ({rounds} runs)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
