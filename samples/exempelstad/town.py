"""The town of the fictional kommun Exempelstad: its seeded generator, street plan, places,
boundary and address points, in local metres around Stortorget (X0, Y0 in EPSG:3006).

Used by generate.py, which writes the files; this module writes nothing and reads no outside data.
Every random draw goes through R, one seeded generator shared with generate.py, using only
random.Random.random(), so the output does not depend on how a Python version implements
choices() or gauss().
"""
import math
import random

SEED = 99992024
X0, Y0 = 360000.0, 6584000.0  # Stortorget, SWEREF 99 TM (EPSG:3006); Värmland forest, no tätort
ORT = "Exempelstad"


class Rng:
    """Sampling helpers over one seeded random.Random, using only random()."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def u(self, a=0.0, b=1.0):
        return a + (b - a) * self.r.random()

    def i(self, a, b):  # inclusive
        return a + int(self.r.random() * (b - a + 1))

    def pick(self, seq, weights=None):
        if weights is None:
            return seq[int(self.r.random() * len(seq))]
        t = self.r.random() * sum(weights)
        for item, w in zip(seq, weights):
            t -= w
            if t < 0:
                return item
        return seq[-1]

    def normal(self, mu=0.0, sd=1.0):
        u1 = 1.0 - self.r.random()
        return mu + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * self.r.random())

    def chance(self, p):
        return self.r.random() < p


R = Rng(SEED)


# ---------------------------------------------------------------- geometry helpers (local metres)
def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def inside(pt, ring):
    x, y = pt
    n = len(ring)
    hit = False
    for k in range(n - 1):
        (ax, ay), (bx, by) = ring[k], ring[k + 1]
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            hit = not hit
    return hit


def point_in(ring):
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    while True:
        p = (R.u(min(xs), max(xs)), R.u(min(ys), max(ys)))
        if inside(p, ring):
            return p


def curve(x0, y0, x1, y1, bend=0.0, n=8):
    """A street from (x0,y0) to (x1,y1), bowed sideways by bend metres."""
    dx, dy = x1 - x0, y1 - y0
    ln = math.hypot(dx, dy)
    nx, ny = -dy / ln, dx / ln
    pts = []
    for k in range(n + 1):
        t = k / n
        s = bend * math.sin(math.pi * t)
        pts.append((x0 + dx * t + nx * s, y0 + dy * t + ny * s))
    return pts


def world(p):
    return [round(X0 + p[0], 2), round(Y0 + p[1], 2)]


# ---------------------------------------------------------------- the town
LAKE = [(2800, -900), (3300, -1300), (4300, -1100), (5000, -300), (4900, 900),
        (4200, 1700), (3300, 1800), (2850, 1100), (2760, 300), (2800, -900)]
RAILWAY = [(-7500, -1300), (-3000, -800), (-1500, -520), (2300, -520), (2900, -1500),
           (3600, -4300), (4200, -6500)]

PLACES = [  # place_id, name, kind, ring
    ("P01", "Stortorget", "torg", rect(-66, -56, 66, 56)),
    ("P02", "Centrum", "centrum", rect(-420, -430, 640, 380)),
    ("P03", "Resecentrum", "resecentrum", rect(80, -510, 320, -420)),
    ("P04", "Centralskolan", "skola", rect(370, 600, 580, 820)),
    ("P05", "Norrskolan", "skola", rect(-340, 1700, -110, 1900)),
    ("P06", "Stadsparken", "park", rect(-1050, 100, -430, 560)),
    ("P07", "Strandparken", "park", [(2250, -500), (2760, -500), (2740, 300), (2780, 350),
                                    (2250, 350), (2250, -500)]),
    ("P08", "Gångtunneln vid Järnvägsgatan", "gangtunnel", rect(548, -575, 576, -405)),
    ("P09", "Villaområdet Björkhagen", "villaomrade", rect(-2650, 900, -1300, 2150)),
    ("P10", "Villaområdet Solhem", "villaomrade", rect(900, 750, 2300, 2000)),
    ("P11", "Villaområdet Ängen", "villaomrade", rect(900, -2150, 2350, -1100)),
    ("P12", "Västerby", "bostadsomrade", rect(-2050, -450, -1150, 650)),
    ("P13", "Industriområdet Syd", "industriomrade", rect(-2650, -2300, -1250, -1050)),
]
PLACE = {p[1]: p for p in PLACES}
NO_ADDRESS = [PLACE[n][3] for n in ("Stortorget", "Stadsparken", "Strandparken")] + [LAKE]

AREAS = {  # area: postcode, spacing, side offset, letters
    "centrum": ("999 31", 24, 12, "some"),
    "vasterby": ("999 36", 55, 20, "abc"),
    "bjorkhagen": ("999 32", 30, 18, ""),
    "solhem": ("999 33", 30, 18, ""),
    "angen": ("999 34", 30, 18, ""),
    "industri": ("999 35", 90, 30, ""),
    "norr": ("999 37", 40, 18, ""),
    "land": ("999 90", 260, 25, ""),
}

STREETS = [  # name, area, kind, points
    ("Storgatan", "centrum", "gata", [(-1100, 70), (600, 70)]),
    ("Drottninggatan", "centrum", "gata", [(-380, -70), (600, -70)]),
    ("Kyrkogatan", "centrum", "gata", [(-380, 230), (600, 230)]),
    ("Nygatan", "centrum", "gata", [(-380, -230), (600, -230)]),
    ("Järnvägsgatan", "centrum", "gata", [(-1100, -400), (1250, -400)]),
    ("Västra Långgatan", "centrum", "gata", [(-380, -400), (-380, 600)]),
    ("Kungsgatan", "centrum", "gata", [(-80, -400), (-80, 500)]),
    ("Torggatan", "centrum", "gata", [(80, -400), (80, 380)]),
    ("Skolgatan", "centrum", "gata", [(330, -400), (330, 1500)]),
    ("Östra Långgatan", "centrum", "gata", [(600, -400), (600, 500)]),
    ("Hamngatan", "centrum", "gata", curve(600, -150, 2700, -60, 60)),
    ("Parkvägen", "centrum", "väg", [(-1100, -400), (-1100, 800)]),
    ("Västerbyvägen", "vasterby", "väg", [(-1600, -450), (-1600, 650)]),
    ("Smedjegatan", "vasterby", "gata", [(-2000, 300), (-1100, 300)]),
    ("Bruksgatan", "vasterby", "gata", [(-2000, -200), (-1100, -200)]),
    ("Ringvägen", "vasterby", "väg", curve(-2000, -300, -2000, 450, -120)),
    ("Hagvägen", "bjorkhagen", "väg", [(-1100, 800), (-1350, 900), (-1350, 2100)]),
] + [(n, "bjorkhagen", "väg", curve(-2550, y, -1350, y, 40 + (y % 250) / 5))
      for n, y in (("Björkvägen", 1000), ("Almvägen", 1125), ("Tallvägen", 1250),
                   ("Lindvägen", 1375), ("Granvägen", 1500), ("Rönnvägen", 1625),
                   ("Lönnvägen", 1750), ("Hasselvägen", 1875), ("Ekvägen", 2000))] + [
    ("Aspvägen", "bjorkhagen", "väg", curve(-2550, 1000, -2550, 2000, 60)),
    ("Solhemsvägen", "solhem", "väg", [(600, 500), (1000, 800), (2250, 850)]),
] + [(n, "solhem", "väg", curve(1000, y, 2200, y, 40))
      for n, y in (("Rosenvägen", 1100), ("Violvägen", 1225), ("Liljevägen", 1350),
                   ("Tulpanvägen", 1475), ("Syrenvägen", 1600), ("Nejlikevägen", 1725),
                   ("Klövervägen", 1850))] + [
    ("Solbacken", "solhem", "väg", curve(1600, 850, 1600, 1950, 50)),
    ("Ängsvägen", "angen", "väg", [(620, -1200), (2300, -1200)]),
] + [(n, "angen", "väg", curve(1000, y, 2200, y, 40))
      for n, y in (("Kornblomsvägen", -1325), ("Blåklockevägen", -1450),
                   ("Smörblomsvägen", -1575), ("Prästkragevägen", -1700),
                   ("Vitsippevägen", -1825), ("Vallmovägen", -1950))] + [
    ("Kornvägen", "angen", "väg", curve(2300, -1200, 2300, -2050, 50)),
    ("Industrivägen", "industri", "väg", [(-1100, -400), (-1300, -1100), (-1500, -1600),
                                          (-2600, -1700)]),
    ("Verkstadsvägen", "industri", "väg", [(-1350, -1300), (-2550, -1300)]),
    ("Lagervägen", "industri", "väg", [(-1500, -2050), (-2550, -2050)]),
    ("Fabriksgatan", "industri", "gata", [(-2000, -1300), (-2000, -2200)]),
    ("Idrottsvägen", "norr", "väg", [(-900, 1650), (600, 1650)]),
    ("Norrvägen", "norr", "väg", [(-80, 500), (-80, 2200)]),
    ("Norrvägen", "land", "väg", [(-80, 2200), (-200, 3200), (-100, 4300)]),
    ("Landsvägen", "land", "väg", [(-1100, 70), (-2200, 90), (-3200, 250), (-4300, 500),
                                   (-5300, 700)]),
    ("Södra vägen", "angen", "väg", [(562, -400), (580, -1200)]),
    ("Södra vägen", "land", "väg", [(580, -1200), (650, -2600), (700, -4200)]),
]


def boundary():
    """A closed irregular ring, roughly 12 x 10 km, around the town."""
    ring = []
    n = 48
    for k in range(n):
        a = 2 * math.pi * k / n
        c, s = math.cos(a), math.sin(a)
        # superellipse, exponent 3: square-ish corners keep the town's roads inside
        r = (abs(c / 6300.0) ** 3 + abs(s / 5200.0) ** 3) ** (-1.0 / 3.0)
        r *= 1.0 + 0.05 * math.sin(3 * a + 0.7) + 0.03 * math.sin(7 * a) + R.u(-0.02, 0.02)
        ring.append((r * c + 250, r * s + 100))
    ring.append(ring[0])
    return ring


def walk(pts, step):
    """Points every step metres along a polyline, with the unit direction there."""
    out = []
    carry = step / 2
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        ln = math.hypot(bx - ax, by - ay)
        d = carry
        while d < ln:
            t = d / ln
            out.append((ax + (bx - ax) * t, ay + (by - ay) * t, (bx - ax) / ln, (by - ay) / ln))
            d += step
        carry = d - ln
    return out


def make_addresses():
    addrs = []  # dicts: street, number, letter, postcode, area, x, y (local)
    next_no = {}
    for name, area, _kind, pts in STREETS:
        postcode, spacing, off, letters = AREAS[area]
        odd, even = next_no.get(name, (1, 2))
        for k, (x, y, ux, uy) in enumerate(walk(pts, spacing)):
            for side in (1, -1):
                px, py = x - uy * off * side, y + ux * off * side
                if any(inside((px, py), ring) for ring in NO_ADDRESS):
                    continue
                if side == 1:
                    no, odd = odd, odd + 2
                else:
                    no, even = even, even + 2
                if letters == "abc":
                    lets = ["A", "B", "C"][: 2 + (k % 2)]
                elif letters == "some" and R.chance(0.2):
                    lets = ["A", "B"]
                else:
                    lets = [""]
                for j, let in enumerate(lets):
                    shift = (j - (len(lets) - 1) / 2) * 9
                    addrs.append({"street": name, "number": no, "letter": let,
                                  "postcode": postcode, "area": area,
                                  "x": px + ux * shift, "y": py + uy * shift})
        next_no[name] = (odd, even)
    return addrs


def label(a):
    return "%s %d%s" % (a["street"], a["number"], a["letter"])


# ---------------------------------------------------------------- helpers for generate.py
def near(a, sd=4.0):
    return (a["x"] + R.normal(0, sd), a["y"] + R.normal(0, sd))


# ---------------------------------------------------------------- the basemap (bakgrund.geojson)
MAIN_STREETS = {"Storgatan", "Järnvägsgatan", "Norrvägen", "Södra vägen", "Landsvägen",
                "Industrivägen", "Hamngatan"}
CENTRE_X = (-380, -80, 80, 330, 600)  # the centre's north-south streets
CENTRE_Y = (-400, -230, -70, 70, 230)  # and its east-west ones


def _clear_of_streets(ring, gap):
    """True when no street passes within gap metres of the rectangle ring."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    x0, x1, y0, y1 = min(xs) - gap, max(xs) + gap, min(ys) - gap, max(ys) + gap
    for _name, _area, _kind, pts in STREETS:
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            for k in range(21):
                x, y = ax + (bx - ax) * k / 20, ay + (by - ay) * k / 20
                if x0 <= x <= x1 and y0 <= y <= y1:
                    return False
    return True


def make_basemap():
    """(properties, geometry type, local coordinates) of the sample's own basemap: land use,
    the lake, buildings (blocks in the centre, houses along the villa streets, halls in the
    industrial area), streets by class with their names, and the railway. Deterministic."""
    out = []
    for name in ("Stadsparken", "Strandparken"):
        out.append(({"name": name, "kind": "park"}, "Polygon", [PLACE[name][3]]))
    out.append(({"name": "Industriområdet Syd", "kind": "industri"}, "Polygon",
                [PLACE["Industriområdet Syd"][3]]))
    for name in ("Villaområdet Björkhagen", "Villaområdet Solhem", "Villaområdet Ängen",
                 "Västerby"):
        out.append(({"name": name, "kind": "bebyggelse"}, "Polygon", [PLACE[name][3]]))
    out.append(({"name": "Exsjön", "kind": "sjö"}, "Polygon", [LAKE]))
    houses = []
    for i in range(len(CENTRE_X) - 1):  # town blocks: two to four buildings around a yard
        for j in range(len(CENTRE_Y) - 1):
            x0, x1 = CENTRE_X[i] + 14, CENTRE_X[i + 1] - 14
            y0, y1 = CENTRE_Y[j] + 14, CENTRE_Y[j + 1] - 14
            if x1 - x0 < 30 or y1 - y0 < 30:
                continue
            d = min(22.0, (y1 - y0) / 3)
            for ring in (rect(x0, y1 - d, x1, y1), rect(x0, y0, x1, y0 + d),
                         rect(x0, y0 + d + 8, x0 + d, y1 - d - 8)):
                if ring[2][1] > ring[0][1] + 5 and _clear_of_streets(ring, 8) and \
                        not inside(((ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2),
                                   PLACE["Stortorget"][3]):
                    houses.append(ring)
    for name, area, _kind, pts in STREETS:  # houses along the residential streets
        if area not in ("bjorkhagen", "solhem", "angen", "vasterby", "norr"):
            continue
        step = 55 if area == "vasterby" else 30
        size = 18 if area == "vasterby" else 11
        for x, y, ux, uy in walk(pts, step):
            for side in (1, -1):
                cx, cy = x - uy * 24 * side, y + ux * 24 * side
                h = size / 2
                ring = [(cx + ux * h - uy * h, cy + uy * h + ux * h),
                        (cx - ux * h - uy * h, cy - uy * h + ux * h),
                        (cx - ux * h + uy * h, cy - uy * h - ux * h),
                        (cx + ux * h + uy * h, cy + uy * h - ux * h)]
                ring.append(ring[0])
                if _clear_of_streets(rect(cx - h, cy - h, cx + h, cy + h), 6):
                    houses.append(ring)
    for k in range(6):  # industrial halls
        x0 = -2550 + (k % 3) * 380
        y0 = -1250 - 60 if k < 3 else -1950
        ring = rect(x0 + 40, y0 - 200 if k < 3 else y0 + 60, x0 + 280, y0 - 60 if k < 3 else y0 + 200)
        if _clear_of_streets(ring, 10):
            houses.append(ring)
    for ring in houses:
        out.append(({"kind": "byggnad"}, "Polygon", [ring]))
    for name, area, kind, pts in STREETS:
        cls = "huvudgata" if name in MAIN_STREETS else ("lokalgata" if kind == "gata" else "väg")
        if area == "land":
            cls = "länsväg"
        out.append(({"name": name, "kind": cls}, "LineString", pts))
    out.append(({"name": "Järnvägen", "kind": "järnväg"}, "LineString", RAILWAY))
    return out
