#!/bin/bash
# The bundled sample project (samples/exempelstad): regenerating it gives the committed files byte
# for byte, the police extract and the trygghetsvandring file have the expected columns, row counts
# and planted defects, and the fictional kommun lies inside Sweden away from every real tätort.
# It must not write anywhere but a temporary directory, and it does not run the hotspot CLI.
set -u
src=${HS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${HS_SHARED_DATA:-$src/../shared/data}
dir=$src/samples/exempelstad
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() {
    pass=$((pass + 1))
    echo "ok   $1"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL $1"
}
check() { # name command...
    local name=$1
    shift
    if "$@" >"$tmp/out" 2>&1; then
        ok "$name"
    else
        bad "$name"
        sed 's/^/     /' "$tmp/out"
    fi
}

files="kommun.geojson bakgrund.geojson streets.geojson places.geojson addresses.csv
polisutdrag_2024_2025.csv trygghetsvandring_2025.csv"

# 1. Re-running the generator reproduces every committed file exactly (twice, to catch state).
check "generator runs" "$py" "$dir/generate.py" --out "$tmp/gen1"
check "generator runs again" "$py" "$dir/generate.py" --out "$tmp/gen2"
check "no bytecode cache left in the sample directory" test ! -e "$dir/__pycache__"
for f in $files; do
    check "byte-identical: $f" cmp "$dir/$f" "$tmp/gen1/$f"
    check "byte-identical on a second run: $f" cmp "$tmp/gen1/$f" "$tmp/gen2/$f"
done

# 2. Contents: columns, counts, planted defects, privacy row, places, CRS.
cat >"$tmp/content.py" <<'EOF'
import csv, json, re, sys
d = sys.argv[1]
errors = []
def expect(cond, msg):
    if not cond:
        errors.append(msg)

with open(d + "/polisutdrag_2024_2025.csv", encoding="utf-8", newline="") as f:
    raw = f.read()
lines = raw.split("\r\n")
expect(lines[-1] == "", "police file must end with CRLF")
lines = lines[:-1]
header = ("Diarienummer;Brottskod;Brottsbenämning;Händelsedatum från;Händelsetid från;"
          "Händelsedatum till;Händelsetid till;Kommun;Gatuadress;X-koordinat;Y-koordinat;Fritext")
expect(lines[0] == header, "police header: %r" % lines[0])
rows = [l.split(";") for l in lines[1:]]
expect(len(rows) == 3958, "police rows: %d, expected 3958" % len(rows))
expect(all(len(r) == 12 for r in rows), "every police row has 12 fields")
expect(all(re.fullmatch(r"\d{4}", r[1]) for r in rows), "Brottskod is 4 digits")
expect(all(r[7] == "Exempelstad" for r in rows), "Kommun column")
dnr = [r[0] for r in rows]
expect(len(set(dnr)) == len(dnr), "Diarienummer unique")
# time styles: all three spellings occur
styles = {("colon" if ":" in r[4] else "dot" if "." in r[4] else "hhmm") for r in rows}
expect(styles == {"colon", "dot", "hhmm"}, "time styles %s" % styles)
# coordinates: decimal comma; the kommun's box for good rows
noxy = [r for r in rows if r[9] == "" and r[10] == ""]
share = len(noxy) / len(rows)
expect(0.08 <= share <= 0.13, "rows without coordinates: %.3f" % share)
expect(sum(1 for r in noxy if r[8]) >= 0.08 * len(rows), "address-only rows for geocoding")
expect(any(r[8] == "korsningen Kungsgatan/Drottninggatan" for r in noxy), "intersection row")
expect(any(re.fullmatch(r"[A-ZÅÄÖ ]+ \d+[A-Z]?, 999 \d\d EXEMPELSTAD", r[8]) for r in noxy),
       "upper-case address with postcode")
expect(any(re.fullmatch(r".+g\. \d+( [A-Z])?", r[8]) for r in noxy), "abbreviated street")
expect(any("," in r[9] for r in rows), "decimal comma in X-koordinat")
inside = swapped = 0
def num(s):
    return float(s.replace(",", "."))
for r in rows:
    try:
        x, y = num(r[9]), num(r[10])
    except ValueError:
        continue
    if 353000 < x < 367500 and 6578000 < y < 6590000:
        inside += 1
    elif 353000 < y < 367500 and 6578000 < x < 6590000:
        swapped += 1
expect(inside >= 3400, "rows inside the kommun's box: %d" % inside)
expect(swapped == 15, "swapped x/y rows: %d" % swapped)
# planted defects: 1-2 % of rows
garbled = sum(1 for r in rows if r[10] and not re.fullmatch(r"\d+(,\d)?", r[10]))
DATE = r"20(24|25)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
bad_date = sum(1 for r in rows
               if not re.fullmatch(DATE, r[3]) or r[3] in ("2024-02-30", "2024-06-31"))
def stamp(dd, tt):
    """A sortable stamp, or None for a date or time that is not valid."""
    import datetime
    try:
        return datetime.datetime.strptime(dd + re.sub(r"[:.]", "", tt), "%Y-%m-%d%H%M")
    except ValueError:
        return None
pairs = [(stamp(r[3], r[4]), stamp(r[5], r[6])) for r in rows if r[5]]
before = sum(1 for a, b in pairs if a and b and b < a)
empty = sum(1 for r in rows if not r[8] and not r[9] and not r[10])
expect(garbled == 8, "garbled coordinates: %d" % garbled)
expect(bad_date == 8, "bad dates: %d" % bad_date)
expect(before == 12, "till before från: %d" % before)
expect(empty == 14, "no coordinates and no address: %d" % empty)
# exactly one Luhn-valid personnummer, in Fritext only
def luhn_ok(digits):
    s = 0
    for k, ch in enumerate(digits[:9]):
        v = int(ch) * (2 if k % 2 == 0 else 1)
        s += v // 10 + v % 10
    return (10 - s % 10) % 10 == int(digits[9])
pnr = []
for r in rows:
    for m in re.finditer(r"\b(\d{6})[-+](\d{4})\b", ";".join(r)):
        if luhn_ok(m.group(1) + m.group(2)):
            pnr.append((r[0], m.group(0), r.index(next(c for c in r if m.group(0) in c))))
expect(len(pnr) == 1 and pnr[0][2] == 11, "one Luhn-valid personnummer in Fritext: %s" % pnr)
# seasonal and weekly concentrations the sample promises
viol = [r for r in rows if r[1] in ("0375", "0371", "0376") and re.fullmatch(DATE, r[3])]
night = [r for r in viol if re.sub(r"[:.]", "", r[4])[:2] in ("22", "23", "00", "01", "02")]
expect(len(night) > 0.6 * len(viol), "violence mostly at night: %d of %d" % (len(night), len(viol)))
valborg = sum(1 for r in rows if r[3] in ("2024-04-30", "2025-04-30"))
expect(valborg >= 20, "Valborg peak: %d" % valborg)

with open(d + "/trygghetsvandring_2025.csv", encoding="utf-8") as f:
    t = list(csv.reader(f, delimiter=";"))
expect(t[0] == ["id", "datum", "kategori", "x", "y", "kommentar"], "trygghet header %s" % t[0])
expect(len(t) - 1 == 310, "trygghet rows: %d" % (len(t) - 1))
cats = {r[2] for r in t[1:]}
expect(cats == {"belysning", "klotter", "nedskräpning", "ungdomsgäng", "buskörning",
                "otrygg plats"}, "categories %s" % cats)

with open(d + "/addresses.csv", encoding="utf-8") as f:
    a = list(csv.DictReader(f))
expect(len(a) == 4544, "addresses: %d" % len(a))
expect(all(re.fullmatch(r"999 \d\d", r["postcode"]) and r["kommun_code"] == "9999" for r in a),
       "postcodes 999 xx, kommun_code 9999")
labels = {(r["street"], r["number"], r["letter"]) for r in a}
expect(len(labels) == len(a), "address labels unique")

for name in ("kommun", "places", "streets", "bakgrund"):
    with open(d + "/%s.geojson" % name, encoding="utf-8") as f:
        g = json.load(f)
    expect(g["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::3006", name + " crs")
k = json.load(open(d + "/kommun.geojson", encoding="utf-8"))["features"][0]["properties"]
expect(k["kommun_code"] == "9999" and "fiktiv" in k["name"], "kommun properties %s" % k)
names = {f["properties"]["name"] for f in
         json.load(open(d + "/places.geojson", encoding="utf-8"))["features"]}
for n in ("Stortorget", "Resecentrum", "Centralskolan", "Norrskolan", "Stadsparken",
          "Strandparken", "Centrum", "Villaområdet Björkhagen", "Gångtunneln vid Järnvägsgatan"):
    expect(n in names, "place " + n)
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
EOF
check "contents of the sample files" "$py" "$tmp/content.py" "$dir"

# 3. GDAL reads every file (the library reads inputs through OGR).
if command -v ogrinfo >/dev/null; then
    count() { ogrinfo -ro -so -al "$1" 2>/dev/null | sed -n 's/^Feature Count: //p' | head -1; }
    check "ogr reads the police extract" test "$(count "$dir/polisutdrag_2024_2025.csv")" = 3958
    check "ogr reads the addresses" test "$(count "$dir/addresses.csv")" = 4544
    check "ogr reads places" test "$(count "$dir/places.geojson")" = 13
    check "ogr reads the boundary" test "$(count "$dir/kommun.geojson")" = 1
fi

# 4. Placement: inside a real kommun (so inside Sweden), no real tätort within 5 km of the town.
tatorter=$shared/se_admin/se_tatorter_sweref99tm.gpkg
if [ -f "$tatorter" ] && "$py" -c 'import osgeo' 2>/dev/null; then
    cat >"$tmp/place.py" <<'EOF'
import math, sys
from osgeo import ogr
ogr.UseExceptions()
shared, d = sys.argv[1], sys.argv[2]
town = ogr.CreateGeometryFromWkt("POLYGON((357350 6581700,362780 6581700,362780 6586150,"
                                 "357350 6586150,357350 6581700))")
t = ogr.Open(shared + "/se_admin/se_tatorter_sweref99tm.gpkg")
near = []
for f in t.GetLayer(0):
    if f.GetGeometryRef().Distance(town) < 5000:
        near.append(f["name"])
k = ogr.Open(shared + "/se_admin/se_kommuner_sweref99tm.gpkg")
wkb = [f.GetGeometryRef().ExportToWkb() for f in k.GetLayer(0)]
covered = any(ogr.CreateGeometryFromWkb(w).Contains(town) for w in wkb)
print("tätorter within 5 km:", near, "inside a real kommun:", covered)
sys.exit(0 if not near and covered else 1)
EOF
    check "placement: in Sweden, no tätort within 5 km" "$py" "$tmp/place.py" "$shared" "$dir"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
