#!/usr/bin/env python3
"""Builds a larger shift scheduling instance from a benchmark instance, to
check that the engine scales past the instances at hand (Instance 24 of the
benchmark has 150 employees, 364 days and 32 shift types; ../shared has the
odd-numbered instances only).

From the source instance (default: Instance 23, 100 x 364 x 16):
- every shift type X gets a twin Xb with the same length and forbidden
  successors (a twin may not follow what X may not follow, either way);
- each employee's per-type maximum goes to X, to Xb or to both (seeded);
- employees are cloned up to `--scale` times the count; a clone takes a
  random employee's rules, with its days off and requests moved 1-5 weeks;
- a request names X or Xb, whichever the employee may work (either, drawn,
  when it may work both; before, drawn always, a third of the shift-on
  penalty was for types the employee may never work);
- cover is scaled by `--scale` and split between X and Xb;
- with `--twin-minutes M`, a twin is M minutes longer than X (the minute
  unit shrinks from the source's, e.g. 120 to 60 or 30: the row optimiser's
  minute levels grow, as they would on an instance with many lengths);
- with `--twin-rest`, X may not follow its twin Xb (the twin ends later), so
  twins have forbidden successors of their own: the row optimiser's
  successor classes (shifts with the same forbidden successors) grow from
  Instance 23's 7 to 19, as on an instance whose types differ more in what
  may follow them.

The result is written to --out (never into the repository). Then, e.g.:

  python3 bench/scale_instance.py --out /tmp/big.txt
  /usr/bin/time -v ./build/release/weft roster solve /tmp/big.txt --time-limit 60 --out /tmp/big.csv
  python3 ../shared/tools/curtois_check.py /tmp/big.txt /tmp/big.csv
"""
import argparse
import random
import sys


def read_sections(path):
    sections, current = {}, None
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            if line.startswith('SECTION_'):
                current = line
                sections[current] = []
            elif current is None:
                sys.exit(f'{path}:{number}: data before the first section')
            else:
                sections[current].append(line)
    return sections


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--source', default='../shared/data/shift-scheduling/Instance23.txt')
    ap.add_argument('--scale', type=float, default=1.5, help='employees and cover, x source')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--twin-minutes', type=int, default=0, help='a twin is this much longer than X')
    ap.add_argument('--twin-rest', action='store_true', help='X may not follow its twin')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    s = read_sections(a.source)
    horizon = int(s['SECTION_HORIZON'][0])
    twin = lambda x: x + 'b'
    out = ['SECTION_HORIZON', str(horizon), '', 'SECTION_SHIFTS']
    for line in s['SECTION_SHIFTS']:
        sid, length, forbidden = (line.split(',') + [''])[:3]
        after = [x for x in forbidden.split('|') if x]
        after += [twin(x) for x in after]
        out.append(f'{sid},{length},{"|".join(after)}')
        twin_after = after + ([sid] if a.twin_rest and sid not in after else [])
        out.append(f'{twin(sid)},{int(length) + a.twin_minutes},{"|".join(twin_after)}')
    staff = [line.split(',') for line in s['SECTION_STAFF']]
    n = len(staff)
    total = max(n, int(round(n * a.scale)))
    # Clone i (i >= n) copies employee source[i] with its days moved by shift[i] days.
    source = list(range(n)) + [rng.randrange(n) for _ in range(total - n)]
    shift = [0] * n + [7 * rng.randint(1, 5) for _ in range(total - n)]
    names = [p[0] for p in staff]
    out += ['', 'SECTION_STAFF']
    allowed = []  # per employee: the shift types it may work
    for i in range(total):
        p = staff[source[i]]
        maxima, may = [], set()
        for kv in p[1].split('|'):
            k, v = kv.split('=')
            first = v if rng.random() < 0.7 else '0'
            second = v if first == '0' or rng.random() < 0.5 else '0'
            maxima += [f'{k}={first}', f'{twin(k)}={second}']
            may |= {x for x, m in ((k, first), (twin(k), second)) if int(m) > 0}
        allowed.append(may)
        out.append(','.join([f'E{i}', '|'.join(maxima)] + p[2:]))
    days_off = {line.split(',')[0]: line.split(',')[1:] for line in s['SECTION_DAYS_OFF']}
    out += ['', 'SECTION_DAYS_OFF']
    for i in range(total):
        days = sorted({(int(d) + shift[i]) % horizon for d in days_off.get(names[source[i]], [])})
        out.append(','.join([f'E{i}'] + [str(d) for d in days]))
    clones = {}
    for i in range(n, total):
        clones.setdefault(source[i], []).append(i)
    index = {name: k for k, name in enumerate(names)}
    for section in ['SECTION_SHIFT_ON_REQUESTS', 'SECTION_SHIFT_OFF_REQUESTS']:
        out += ['', section]
        for line in s.get(section, []):
            e, d, sid, w = line.split(',')
            for i in [index[e]] + clones.get(index[e], []):
                day = (int(d) + shift[i]) % horizon
                # The request names X or its twin; one the employee may
                # work where there is one (a request for a type it may
                # never work would be a penalty no roster avoids).
                pair = [x for x in (sid, twin(sid)) if x in allowed[i]] or [sid, twin(sid)]
                out.append(f'E{i},{day},{rng.choice(pair)},{w}')
    out += ['', 'SECTION_COVER']
    for line in s['SECTION_COVER']:
        d, sid, req, under, over = line.split(',')
        need = int(req) * a.scale
        first = int(need / 2 + rng.random())
        out.append(f'{d},{sid},{first},{under},{over}')
        out.append(f'{d},{twin(sid)},{int(round(need)) - first},{under},{over}')
    with open(a.out, 'w') as f:
        f.write('\n'.join(out) + '\n')
    print(f'{a.out}: {total} employees, {horizon} days, {2 * len(s["SECTION_SHIFTS"])} shift types')


if __name__ == '__main__':
    main()
