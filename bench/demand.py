#!/usr/bin/env python3
"""Demand benchmark: forecast accuracy and calibration on the real call-centre
history, and the speed of forecasting and staffing.

1. Rolling-origin backtests of `weft forecast backtest` on
   ../shared/data/call-arrivals/calls-train.csv (one-week-ahead, and other
   horizons): WAPE of the chosen method (nested choice) against the seasonal
   naive baseline measured in the same run, and 80 % interval coverage.
2. `weft forecast` for one week at five-minute resolution: wall time (median).
3. `weft staff` for one week of 5-minute intervals (24/7, 2016 intervals) for
   30 queues: time inside the staffing code (median), Erlang C and Erlang A.

Targets (issue 3): WAPE <= 0.85 x naive, coverage 75-85 %, forecast < 1 s,
staffing < 50 ms.

Usage: bench/demand.py [--runs 5]
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HISTORY = os.path.join(ROOT, "..", "shared", "data", "call-arrivals", "calls-train.csv")
WEFT = os.path.join(ROOT, "build", "release", "weft")


def run(args):
    p = subprocess.run([WEFT] + args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"weft {' '.join(args)} failed: {p.stderr}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "build", "bench"))
    a = ap.parse_args()
    if not os.path.exists(HISTORY):
        sys.exit(f"call history not found: {HISTORY}")
    os.makedirs(a.out_dir, exist_ok=True)

    print("Forecast accuracy (rolling origins inside calls-train.csv, 80 % intervals)")
    hdr = f"{'horizon':>8}{'folds':>6}{'naive WAPE':>12}{'chosen WAPE':>13}{'ratio':>8}{'MASE':>7}{'coverage':>10}  verdict"
    print(hdr)
    print("-" * len(hdr))
    all_ok = True
    for horizon, folds in [(7, 4), (7, 5), (7, 3), (1, 15), (3, 8)]:
        r = run(["forecast", "backtest", "--history", HISTORY, "--horizon", str(horizon), "--folds", str(folds)])
        ratio, cov = r["wape_ratio"], r["chosen_coverage"]
        ok = ratio <= 0.85 and 0.75 <= cov <= 0.85
        target = horizon == 7 and folds == 4
        all_ok &= ok or not target
        print(f"{horizon:>8}{r['folds']:>6}{r['naive_wape']:>12.4f}{r['chosen_wape']:>13.4f}{ratio:>8.3f}"
              f"{r['chosen_mase']:>7.3f}{cov * 100:>9.1f}%  {'ok' if ok else 'missed'}{'  (target run)' if target else ''}")

    fc = os.path.join(a.out_dir, "forecast-week.csv")
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        j = run(["forecast", "--history", HISTORY, "--horizon", "7", "--out", fc])
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"\nForecast one week, 5-minute intervals ({j['rows']} rows, method {j['method']}): "
          f"median {med * 1000:.1f} ms wall over {a.runs} runs (target < 1000 ms) {'ok' if med < 1 else 'missed'}")

    # 30 queues x 2016 five-minute intervals (a 24/7 week), volumes shaped by hour.
    staff_in = os.path.join(a.out_dir, "forecast-30-queues.csv")
    with open(staff_in, "w") as f:
        f.write("timestamp,forecast,queue\n")
        for q in range(30):
            scale = 5 + 10 * q  # from a small to a large queue
            for d in range(7):
                for s in range(288):
                    h = s / 12
                    v = scale * (0.15 + math.exp(-((h - 11) ** 2) / 8) + 0.7 * math.exp(-((h - 16) ** 2) / 10))
                    f.write(f"2024-01-{1 + d:02d} {s // 12:02d}:{5 * (s % 12):02d}:00,{v:.3f},q{q:02d}\n")
    out = os.path.join(a.out_dir, "staffing-30-queues.csv")
    print("\nStaffing, 30 queues x 2016 intervals (60,480 intervals), time inside the staffing code:")
    for name, extra in [("Erlang C", []), ("Erlang A (patience 120 s)", ["--patience", "120"])]:
        ms = []
        for _ in range(a.runs):
            j = run(["staff", "--forecast", staff_in, "--aht", "240", "--service-level", "0.8",
                     "--answer-seconds", "20", "--shrinkage", "0.3", "--max-occupancy", "0.85",
                     "--out", out] + extra)
            ms.append(j["staffing_ms"])
        m = statistics.median(ms)
        print(f"  {name:<28} median {m:8.2f} ms  (target < 50 ms) {'ok' if m < 50 else 'missed'}")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
