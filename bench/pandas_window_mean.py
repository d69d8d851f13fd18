#!/usr/bin/python3
"""The same window mean as bench_analysis, done the usual way with pandas (Debian
python3-pandas): read the CSV, select the window, average the power column."""
import resource
import sys
import time

import pandas as pd

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/wattbench-bench-analysis/power-1h.csv"
t0 = time.perf_counter()
df = pd.read_csv(path)
w = df[(df.t_s >= 360.0) & (df.t_s <= 3240.0)]
mean = w.power_w.mean()
dt = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"pandas {pd.__version__}: read + window mean {dt:.2f} s (mean {mean:.4f} W, {len(w)} samples); peak RSS {rss:.0f} MB")
