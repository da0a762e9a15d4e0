#!/usr/bin/env python3
"""Generates the bundled sample project: the fictional kommun Exempelstad (code 9999).

Writes, into this directory (or --out DIR): kommun.geojson, bakgrund.geojson (the basemap:
land use, lake, buildings, streets by class, railway), streets.geojson, places.geojson,
addresses.csv, polisutdrag_2024_2025.csv and
trygghetsvandring_2025.csv. Everything is invented: no real person, address or event. The output is
a pure function of the seed in town.py: running the script again rewrites every file byte for byte
(README.md, brottskoder.csv and hotspot.ini.draft beside them are written by hand). Python standard
library only. It must not read any outside data, and must not write anything except the files
above (no bytecode cache either).
Run: /usr/bin/python3 samples/exempelstad/generate.py [--out DIR]
"""
import argparse
import datetime as dt
import json
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from town import (AREAS, ORT, PLACE, PLACES, R, STREETS, X0, Y0,  # noqa: E402
                  boundary, label, make_addresses, make_basemap, near, point_in, world)

KOMMUN_CODE = "9999"
KOMMUN_NAME = "Exempelstad"
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}


# Brottskod -> Brottsbenämning (BRÅ's list of crime codes; names shortened as in police extracts).
CODES = {
    "misshandel": ("0375", "Misshandel, ej grov, mot man 18 år eller äldre, obekant, utomhus"),
    "misshandel_k": ("0371", "Misshandel, ej grov, mot kvinna 18 år eller äldre, obekant, utomhus"),
    "grov_misshandel": ("0376", "Misshandel, grov, mot man 18 år eller äldre, obekant, utomhus"),
    "ofredande": ("0439", "Ofredande mot man 18 år eller äldre"),
    "olaga_hot": ("0405", "Olaga hot mot man 18 år eller äldre, obekant"),
    "ran": ("9801", "Rån mot privatperson, ej väskryckning, utomhus"),
    "snatteri": ("0857", "Snatteri i butik"),
    "butiksstold": ("0856", "Stöld i butik"),
    "cykelstold": ("0866", "Stöld av cykel"),
    "inbrott_villa": ("0823", "Stöld genom inbrott i villa/radhus"),
    "inbrott_lgh": ("0822", "Stöld genom inbrott i lägenhet"),
    "stold_ur_bil": ("0845", "Stöld ur eller från motordrivet fordon"),
    "skadegorelse": ("1206", "Skadegörelse, ej klotter"),
    "klotter": ("1214", "Klotter"),
    "narkotika": ("5011", "Narkotikabrott, eget bruk"),
    "narkotika_innehav": ("5010", "Narkotikabrott, innehav"),
}


# ---------------------------------------------------------------- time helpers
START = dt.date(2024, 1, 1)
END = dt.date(2025, 12, 31)
DAYS = [START + dt.timedelta(days=k) for k in range((END - START).days + 1)]


def last_sunday(year, month):
    d = dt.date(year, month + 1, 1) - dt.timedelta(days=1) if month < 12 else dt.date(year, 12, 31)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


DST_GAPS = {last_sunday(y, 3) for y in (2024, 2025)}


def season(d, summer=1.0):
    """Monthly factor: summer raises outdoor crime by `summer`, winter lowers it."""
    m = d.month
    s = math.cos((m - 7) / 12 * 2 * math.pi)  # +1 in July, -1 in January
    return max(0.05, 1.0 + 0.5 * summer * s)


def pick_day(weight):
    w = [weight(d) for d in DAYS]
    return R.pick(DAYS, w)


def at(d, minutes):
    """Date d plus minutes from its midnight; never inside the spring daylight-saving gap."""
    t = dt.datetime(d.year, d.month, d.day) + dt.timedelta(minutes=int(minutes))
    if t.date() in DST_GAPS and t.hour == 2:
        t += dt.timedelta(hours=1)
    return t


def hour_mix(spec):
    """spec: list of (from_hour, to_hour, weight); returns minutes after midnight (may pass 24h)."""
    a, b, _w = R.pick(spec, [s[2] for s in spec])
    return R.u(a * 60, b * 60)


def midsommarafton(year):
    d = dt.date(year, 6, 19)
    return d + dt.timedelta(days=(4 - d.weekday()) % 7)


# ---------------------------------------------------------------- incidents
def make_incidents(addrs):
    by_area = {}
    for a in addrs:
        by_area.setdefault(a["area"], []).append(a)

    def close_to(ring, dist):
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return [a for a in addrs if min(xs) - dist <= a["x"] <= max(xs) + dist
                and min(ys) - dist <= a["y"] <= max(ys) + dist]

    torg = PLACE["Stortorget"][3]
    bars = [a for a in close_to(torg, 140) if a["street"] in ("Storgatan", "Drottninggatan",
                                                             "Kungsgatan", "Torggatan")]
    shops = [a for a in addrs if a["area"] == "centrum" and abs(a["x"]) < 450
             and -240 < a["y"] < 240 and a["street"] in ("Storgatan", "Drottninggatan",
                                                         "Torggatan", "Kungsgatan", "Nygatan")]
    shop_w = [1.0 / (1.0 + (a["x"] ** 2 + a["y"] ** 2) / 40000.0) for a in shops]
    big = sorted(range(len(shops)), key=lambda k: -shop_w[k])[:4]
    for k in big:
        shop_w[k] *= 6.0  # four big shops take most of it
    rese = close_to(PLACE["Resecentrum"][3], 25)
    villas = by_area["bjorkhagen"] + by_area["solhem"] + by_area["angen"]
    flats = by_area["vasterby"]
    homes = villas + flats + by_area["centrum"] + by_area["norr"]
    out = []

    def add(kind, loc, t0, t1=None, place=None, addr=None):
        out.append({"kind": kind, "x": loc[0], "y": loc[1], "t0": t0, "t1": t1,
                    "place": place, "addr": addr})

    def weekend_night(d):
        # the evening of Friday/Saturday, and nights before public holidays
        f = 1.0 if d.weekday() in (4, 5) else 0.12
        return f * season(d, 0.6)

    # 1. Violence on weekend nights around Stortorget.
    for _ in range(640):
        d = pick_day(weekend_night)
        t0 = at(d, hour_mix([(22, 24, 3), (24, 26, 5), (26, 27, 2)]))
        kind = R.pick(["misshandel", "misshandel_k", "grov_misshandel", "ofredande", "olaga_hot",
                       "ran"], [50, 12, 5, 18, 10, 4])
        if R.chance(0.55):
            add(kind, point_in(torg), t0, place="Stortorget")
        else:
            a = R.pick(bars)
            add(kind, near(a, 6), t0, addr=a)
    # 2. Violence elsewhere, any night or day.
    for _ in range(220):
        d = pick_day(lambda d: season(d, 0.3))
        t0 = at(d, hour_mix([(8, 18, 2), (18, 24, 3), (24, 27, 2)]))
        a = R.pick(homes)
        add(R.pick(["misshandel", "misshandel_k", "olaga_hot", "ofredande"], [4, 2, 3, 2]),
            near(a), t0, addr=a)
    # 3. Shoplifting in the centre, shop hours.
    for _ in range(760):
        d = pick_day(lambda d: (0.0 if (d.month, d.day) in ((12, 25), (1, 1), (6, 21)) else 1.0)
                     * (0.45 if d.weekday() == 6 else 1.25 if d.weekday() == 5 else 1.0)
                     * (1.6 if d.month == 12 else 1.0))
        if d.weekday() == 6:
            m = R.u(12 * 60, 16 * 60)
        else:
            m = hour_mix([(10, 14, 3), (14, 18, 6), (18, 19, 1.5)])
        a = R.pick(shops, shop_w)
        add(R.pick(["snatteri", "butiksstold"], [3, 1]), near(a, 3), at(d, m), addr=a)
    # 4. Bicycle thefts at Resecentrum, weekday commuter hours, summer half-year.
    for _ in range(420):
        d = pick_day(lambda d: (1.0 if d.weekday() < 5 else 0.08) * (1.0 if 4 <= d.month <= 10
                                                                   else 0.3))
        loc = point_in(PLACE["Resecentrum"][3]) if R.chance(0.6) else near(R.pick(rese), 8)
        if R.chance(0.4):  # seen or filmed: an exact time in the rush hours
            t0 = at(d, hour_mix([(7, 9, 1), (16, 18, 1)]))
            add("cykelstold", loc, t0, place="Resecentrum")
        else:  # parked in the morning, gone in the afternoon
            add("cykelstold", loc, at(d, R.u(7 * 60, 9 * 60)), at(d, R.u(16 * 60, 18.5 * 60)),
                place="Resecentrum")
    # 5. Bicycle thefts elsewhere (overnight from homes).
    for _ in range(220):
        d = pick_day(lambda d: 1.0 if 4 <= d.month <= 10 else 0.3)
        a = R.pick(homes)
        add("cykelstold", near(a), at(d, R.u(17 * 60, 22 * 60)),
            at(d + dt.timedelta(days=1), R.u(6 * 60, 9 * 60)), addr=a)
    # 6. Burglaries in villa areas: weekday daytime windows, weekends, summer holidays.
    for _ in range(330):
        a = R.pick(villas)
        r = R.u()
        if r < 0.68:
            d = pick_day(lambda d: 1.0 if d.weekday() < 5 else 0.0)
            t0, t1 = at(d, R.u(7 * 60 + 15, 8 * 60 + 15)), at(d, R.u(16 * 60 + 15, 17 * 60 + 30))
        elif r < 0.85:
            d = pick_day(lambda d: 1.0 if d.weekday() == 4 else 0.0)
            t0 = at(d, R.u(15 * 60, 18 * 60))
            t1 = at(d + dt.timedelta(days=2), R.u(15 * 60, 20 * 60))
        else:
            d = pick_day(lambda d: 1.0 if d.month == 7 or (d.month == 6 and d.day > 20) else 0.0)
            t0 = at(d, R.u(8 * 60, 12 * 60))
            t1 = at(d + dt.timedelta(days=R.i(3, 14)), R.u(12 * 60, 20 * 60))
        add("inbrott_villa", near(a), t0, t1, addr=a)
    for _ in range(70):
        a = R.pick(flats)
        d = pick_day(lambda d: 1.0 if d.weekday() < 5 else 0.4)
        add("inbrott_lgh", near(a), at(d, R.u(7 * 60, 9 * 60)), at(d, R.u(15 * 60, 19 * 60)),
            addr=a)
    # 7. Vandalism and graffiti near parks and schools in the evening.
    spots = [("Stadsparken", 3), ("Strandparken", 2), ("Centralskolan", 3), ("Norrskolan", 2),
             ("Gångtunneln vid Järnvägsgatan", 2)]
    for _ in range(560):
        name = R.pick([s[0] for s in spots], [s[1] for s in spots])
        d = pick_day(lambda d: (1.6 if d.weekday() in (4, 5) else 1.0) * season(d, 0.4))
        kind = "klotter" if R.chance(0.45 if name != "Gångtunneln vid Järnvägsgatan" else 0.8) \
            else "skadegorelse"
        loc = point_in(PLACE[name][3])
        if R.chance(0.35):
            add(kind, loc, at(d, hour_mix([(18, 22, 3), (22, 24, 2)])), place=name)
        else:  # found in the morning
            add(kind, loc, at(d, R.u(16 * 60, 20 * 60)),
                at(d + dt.timedelta(days=1), R.u(6 * 60 + 30, 8 * 60)), place=name)
    # 8. Drugs: police-initiated, evenings, park, station and square.
    for _ in range(210):
        name = R.pick(["Stadsparken", "Resecentrum", "Stortorget"], [5, 3, 2])
        d = pick_day(lambda d: season(d, 0.5) * (1.3 if d.weekday() in (4, 5) else 1.0))
        add(R.pick(["narkotika", "narkotika_innehav"], [3, 1]), point_in(PLACE[name][3]),
            at(d, hour_mix([(16, 20, 2), (20, 24, 4), (24, 26, 1)])), place=name)
    # 9. Thefts from cars overnight, and background vandalism.
    for _ in range(300):
        a = R.pick(flats + by_area["centrum"] + villas, None)
        d = pick_day(lambda d: 1.0)
        add("stold_ur_bil", near(a, 8), at(d, R.u(18 * 60, 23 * 60)),
            at(d + dt.timedelta(days=1), R.u(6 * 60, 8 * 60)), addr=a)
    for _ in range(130):
        a = R.pick(addrs)
        d = pick_day(lambda d: season(d, 0.3))
        add("skadegorelse", near(a, 6), at(d, R.u(17 * 60, 23 * 60)),
            at(d + dt.timedelta(days=1), R.u(6 * 60, 9 * 60)), addr=a)
    # 10. Seasonal peaks: Valborg, midsommar, nyår.
    for year in (2024, 2025):
        valborg = dt.date(year, 4, 30)
        for _ in range(14):
            name = R.pick(["Stadsparken", "Strandparken"])
            add(R.pick(["misshandel", "skadegorelse", "ofredande"], [3, 2, 1]),
                point_in(PLACE[name][3]), at(valborg, R.u(20 * 60, 26 * 60)), place=name)
        ms = midsommarafton(year)
        for _ in range(14):
            add(R.pick(["misshandel", "misshandel_k", "ofredande", "skadegorelse"], [4, 1, 2, 1]),
                point_in(PLACE["Strandparken"][3]), at(ms, R.u(19 * 60, 27 * 60)),
                place="Strandparken")
    for nye in (dt.date(2023, 12, 31), dt.date(2024, 12, 31), dt.date(2025, 12, 31)):
        for _ in range(20):
            if R.chance(0.55):
                add(R.pick(["misshandel", "ofredande", "olaga_hot"], [3, 1, 1]), point_in(torg),
                    at(nye, R.u(22 * 60, 27 * 60)), place="Stortorget")
            else:
                a = R.pick(flats)
                add("skadegorelse", near(a, 10), at(nye, R.u(20 * 60, 27 * 60)), addr=a)
    out = [e for e in out if START <= e["t0"].date() <= END]
    out.sort(key=lambda e: (e["t0"], e["x"], e["y"]))
    return out


# ---------------------------------------------------------------- writing the police extract
def fmt_time(t):
    style = R.pick(["hhmm", "colon", "dot"], [5, 3, 2])
    if style == "hhmm":
        return "%02d%02d" % (t.hour, t.minute)
    if style == "colon":
        return "%02d:%02d" % (t.hour, t.minute)
    return "%02d.%02d" % (t.hour, t.minute)


def fmt_coord(v):
    if R.chance(0.2):
        return "%d" % round(v)
    return ("%.1f" % v).replace(".", ",")


def abbreviate(street):
    for long, short in (("gatan", "g."), ("vägen", "v."), ("Västra ", "V. "), ("Östra ", "Ö. ")):
        street = street.replace(long, short)
    return street


def geocode_text(e):
    """An address as a person typed it, for rows without coordinates."""
    if e["place"]:
        if e["place"] == "Stortorget" and R.chance(0.15):
            return "korsningen Kungsgatan/Drottninggatan"
        return e["place"] if R.chance(0.8) else e["place"].upper()
    a = e["addr"]
    r = R.u()
    if r < 0.5:
        return label(a)
    if r < 0.67:
        return "%s %d%s" % (abbreviate(a["street"]), a["number"],
                            " " + a["letter"] if a["letter"] else "")
    if r < 0.84:
        return ("%s, %s %s" % (label(a), a["postcode"], ORT)).upper()
    if r < 0.92:
        return a["street"]
    if r < 0.97:
        return label(a).replace("ä", "a").replace("ö", "o").replace("å", "a").replace("Ä", "A") \
            .replace("Ö", "O").replace("Å", "A")
    return label(a).replace("g", "q", 1)  # OCR noise


NOTES = {
    "misshandel": ["Slag mot huvudet utanför krog", "Bråk i kö till taxi",
                   "Knuff och slag, målsägande blödde näsblod", "Sparkad av okänd gärningsperson"],
    "misshandel_k": ["Knuffad omkull av okänd man", "Slag i ansiktet efter ordväxling"],
    "grov_misshandel": ["Flera gärningspersoner, ambulans tillkallad"],
    "ofredande": ["Tafsande i folksamling", "Förföljd och tilltalad av okänd"],
    "olaga_hot": ["Hotad med kniv, ingen skada", "Verbala hot efter bråk"],
    "ran": ["Mobiltelefon och plånbok tagna under hot", "Rånad på jacka"],
    "snatteri": ["Kosmetika, larm vid utgång", "Godis och dryck, personal ingrep",
                 "Rakblad i fickan"],
    "butiksstold": ["Kläder för flera tusen kronor", "Elektronik, gärningsperson sprang"],
    "cykelstold": ["Låst cykel i ställ, låset avklippt", "Elcykel borta från ställ",
                   "Cykel olåst, borta vid hemkomst"],
    "inbrott_villa": ["Altandörr uppbruten, smycken tagna", "Fönster krossat, oordning i rum",
                      "Inbrott under semester, upptäckt av granne"],
    "inbrott_lgh": ["Dörr uppbänd, dator tagen", "Källarförråd uppbrutet"],
    "stold_ur_bil": ["Ruta krossad, väska tagen", "Katalysator bortsågad"],
    "skadegorelse": ["Krossad ruta", "Papperskorg sönderslagen", "Fyrverkeri i brevlåda"],
    "klotter": ["Tags på vägg", "Sprayfärg på skylt och vägg"],
    "narkotika": ["Påträffad vid kontroll, misstänkt påverkan", "Urinprov taget"],
    "narkotika_innehav": ["Påse med cannabis beslagtagen", "Tabletter i fickan"],
}


def write_police(path, incidents):
    header = ["Diarienummer", "Brottskod", "Brottsbenämning", "Händelsedatum från",
              "Händelsetid från", "Händelsedatum till", "Händelsetid till", "Kommun",
              "Gatuadress", "X-koordinat", "Y-koordinat", "Fritext"]
    rows = []
    serial = {2024: 10000, 2025: 10000}
    n = len(incidents)
    # rows chosen for special treatment, by position, drawn once
    order = list(range(n))
    for k in range(n - 1, 0, -1):
        j = R.i(0, k)
        order[k], order[j] = order[j], order[k]
    bad_kinds = (["noloc"] * 14 + ["till_before"] * 12 + ["garbled"] * 8 + ["bad_date"] * 8
                 + ["zero"] * 6 + ["outside"] * 5 + ["bad_time"] * 4)
    special = {}
    for k, kind in enumerate(bad_kinds):
        special[order[k]] = kind
    pos = len(bad_kinds)
    for k in range(15):
        special[order[pos + k]] = "swapped"
    pos += 15
    geo = int(n * 0.10)
    for k in range(geo):
        special[order[pos + k]] = "geocode"
    pos += geo
    special[order[pos]] = "pnr"
    for idx, e in enumerate(incidents):
        code, name = CODES[e["kind"]]
        t0, t1 = e["t0"], e["t1"]
        year = t0.year
        serial[year] += R.i(1, 40)
        dnr = "9900-K%d-%02d" % (serial[year], year % 100)
        d0, h0 = t0.strftime("%Y-%m-%d"), fmt_time(t0)
        if t1 is None and R.chance(0.4):
            t1 = t0
        d1 = t1.strftime("%Y-%m-%d") if t1 else ""
        h1 = fmt_time(t1) if t1 else ""
        if e["addr"]:
            addr = label(e["addr"]) if R.chance(0.85) else ""
        elif e["place"]:
            addr = e["place"] if R.chance(0.5) else ""
        else:
            addr = ""
        x, y = fmt_coord(X0 + e["x"]), fmt_coord(Y0 + e["y"])
        note = R.pick(NOTES[e["kind"]])
        sp = special.get(idx)
        if sp == "geocode":
            addr, x, y = geocode_text(e), "", ""
        elif sp == "noloc":
            addr, x, y = "", "", ""
        elif sp == "till_before":
            t1 = t0 - dt.timedelta(hours=R.i(2, 30))
            d1, h1 = t1.strftime("%Y-%m-%d"), fmt_time(t1)
        elif sp == "garbled":
            y = R.pick(["6 58x 123", "65841O3,5", "6584l23", "6,584,123", "65#4123"])
        elif sp == "bad_date":
            d0 = R.pick(["2024-02-30", "2025-13-02", "2024-06-31", "2025-00-10", "20x4-05-01"])
        elif sp == "zero":
            x, y = "0", "0"
        elif sp == "outside":
            x, y = fmt_coord(X0 + 15000 + R.u(0, 2000)), fmt_coord(Y0 + 12000 + R.u(0, 2000))
        elif sp == "bad_time":
            h0 = R.pick(["25:10", "1275", "24.30", "9999"])
        elif sp == "swapped":
            x, y = y, x
        elif sp == "pnr":
            note = "Anmälaren uppgav personnummer 121212-1212"
        rows.append([dnr, code, name, d0, h0, d1, h1, KOMMUN_NAME, addr, x, y, note])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(";".join(header) + "\r\n")
        for r in rows:
            f.write(";".join(r) + "\r\n")
    return len(rows)


# ---------------------------------------------------------------- trygghetsvandring
COMPLAINTS = [  # where, share, categories with weights, comments
    ("Stortorget", 70, {"ungdomsgäng": 4, "otrygg plats": 3, "nedskräpning": 3, "belysning": 1},
     ["Stökigt på helgkvällar", "Glas och skräp efter helgen", "Grupper som hänger vid bänkarna",
      "Känns otryggt att gå över torget sent"]),
    ("Gångtunneln vid Järnvägsgatan", 60, {"belysning": 4, "otrygg plats": 4, "klotter": 2},
     ["Trasig belysning i tunneln", "Mörkt och instängt, går hellre runt", "Klotter på väggarna",
      "Ingen sikt genom tunneln"]),
    ("Strandparken", 60, {"belysning": 4, "otrygg plats": 3, "buskörning": 2, "nedskräpning": 1},
     ["Mörkt längs strandpromenaden", "Mopeder kör på gångvägen", "Ingen belysning vid bryggan",
      "Otryggt efter mörkrets inbrott"]),
    ("Resecentrum", 35, {"nedskräpning": 2, "otrygg plats": 3, "ungdomsgäng": 1},
     ["Otryggt att vänta på sista bussen", "Skräp vid cykelstället", "Dålig överblick"]),
    ("Stadsparken", 30, {"belysning": 3, "otrygg plats": 2, "nedskräpning": 1},
     ["Buskage skymmer gångvägen", "Lampor ur funktion", "Otryggt att gå genom parken"]),
]
SCATTER = {"buskörning": 3, "belysning": 2, "nedskräpning": 2, "klotter": 2, "otrygg plats": 1}
SCATTER_NOTES = {
    "buskörning": ["Mopeder i höga hastigheter på kvällarna", "Bilar som spelar musik och gasar"],
    "belysning": ["Gatlampa trasig", "Mörk gångväg"],
    "nedskräpning": ["Nedskräpat vid återvinningsstationen", "Skräp i diket"],
    "klotter": ["Klotter på elskåp", "Tags på busskur"],
    "otrygg plats": ["Mörk genväg", "Otryggt vid parkeringen"],
}
WALKS = ["2025-04-23", "2025-05-14", "2025-08-27", "2025-09-17", "2025-10-08", "2025-10-22",
         "2025-11-12"]


def write_complaints(path, addrs):
    rows = []
    for where, count, cats, notes in COMPLAINTS:
        for _ in range(count):
            cat = R.pick(list(cats), list(cats.values()))
            x, y = point_in(PLACE[where][3])
            if where == "Gångtunneln vid Järnvägsgatan":
                x, y = x + R.normal(0, 6), y + R.normal(0, 25)
            rows.append((R.pick(WALKS), cat, x, y, R.pick(notes)))
    for _ in range(55):
        cat = R.pick(list(SCATTER), list(SCATTER.values()))
        if cat == "buskörning":
            a = R.pick([a for a in addrs if a["area"] in ("industri", "norr", "land")])
        else:
            a = R.pick(addrs)
        x, y = near(a, 15)
        rows.append((R.pick(WALKS), cat, x, y, R.pick(SCATTER_NOTES[cat])))
    rows.sort(key=lambda r: (r[0], r[2], r[3]))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("id;datum;kategori;x;y;kommentar\n")
        for k, (d, cat, x, y, note) in enumerate(rows):
            f.write("TV25-%03d;%s;%s;%.1f;%.1f;%s\n" % (k + 1, d, cat, X0 + x, Y0 + y, note))
    return len(rows)


# ---------------------------------------------------------------- GeoJSON and CSV
def write_geojson(path, name, features):
    doc = {"type": "FeatureCollection", "name": name, "crs": CRS, "features": features}
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


def feature(props, geom_type, coords):
    return {"type": "Feature", "properties": props, "geometry": {"type": geom_type,
                                                                  "coordinates": coords}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                    help="directory to write into (default: the script's own)")
    out = ap.parse_args().out
    os.makedirs(out, exist_ok=True)

    ring = boundary()
    write_geojson(os.path.join(out, "kommun.geojson"), "kommun", [feature(
        {"kommun_code": KOMMUN_CODE, "code": KOMMUN_CODE, "name": "Exempelstad (fiktiv kommun)",
         "note": "Fiktiv kommun, genererad av generate.py / fictional, generated"},
        "Polygon", [[world(p) for p in ring]])])
    write_geojson(os.path.join(out, "bakgrund.geojson"), "bakgrund", [
        feature(props, gt, [[world(p) for p in ring] for ring in coords] if gt == "Polygon"
                else [world(p) for p in coords]) for props, gt, coords in make_basemap()])
    write_geojson(os.path.join(out, "streets.geojson"), "streets", [
        feature({"street_id": "S%02d" % (k + 1), "name": s[0], "kind": s[2],
                 "postcode": AREAS[s[1]][0]}, "LineString", [world(p) for p in s[3]])
        for k, s in enumerate(STREETS)])
    write_geojson(os.path.join(out, "places.geojson"), "places", [
        feature({"place_id": p[0], "name": p[1], "kind": p[2]}, "Polygon",
                [[world(q) for q in p[3]]]) for p in PLACES])

    addrs = make_addresses()
    with open(os.path.join(out, "addresses.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("street,number,letter,postcode,ort,kommun,kommun_code,x,y\n")
        for a in addrs:
            f.write("%s,%d,%s,%s,%s,%s,%s,%.2f,%.2f\n" % (
                a["street"], a["number"], a["letter"], a["postcode"], ORT, KOMMUN_NAME,
                KOMMUN_CODE, X0 + a["x"], Y0 + a["y"]))

    incidents = make_incidents(addrs)
    n = write_police(os.path.join(out, "polisutdrag_2024_2025.csv"), incidents)
    m = write_complaints(os.path.join(out, "trygghetsvandring_2025.csv"), addrs)
    print("Exempelstad: %d addresses, %d police rows, %d trygghetsvandring points -> %s"
          % (len(addrs), n, m, out))


if __name__ == "__main__":
    main()
