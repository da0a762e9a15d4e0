#!/usr/bin/env python3
"""Makes shapes/sverige.gpkg, hotspot's built-in reference geography, from se_admin/.

Usage: python3 shapes/make_shapes.py [SE_ADMIN_DIR] [OUT.gpkg]

SE_ADMIN_DIR defaults to $HS_SHARED/data/se_admin or ../shared/data/se_admin beside the
checkout; OUT defaults to sverige.gpkg beside this script. Needs only ogr2ogr and ogrinfo
(gdal-bin). The output (EPSG:3006) has three layers:

  kommuner  code (4 digits), name, lan_code, lan_name, area_km2, MultiPolygon
  lan       code (2 digits), name, MultiPolygon
  tatorter  code, name, kommun_code, pop (2020), area_ha, Point
  tatorter_yta  the same, as a circle of the tätort's area around its point (for counting)

Geometry is copied as delivered (already generalised); nothing is simplified further.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(*args):
    env = dict(os.environ)
    # a fixed date in gpkg_contents, so that the same sources give the same file
    env["OGR_CURRENT_DATE"] = "2024-05-17T00:00:00Z"
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL)


def find_admin():
    if len(sys.argv) > 1:
        return sys.argv[1]
    shared = os.environ.get("HS_SHARED")
    if shared:
        return os.path.join(shared, "data", "se_admin")
    return os.path.join(HERE, "..", "..", "shared", "data", "se_admin")


def main():
    admin = find_admin()
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "sverige.gpkg")
    src = {k: os.path.join(admin, "se_%s_sweref99tm.gpkg" % k) for k in ("kommuner", "lan", "tatorter")}
    for path in src.values():
        if not os.path.exists(path):
            sys.exit("make_shapes.py: %s: no such file" % path)
    tmpdir = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(out)))
    tmp = os.path.join(tmpdir, "sverige.gpkg")
    common = ["-a_srs", "EPSG:3006", "-lco", "SPATIAL_INDEX=YES"]
    # kommuner first: a reader taking a file's first layer gets the kommun boundaries
    run("ogr2ogr", "-f", "GPKG", tmp, src["kommuner"], "-nln", "kommuner", "-nlt", "MULTIPOLYGON",
        "-dialect", "SQLite", "-sql",
        "SELECT code, name, substr(code, 1, 2) AS lan_code, CAST(NULL AS TEXT) AS lan_name, "
        "round(ST_Area(geom) / 1e6, 1) AS area_km2, geom FROM kommuner ORDER BY code", *common)
    run("ogr2ogr", "-update", tmp, src["lan"], "-nln", "lan", "-nlt", "MULTIPOLYGON",
        "-dialect", "SQLite", "-sql", "SELECT code, name, geom FROM lan ORDER BY code", *common)
    run("ogrinfo", "-q", tmp, "-sql",
        "UPDATE kommuner SET lan_name = (SELECT l.name FROM lan l WHERE l.code = kommuner.lan_code)")
    run("ogr2ogr", "-update", tmp, src["tatorter"], "-nln", "tatorter", "-nlt", "POINT",
        "-dialect", "SQLite", "-sql",
        "SELECT code, name, mun_code AS kommun_code, CAST(pop AS INTEGER) AS pop, "
        "CAST(area AS INTEGER) AS area_ha, geom FROM tatorter ORDER BY mun_code, pop DESC, code",
        *common)
    # places for counting: a circle of the tätort's area around SCB's tätort point (the shared
    # data has the points only), 17 vertices each
    run("ogr2ogr", "-update", tmp, tmp, "-nln", "tatorter_yta", "-nlt", "POLYGON", "-dialect",
        "SQLite", "-sql",
        "SELECT code, name, kommun_code, pop, area_ha, "
        "ST_Buffer(geom, sqrt(max(area_ha, 1) * 10000.0 / pi()), 4) AS geom FROM tatorter "
        "ORDER BY kommun_code, pop DESC, code", *common)
    run("ogrinfo", "-q", tmp, "-sql", "VACUUM")
    os.replace(tmp, out)
    os.rmdir(tmpdir)
    print("%s: %d bytes" % (out, os.path.getsize(out)))


if __name__ == "__main__":
    main()
