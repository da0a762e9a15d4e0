/*
 * The commented project template written by `hotspot init`: every section of the project file,
 * with Swedish comments, values that work on a police extract with the usual Swedish columns.
 * It writes one file atomically and never overwrites without being asked.
 */
#include "core/hs_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char template_text[] =
    "; hotspot projektfil: lägesbild för brott och otrygghet.\n"
    "; Sökvägar är relativa till den här filen. Okända nycklar är fel.\n"
    "; Kör: hotspot build hotspot.ini\n"
    "\n"
    "[project]\n"
    "name = Lägesbild %04d\n"
    "; kommunkod (flera med komma, t.ex. ett lokalpolisområde: 1487, 1488)\n"
    "kommun = %04d\n"
    "; kommungräns (valfri): polygoner med fälten code och name\n"
    "; boundary = kommun.gpkg\n"
    "; analysperiod, båda datumen inräknade\n"
    "period = 2024-01-01..2025-12-31\n"
    "; språk i kartor och rapport: sv eller en\n"
    "lang = sv\n"
    "; tidszon för klockslag i indata: Europe/Stockholm (sommartid) eller UTC\n"
    "tz = Europe/Stockholm\n"
    "; arbetskoordinatsystem (projicerat, i meter); auto: SWEREF 99 TM för data i Sverige\n"
    "; crs = EPSG:3006\n"
    "\n"
    "; En sektion per indatafil: polisens utdrag, medborgardialog, EST-rapporter ...\n"
    "[input polis]\n"
    "path = polisutdrag.csv\n"
    "; incident (brott) eller complaint (otrygghet, synpunkter)\n"
    "kind = incident\n"
    "source = Polisen\n"
    "; koordinatsystem: auto känner igen SWEREF 99 TM, RT90 och WGS84 (och läser en .prj bredvid\n"
    "; filen); annars allt PROJ känner: EPSG:3008, ESRI:102003, WKT, +proj=...\n"
    "crs = auto\n"
    "; kolumner hittas på namn (Diarienummer, Brottskod, Händelsedatum från ...);\n"
    "; ange dem här om de heter något annat:\n"
    "; x = X-koordinat\n"
    "; y = Y-koordinat\n"
    "; code = Brottskod\n"
    "; address = Gatuadress\n"
    "; tabell brottskod -> kategori -> fokusområde (standard: den inbyggda)\n"
    "; categories = brottskoder.csv\n"
    "; avbryt om fler än så här många rader avvisas (antal eller procent)\n"
    "max_rejects = 10%%\n"
    "\n"
    "; [input trygghet]\n"
    "; path = trygghetsvandring.csv\n"
    "; kind = complaint\n"
    "; source = Trygghetsvandring\n"
    "; category = kategori\n"
    "\n"
    "[places]\n"
    "; namngivna platser och områden (torg, parker, stadsdelar, DeSO)\n"
    "; path = platser.geojson\n"
    "\n"
    "[geocode]\n"
    "; adresspunkter för geokodning av rader utan koordinater\n"
    "; gazetteer = adresser.sqlite\n"
    "; poäng under detta går till granskningslistan\n"
    "min_score = 0.8\n"
    "\n"
    "[grid]\n"
    "; rutstorlek, SCB-anpassad (250 m eller 1 km)\n"
    "cell = 250\n"
    "; clip = yes klipper rutorna längs kommungränsen (annars behålls rutor med mittpunkten inne)\n"
    "; befolkning (SCB:s rutor, DeSO eller punkter) ger tal per 1 000 invånare i rutnätet\n"
    "; population = befolkning.gpkg\n"
    "\n"
    "[kde]\n"
    "kernel = quartic\n"
    "; bandbredd i meter eller auto (ArcGIS-regeln), scott, cv\n"
    "bandwidth = auto\n"
    "cell = 50\n"
    "units = density\n"
    "; exact (summor i cellernas mittpunkter) eller binned (snabbare, med en angiven felgräns)\n"
    "method = exact\n"
    "\n"
    "[gistar]\n"
    "cell = 250\n"
    "; grannavstånd mellan rutornas mittpunkter, eller auto\n"
    "distance = auto\n"
    "; signifikansnivå efter FDR-korrektion\n"
    "alpha = 0.05\n"
    "\n"
    "[temporal]\n"
    "; enhet för tidsprofiler: kommun, cell, place eller hotspot\n"
    "by = place\n"
    "; tidsfönster längre än så här många dagar redovisas och kan uteslutas\n"
    "max_window_days = 7\n"
    "\n"
    "; Brottskoncentrationer per gatusegment: ett gatunät (NVDB, OSM-vägar, valfritt linjelager)\n"
    "; delas i korsningarna; brott med exakt läge, adress, gata eller korsning knyts till\n"
    "; närmaste segment inom snap meter.\n"
    "; [segments]\n"
    "; network = gator.shp\n"
    "; snap = 50\n"
    "; max_length = 200\n"
    "\n"
    "[privacy]\n"
    "; rutor och platser med färre händelser visas utan antal på publicerade kartor\n"
    "min_count = 5\n"
    "; publicerad karta: inga enskilda händelser\n"
    "public = yes\n"
    "\n"
    "[output]\n"
    "gpkg = ut/lagesbild.gpkg\n"
    "maps = ut/kartor\n"
    "report = ut/lagesbild.pdf\n"
    "formats = png,pdf\n"
    "; kartornas utsnitt: focus (där händelserna finns, med en översiktskarta över kommunen),\n"
    "; kommun (hela kommunen) eller x0,y0,x1,y1 i projektets koordinatsystem\n"
    "extent = focus\n";

int hs_project_write_template(hs_ctx *ctx, const char *path, int kommun_code, int overwrite)
{
    struct stat st;
    if (!path) {
        return hs__error(ctx, HS_EINVAL, "no path given");
    }
    if (!overwrite && stat(path, &st) == 0) {
        return hs__error(ctx, HS_EEXIST, "%s: exists; use --overwrite to replace it", path);
    }
    if (kommun_code < 0 || kommun_code > 9999) {
        return hs__error(ctx, HS_EINVAL, "kommun code must have 4 digits");
    }
    char tmp[4096];
    if (hs__fmt(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid())) {
        return hs__error(ctx, HS_EINVAL, "%s: path too long", path);
    }
    FILE *f = fopen(tmp, "w");
    if (!f) {
        return hs__error(ctx, HS_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    int ok = fprintf(f, template_text, kommun_code, kommun_code) > 0;
    ok &= fflush(f) == 0;
    ok &= fsync(fileno(f)) == 0;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return hs__error(ctx, HS_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    return HS_OK;
}
