#!/usr/bin/env python3
"""Dispatch benchmark: service centres simulated for 20 days under the three
policies (fcfs, balanced, optimal) with the same seeded jobs, absences and
surprises; prints them side by side with the optimal policy's changes
against first-come-first-served.

Scenarios: the example centre (examples/dispatch/service-center.json) and
variants it was not tuned on: busier (58 jobs/day), quieter with more sick
leave, flat arrivals with more spread in job times, a centre of eight, and
the busy centre with elastic and mobile technicians on call.

Columns: refus = jobs refused when offered; w err = mean |estimated - true|
willingness, declared > learned from refusals; call = elastic or mobile
technicians called in.

Targets (issue 5), on the 12-technician centre over 20 days: optimal vs fcfs
cuts the output standard deviation by >= 70 % and the mean wait by >= 60 %,
keeps urgent response under 10 minutes and completes at least as many jobs.

Last, the example network of three sites (examples/dispatch/network.json)
with sharing between sites on and off.

Usage: bench/dispatch.py [--days 20] [--seeds 1,...,10] [--scenarios all|example]
"""
import argparse
import copy
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WEFT = os.path.join(ROOT, "build", "release", "weft")
EXAMPLE = os.path.join(ROOT, "examples", "dispatch", "service-center.json")
NETWORK = os.path.join(ROOT, "examples", "dispatch", "network.json")


def variants(base):
    out = {"example": base}
    busy = copy.deepcopy(base)
    busy["demand"]["jobs_per_day"] = 58
    out["busy-58"] = busy
    quiet = copy.deepcopy(base)
    quiet["demand"]["jobs_per_day"] = 40
    quiet["disruptions"]["sick_probability"] = 0.06
    out["quiet-sick"] = quiet
    flat = copy.deepcopy(base)
    del flat["demand"]["arrivals"]
    flat["durations"]["sigma"] = 0.4
    out["flat-arrivals"] = flat
    eight = copy.deepcopy(base)
    eight["technicians"] = [t for t in base["technicians"] if t["id"] in "ABCDEIKL"]
    eight["demand"]["jobs_per_day"] = 34
    out["eight-techs"] = eight
    # Elastic tiers: the busy centre with two elastic part-timers and one
    # mobile technician on call (called in above 70 % / 85 % forecast
    # utilisation).
    elastic = copy.deepcopy(busy)
    extra = [("M", "elastic", "10:00", "19:00", "F"), ("N", "elastic", "12:00", "20:00", "I"),
             ("O", "mobile", "08:00", "17:00", "H")]
    by_id = {t["id"]: t for t in base["technicians"]}
    for tid, tier, start, end, like in extra:
        t = copy.deepcopy(by_id[like])
        t.update({"id": tid, "name": "技师" + tid, "tier": tier, "shift": {"start": start, "end": end}})
        t.pop("true_willingness", None)
        elastic["technicians"].append(t)
    out["elastic-tiers"] = elastic
    return out


def run(path, policy, days, seed):
    out = subprocess.run([WEFT, "dispatch", "simulate", "--scenario", path, "--policy", policy,
                          "--days", str(days), "--seed", str(seed)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--days", type=int, default=20)
    ap.add_argument("--seeds", default="1,2,3,4,5,6,7,8,9,10")
    ap.add_argument("--scenarios", default="all")
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "build", "bench", "dispatch"))
    a = ap.parse_args()
    if not os.path.exists(WEFT):
        sys.exit("build first: make build")
    os.makedirs(a.out_dir, exist_ok=True)
    base = json.load(open(EXAMPLE))
    scen = variants(base)
    if a.scenarios != "all":
        scen = {k: v for k, v in scen.items() if k in a.scenarios.split(",")}
    hdr = (f"{'scenario':<14} {'seed':>4} {'policy':<8} | {'done':>5} {'wait':>6} {'p90':>6} {'urgent':>6} "
           f"{'out sd':>7} {'match':>5} {'OT h':>5} {'moves':>5} {'util':>5} {'refus':>5} {'w err':>9} {'call':>4} | {'d wait':>7} {'d sd':>6}  targets")
    print(hdr)
    print("-" * len(hdr))
    summary = {}
    for name, sc in scen.items():
        path = os.path.join(a.out_dir, name + ".json")
        with open(path, "w") as f:
            json.dump(sc, f, ensure_ascii=False)
        for seed in (int(s) for s in a.seeds.split(",")):
            res = {p: run(path, p, a.days, seed) for p in ("fcfs", "balanced", "optimal")}
            f = res["fcfs"]
            for p, d in res.items():
                dw = d["wait_minutes_mean"] / f["wait_minutes_mean"] - 1 if f["wait_minutes_mean"] else 0
                ds = d["output_stddev"] / f["output_stddev"] - 1 if f["output_stddev"] else 0
                tgt = ""
                if p == "optimal":
                    checks = [ds <= -0.70, dw <= -0.60, d["urgent_response_minutes_mean"] < 10,
                              d["jobs_completed"] >= f["jobs_completed"]]
                    tgt = " ".join("ok" if c else "MISS" for c in checks)
                    summary.setdefault(name, []).append((dw, ds, d["urgent_response_minutes_mean"],
                                                         d["jobs_completed"] - f["jobs_completed"], all(checks)))
                print(f"{name:<14} {seed:>4} {p:<8} | {d['jobs_completed']:>5} {d['wait_minutes_mean']:>6.1f} "
                      f"{d['wait_minutes_p90']:>6.1f} {d['urgent_response_minutes_mean']:>6.1f} "
                      f"{d['output_stddev']:>7.0f} {d['skill_match_rate']:>5.2f} {d['overtime_hours']:>5.0f} "
                      f"{d['reassignments']:>5} {d['utilisation']:>5.2f} {d['refusals']:>5} "
                      f"{d['willingness_error_start']:.3f}>{d['willingness_error_end']:.3f} {d['activations']:>4} | "
                      f"{100 * dw:>+6.0f}% {100 * ds:>+5.0f}%  {tgt}",
                      flush=True)
    print()
    print("targets: output sd <= -70 %, wait <= -60 %, urgent < 10 min, completed >= fcfs")
    print(f"{'scenario':<14} {'median d wait':>13} {'median d sd':>11} {'median urgent':>13} {'median d done':>13} {'all met':>8}")
    for name, rows in summary.items():
        print(f"{name:<14} {100 * statistics.median(r[0] for r in rows):>+12.0f}% "
              f"{100 * statistics.median(r[1] for r in rows):>+10.0f}% {statistics.median(r[2] for r in rows):>13.1f} "
              f"{statistics.median(r[3] for r in rows):>+13.0f} {sum(r[4] for r in rows):>5}/{len(rows)}")

    # Sharing between sites: the example network with and without loans.
    print()
    print("network (examples/dispatch/network.json, optimal policy): sharing on vs off")
    hdr = (f"{'seed':>4} {'sharing':<7} | {'done':>5} {'loans':>5} {'loan h':>6} {'fees':>7} | "
           + " | ".join(f"{'site' + str(i) + ' done/wait/on-time':>26}" for i in range(3)))
    print(hdr)
    print("-" * len(hdr))
    for seed in (int(x) for x in a.seeds.split(",")):
        for flag in ([], ["--no-sharing"]):
            out = subprocess.run([WEFT, "dispatch", "network", "--network", NETWORK, "--days", str(a.days),
                                  "--seed", str(seed)] + flag, check=True, capture_output=True, text=True).stdout
            d = json.loads(out.strip().splitlines()[-1])
            sites = " | ".join(f"{x['jobs_completed']:>8} {x['wait_minutes_mean']:>7.1f} {100 * x['on_time_rate']:>8.1f}%"
                               for x in d["sites"])
            print(f"{seed:>4} {('on' if d['sharing'] else 'off'):<7} | {d['jobs_completed']:>5} {d['loans']:>5} "
                  f"{d['loan_hours']:>6.0f} {d['fees']:>7.0f} | {sites}", flush=True)


if __name__ == "__main__":
    main()
