#!/usr/bin/env python3
"""Reads libFuzzer logs (fuzz/logs/<target>.log from campaign.sh) and prints, per target, the
executions, the run time, the final coverage, and how long the run went on without new coverage
at its end (estimated from the execution counter and the execution rate libFuzzer printed on
the line of the last new coverage). A run counts as a plateau when that flat stretch is at least
--flat seconds (default 180). The coverage when the corpus was loaded, and at half the
executions, show how fast the growth slows."""
import argparse
import pathlib
import re

ap = argparse.ArgumentParser()
ap.add_argument("logs", nargs="*", default=sorted(map(str, pathlib.Path("logs").glob("*.log"))))
ap.add_argument("--flat", type=float, default=180.0)
args = ap.parse_args()
print("| target | executions | time (s) | cov at load → half → end | second half gain | ft | last new cov at (s) | flat at the end (s) | plateau |")
print("|---|---|---|---|---|---|---|---|---|")
for path in args.logs:
    text = pathlib.Path(path).read_text(errors="replace")
    lines = [l for l in text.splitlines() if re.match(r"^#\d+", l) and "cov: " in l]
    if not lines:
        continue
    execs = int(re.search(r"stat::number_of_executed_units:\s*(\d+)", text).group(1)) \
        if "stat::number_of_executed_units" in text else int(lines[-1][1:].split()[0])
    rate = re.search(r"stat::average_exec_per_sec:\s*(\d+)", text)
    rate = float(rate.group(1)) if rate else None
    cov = ft = None
    last_inc_time = 0.0
    prev = None
    # Coverage once the corpus is loaded (libFuzzer's INITED line; pulses come before it).
    inited = next((l for l in lines if "INITED" in l), lines[0])
    start = int(re.search(r"cov: (\d+)", inited).group(1))
    half = None
    for l in lines:
        n = int(l[1:].split()[0])
        c = int(re.search(r"cov: (\d+)", l).group(1))
        f = re.search(r"ft: (\d+)", l)
        if prev is None or c > prev:
            # libFuzzer's exec/s on a line is the executions so far over the whole seconds
            # since it started, so executions / exec/s is the time of that line.
            eps = re.search(r"exec/s: (\d+)", l)
            last_inc_time = n / int(eps.group(1)) if eps and int(eps.group(1)) > 0 else 0.0
        prev, cov = c, c
        ft = int(f.group(1)) if f else ft
        if half is None and n >= execs / 2:
            half = c
    if not rate:
        continue
    total = execs / rate
    # When the last new coverage came: from that line's own execution rate (the average rate
    # of the whole run misplaces it when the rate changed, e.g. while the corpus loaded).
    flat = max(total - last_inc_time, 0.0)
    name = pathlib.Path(path).stem
    print(f"| `{name}` | {execs:,} | {total:.0f} | {start:,} → {(half or cov):,} → {cov:,} | {100 * (cov - (half or cov)) / max(cov, 1):.1f} % | {ft:,} | {last_inc_time:.0f} | {flat:.0f} | {'yes' if flat >= args.flat else 'no'} |")
