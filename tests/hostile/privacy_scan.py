#!/usr/bin/python3
"""Scans output files for what must never leave the tool.

Usage: privacy_scan.py --freetext CSV:SEP:COLUMN [...] [--min-count K --gpkg FILE] FILE...
Reports (one line each, exit 1 if any):
  - a personnummer: 6 or 8 digits, '-' or '+' (or none for 12 digits), 4 digits, a valid date
    (day + 60 allowed: samordningsnummer) and a Luhn check digit over the last ten digits;
  - a free-text value (>= 8 characters) of the given CSV columns, which are never mapped;
  - a grid cell or place with 0 < n < K not marked suppressed (with --min-count and --gpkg), and
    a map label "Name (n)" with n < K in PDF text.
Each file is read as raw bytes (so that deleted SQLite pages and PNG/PDF metadata count) and as
extracted text: every table of a SQLite file, pdftotext for PDFs, decompressed PNG text chunks.
"""
import csv
import re
import sqlite3
import subprocess
import sys
import zlib

PN = re.compile(r"(?<![0-9])((?:19|20)?[0-9]{6})([-+]?)([0-9]{4})(?![0-9])")


def luhn_ok(ten):
    s = 0
    for i, ch in enumerate(ten):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        s += d - 9 if d > 9 else d
    return s % 10 == 0


def personnummer(text):
    found = []
    for m in PN.finditer(text):
        date, sep, tail = m.group(1), m.group(2), m.group(3)
        if len(date) == 6 and not sep:
            continue  # ten bare digits: too many false positives (epoch seconds, ids)
        yymmdd = date[-6:]
        mm, dd = int(yymmdd[2:4]), int(yymmdd[4:6])
        if dd > 60:
            dd -= 60
        if not (1 <= mm <= 12 and 1 <= dd <= 31):
            continue
        if luhn_ok(yymmdd + tail):
            found.append(m.group(0))
    return found


def sqlite_texts(path):
    """Every table and column name and every non-BLOB value of a SQLite file. Raster tiles and
    geometries are BLOBs of compressed binary: their bytes (or hex dumps) can spell ten digits with a
    valid Luhn digit by chance, so they are not text and are not scanned."""
    out = []
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    con.text_factory = lambda b: b.decode("utf-8", "replace")
    for (name, sql) in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
        out.append(name)
        out.append(sql or "")
        try:
            for row in con.execute('SELECT * FROM "%s"' % name.replace('"', '""')):
                out.append("\t".join(str(v) for v in row if not isinstance(v, (bytes, bytearray))))
        except sqlite3.Error as e:
            print("note: %s: table %s: %s" % (path, name, e), file=sys.stderr)
    con.close()
    return out


def texts(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"SQLite format 3\0"):
        try:
            return sqlite_texts(path)
        except sqlite3.Error as e:
            print("note: %s: %s" % (path, e), file=sys.stderr)
            return [raw.decode("utf-8", "replace"), raw.decode("latin-1")]
    out = [raw.decode("utf-8", "replace"), raw.decode("latin-1")]
    if False:
        pass
    elif raw.startswith(b"%PDF"):
        r = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True)
        out.append(r.stdout.decode("utf-8", "replace"))
        r = subprocess.run(["pdfinfo", "-meta", path], capture_output=True)
        out.append(r.stdout.decode("utf-8", "replace"))
    elif raw.startswith(b"\x89PNG"):
        pos = 8
        while pos + 8 <= len(raw):
            n = int.from_bytes(raw[pos:pos + 4], "big")
            kind = raw[pos + 4:pos + 8]
            body = raw[pos + 8:pos + 8 + n]
            if kind == b"tEXt":
                out.append(body.decode("latin-1"))
            elif kind == b"zTXt":
                k, _, rest = body.partition(b"\0")
                out.append(zlib.decompress(rest[1:]).decode("latin-1", "replace"))
            elif kind == b"iTXt":
                parts = body.split(b"\0", 2)
                rest = parts[2] if len(parts) > 2 else b""
                if len(rest) > 2 and rest[0] == 1:
                    rest = zlib.decompress(rest[2:].split(b"\0", 2)[-1])
                out.append(rest.decode("utf-8", "replace"))
            pos += 12 + n
    return out


def main(argv):
    freetext = set()
    files = []
    min_count = 0
    gpkg = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--freetext":
            spec = argv[i + 1].rsplit(":", 2)
            with open(spec[0], encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f, delimiter=spec[1]):
                    v = (row.get(spec[2]) or "").strip()
                    if len(v) >= 8:
                        freetext.add(v)
            i += 2
        elif a == "--min-count":
            min_count = int(argv[i + 1])
            i += 2
        elif a == "--gpkg":
            gpkg = argv[i + 1]
            i += 2
        else:
            files.append(a)
            i += 1
    problems = []
    place_names = []
    if gpkg and min_count > 0:
        con = sqlite3.connect("file:%s?mode=ro" % gpkg, uri=True)
        for table in ("grid", "places"):
            try:
                bad = con.execute('SELECT count(*) FROM "%s" WHERE n > 0 AND n < ? AND NOT suppressed' % table,
                                  (min_count,)).fetchone()[0]
            except sqlite3.Error as e:
                problems.append("%s: layer %s: %s" % (gpkg, table, e))
                continue
            if bad:
                problems.append("%s: %d %s rows with 0 < n < %d not suppressed" % (gpkg, bad, table, min_count))
        try:
            place_names = [r[0] for r in con.execute("SELECT name FROM places") if r[0]]
        except sqlite3.Error:
            pass
        con.close()
    for path in files:
        for t in texts(path):
            for pn in personnummer(t):
                problems.append("%s: personnummer %s" % (path, pn))
            for v in freetext:
                if v in t:
                    problems.append("%s: unmapped free text %r" % (path, v))
        if path.endswith(".pdf") and min_count > 0:
            t = texts(path)[-2]
            for name in place_names:
                for m in re.finditer(re.escape(name) + r" \(([0-9]+)\)", t):
                    if int(m.group(1)) < min_count:
                        problems.append("%s: map label %r under min_count %d" % (path, m.group(0), min_count))
    for p in sorted(set(problems)):
        print(p)
    print("scanned %d files, %d free-text values: %d problems" % (len(files), len(freetext), len(set(problems))))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
