"""How busy the machine was around a measurement: other processes' CPU and hypervisor steal.

The benchmarks share a 2-core VM. llama.cpp's worker threads spin on a barrier, so one other
busy process can double a model timing; these helpers wait for a quiet machine before a
measurement and report how much CPU others used during it.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from typing import Any

_HZ = os.sysconf("SC_CLK_TCK")


def cpu_times() -> dict[str, float]:
    """System-wide CPU seconds from /proc/stat: busy (user+nice+system+irq+softirq), idle, steal."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return {
        "busy": (user + nice + system + irq + softirq) / _HZ,
        "idle": (idle + iowait) / _HZ,
        "steal": steal / _HZ,
    }


def own_cpu() -> float:
    """CPU seconds of this process and its reaped children."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def busy_fraction(seconds: float = 2.0) -> float:
    """Share of all cores busy over `seconds`, not counting this process."""
    a, own_a = cpu_times(), own_cpu()
    time.sleep(seconds)
    b, own_b = cpu_times(), own_cpu()
    total = (b["busy"] - a["busy"]) + (b["idle"] - a["idle"])
    other = (b["busy"] - a["busy"]) - (own_b - own_a)
    return max(0.0, other / total) if total > 0 else 0.0


def wait_quiet(threshold: float = 0.15, max_wait: float = 900.0, label: str = "") -> dict[str, Any]:
    """Wait until other processes use under `threshold` of the CPUs (at most max_wait s)."""
    t0 = time.monotonic()
    frac = busy_fraction()
    while frac >= threshold and time.monotonic() - t0 < max_wait:
        print(f"  waiting for a quiet machine{' (' + label + ')' if label else ''}: "
              f"others use {frac:.0%} of the CPUs", file=sys.stderr, flush=True)  # fmt: skip
        time.sleep(10)
        frac = busy_fraction()
    return {"waited_s": round(time.monotonic() - t0, 1), "others_busy_before": round(frac, 3)}


class CpuWatch:
    """Around a block: other processes' CPU seconds (system busy minus ours) and steal."""

    def __enter__(self) -> CpuWatch:
        self.a, self.own_a, self.t = cpu_times(), own_cpu(), time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        b, own_b = cpu_times(), own_cpu()
        self.wall = time.monotonic() - self.t
        self.own = own_b - self.own_a
        self.others = max(0.0, (b["busy"] - self.a["busy"]) - self.own)
        self.steal = b["steal"] - self.a["steal"]

    def summary(self) -> dict[str, float]:
        return {
            "wall_s": round(self.wall, 2),
            "own_cpu_s": round(self.own, 2),
            "others_cpu_s": round(self.others, 2),
            "steal_s": round(self.steal, 2),
        }


def contended(summary: dict[str, float], limit: float = 0.1) -> bool:
    """Whether other processes used more than `limit` CPU-seconds per wall second."""
    return summary.get("others_cpu_s", 0.0) > limit * max(summary.get("wall_s", 0.0), 1e-9)


def least_contended(measure: Any, tries: int = 3, limit: float = 0.1) -> dict[str, Any]:
    """Run `measure()` (returning a dict with a "cpu" summary) until it ran on a quiet machine.

    At most `tries` runs; returns the least contended one, with "tries" recording how many.
    """
    best: dict[str, Any] | None = None
    for i in range(1, tries + 1):
        res = measure()
        res["tries"] = i
        if best is None or res["cpu"]["others_cpu_s"] < best["cpu"]["others_cpu_s"]:
            best = res
        if not contended(res["cpu"], limit):
            break
        print(f"  others used {res['cpu']['others_cpu_s']:.1f} CPU-s during the run: measuring again",
              file=sys.stderr, flush=True)  # fmt: skip
    assert best is not None
    return best
