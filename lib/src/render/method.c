/*
 * The method line under every map and on the report's method page, written from the parameters
 * the build records in the GeoPackage's run table (kde_kernel, kde_bandwidth_m, gistar_distance_m
 * ...). One function for both, so that the map and the report never disagree. Plain C.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *lookup(const char *const *keys, const char *const *vals, size_t n,
                          const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (keys[i] != NULL && strcmp(keys[i], key) == 0) {
            return vals[i] != NULL && vals[i][0] != '\0' ? vals[i] : NULL;
        }
    }
    return NULL;
}

/* The value of the first of the keys (a NULL-terminated list) the table holds. */
#define first(keys, vals, n, ...) first_of(keys, vals, n, (const char *const[]){__VA_ARGS__, NULL})
static const char *first_of(const char *const *keys, const char *const *vals, size_t n,
                            const char *const *names)
{
    for (size_t i = 0; names[i] != NULL; i++) {
        const char *v = lookup(keys, vals, n, names[i]);
        if (v != NULL) {
            return v;
        }
    }
    return NULL;
}

/* A number as a reader writes it: no trailing ".0", a decimal comma in Swedish. */
static void number(char *out, size_t cap, const char *v, int en)
{
    double d = 0;
    if (hs__parse_double(&d, v) != HS_OK) {
        hs__fmt(out, cap, "%s", v);
        return;
    }
    hs__fmt(out, cap, "%.10g", d);
    char *dot = strchr(out, '.');
    if (dot != NULL && !en) {
        *dot = ',';
    }
}

static const char *tr(const char *const *table, const char *key, int en)
{
    for (size_t i = 0; table[i] != NULL; i += 3) {
        if (strcmp(table[i], key) == 0) {
            return table[i + (en ? 2 : 1)];
        }
    }
    return key;
}

static const char *const kernels[] = {"quartic",      "kvartisk",     "quartic",    "epanechnikov",
                                      "Epanechnikov", "Epanechnikov", "triweight",  "triweight",
                                      "triweight",    "triangular",   "triangulär", "triangular",
                                      "uniform",      "likformig",    "uniform",    "gaussian",
                                      "gaussisk",     "Gaussian",     NULL};
static const char *const bw_rules[] = {
    "given", "angiven",      "given",        "arcgis", "ArcGIS-regeln",  "ArcGIS rule",
    "scott", "Scotts regel", "Scott's rule", "cv",     "korsvalidering", "cross-validation",
    NULL};
static const char *const band_rules[] = {"given",
                                         "angivet",
                                         "given",
                                         "moran_peak",
                                         "toppen för Morans I",
                                         "peak of Moran's I",
                                         "knn",
                                         "avstånd till närmaste grannar",
                                         "nearest-neighbour distance",
                                         NULL};

static void append(char *buf, size_t cap, const char *fmt, ...) HS_PRINTF(3, 4);
static void append(char *buf, size_t cap, const char *fmt, ...)
{
    size_t l = strlen(buf);
    if (l + 1 < cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf + l, cap - l, fmt, ap);
        va_end(ap);
    }
}

size_t hs__method_text(char *buf, size_t cap, const char *const *keys, const char *const *vals,
                       size_t n, const char *lang)
{
    if (buf == NULL || cap == 0) {
        return 0;
    }
    buf[0] = '\0';
    int en = lang != NULL && strcmp(lang, "en") == 0;
    char num[3][48];
    /* the keys `hotspot build` writes, else those of the single commands */
    const char *kernel = first(keys, vals, n, "kde_kernel", "kernel");
    const char *bw = first(keys, vals, n, "kde_bandwidth_m", "kde_bandwidth", "bandwidth");
    const char *bw_rule = lookup(keys, vals, n, "kde_bandwidth_rule");
    const char *kcell = first(keys, vals, n, "kde_cell_m", "kde_cell");
    const char *gcell = first(keys, vals, n, "gistar_cell_m", "cell_size", "cell");
    const char *dist = first(keys, vals, n, "gistar_distance_m", "distance_band", "distance");
    const char *dist_rule = lookup(keys, vals, n, "gistar_distance_rule");
    const char *fdr = lookup(keys, vals, n, "gistar_fdr");
    const char *alpha = first(keys, vals, n, "gistar_alpha", "alpha");
    const char *period = lookup(keys, vals, n, "period");
    const char *minc = first(keys, vals, n, "privacy_min_count", "min_count");
    const char *gridc = first(keys, vals, n, "grid_cell_m", "cell_size");
    int parts = 0;
    hs__fmt(buf, cap, "%s", en ? "Method:" : "Metod:");
    if (bw != NULL) {
        number(num[0], sizeof num[0], bw, en);
        append(buf, cap,
               en ? " density (KDE) with a %s kernel, bandwidth %s m"
                  : " täthet (KDE) med %s kärna, bandbredd %s m",
               kernel ? tr(kernels, kernel, en) : (en ? "quartic" : "kvartisk"), num[0]);
        if (bw_rule != NULL) {
            append(buf, cap, " (%s)", tr(bw_rules, bw_rule, en));
        }
        if (kcell != NULL) {
            number(num[1], sizeof num[1], kcell, en);
            append(buf, cap, en ? ", density cell %s m" : ", täthetscell %s m", num[1]);
        }
        parts++;
    }
    if (dist != NULL) {
        number(num[0], sizeof num[0], dist, en);
        append(buf, cap, "%s", parts ? ";" : "");
        if (gcell != NULL) {
            number(num[1], sizeof num[1], gcell, en);
            append(buf, cap, en ? " Getis-Ord Gi* on %s m cells" : " Getis-Ord Gi* på %s m-rutor",
                   num[1]);
        } else {
            append(buf, cap, " Getis-Ord Gi*");
        }
        append(buf, cap, en ? ", distance band %s m" : ", avståndsband %s m", num[0]);
        if (dist_rule != NULL) {
            append(buf, cap, " (%s)", tr(band_rules, dist_rule, en));
        }
        if (fdr != NULL) {
            append(buf, cap, ", FDR (%s)", fdr);
        }
        if (alpha != NULL) {
            number(num[2], sizeof num[2], alpha, en);
            append(buf, cap, ", α = %s", num[2]);
        }
        parts++;
    } else if (gridc != NULL) {
        number(num[1], sizeof num[1], gridc, en);
        append(buf, cap, en ? "%s counts in %s m cells" : "%s antal i %s m-rutor", parts ? ";" : "",
               num[1]);
        parts++;
    }
    const char *dots = period ? strstr(period, "..") : NULL;
    if (period != NULL) {
        char from[32] = "", to[32] = "";
        if (dots != NULL) {
            hs__fmt(from, sizeof from, "%.*s", (int)(dots - period), period);
            hs__fmt(to, sizeof to, "%s", dots + 2);
        } else {
            hs__fmt(from, sizeof from, "%s", period);
        }
        append(buf, cap, "%s", parts ? "; " : " ");
        if (from[0] != '\0' && to[0] != '\0') {
            append(buf, cap, en ? "period %s – %s" : "period %s – %s", from, to);
        } else if (from[0] != '\0') {
            append(buf, cap, en ? "period from %s" : "period från %s", from);
        } else {
            append(buf, cap, en ? "period until %s" : "period till %s", to);
        }
        parts++;
    }
    if (minc != NULL) {
        append(buf, cap, en ? "%sprivacy threshold %s incidents" : "%ssekretessgräns %s händelser",
               parts ? "; " : " ", minc);
        parts++;
    }
    if (parts == 0) {
        buf[0] = '\0';
        return 0;
    }
    append(buf, cap, ".");
    const char *din = lookup(keys, vals, n, "district_in_analysis");
    int district = din != NULL && strcmp(din, "yes") == 0;
    if (lookup(keys, vals, n, "place_source") != NULL && district) {
        append(buf, cap, "%s",
               en ? " Places read from the police's event texts (street, intersection, place, "
                    "district or tätort); events placed at the centre of a district or tätort "
                    "are included in the analysis, kommun-level events stay out of the cells."
                  : " Platser lästa ur polisens händelsetexter (gata, korsning, plats, stadsdel "
                    "eller tätort); händelser placerade i en stadsdels eller tätorts mitt ingår i "
                    "analysen, händelser på kommunnivå hålls utanför rutorna.");
    } else if (lookup(keys, vals, n, "place_source") != NULL) {
        append(buf, cap, "%s",
               en ? " Places read from the police's event texts (street, intersection, place; "
                    "districts and kommun-level events stay out of the cells)."
                  : " Platser lästa ur polisens händelsetexter (gata, korsning, plats; områden och "
                    "händelser på kommunnivå hålls utanför rutorna).");
    } else if (district) {
        append(buf, cap, "%s",
               en ? " Events placed at the centre of a district or tätort are included in the "
                    "analysis."
                  : " Händelser placerade i en stadsdels eller tätorts mitt ingår i analysen.");
    }
    return strlen(buf);
}
