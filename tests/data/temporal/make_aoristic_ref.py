#!/usr/bin/python3
"""Reference hour x weekday table for dcburglaries, by the rules of Ratcliffe's R package
`aoristic` 1.1.1 (aoristic.df + aoristic.summary, as documented in its man pages and R/aoristic.df.R):

- times are plain wall-clock times (no daylight saving): the package parses the POSIXct values
  back with lubridate::ymd_hms, i.e. as UTC wall clock;
- duration = whole minutes between start and end, rounded down;
- no end time, or a duration of 0 or 1 minute, or end before start: weight 1 on the start hour;
- duration of 10080 minutes (7 days) or more: 1/168 on every hour of the week;
- otherwise each minute of [start, start + duration) gives 1/duration to the hour of the week it
  falls in (the package walks the rest of the start hour, then whole hours).

This is an independent, minute-by-minute re-implementation (the package itself cannot be
installed here). Run:
  /usr/bin/python3 tests/data/temporal/make_aoristic_ref.py \
      ../shared/data/crime_aoristic/dcburglaries.csv > tests/data/temporal/dcburglaries_ref.csv
Output: hour,mon,tue,wed,thu,fri,sat,sun (sums of aoristic weights, 6 decimals).
"""
import csv
import sys
from datetime import datetime, timedelta

table = [[0.0] * 7 for _ in range(24)]


def add(t, w):
    table[t.hour][t.weekday()] += w  # weekday(): 0 = Monday


with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f):
        s = row["StartDateTime"]
        if not s:
            continue
        start = datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
        e = row["EndDateTime"]
        if not e or e == "NA":
            add(start, 1.0)
            continue
        end = datetime.strptime(e, "%Y-%m-%d %H:%M:%S")
        minutes = int((end - start).total_seconds() // 60)
        if minutes <= 1:
            add(start, 1.0)
        elif minutes >= 10080:
            for h in range(24):
                for d in range(7):
                    table[h][d] += 1.0 / 168.0
        else:
            base = start.replace(second=0)
            for k in range(minutes):
                add(base + timedelta(minutes=k), 1.0 / minutes)

print("hour,mon,tue,wed,thu,fri,sat,sun")
for h in range(24):
    print(",".join([str(h)] + ["%.6f" % v for v in table[h]]))
