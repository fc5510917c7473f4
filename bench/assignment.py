#!/usr/bin/env python3
"""Assignment benchmark: `weft assign` (Jonker-Volgenant) against SciPy's
linear_sum_assignment on the same dense random integer matrices, measured in
the same run. Prints the median solve time of each over --repeat runs, the
ratio weft / SciPy, and whether both found the same optimal cost.

weft's time is its own `solve_ms` (inside the solver, parsing excluded);
SciPy's is the call on a float64 array already in memory (no conversion).

Target (issue 5): 2,000 x 2,000, weft <= 0.8 x SciPy, same optimal cost.

Usage: bench/assignment.py [--sizes 2000x2000,...] [--ranges 1000,1000000]
                           [--seeds 1,2,3] [--repeat 5]
SciPy comes from Debian's python3-scipy; when the running interpreter lacks
it, the script re-runs itself under /usr/bin/python3.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

try:
    import numpy as np
    from scipy.optimize import linear_sum_assignment
except ImportError:
    if os.path.exists("/usr/bin/python3") and sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("needs numpy and scipy: apt-get install python3-scipy")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WEFT = os.path.join(ROOT, "build", "release", "weft")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2000x2000,1000x1000,500x5000")
    ap.add_argument("--ranges", default="1000,1000000", help="costs are uniform integers in [0, range)")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "build", "bench", "assignment"))
    a = ap.parse_args()
    if not os.path.exists(WEFT):
        sys.exit("build first: make build")
    os.makedirs(a.out_dir, exist_ok=True)
    hdr = (f"{'size':>10} {'range':>8} {'seed':>4} | {'weft ms':>8} {'scipy ms':>9} {'ratio':>6} | "
           f"{'weft cost':>12} {'scipy cost':>12} same  target")
    print(hdr)
    print("-" * len(hdr))
    ratios = {}
    for size in a.sizes.split(","):
        rows, cols = (int(x) for x in size.split("x"))
        for rng_max in (int(r) for r in a.ranges.split(",")):
            for seed in (int(s) for s in a.seeds.split(",")):
                gen = np.random.default_rng(seed)
                c = gen.integers(0, rng_max, size=(rows, cols)).astype(np.float64)
                path = os.path.join(a.out_dir, f"m{rows}x{cols}-r{rng_max}-s{seed}.csv")
                np.savetxt(path, c, fmt="%d", delimiter=",")
                weft_ms, weft_cost = [], None
                for _ in range(a.repeat):
                    out = subprocess.run([WEFT, "assign", "--costs", path], check=True,
                                         capture_output=True, text=True).stdout
                    res = json.loads(out.strip().splitlines()[-1])
                    weft_ms.append(res["solve_ms"])
                    weft_cost = res["cost"]
                scipy_ms, scipy_cost = [], None
                for _ in range(a.repeat):
                    t0 = time.perf_counter()
                    r, k = linear_sum_assignment(c)
                    scipy_ms.append((time.perf_counter() - t0) * 1000)
                    scipy_cost = float(c[r, k].sum())
                wm, sm = statistics.median(weft_ms), statistics.median(scipy_ms)
                ratio = wm / sm
                same = abs(weft_cost - scipy_cost) < 1e-6 * max(1.0, abs(scipy_cost))
                ratios.setdefault(size, []).append(ratio)
                target = ""
                if rows == cols == 2000:
                    target = "ok" if ratio <= 0.8 and same else "MISSED"
                print(f"{size:>10} {rng_max:>8} {seed:>4} | {wm:>8.1f} {sm:>9.1f} {ratio:>6.3f} | "
                      f"{weft_cost:>12.0f} {scipy_cost:>12.0f} {'yes' if same else 'NO':>4}  {target}",
                      flush=True)
                os.remove(path)
    print()
    for size, rs in ratios.items():
        print(f"{size}: median ratio weft/scipy {statistics.median(rs):.3f} over {len(rs)} matrices")


if __name__ == "__main__":
    main()
