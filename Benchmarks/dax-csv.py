"""The Python side of `pbitui-bench dax`: a DAX answer (the file given) read with json and written with csv,
the columns being the union of the rows' keys in first-seen order, five times; prints the median and the
slowest in milliseconds and the CSV's size in bytes."""
import csv
import io
import json
import sys
import time

samples = []
data = b""
for _ in range(5):
    start = time.perf_counter()
    with open(sys.argv[1], encoding="utf-8-sig") as f:
        rows = json.load(f)["results"][0]["tables"][0]["rows"]
    columns, seen = [], set()
    for row in rows:
        for key in row:
            if key not in seen:
                seen.add(key)
                columns.append(key)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    data = out.getvalue().encode("utf-8")
    samples.append((time.perf_counter() - start) * 1000)
samples.sort()
print("%.3f %.3f %d" % (samples[len(samples) // 2], samples[-1], len(data)))
