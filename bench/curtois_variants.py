#!/usr/bin/env python3
"""Shift scheduling on instances the engine has never seen: seeded variants of
the benchmark instances ("another month" of the same ward), solved with a time
limit, each roster confirmed by the independent checker, and the penalty set
against the lower bound the engine proves (its LP bound rounded up, raised by
branch and price trees searched to the end; none on horizons where pricing is
not exact), or the bound of the weekends alone (`weft roster bound`) where that
is higher, and, with --reference-time, against a longer run of the engine.

A variant keeps the source's horizon, shift types and contracts. It changes:
- each employee's fixed days off and requests, moved together by a whole
  number of weeks (cyclic over the horizon, so weekdays and weekends keep
  their meaning);
- the cover: the weeks are permuted, then about a fifth of the cells get one
  person more or less (never below zero); the weights stay.

Variants are written under --out-dir (never into the repository).

Usage: bench/curtois_variants.py [--instances 1,3,5,7] [--variants 2] [--seed 1]
                                 [--time-limit 60] [--reference-time 0] [--threads 2]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time

from scale_instance import read_sections  # bench/ is on the path when run as a script

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "..", "shared", "data", "shift-scheduling")
CHECK = os.path.join(ROOT, "..", "shared", "tools", "curtois_check.py")
WEFT = os.path.join(ROOT, "build", "release", "weft")

SECTIONS = ["SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
            "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER"]


def make_variant(source, rng):
    """Returns the text of a variant of the instance read from `source`."""
    s = read_sections(source)
    horizon = int(s["SECTION_HORIZON"][0])
    weeks = max(1, horizon // 7)
    staff = [line.split(",")[0] for line in s["SECTION_STAFF"]]
    offset = {e: 7 * rng.randrange(weeks) for e in staff}
    move = lambda e, d: (int(d) + offset[e]) % horizon
    out = {k: list(s.get(k, [])) for k in SECTIONS}
    days_off = []
    for line in s.get("SECTION_DAYS_OFF", []):
        e, *days = line.split(",")
        days_off.append(",".join([e] + [str(d) for d in sorted(move(e, d) for d in days if d)]))
    out["SECTION_DAYS_OFF"] = days_off
    for section in ["SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"]:
        moved = []
        for line in s.get(section, []):
            e, d, sid, w = line.split(",")
            moved.append(f"{e},{move(e, d)},{sid},{w}")
        out[section] = moved
    week_of = list(range(weeks))
    rng.shuffle(week_of)
    cells = {}
    for line in s["SECTION_COVER"]:
        d, sid, req, under, over = line.split(",")
        cells[(int(d), sid)] = (int(req), under, over)
    cover = []
    for (d, sid) in sorted(cells):
        w, wd = divmod(d, 7)
        src = (week_of[w] * 7 + wd, sid) if w < weeks else (d, sid)
        req, under, over = cells.get(src, cells[(d, sid)])
        if rng.random() < 0.2:
            req = max(0, req + rng.choice((-1, 1)))
        cover.append(f"{d},{sid},{req},{under},{over}")
    out["SECTION_COVER"] = cover
    text = []
    for k in SECTIONS:
        text += [k] + out[k] + [""]
    return "\n".join(text)


def solve(inst, seconds, threads, seed, out):
    t0 = time.time()
    p = subprocess.run([WEFT, "roster", "solve", inst, "--time-limit", str(seconds), "--threads",
                        str(threads), "--seed", str(seed), "--out", out, "--quiet"],
                       capture_output=True, text=True)
    wall = time.time() - t0
    lines = p.stdout.strip().splitlines()
    summary = json.loads(lines[-1]) if lines else {}
    c = subprocess.run([sys.executable, CHECK, inst, out], capture_output=True, text=True)
    chk = json.loads(c.stdout) if c.stdout.strip() else {"feasible": False, "penalty": None}
    agreed = bool(chk.get("feasible")) and chk.get("penalty") == summary.get("penalty")
    return summary, chk, agreed, wall


def weekend_bound(inst):
    """The bound of the weekends alone (`weft roster bound`), or None."""
    p = subprocess.run([WEFT, "roster", "bound", inst], capture_output=True, text=True)
    if p.returncode != 0 or not p.stdout.strip():
        return None
    return json.loads(p.stdout.strip().splitlines()[-1]).get("lower_bound")


def max_bound(*bounds):
    known = [b for b in bounds if b is not None]
    return max(known) if known else None


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--instances", default="1,3,5,7,9,11,13")
    ap.add_argument("--variants", type=int, default=2, help="variants per instance")
    ap.add_argument("--seed", type=int, default=1, help="seeds the variants and the solver")
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--reference-time", type=float, default=0,
                    help="also solve each variant this long (0: no reference run)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "build", "bench", "variants"))
    a = ap.parse_args()
    if not os.path.isdir(DATA):
        sys.exit(f"benchmark data not found in {DATA}")
    os.makedirs(a.out_dir, exist_ok=True)
    hdr = (f"{'variant':<14}{'empl':>5}{'days':>5}{'penalty':>9}{'bound':>8}{'gap %':>7}"
           f"{'seconds':>9}{'ref':>8}{'vs ref':>8}  {'cg root':<15}check")
    print(hdr)
    print("-" * len(hdr))
    gaps = []
    for n in (int(x) for x in a.instances.split(",") if x):
        source = os.path.join(DATA, f"Instance{n}.txt")
        s = read_sections(source)
        for v in range(1, a.variants + 1):
            rng = random.Random(a.seed * 1000003 + n * 101 + v)
            name = f"I{n}v{v}s{a.seed}"
            inst = os.path.join(a.out_dir, name + ".txt")
            with open(inst, "w") as f:
                f.write(make_variant(source, rng))
            summary, chk, agreed, wall = solve(inst, a.time_limit, a.threads, a.seed,
                                               os.path.join(a.out_dir, name + ".csv"))
            pen = chk.get("penalty") if chk.get("feasible") else None
            bound = max_bound(summary.get("lower_bound"), weekend_bound(inst))
            gap = (100.0 * (pen - bound) / bound if pen is not None and bound else None)
            if gap is not None:
                gaps.append(gap)
            ref = vs = None
            if a.reference_time > 0:
                rs, rc, rok, _ = solve(inst, a.reference_time, a.threads, a.seed,
                                       os.path.join(a.out_dir, name + ".ref.csv"))
                if rok:
                    ref = rc["penalty"]
                    vs = 100.0 * (pen - ref) / ref if pen is not None and ref else None
            fmt = lambda x, spec: "-" if x is None else format(x, spec)
            print(f"{name:<14}{len(s['SECTION_STAFF']):>5}{s['SECTION_HORIZON'][0]:>5}"
                  f"{fmt(pen, 'd'):>9}{fmt(bound, 'd'):>8}{fmt(gap, '.2f'):>7}{wall:>9.1f}"
                  f"{fmt(ref, 'd'):>8}{fmt(vs, '+.2f'):>8}  {summary.get('cg_root_end') or '-':<15}"
                  f"{'ok' if agreed else 'MISMATCH'}{' (optimal)' if summary.get('optimal') else ''}",
                  flush=True)
    if gaps:
        gaps.sort()
        print(f"\ngap to the bound: median {gaps[len(gaps) // 2]:.2f} %, max {gaps[-1]:.2f} % "
              f"over {len(gaps)} variants (time limit {a.time_limit:g}s, {a.threads} threads, "
              f"seed {a.seed})")


if __name__ == "__main__":
    main()
