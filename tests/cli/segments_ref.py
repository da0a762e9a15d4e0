#!/usr/bin/python3
"""Independent reference for the street-segment tests (plain Python 3 standard library): reads
GeoPackage line layers and the run table with sqlite3, nodes lines by brute force, snaps points by
exhaustive search, and computes the Gini, the generalised Gini (Bernasco and Steenbeek 2017), the
shares of units holding 25 / 50 %, network neighbours and Gi* from their textbook formulas."""
import json
import math
import sqlite3
import struct


def gpkg_lines(path, layer):
    """Rows of a LINESTRING layer: dicts of the attributes plus 'pts' (list of (x, y))."""
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    rows = []
    for r in db.execute('SELECT * FROM "%s" ORDER BY fid' % layer):
        d = dict(r)
        blob = d.pop("geom")
        flags = blob[3]
        env = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
        wkb = blob[8 + env:]
        little = wkb[0] == 1
        fmt = "<" if little else ">"
        gtype, n = struct.unpack(fmt + "II", wkb[1:9])
        assert gtype == 2, gtype
        d["pts"] = [struct.unpack(fmt + "dd", wkb[9 + 16 * i:25 + 16 * i]) for i in range(n)]
        rows.append(d)
    return rows


def run_table(path):
    db = sqlite3.connect(path)
    return {k: v for k, v in db.execute("SELECT key, value FROM run")}


def geojson_lines(path):
    """(name, pts) of every LineString / MultiLineString part of a GeoJSON file."""
    out = []
    for f in json.load(open(path))["features"]:
        g = f["geometry"]
        name = (f.get("properties") or {}).get("NAMN") or (f.get("properties") or {}).get("name")
        parts = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
        for p in parts:
            out.append((name, [(c[0], c[1]) for c in p]))
    return out


def length(pts):
    return sum(math.hypot(pts[i + 1][0] - pts[i][0], pts[i + 1][1] - pts[i][1])
               for i in range(len(pts) - 1))


def node_lines(lines, tol=0.01):
    """Brute-force noding: every line is cut at its interior vertices shared with another line (or
    met twice), at every proper crossing with another line's edge and where another line's end
    touches it. Returns the pieces as lists of points."""
    key = lambda p: (round(p[0] / tol), round(p[1] / tol))
    occ = {}
    for _, pts in lines:
        seen = []
        for i, p in enumerate(pts):
            if i == 0 or key(p) != key(pts[i - 1]):
                occ[key(p)] = occ.get(key(p), 0) + 1
    for _, pts in lines:
        occ[key(pts[0])] = occ.get(key(pts[0]), 0) + 100
        occ[key(pts[-1])] = occ.get(key(pts[-1]), 0) + 100
    edges = [(li, i, pts[i], pts[i + 1]) for li, (_, pts) in enumerate(lines)
             for i in range(len(pts) - 1)]
    cuts = {}  # (line, edge) -> list of (t, point)
    for a in range(len(edges)):
        la, ia, p, p2 = edges[a]
        for b in range(a + 1, len(edges)):
            lb, ib, q, q2 = edges[b]
            if la == lb and abs(ia - ib) <= 1:
                continue
            rx, ry, sx, sy = p2[0] - p[0], p2[1] - p[1], q2[0] - q[0], q2[1] - q[1]
            den = rx * sy - ry * sx
            lr, ls = math.hypot(rx, ry), math.hypot(sx, sy)
            if lr == 0 or ls == 0 or abs(den) <= 1e-12 * lr * ls:
                continue
            qx, qy = q[0] - p[0], q[1] - p[1]
            t, u = (qx * sy - qy * sx) / den, (qx * ry - qy * rx) / den
            et, eu = tol / lr, tol / ls
            if t < -et or t > 1 + et or u < -eu or u > 1 + eu:
                continue
            x = (p[0] + t * rx, p[1] + t * ry)
            ae, be = t <= et or t >= 1 - et, u <= eu or u >= 1 - eu
            if ae and be:
                continue
            if ae:
                x = p if t <= et else p2
            elif be:
                x = q if u <= eu else q2
            if not ae:
                cuts.setdefault((la, ia), []).append((t, x))
            if not be:
                cuts.setdefault((lb, ib), []).append((u, x))
    pieces = []
    for li, (_, pts) in enumerate(lines):
        full = []
        for i, p in enumerate(pts):
            full.append((p, occ.get(key(p), 0) >= 2 or i in (0, len(pts) - 1)))
            for _, x in sorted(cuts.get((li, i), [])):
                full.append((x, True))
        cur = [full[0][0]]
        for p, is_node in full[1:]:
            if key(p) == key(cur[-1]):
                continue
            cur.append(p)
            if is_node or occ.get(key(p), 0) >= 2:
                pieces.append(cur)
                cur = [p]
    return pieces


def pt_edge(x, y, p, q):
    dx, dy = q[0] - p[0], q[1] - p[1]
    l2 = dx * dx + dy * dy
    t = ((x - p[0]) * dx + (y - p[1]) * dy) / l2 if l2 > 0 else 0.0
    t = min(1.0, max(0.0, t))
    return math.hypot(p[0] + t * dx - x, p[1] + t * dy - y), (p[0] + t * dx, p[1] + t * dy)


def snap_counts(points, segs, maxd, node_snap=1.0, weights=None):
    """Counts per segment: each point to the nearest segment within maxd (lowest index on ties),
    split equally between the segments of an end node within node_snap shared by >= 2 segments.
    Returns (counts, snapped, at_node)."""
    ends = {}
    for k, s in enumerate(segs):
        for e in (s[0], s[-1]):
            ends.setdefault(e, set()).add(k)
    # a coarse bucket grid over the segments' boxes keeps the exhaustive search affordable
    cell = max(maxd, 1.0)
    grid = {}
    for k, s in enumerate(segs):
        xs, ys = [p[0] for p in s], [p[1] for p in s]
        for i in range(int(math.floor((min(xs) - maxd) / cell)), int(math.floor((max(xs) + maxd) / cell)) + 1):
            for j in range(int(math.floor((min(ys) - maxd) / cell)), int(math.floor((max(ys) + maxd) / cell)) + 1):
                grid.setdefault((i, j), []).append(k)
    counts = [0.0] * len(segs)
    snapped = at_node = 0
    for n, (x, y) in enumerate(points):
        w = weights[n] if weights else 1.0
        best, bk, bat = math.inf, -1, None
        for k in sorted(set(grid.get((int(math.floor(x / cell)), int(math.floor(y / cell))), []))):
            s = segs[k]
            for i in range(len(s) - 1):
                d, at = pt_edge(x, y, s[i], s[i + 1])
                if d < best:
                    best, bk, bat = d, k, at
        if bk < 0 or best > maxd:
            continue
        snapped += 1
        node = None
        for e in (segs[bk][0], segs[bk][-1]):
            if math.hypot(e[0] - bat[0], e[1] - bat[1]) <= node_snap and len(ends[e]) >= 2:
                node = e
                break
        if node is None:
            counts[bk] += w
        else:
            at_node += 1
            for k in ends[node]:
                counts[k] += w / len(ends[node])
    return counts, snapped, at_node


def gini(c):
    """Gini by the mean absolute difference, and the generalised Gini."""
    n, tot = len(c), sum(c)
    s = sorted(c)
    # sum over pairs |xi - xj| through the sorted order
    acc = sum((2 * (i + 1) - n - 1) * v for i, v in enumerate(s))
    g = acc / (n * tot)
    return g, max(1.0, n / tot) * (g - 1) + 1


def share_for(c, share):
    s = sorted(c, reverse=True)
    tot, cum = sum(s), 0.0
    for k, v in enumerate(s):
        cum += v
        if cum >= share * tot * (1 - 1e-12):
            return (k + 1) / len(s)
    return 1.0


def neighbours(segs):
    ends = {}
    for k, s in enumerate(segs):
        for e in (s[0], s[-1]):
            ends.setdefault(e, set()).add(k)
    return [sorted((ends[s[0]] | ends[s[-1]]) - {k}) for k, s in enumerate(segs)]


def gistar(x, nbs):
    n = len(x)
    m = sum(x) / n
    sd = math.sqrt(sum((v - m) ** 2 for v in x) / n)
    z = []
    for i in range(n):
        js = [i] + list(nbs[i])
        wi = len(js)
        z.append((sum(x[j] for j in js) - m * wi) / (sd * math.sqrt((n * wi - wi * wi) / (n - 1))))
    return z


def ranks(v):
    o = sorted(range(len(v)), key=lambda i: -v[i])
    r = [0.0] * len(v)
    a = 0
    while a < len(o):
        b = a
        while b < len(o) and v[o[b]] == v[o[a]]:
            b += 1
        for j in range(a, b):
            r[o[j]] = (a + 1 + b) / 2
        a = b
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    sab = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    return sab / math.sqrt(sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb))


def top_set(v, share):
    k = math.ceil(share * len(v) - 1e-9)
    o = sorted(range(len(v)), key=lambda i: (-v[i], i))
    return {i for i in o[:k] if v[i] > 0}
