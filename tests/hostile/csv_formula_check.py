#!/usr/bin/python3
"""Exit 1 when a CSV written by the tool holds a cell a spreadsheet would run as a formula.

Usage: csv_formula_check.py FILE.csv...
A text cell (one that is not a plain number) must not start with = + - @ TAB or CR; the tool
neutralises such cells with a leading apostrophe. Prints each offending cell with its row and column.
"""
import csv
import re
import sys

NUM = re.compile(r"^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?$")
bad = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", newline="") as f:
        for r, row in enumerate(csv.reader(f), 1):
            for c, cell in enumerate(row, 1):
                if cell and cell[0] in "=+-@\t\r" and not NUM.match(cell):
                    print("%s: row %d column %d: formula cell %r" % (path, r, c, cell))
                    bad += 1
print("%d formula cells" % bad)
sys.exit(1 if bad else 0)
