#!/usr/bin/python3
"""Writes the ingest fixtures of this folder (run: /usr/bin/python3 make_fixtures.py).
Every value is made up by hand; expected outcomes are asserted in tests/unit/test_ingest.c."""
import subprocess

H = ["Diarienummer", "Brottskod", "Brottsbenämning", "Händelsedatum från", "Händelsetid från",
     "Händelsedatum till", "Händelsetid till", "Kommun", "Gatuadress", "X-koordinat",
     "Y-koordinat", "Fritext"]
rows = [
    # 1 ok, decimal comma, window over midnight with explicit dates
    ["5000-K1-24", "0856", "Stöld ur motorfordon", "2024-03-01", "2230", "2024-03-02", "0130",
     "1487", "Storgatan 12B", "345678,5", "6480123,25", "anmälare 811218-9876"],
    # 2 ok, "22.30"/"22:45", personnummer in the address (masked)
    ["5000-K2-24", "0301", "Misshandel", "2024-03-01", "22.30", "", "22:45", "1487",
     "Storgatan 1, 811218-9876", "345700", "6480200", ""],
    # 3 ok, quoted name with an embedded newline, compact date, one-digit hour
    ["5000-K3-24", "", "Skadegörelse\ngenom klotter", "20240301", "9:05", "", "", "1487",
     "Torget", "345710", "6480210", ""],
    # 4 swapped axes (X = northing)
    ["5000-K4-24", "1201", "Skadegörelse", "2024-03-02", "12:00", "", "", "1487", "",
     "6480200", "345700", ""],
    # 5 missing coordinates (empty)
    ["5000-K5-24", "0856", "Stöld", "2024-03-02", "12:00", "", "", "1487", "", "", "", ""],
    # 6 missing coordinates (zero)
    ["5000-K6-24", "0856", "Stöld", "2024-03-02", "12:00", "", "", "1487", "", "0", "0", ""],
    # 7 bad number
    ["5000-K7-24", "0856", "Stöld", "2024-03-02", "12:00", "", "", "1487", "", "6 48x 123",
     "345700", ""],
    # 8 bad date
    ["5000-K8-24", "0856", "Stöld", "2024-13-01", "12:00", "", "", "1487", "", "345700",
     "6480200", ""],
    # 9 bad time
    ["5000-K9-24", "0856", "Stöld", "2024-03-02", "25:00", "", "", "1487", "", "345700",
     "6480200", ""],
    # 10 till before från
    ["5000-K10-24", "0856", "Stöld", "2024-03-05", "10:00", "2024-03-04", "09:00", "1487", "",
     "345700", "6480200", ""],
    # 11 outside Sweden
    ["5000-K11-24", "0856", "Stöld", "2024-03-02", "12:00", "", "", "1487", "", "100", "200",
     ""],
    # 12 missing date
    ["5000-K12-24", "0856", "Stöld", "", "12:00", "", "", "1487", "", "345700", "6480200", ""],
    # 13 skipped spring hour: accepted as 01:30 UTC
    ["5000-K13-24", "0856", "Stöld", "2024-03-31", "02:30", "", "", "1487", "", "345700",
     "6480200", ""],
    # 14 repeated autumn hour: earlier instant, 00:30 UTC
    ["5000-K14-24", "0856", "Stöld", "2024-10-27", "02:30", "", "", "1487", "", "345700",
     "6480200", ""],
    # 15 Excel serial date 45352 = 2024-03-01
    ["5000-K15-24", "0856", "Stöld", "45352", "12:00", "", "", "1487", "", "345700", "6480200",
     ""],
    # 16 date-time in the date column
    ["5000-K16-24", "0856", "Stöld", "2024-03-01 22:15", "", "", "", "1487", "", "345700",
     "6480200", ""],
    # 17 bad row: an extra non-empty field
    ["5000-K17-24", "0856", "Stöld", "2024-03-01", "12:00", "", "", "1487", "", "345700",
     "6480200", "", "extra"],
    # 18 till time only, earlier than från: the next day
    ["5000-K18-24", "0856", "Stöld", "2024-03-01", "23:00", "", "01:00", "1487", "", "345700",
     "6480200", ""],
    # 19 date only: the whole local day
    ["5000-K19-24", "0856", "Stöld", "2024-03-01", "", "", "", "1487", "", "345700", "6480200",
     ""],
    # 20 unknown crime name: category ovrigt
    ["5000-K20-24", "", "Konstigt brott", "2024-03-01", "12:00", "", "", "1487", "", "345700",
     "6480200", ""],
]


def cell(v):
    return '"' + v.replace('"', '""') + '"' if (";" in v or "\n" in v or '"' in v) else v


text = "\r\n".join(";".join(cell(v) for v in r) for r in [H] + rows) + "\r\n"
open("utdrag_cp1252.csv", "wb").write(text.encode("cp1252"))

# UTF-8 with BOM, comma separated, WGS 84 (one row with lat/lon swapped), English names
eng = ("id,type,datetime,lon,lat\n"
       "1,Misshandel,2024-06-01T12:00:00+02:00,12.3,58.3\n"
       "2,Rån,2024-06-01 13:00,58.3,12.3\n"
       "3,\"Bråk, fylleri\",2024-06-01 14:00,\"12,3\",\"58,3\"\n")
open("utf8_bom_comma.csv", "wb").write(b"\xef\xbb\xbf" + eng.encode("utf-8"))

# No detectable CRS
open("no_crs.csv", "w").write("x;y;datum\n5000;5000;2024-03-01\n6000;7000;2024-03-02\n")

# A boundary square (EPSG:3006) and points inside/outside it
open("boundary.geojson", "w").write(
    '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3006"}},'
    '"features":[{"type":"Feature","properties":{"code":"9999","name":"Testkommun"},'
    '"geometry":{"type":"Polygon","coordinates":[[[340000,6470000],[350000,6470000],'
    '[350000,6490000],[340000,6490000],[340000,6470000]]]}}]}\n')
open("boundary_points.csv", "w").write(
    "id;x;y;datum\nA;345000;6480000;2024-03-01\nB;360000;6480000;2024-03-01\n")

# OGR inputs: GeoJSON points (EPSG:3006) and an XLSX made from a small CSV
open("points.geojson", "w").write(
    '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3006"}},'
    '"features":['
    '{"type":"Feature","properties":{"Brottskod":"0856","Händelsedatum från":"2024-03-01 10:00"},'
    '"geometry":{"type":"Point","coordinates":[345000,6480000]}},'
    '{"type":"Feature","properties":{"Brottskod":"1201","Händelsedatum från":"2024-03-02 11:00"},'
    '"geometry":{"type":"Point","coordinates":[346000,6481000]}}]}\n')
open("/tmp/hs_small.csv", "w").write(
    "Diarienummer,Brottsbenämning,Händelsedatum,X,Y\nA1,Misshandel,2024-03-01 10:00,345000,6480000\n"
    "A2,Rån,2024-03-01 11:00,346000,6481000\n")
subprocess.run(["ogr2ogr", "-f", "XLSX", "-overwrite", "utdrag.xlsx", "/tmp/hs_small.csv"],
               check=True)
