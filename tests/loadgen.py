"""A busy machine on purpose: processes that spin on every core, started and stopped by a test.

``Saturated(factor)`` starts ``factor`` × the usable cores of spinning processes, each ending by
itself after ``max_s`` seconds (so a killed test run leaves nothing behind for long), and stops
them all on exit."""
from __future__ import annotations

import os
import subprocess
import sys
import time

SPIN = "import sys, time\nend = time.monotonic() + float(sys.argv[1])\nwhile time.monotonic() < end:\n    pass\n"


def cores() -> int:
    return len(os.sched_getaffinity(0))


class Saturated:
    def __init__(self, factor: float = 2.0, max_s: float = 1200.0) -> None:
        self.count = max(1, round(factor * cores()))
        self.max_s = max_s
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> Saturated:
        self.procs = [subprocess.Popen([sys.executable, "-c", SPIN, str(self.max_s)],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                      for _ in range(self.count)]
        time.sleep(0.5)
        return self

    def busy(self) -> int:
        return sum(p.poll() is None for p in self.procs)

    def __exit__(self, *exc: object) -> None:
        for p in self.procs:
            p.kill()
        for p in self.procs:
            p.wait()
