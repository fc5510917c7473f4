#!/usr/bin/env python3
"""Shift scheduling benchmark: solve every instance, confirm each roster with the
independent checker, print a table (instance, employees, days, penalty, best known,
gap %, seconds, the lower bound the run proved, the bound of the weekends alone from
`weft roster bound`, the gap of the penalty to the higher of the two, and how the
whole-horizon column generation root ended: `cg_root_end` of the JSON line, which is kept
with the roster as build/bench/InstanceN.json) and a target verdict per instance.

Usage: bench/curtois.py [--time-limit 60] [--threads 2] [--seed 1] [--only 1,3,5]
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "..", "shared", "data", "shift-scheduling")
CHECK = os.path.join(ROOT, "..", "shared", "tools", "curtois_check.py")
WEFT = os.path.join(ROOT, "build", "release", "weft")

# The targets: max gap % to the best known value per instance.
TARGETS = {1: 0, 3: 0, 5: 0, 7: 0, 9: 3, 11: 3, 13: 3, 15: 10, 17: 10, 19: 10, 21: 30, 23: 30}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="comma-separated instance numbers")
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "build", "bench"))
    a = ap.parse_args()
    if not os.path.exists(os.path.join(DATA, "best-known.csv")):
        sys.exit(f"benchmark data not found in {DATA}")
    os.makedirs(a.out_dir, exist_ok=True)
    only = {int(x) for x in a.only.split(",") if x}
    rows = list(csv.DictReader(open(os.path.join(DATA, "best-known.csv"))))
    hdr = (f"{'instance':<11}{'empl':>5}{'days':>5}{'penalty':>9}{'best':>8}{'gap %':>8}{'seconds':>9}"
           f"{'bound':>8}{'wkend':>8}{'to bnd':>8}  {'cg root':<14}target  check")
    print(hdr)
    print("-" * len(hdr))
    met = 0
    done = 0
    for r in rows:
        n = int(r["instance"].replace("Instance", ""))
        if only and n not in only:
            continue
        inst = os.path.join(DATA, r["instance"] + ".txt")
        out = os.path.join(a.out_dir, r["instance"] + ".csv")
        t0 = time.time()
        p = subprocess.run([WEFT, "roster", "solve", inst, "--time-limit", str(a.time_limit),
                            "--threads", str(a.threads), "--seed", str(a.seed), "--out", out, "--quiet"],
                           capture_output=True, text=True)
        wall = time.time() - t0
        summary = json.loads(p.stdout.strip().splitlines()[-1]) if p.stdout.strip() else {}
        with open(os.path.join(a.out_dir, r["instance"] + ".json"), "w") as f:
            json.dump(summary, f)
        c = subprocess.run([sys.executable, CHECK, inst, out], capture_output=True, text=True)
        chk = json.loads(c.stdout) if c.stdout.strip() else {"feasible": False, "penalty": None}
        best = int(r["best_known_upper_bound"])
        ok_check = chk.get("feasible") and chk.get("penalty") == summary.get("penalty")
        pen = chk.get("penalty")
        gap = 100.0 * (pen - best) / best if chk.get("feasible") else float("inf")
        target = TARGETS.get(n, 100)
        hit = chk.get("feasible") and gap <= target + 1e-9
        met += bool(hit)
        done += 1
        bound = summary.get("lower_bound")
        wb = subprocess.run([WEFT, "roster", "bound", inst], capture_output=True, text=True)
        wkend = json.loads(wb.stdout.strip().splitlines()[-1])["lower_bound"] if wb.returncode == 0 else None
        top = max([b for b in (bound, wkend) if b is not None], default=None)
        to_bound = f"{100.0 * (pen - top) / pen:.2f}" if top is not None and pen else "-"
        print(f"{r['instance']:<11}{r['employees']:>5}{r['days']:>5}{str(pen):>9}{best:>8}{gap:>8.2f}"
              f"{wall:>9.1f}{'-' if bound is None else bound:>8}{'-' if wkend is None else wkend:>8}"
              f"{to_bound:>8}  {summary.get('cg_root_end') or '-':<14}{'<=' + str(target) + '%':>6}  {'ok' if ok_check else 'MISMATCH'}{'' if hit else '  (missed)'}",
              flush=True)
    print(f"\ntargets met: {met}/{done}   (time limit {a.time_limit:g}s, {a.threads} threads, seed {a.seed})")


if __name__ == "__main__":
    main()
