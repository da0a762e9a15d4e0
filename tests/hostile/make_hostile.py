#!/usr/bin/python3
"""Writes the hostile-input corpus into a directory (at test time; nothing large is committed).

Usage: /usr/bin/python3 tests/hostile/make_hostile.py OUTDIR
Writes OUTDIR/<name>.<ext> and OUTDIR/MANIFEST.tsv with one line per file:
    name <TAB> data_rows <TAB> max_kept <TAB> what
data_rows is the number of data rows a correct reader sees ('-' when the file has no well-defined
row count, e.g. binary garbage); max_kept is the most rows that may be kept ('-' = no bound), e.g.
0 for a file whose every coordinate is NaN. Every file is generated from a fixed seed.
"""
import json
import os
import random
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(20261123)
manifest = []

HDR = ["Diarienummer", "Brottskod", "Brottsbenämning", "Händelsedatum från", "Händelsetid från",
       "Händelsedatum till", "Händelsetid till", "Kommun", "Gatuadress", "X-koordinat", "Y-koordinat",
       "Fritext"]


def row(i, x="358381,9", y="6583698,2", text="Krossad ruta", date="2024-05-01", addr="Storgatan 1"):
    return ["9900-K%05d-24" % i, "1206", "Skadegörelse", date, "22:30", "", "", "Exempelstad", addr, x, y, text]


def write(name, data, rows, max_kept="-", what=""):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    manifest.append("%s\t%s\t%s\t%s" % (name, rows, max_kept, what))


def csv(rows, sep=";", hdr=HDR):
    return "\n".join(sep.join(r) for r in [hdr] + rows) + "\n"


good = [row(i) for i in range(20)]
full = csv(good)
write("truncated_mid_row.csv", full[: len(full) - 37], "-", "-", "cut in the middle of the last row")
write("truncated_open_quote.csv", csv(good[:5]) + '9900-K99999-24;1206;"Skadeg', "-", "-",
      "ends inside a quoted field")
write("garbage.csv", bytes(rng.getrandbits(8) for _ in range(65536)), "-", "-", "64 KB random bytes")
write("garbage_after_header.csv", csv([]).encode() + bytes(rng.getrandbits(8) for _ in range(8192)), "-", "-",
      "a valid header then random bytes")
write("empty.csv", b"", 0, 0, "zero bytes")
write("bom_only.csv", b"\xef\xbb\xbf", 0, 0, "a UTF-8 BOM and nothing else")
write("header_only.csv", csv([]), 0, 0, "header, no rows")
write("newlines_only.csv", "\n" * 100000, "-", 0, "100 000 empty lines")
write("one_line_10mb.csv", "A" * (10 * 1024 * 1024), "-", 0, "10 MB on one line, no newline")
write("field_10mb.csv", csv([row(1, text="B" * (10 * 1024 * 1024))]), 1, "-", "one 10 MB text field")
nulrows = [row(i, text="nul\0inside", addr="Stor\0gatan 1") for i in range(10)]
write("nul_bytes.csv", csv(nulrows), "-", "-", "NUL bytes inside fields")
write("cp1252.csv", csv(good[:10]).encode("cp1252"), 10, "-", "Windows-1252 Swedish letters")
write("utf16le_bom.csv", b"\xff\xfe" + csv(good[:10]).encode("utf-16-le"), "-", "-", "UTF-16LE with BOM")
write("invalid_utf8.csv", csv(good[:5]).encode() + b"9900-K1-24;1206;\xc0\xaf\xed\xa0\x80\xff;2024-05-01;22:30;;;X;;358381,9;6583698,2;\xf8\x88\x80\x80\x80\n",
      6, "-", "overlong and surrogate UTF-8")
wide_hdr = HDR + ["extra%d" % i for i in range(100000 - len(HDR))]
write("columns_100000.csv", csv([r + [""] * (100000 - len(HDR)) for r in good[:2]], hdr=wide_hdr), 2, "-",
      "100 000 columns")
write("row_100000_separators.csv", csv(good[:3]) + ";" * 100000 + "\n", "-", "-", "one row with 100 000 separators")
formula = [row(0, text="=cmd|' /C calc'!A0"), row(1, text="+SUM(1+1)*cmd|' /C calc'!A0"),
           row(2, text="-2+3+cmd|' /C calc'!A0"), row(3, text="@SUM(1+1)"),
           row(4, addr="=HYPERLINK(\"http://x\",\"y\")"), row(5, text="\t=1+1"), row(6, text="\r=1+1")]
formula[0][0] = "=1+1"
formula[1][1] = "=cmd|' /C calc'!A0"
write("formula_injection.csv", csv(formula), 7, "-", "spreadsheet formulas in text fields")
huge = [row(0, x="1e308", y="1e308"), row(1, x="1e400", y="-1e400"),
        row(2, x="99999999999999999999999999999999", y="6583698,2"), row(3, x="358381,9" + "9" * 400, y="6583698,2"),
        row(4, x="-0", y="-0"), row(5, x="0x1p1023", y="6583698,2"),
        row(6, date="99999-12-31"), row(7, date="-2024-01-01"), row(8, date="2024-05-01" + "0" * 300)]
write("huge_numbers.csv", csv(huge), 9, "-", "overflowing numbers and dates")
nan = [row(i, x=v, y=w) for i, (v, w) in enumerate(
    [("NaN", "6583698,2"), ("358381,9", "nan"), ("inf", "6583698,2"), ("-Infinity", "1"), ("+INF", "-inf"),
     ("NAN(0x1)", "1"), ("1e999", "1e999")])]
write("nan_inf.csv", csv(nan), 7, 0, "NaN and infinity coordinates")
dup = ["X-koordinat", "X-koordinat", "Y-koordinat", "Y-koordinat", "Händelsedatum från", "Händelsedatum från"]
write("duplicate_headers.csv", csv([["358381,9", "1", "6583698,2", "2", "2024-05-01", "2024-05-02"]] * 3, hdr=dup),
      "-", "-", "every header twice")
write("empty_headers.csv", csv([r for r in good[:3]], hdr=[""] * len(HDR)), "-", "-", "all header names empty")
write("mixed_newlines.csv", full.replace("\n", "\r", 5).replace("\n", "\r\n", 5), "-", "-", "CR, CRLF and LF mixed")
write("quote_storm.csv", '"' * 100000 + "\n" + csv(good[:3]), "-", "-", "100 000 quote characters")
write("long_header.csv", ";".join(["H" * 100000] * 3) + "\n1;2;3\n", "-", "-", "three 100 KB header names")
ev = {"id": 1, "datetime": "2024-03-01 9:48:12 +01:00", "name": "1 mars 09.30, Stöld, Luleå", "summary": "x",
      "url": "/x", "type": "Stöld", "location": {"name": "Luleå", "gps": "65.584819,22.156703"}}
write("polisen_deep.json", "[" * 200000 + "]" * 200000, "-", "-", "JSON nested 200 000 levels")
write("polisen_truncated.json", json.dumps([ev] * 5)[:-40], "-", "-", "polisen JSON cut short")
bad_ev = [dict(ev, id=i) for i in range(4)]
bad_ev[0]["location"] = {"gps": "NaN,inf"}
bad_ev[1]["datetime"] = "=cmd|' /C calc'!A0"
bad_ev[2]["location"] = None
bad_ev[3]["name"] = "\u0000" * 10
write("polisen_hostile.json", json.dumps(bad_ev), "-", "-", "polisen events with hostile values")
with open(os.path.join(out, "MANIFEST.tsv"), "w") as f:
    f.write("\n".join(manifest) + "\n")
print(len(manifest), "hostile files in", out)
