/*
 * The commented project template written by `hotspot init`: every section of the project file,
 * with Swedish comments, values that work on a police extract with the usual Swedish columns.
 * It writes one file atomically and never overwrites without being asked.
 */
#include "core/hs_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char template_head[] =
    "; hotspot projektfil: lägesbild för brott och otrygghet.\n"
    "; Sökvägar är relativa till den här filen. Okända nycklar är fel.\n"
    "; Kör: hotspot build hotspot.ini\n"
    "\n"
    "[project]\n";

/* [project] for a kommun the built-in geography does not know (e.g. 9999 of the sample) */
static const char project_unknown[] = "name = Lägesbild %04d\n"
                                      "; kommun: kod eller namn (flera med komma, t.ex. ett "
                                      "lokalpolisområde: 1487, 1488)\n"
                                      "kommun = %04d\n"
                                      "; kommungräns (valfri): polygoner med fälten code och name\n"
                                      "; boundary = kommun.gpkg\n";

static const char template_mid[] =
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
    "max_rejects = 10%\n"
    "\n"
    "; [input trygghet]\n"
    "; path = trygghetsvandring.csv\n"
    "; kind = complaint\n"
    "; source = Trygghetsvandring\n"
    "; category = kategori\n"
    "\n"
    "[places]\n"
    "; namngivna platser och områden (torg, parker, stadsdelar, DeSO)\n"
    "; path = platser.geojson\n";

static const char template_tail[] =
    "\n"
    "[geocode]\n"
    "; adresspunkter för geokodning av rader utan koordinater, t.ex. från Trafikverkets NVDB:\n"
    "; hotspot gazetteer build ..._DKGatunamn.shp utdrag.osm.pbf --kommun KOD -o adresser.sqlite\n"
    "; gazetteer = adresser.sqlite\n"
    "; poäng under detta går till granskningslistan\n"
    "min_score = 0.8\n"
    "; händelser som bara kunnat placeras i en stadsdels eller tätorts mitt (ur polisens\n"
    "; händelsetexter) hålls utanför rutor, täthet och Gi*; yes tar med dem i analysen\n"
    "; district_in_analysis = no\n"
    "\n"
    "[grid]\n"
    "; rutstorlek, SCB-anpassad (250 m eller 1 km)\n"
    "cell = 250\n"
    "; clip = yes klipper rutorna längs kommungränsen (annars behålls rutor med mittpunkten inne)\n"
    "; befolkning (SCB:s rutor, DeSO eller punkter) ger tal per 1 000 invånare i rutnätet;\n"
    "; SCB:s DeSO-fil som levererad (Deso, Bef_ÅÅÅÅMM) räknas bara för projektets kommuner\n"
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
    "; bakgrundskarta under kartorna (gator, vatten, järnväg, byggnader): en OSM-fil\n"
    "; (.osm/.osm.pbf), mappar med NVDB- eller Terrängkartan-shapefiler, eller en vektorfil\n"
    "; med kolumnen kind eller KATEGORI; flera med komma emellan\n"
    ";[basemap]\n"
    ";files = bakgrund/kommun.osm.pbf, bakgrund/nvdb, bakgrund/terrangkartan\n"
    "\n"
    "[output]\n"
    "gpkg = ut/lagesbild.gpkg\n"
    "maps = ut/kartor\n"
    "report = ut/lagesbild.pdf\n"
    "formats = png,pdf\n"
    "; kartornas utsnitt: focus (där händelserna finns, med en översiktskarta över kommunen),\n"
    "; kommun (hela kommunen) eller x0,y0,x1,y1 i projektets koordinatsystem\n"
    "extent = focus\n";

/* "A", "A och B", "A, B och C" (Swedish list of the kommuner's names) */
static void name_list(char *buf, size_t size, const hs_kommun *k, size_t n)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " och " : ", ";
        hs__fmt(buf + off, size - off, "%s%s", sep, k[i].name);
        off = strlen(buf);
    }
}

/* The [project] block and the places of kommuner the built-in geography knows. */
static int write_known(FILE *f, hs_ctx *ctx, const hs_kommun *k, size_t n)
{
    char names[1024];
    name_list(names, sizeof names, k, n);
    int ok = fprintf(f, "name = Lägesbild %s\n", names) > 0;
    ok &=
        fprintf(f, "; kommun: kod eller namn (flera med komma, t.ex. ett lokalpolisområde)\n") > 0;
    ok &= fprintf(f, "kommun = ") > 0;
    for (size_t i = 0; i < n; i++) {
        ok &= fprintf(f, "%s%04d", i ? ", " : "", k[i].code) > 0;
    }
    ok &= fprintf(f, "\n; %s (%s län): kommungränsen är den inbyggda (SCB, Lantmäteriet).\n", names,
                  k[0].lan_name) > 0;
    ok &= fprintf(f, "; En egen gräns: nyckeln boundary med en polygonfil (fälten code, name).\n") >
          0;
    ok &= fputs(template_mid, f) >= 0;
    ok &= fprintf(f, "; standard: kommunens tätorter (SCB 2020, cirklar med tätortens yta);\n"
                     "; tatorter = yes (alla), no, eller några namn: tatorter = Storvreta, Sävja;\n"
                     "; path = en egen fil ersätter dem\n") > 0;
    for (size_t i = 0; ok && i < n; i++) {
        hs_tatort *t = NULL;
        size_t nt = 0;
        if (hs_kommun_tatorter(&t, &nt, ctx, k[i].code) != HS_OK) {
            return 0;
        }
        /* the names in comment lines of at most about 96 characters (the INI reader's limit is
         * 200), so that a shorter list can be copied into the key */
        size_t col = (size_t)fprintf(f, "; %s, %zu tätorter: ", k[i].name, nt);
        for (size_t j = 0; ok && j < nt; j++) {
            const char *sep = j == 0 ? "" : ", ";
            if (j > 0 && col + strlen(t[j].name) > 94) {
                sep = ",\n;   ";
                col = 4;
            }
            int w = fprintf(f, "%s%s", sep, t[j].name);
            ok &= w > 0;
            col += (size_t)w;
        }
        ok &= fprintf(f, "\n") > 0;
        free(t);
    }
    ok &= fprintf(f, "tatorter = yes\n") > 0;
    return ok;
}

int hs_project_write_template(hs_ctx *ctx, const char *path, int kommun_code, int overwrite)
{
    return hs_project_write_template_kommun(ctx, path, &kommun_code, 1, overwrite);
}

int hs_project_write_template_kommun(hs_ctx *ctx, const char *path, const int *codes, size_t n,
                                     int overwrite)
{
    struct stat st;
    if (!path || !codes || n == 0) {
        return hs__error(ctx, HS_EINVAL, "no path or kommun given");
    }
    if (!overwrite && stat(path, &st) == 0) {
        return hs__error(ctx, HS_EEXIST, "%s: exists; use --overwrite to replace it", path);
    }
    for (size_t i = 0; i < n; i++) {
        if (codes[i] < 0 || codes[i] > 9999) {
            return hs__error(ctx, HS_EINVAL, "kommun code must have 4 digits");
        }
    }
    hs_kommun *k = calloc(n, sizeof *k);
    if (!k) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    int known = 1;
    for (size_t i = 0; known && i < n; i++) {
        known = hs_kommun_get(&k[i], ctx, codes[i]) == HS_OK;
    }
    char tmp[4096];
    if (hs__fmt(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid())) {
        free(k);
        return hs__error(ctx, HS_EINVAL, "%s: path too long", path);
    }
    FILE *f = fopen(tmp, "w");
    if (!f) {
        free(k);
        return hs__error(ctx, HS_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    int ok = fputs(template_head, f) >= 0;
    if (known) {
        ok &= write_known(f, ctx, k, n);
    } else {
        ok &= fprintf(f, project_unknown, codes[0], codes[0]) > 0;
        ok &= fputs(template_mid, f) >= 0;
    }
    ok &= fputs(template_tail, f) >= 0;
    free(k);
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
