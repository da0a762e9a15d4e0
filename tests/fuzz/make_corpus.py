#!/usr/bin/python3
"""Regenerates the seed corpus under tests/fuzz/corpus/<target>/ (small, realistic inputs).

Run: /usr/bin/python3 tests/fuzz/make_corpus.py   (from the repository root)
Sources: hand-written lines in the shapes of a Swedish police extract, the sample project
samples/exempelstad and three events of ../shared/data/polisen_events (public polisen.se API).
It never copies whole data files: every seed is a few hundred bytes to a few KB.
"""
import json
import os
import sys

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(top, "tests", "fuzz", "corpus")
shared = os.environ.get("HS_SHARED_DATA", os.path.join(top, "..", "shared", "data"))


def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


HDR = ("Diarienummer;Brottskod;Brottsbenämning;Händelsedatum från;Händelsetid från;"
       "Händelsedatum till;Händelsetid till;Kommun;Gatuadress;X-koordinat;Y-koordinat;Fritext\n")
ROWS = [
    "9900-K10027-24;1206;Skadegörelse, ej klotter;2024-01-01;00:09;;;Exempelstad;Västerbyvägen 5A;358381,9;6583698,2;Fyrverkeri\n",
    "9900-K10041-24;0375;Misshandel;2024-01-01;0009;2024-01-01;0009;Exempelstad;;360013,3;6583960,1;Slag\n",
    "9900-K10081-24;1206;Skadegörelse;2024-01-01;01:20;2024-01-01;01.20;Exempelstad;;358292;6584265,1;Krossad ruta\n",
    "9900-K10110-24;0375;Misshandel;2024-01-01;0147;2024-01-01;0147;Exempelstad;korsningen Kungsgatan/Drottninggatan;;;x\n",
    "9900-K10200-24;0801;Stöld;2024-03-31;02:30;2024-03-31;03:30;Exempelstad;Storgatan 1;6583960,1;360013,3;omkastad\n",
]
put("fuzz_csv", "police_semicolon.csv", HDR + "".join(ROWS))
put("fuzz_csv", "police_bom_crlf.csv", ("\ufeff" + HDR + "".join(ROWS)).replace("\n", "\r\n"))
put("fuzz_csv", "police_latin1.csv", (HDR + "".join(ROWS)).encode("latin-1", "replace"))
put("fuzz_csv", "comma_quoted.csv",
    'id,date,time,x,y,text\n1,2024-05-01,22:30,358381.9,6583698.2,"Hej, ""citat""\nny rad"\n'
    '2,2024-05-02,,358000,6584000,=cmd|\' /C calc\'!A0\n')
put("fuzz_csv", "tab.tsv", "id\tdatum\tx\ty\n1\t2024-05-01\t358381.9\t6583698.2\n2\t1 maj 2024\t358000\t6584000\n")
put("fuzz_csv", "trygghet.csv",
    "id;datum;kategori;x;y;kommentar\nTV25-001;2025-04-23;buskörning;358035.8;6582369.5;Mopeder\n"
    "TV25-002;2025-04-23;otrygg plats;358950.3;6584535.6;Buskage\n")
put("fuzz_csv", "wgs84.csv", "id,datetime,lat,lon\n1,2024-06-01T12:00:00+02:00,59.3293,18.0686\n2,2024-06-02 23:59,NaN,inf\n")
put("fuzz_csv", "empty_header_only.csv", HDR)
put("fuzz_csv", "dup_header.csv", "x,x,y,y\n1,2,3,4\n")

dates = {
    "iso.txt": "2024-03-01", "iso_t.txt": "2024-03-01T22:30:00", "iso_z.txt": "2024-03-01T21:30:00Z",
    "iso_off.txt": "2024-03-01 22:30:00 +01:00", "space.txt": "2024-03-01 22:30", "compact.txt": "20240301",
    "sv_month.txt": "1 mars 2024", "sv_month_short.txt": "12 okt. 2025 kl. 23.15", "slash.txt": "01/03/2024",
    "dot.txt": "2024.03.31 02:30", "clock_hhmm.txt": "2230", "clock_dot.txt": "22.30", "clock_colon.txt": "22:30:59",
    "dst_gap.txt": "2024-03-31 02:30", "dst_fold.txt": "2024-10-27 02:30", "leap.txt": "2024-02-29",
    "title.txt": "22 augusti 17.59, Brand, Kävlinge", "title2.txt": "1 januari 00.05, Misshandel, Luleå",
    "excel_serial.txt": "45352.5", "bad.txt": "2024-13-45 25:61",
}
for k, v in dates.items():
    put("fuzz_datetime", k, v)

addrs = {
    "plain.txt": "Storgatan 1", "letter.txt": "Västerbyvägen 5A", "letter_space.txt": "Bruksgatan 16 C",
    "range.txt": "Kungsgatan 12-14", "lgh.txt": "Storgatan 4 lgh 1102", "postcode.txt": "Storgatan 4, 999 31 Exempelstad",
    "corner.txt": "korsningen Kungsgatan/Drottninggatan", "place.txt": "Stortorget", "upper.txt": "STORA NYGATAN 3 B",
    "abbrev.txt": "S:t Eriksg. 12", "caseadr.txt": "c/o Andersson, Ågatan 7", "nordic.txt": "Östra Ågårdsvägen 19",
}
for k, v in addrs.items():
    put("fuzz_address", k, v)

coords = {
    "sweref.txt": "358381.9;6583698.2", "comma_decimal.txt": "358381,9;6583698,2", "swapped.txt": "6583698.2;358381.9",
    "wgs.txt": "18.0686;59.3293", "latlon.txt": "59.3293;18.0686", "rt90.txt": "1628000;6580000",
    "exp.txt": "3.583819e5;6.5836982E6", "nan.txt": "NaN;inf", "neg.txt": "-0.0;-1e308", "space.txt": " 358 381,9 ; 6 583 698,2 ",
    "huge.txt": "1" * 400 + ";1", "int.txt": "9223372036854775807;-9223372036854775808",
}
for k, v in coords.items():
    put("fuzz_coords", k, v)

ini = open(os.path.join(top, "samples", "exempelstad", "hotspot.ini"), encoding="utf-8").read()
put("fuzz_project", "exempelstad.ini", ini)
put("fuzz_project", "minimal.ini", "[project]\nname = X\nkommun = 2580\n\n[input a]\npath = a.csv\ncrs = EPSG:3006\n\n[grid]\ncell = 250\n")
put("fuzz_project", "errors.ini", "[project\nname\n= x\n[grid]\ncell = abc\ncell = 1e999\n[input ]\n;comment\n#c\nkey = \"quoted ; value\"\n")
put("fuzz_project", "crlf_bom.ini", ("\ufeff[project]\r\nname = Å\r\nperiod = 2024-01-01..2025-12-31\r\n[grid]\r\ncell = 100\r\n"))

try:
    ev = json.load(open(os.path.join(shared, "polisen_events", "events_latest_api_response.json"), encoding="utf-8"))
    put("fuzz_polisen", "api_three.json", json.dumps(ev[:3], ensure_ascii=False, indent=2))
    put("fuzz_polisen", "api_one_ascii.json", json.dumps(ev[:1]))
except OSError as e:
    print("polisen data missing:", e, file=sys.stderr)
put("fuzz_polisen", "empty.json", "[]")
put("fuzz_polisen", "escapes.json",
    '[{"id":1,"datetime":"2024-03-01 9:48:12 +01:00","name":"1 mars 09.30, St\\u00f6ld, Lule\\u00e5",'
    '"summary":"a\\"b\\\\c\\n","url":"/x","type":"St\\u00f6ld","location":{"name":"Lule\\u00e5","gps":"65.584819,22.156703"}}]')
put("fuzz_polisen", "nested.json", '[{"id":2,"location":{"gps":"x,y","name":[1,2,{"a":null}]},"name":true,"datetime":1e400}]')
print("corpus written to", out)
