#!/usr/bin/python3
"""Agreement part of bench_kde.sh: hotspot's rasters against an exact numpy sum at sampled cells
(the 50 highest and up to 250 random cells, seeded), against spatstat's density.ppp (Gaussian),
and QGIS's raw quartic against the same exact sum at QGIS's own pixel centres (with its row-index
quirk). Usage: kde_agree.py WORKDIR SIZE (files as bench_kde.sh names them)."""
import os, sys
import numpy as np
from osgeo import gdal

work, size = sys.argv[1], sys.argv[2]
pts = np.loadtxt(os.path.join(work, f"points_{size}.csv"), delimiter=",", skiprows=1, usecols=(0, 1))
rng = np.random.default_rng(20240601)
nsample = 250 if len(pts) <= 2_000_000 else 60

def tif(name):
    p = os.path.join(work, name)
    if not os.path.exists(p):
        return None, None
    ds = gdal.Open(p)
    b = ds.GetRasterBand(1)
    a = b.ReadAsArray().astype(np.float64)
    nd = b.GetNoDataValue()
    if nd is not None and not np.isnan(nd):
        a[a == nd] = 0.0   # QGIS marks empty pixels as nodata
    return a, ds.GetGeoTransform()

def exact(kind, h, xs, ys):
    """density per km2 at the points (xs, ys), summing over every point (chunked)."""
    out = np.zeros(len(xs))
    for k in range(0, len(pts), 200_000):
        P = pts[k:k + 200_000]
        d2 = (xs[:, None] - P[None, :, 0]) ** 2 + (ys[:, None] - P[None, :, 1]) ** 2
        if kind == "gaussian":
            out += np.exp(-d2 / (2 * h * h)).sum(axis=1) / (2 * np.pi * h * h)
        else:
            u2 = d2 / (h * h)
            out += np.where(u2 < 1, 3 / (np.pi * h * h) * (1 - u2) ** 2, 0).sum(axis=1)
    return out * 1e6

def sample_cells(a):
    flat = np.argsort(a, axis=None)[-50:]
    rnd = rng.choice(a.size, size=nsample, replace=False)
    idx = np.unique(np.concatenate([flat, rnd]))
    return np.unravel_index(idx, a.shape)

for name, kind, h in [(f"hs_gauss_noedge_{size}.tif", "gaussian", 200.0), (f"hs_quartic_{size}.tif", "quartic", 500.0)]:
    a, gt = tif(name)
    if a is None:
        continue
    r, c = sample_cells(a)
    xs = gt[0] + (c + 0.5) * gt[1]; ys = gt[3] + (r + 0.5) * gt[5]
    ex = exact(kind, h, xs, ys)
    d = np.abs(a[r, c] - ex).max() / ex.max()
    print(f"  hotspot {kind:8s} vs exact numpy sum at {len(xs)} cells (incl. the 50 highest): max|d|/peak = {d:.2e}")

a, gt = tif(f"hs_gauss_noedge_{size}.tif")
for edge, f64, hsname in [("FALSE", f"spatstat_noedge_{size}.f64", f"hs_gauss_noedge_{size}.tif"),
                          ("TRUE", f"spatstat_{size}.f64", f"hs_gauss_{size}.tif")]:
    p = os.path.join(work, f64)
    h_a, _ = tif(hsname)
    if not os.path.exists(p) or h_a is None:
        continue
    s = np.fromfile(p, dtype="<f8").reshape(400, 400)[::-1] * 1e6   # row 0 south -> north-up, per km2
    d = np.abs(h_a - s)
    print(f"  hotspot gaussian vs spatstat density.ppp edge={edge}: max|d|/peak = {d.max() / h_a.max():.2e}, "
          f"rms/peak = {np.sqrt((d ** 2).mean()) / h_a.max():.2e} (spatstat bins points to pixel centres)")
p = os.path.join(work, f"ks_{size}.f64")
if os.path.exists(p) and a is not None:
    s = np.fromfile(p, dtype="<f8").reshape(400, 400)[::-1] * 1e6
    print(f"  hotspot gaussian vs ks::kde binned: max|d|/peak = {np.abs(a - s).max() / a.max():.2e} (ks: linear binning)")

q, gt = tif(f"qgis_csv_{size}.tif")
if q is None:
    q, gt = tif(f"qgis_{size}.tif")
if q is not None:
    R, PIX = 500.0, gt[1]
    rows, cols = q.shape
    xmin = gt[0]; ymax = gt[3]; ymin = ymax - rows * PIX
    r, c = sample_cells(q)
    xs = xmin + (c + 0.5) * PIX
    # the geometric pixel centres
    ex = exact("quartic", R, xs, ymax - (r + 0.5) * PIX) / (3e6 / (np.pi * R * R))
    print(f"  QGIS raw quartic vs exact sum at its pixel centres: max|d|/peak = {np.abs(q[r, c] - ex).max() / q.max():.2e} (its row quirk)")
    # QGIS 3.22's own evaluation (bench-ref/compare.py): a point's kernel block starts at column
    # xp and top-down row ypio, but the y of each row comes from the bottom-up index yp
    P = pts[(pts[:, 0] >= xmin - R) & (pts[:, 1] <= ymax + R)]
    buf = int(R / PIX) + (1 if R - PIX * int(R / PIX) > 0.5 else 0); B = 2 * buf + 1
    xp = ((P[:, 0] - xmin) / PIX).astype(int) - buf
    yp = ((P[:, 1] - ymin) / PIX).astype(int) - buf
    ypio = ((ymax - P[:, 1]) / PIX).astype(int) - buf
    worst = 0.0
    for rr, cc in zip(r, c):
        ys_, xs_ = rr - ypio, cc - xp
        m = (ys_ >= 0) & (ys_ < B) & (xs_ >= 0) & (xs_ < B)
        cx = xmin + (cc + 0.5) * PIX
        cy = ymin + (yp[m] + ys_[m] + 0.5) * PIX
        d2 = ((cx - P[m, 0]) ** 2 + (cy - P[m, 1]) ** 2) / (R * R)
        v = np.where(d2 > 1, 0.0, (1 - d2) ** 2).sum()
        worst = max(worst, abs(q[rr, cc] - v))
    print(f"  QGIS raw quartic vs exact sum with QGIS's row quirk replicated: max|d|/peak = {worst / q.max():.2e}")
    print(f"  QGIS raw quartic x 3/(pi r^2) x pixel area / N = {q.sum() * 3 / (np.pi * R * R) * PIX * PIX / len(pts):.5f} "
          f"(1 = integrates to N; QGIS 3.22's 'scaled' output would give 7.25)")

# the binned method against the exact rasters of the same run (every cell)
for b_name, e_name in [(f"hs_gauss_binned_{size}.tif", f"hs_gauss_{size}.tif"),
                       (f"hs_quartic_binned_{size}.tif", f"hs_quartic_{size}.tif"),
                       (f"hs_quartic_big_binned_{size}.tif", f"hs_quartic_big_{size}.tif")]:
    b, _ = tif(b_name)
    e, _ = tif(e_name)
    if b is None or e is None or b.shape != e.shape:
        continue
    d = np.abs(b - e)
    print(f"  hotspot binned vs exact ({e_name}): max|d|/peak = {d.max() / e.max():.2e}, "
          f"rms/peak = {np.sqrt((d ** 2).mean()) / e.max():.2e}")

# 4000 x 4000: the binned Gaussian against spatstat's (both binned; every cell)
b, _ = tif(f"hs_gauss_big_binned_{size}.tif")
p = os.path.join(work, f"spatstat_big_{size}.f64")
if b is not None and os.path.exists(p):
    s = np.fromfile(p, dtype="<f8").reshape(4000, 4000)[::-1] * 1e6
    print(f"  hotspot binned gaussian vs spatstat density.ppp, 4000 x 4000: max|d|/peak = "
          f"{np.abs(b - s).max() / b.max():.2e}")
