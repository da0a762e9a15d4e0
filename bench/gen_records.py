#!/usr/bin/python3
"""Generates N police-extract rows for the build benchmark, in the Exempelstad sample kommun.

Columns as in a real extract (semicolon, decimal comma, Swedish names), from-to windows, crime codes,
90 % with coordinates (clustered around the sample's places plus background), 10 % with an address from
the sample's address points and no coordinates. Deterministic for a given N and seed.
With --plain SIDE: a plain extract instead, every row with coordinates, clustered around a few
centres plus background over a SIDE x SIDE metre square of EPSG:3006 (no addresses, no boundary).
Usage: gen_records.py N OUT.csv [--seed S] [--plain SIDE]
"""
import argparse, csv, os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sample = os.path.join(here, "..", "samples", "exempelstad")

CODES = [("0371", "Misshandel, utomhus"), ("0857", "Stöld ur butik"), ("0866", "Cykelstöld"),
         ("0823", "Bostadsinbrott"), ("1201", "Skadegörelse"), ("1299", "Klotter"),
         ("0401", "Olaga hot"), ("5011", "Narkotikabrott, innehav")]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--plain", type=float, default=0)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    n = a.n
    if a.plain > 0:
        side, x0, y0 = a.plain, 650000.0, 6550000.0
        centres = rng.uniform(0.1 * side, 0.9 * side, (40, 2))
        near = rng.random(n) < 0.6
        k = rng.integers(0, len(centres), n)
        x = np.where(near, x0 + centres[k, 0] + rng.normal(0, 300, n), rng.uniform(x0, x0 + side, n))
        y = np.where(near, y0 + centres[k, 1] + rng.normal(0, 300, n), rng.uniform(y0, y0 + side, n))
        x = np.clip(x, x0, x0 + side - 0.1)
        y = np.clip(y, y0, y0 + side - 0.1)
        has_addr = np.zeros(n, dtype=bool)
        addr = [""]
        write(a.out, n, rng, x, y, has_addr, addr, k)
        return
    with open(os.path.join(sample, "addresses.csv"), encoding="utf-8") as f:
        delim = ";" if ";" in f.readline() else ","
        f.seek(0)
        rows = list(csv.DictReader(f, delimiter=delim))
    addr = [f"{r.get('street') or r.get('gata')} {r.get('number') or r.get('nummer')}{r.get('letter') or r.get('bokstav') or ''}" for r in rows]
    ax = np.array([float(str(r.get("x")).replace(",", ".")) for r in rows])
    ay = np.array([float(str(r.get("y")).replace(",", ".")) for r in rows])
    # 60 % near address points (clustered like the town), 40 % spread over the town's box
    near = rng.random(n) < 0.6
    k = rng.integers(0, len(ax), n)
    x = np.where(near, ax[k] + rng.normal(0, 60, n), rng.uniform(ax.min(), ax.max(), n))
    y = np.where(near, ay[k] + rng.normal(0, 60, n), rng.uniform(ay.min(), ay.max(), n))
    has_addr = rng.random(n) < 0.10
    write(a.out, n, rng, x, y, has_addr, addr, k)


def write(out_path, n, rng, x, y, has_addr, addr, k):
    day0 = np.datetime64("2016-01-01")
    days = rng.integers(0, 3650, n)
    start_min = rng.integers(0, 1440, n)
    dur = np.where(rng.random(n) < 0.5, 0, rng.integers(1, 3 * 1440, n))
    code = rng.integers(0, len(CODES), n)
    chunk = 200000
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        f.write("Diarienummer;Brottskod;Brottsbenämning;Händelsedatum från;Händelsetid från;"
                "Händelsedatum till;Händelsetid till;Kommun;Gatuadress;X-koordinat;Y-koordinat\n")
        for s in range(0, n, chunk):
            e = min(n, s + chunk)
            out = []
            for i in range(s, e):
                t0 = int(start_min[i]); d0 = day0 + int(days[i])
                t1 = t0 + int(dur[i]); d1 = d0 + t1 // 1440; t1 %= 1440
                c, name = CODES[code[i]]
                if has_addr[i]:
                    xs = ys = ""; ad = addr[k[i] % len(addr)]
                else:
                    xs = f"{x[i]:.1f}".replace(".", ","); ys = f"{y[i]:.1f}".replace(".", ","); ad = ""
                out.append(f"5000-K{i};{c};{name};{d0};{t0 // 60:02d}{t0 % 60:02d};{d1};"
                           f"{t1 // 60:02d}:{t1 % 60:02d};Exempelstad;{ad};{xs};{ys}\n")
            f.write("".join(out))

if __name__ == "__main__":
    main()
