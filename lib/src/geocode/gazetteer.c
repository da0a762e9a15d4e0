/*
 * Building a gazetteer: reads each source as a table of rows (hs__table: CSV natively, anything
 * else through the OGR seam), finds its columns by name (street/gata, number/nummer,
 * letter/bokstav, postcode/postnummer, ort, kommun, kommun_code/kommunkod, name, label,
 * coordinates, GTFS stop_*, OSM other_tags), projects to EPSG:3006, gives entries without a kommun
 * code the kommun whose boundary holds them (hs_areas), and writes everything with its source and
 * date through the SQLite seam. It does no matching and includes no third-party header.
 */
#include "core/hs_internal.h"
#include "crs/crs.h"
#include "geocode/geocode.h"
#include "ingest/ingest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reading one source ---- */

static int col_find(const hs__table *t, const char *const *names)
{
    for (size_t k = 0; names[k]; k++) {
        for (size_t i = 0; i < t->ncols; i++) {
            if (hs__strcasecmp(t->names[i], names[k]) == 0) {
                return (int)i;
            }
        }
    }
    return -1;
}

static const char *const C_STREET[] = {"street",      "gata",        "gatunamn",     "gatan",
                                       "addr:street", "addr_street", "adressomrade", NULL};
static const char *const C_NUMBER[] = {
    "number",           "nummer",      "husnummer",         "nr", "addr:housenumber",
    "addr_housenumber", "housenumber", "adressplatsnummer", NULL};
static const char *const C_LETTER[] = {"letter", "bokstav", "husbokstav", "bokstavstillagg", NULL};
static const char *const C_POST[] = {"postcode", "postnummer",    "postnr",
                                     "zip",      "addr:postcode", NULL};
static const char *const C_ORT[] = {"ort", "postort", "city", "addr:city", "locality", NULL};
static const char *const C_KOMMUN[] = {"kommun", "kommunnamn", "municipality", "home_kommun", NULL};
static const char *const C_KCODE[] = {"kommun_code", "kommunkod", "kommun_kod", "kn_kod", NULL};
static const char *const C_NAME[] = {"name", "namn", "stop_name", "platsnamn", "place", NULL};
static const char *const C_LABEL[] = {"label",      "address_label", "address", "adress",
                                      "gatuadress", "full_address",  NULL};
static const char *const C_X[] = {"__x",       "x",   "e",        "easting", "lon",
                                  "longitude", "lng", "stop_lon", NULL};
static const char *const C_Y[] = {"__y", "y", "n", "northing", "lat", "latitude", "stop_lat", NULL};
static const char *const C_TAGS[] = {"other_tags", NULL};

static const char *fld(const char *const *f, size_t nf, int c)
{
    if (c < 0 || (size_t)c >= nf || !f[c] || !*f[c]) {
        return NULL;
    }
    return f[c];
}

typedef struct src_cols {
    int street, number, letter, post, ort, kommun, kcode, name, label, x, y, tags;
} src_cols;

static int read_row(hs__gazbuf *b, const src_cols *c, const char *const *f, size_t nf, int source,
                    int64_t *skipped)
{
    const char *xs = fld(f, nf, c->x), *ys = fld(f, nf, c->y);
    double x, y;
    if (!xs || !ys || hs__parse_double(&x, xs) != HS_OK || hs__parse_double(&y, ys) != HS_OK ||
        (x == 0.0 && y == 0.0)) {
        (*skipped)++;
        return HS_OK;
    }
    char tb[5][128];
    const char *tags = fld(f, nf, c->tags);
    const char *street = fld(f, nf, c->street);
    const char *num = fld(f, nf, c->number);
    const char *post = fld(f, nf, c->post);
    const char *ort = fld(f, nf, c->ort);
    const char *name = fld(f, nf, c->name);
    if (tags) {
        street = street ? street : hs__osm_tag(tb[0], sizeof tb[0], tags, "addr:street");
        num = num ? num : hs__osm_tag(tb[1], sizeof tb[1], tags, "addr:housenumber");
        post = post ? post : hs__osm_tag(tb[2], sizeof tb[2], tags, "addr:postcode");
        ort = ort ? ort : hs__osm_tag(tb[3], sizeof tb[3], tags, "addr:city");
    }
    hs__gaz_entry e = {0};
    char letter[8], label[256], pc[8];
    e.x = x;
    e.y = y;
    e.source = source;
    e.kommun_code = hs__gazbuf_kommun_by_name(b, fld(f, nf, c->kcode));
    if (!e.kommun_code) {
        e.kommun_code = hs__gazbuf_kommun_by_name(b, fld(f, nf, c->kommun));
    }
    if (post) {
        size_t k = 0;
        for (const char *p = post; *p && k < 5; p++) {
            if (*p >= '0' && *p <= '9') {
                pc[k++] = *p;
            }
        }
        pc[k] = '\0';
        e.postcode = k == 5 ? pc : NULL;
    }
    e.ort = ort;
    const char *lab = fld(f, nf, c->label);
    if (street) {
        e.street = street;
        e.number = hs__house_number(num, letter, sizeof letter);
        const char *l2 = fld(f, nf, c->letter);
        e.letter = l2 ? l2 : (letter[0] ? letter : NULL);
        e.kind = e.number > 0 ? HS__GAZ_ADDRESS : HS__GAZ_STREET;
        if (!lab) {
            if (e.number > 0) {
                hs__fmt(label, sizeof label, "%s %d%s%s%s", street, e.number,
                        e.letter ? e.letter : "", ort ? ", " : "", ort ? ort : "");
            } else {
                hs__fmt(label, sizeof label, "%s%s%s", street, ort ? ", " : "", ort ? ort : "");
            }
            lab = label;
        }
        e.label = lab;
        e.name = name;
        return hs__gazbuf_add(b, &e);
    }
    if (lab && c->name < 0) {
        /* a one-column address label: "Campingvägen 5, Arjeplog" */
        hs__addr a;
        hs__addr_parse(&a, lab);
        if (!a.street[0]) {
            (*skipped)++;
            return HS_OK;
        }
        /* keep the street as written: the label's text before the house number */
        char st[128];
        size_t k = 0;
        for (const char *p = lab; *p && *p != ',' && k + 1 < sizeof st; p++) {
            if (a.number > 0 && *p >= '0' && *p <= '9' && k > 0 && st[k - 1] == ' ') {
                break;
            }
            st[k++] = *p;
        }
        while (k > 0 && st[k - 1] == ' ') {
            k--;
        }
        st[k] = '\0';
        const char *comma = strchr(lab, ',');
        char ortbuf[64];
        if (!e.ort && comma) {
            hs__fmt(ortbuf, sizeof ortbuf, "%s", comma + 1 + (comma[1] == ' '));
            e.ort = ortbuf;
        }
        e.label = lab;
        if (a.number > 0) {
            e.kind = HS__GAZ_ADDRESS;
            e.street = st;
            e.number = a.number;
            for (size_t i = 0; a.letter[i] && i + 1 < sizeof letter; i++) {
                letter[i] = (char)(a.letter[i] - 32);
                letter[i + 1] = '\0';
            }
            e.letter = a.letter[0] ? letter : NULL;
        } else {
            e.kind = HS__GAZ_PLACE;
            e.name = st;
        }
        if (!e.postcode && a.postcode[0]) {
            e.postcode = a.postcode;
        }
        return hs__gazbuf_add(b, &e);
    }
    if (name) {
        e.kind = HS__GAZ_PLACE;
        e.name = name;
        e.label = lab ? lab : name;
        return hs__gazbuf_add(b, &e);
    }
    (*skipped)++;
    return HS_OK;
}

static int read_table(int *epsg, int64_t *skipped, hs_ctx *ctx, hs__gazbuf *b, const char *path,
                      int source_id, const char **kind_out)
{
    hs__table *t = NULL;
    hs__table_opts to = {NULL, NULL, 0, NULL};
    int rc = hs__table_open(&t, ctx, path, &to);
    if (rc != HS_OK) {
        return rc;
    }
    src_cols c = {col_find(t, C_STREET), col_find(t, C_NUMBER), col_find(t, C_LETTER),
                  col_find(t, C_POST),   col_find(t, C_ORT),    col_find(t, C_KOMMUN),
                  col_find(t, C_KCODE),  col_find(t, C_NAME),   col_find(t, C_LABEL),
                  col_find(t, C_X),      col_find(t, C_Y),      col_find(t, C_TAGS)};
    if (c.x < 0 || c.y < 0) {
        hs__table_close(t);
        return hs__error(ctx, HS_ENOTFOUND,
                         "%s: no coordinate columns (x/y, lon/lat, stop_lon/"
                         "stop_lat) and no point geometry",
                         path);
    }
    if (c.street < 0 && c.label < 0 && c.name < 0 && c.tags < 0) {
        hs__table_close(t);
        return hs__error(ctx, HS_ENOTFOUND, "%s: no street, address label or name column", path);
    }
    int gtfs = hs__strcasecmp(t->names[c.name >= 0 ? c.name : 0], "stop_name") == 0;
    *kind_out = c.tags >= 0                     ? "osm"
                : gtfs                          ? "gtfs"
                : c.street >= 0 || c.label >= 0 ? "address"
                                                : "place";
    const char *const *f;
    size_t nf;
    int s;
    while ((s = t->next(t, &f, &nf)) == 1) {
        rc = read_row(b, &c, f, nf, source_id, skipped);
        if (rc != HS_OK) {
            break;
        }
    }
    if (rc == HS_OK && s < 0) {
        rc = s;
    }
    *epsg = t->epsg;
    const char *xname = t->names[c.x];
    if (!*epsg && (hs__strcasecmp(xname, "lon") == 0 || hs__strcasecmp(xname, "longitude") == 0 ||
                   hs__strcasecmp(xname, "lng") == 0 || hs__strcasecmp(xname, "stop_lon") == 0)) {
        *epsg = 4326;
    }
    hs__table_close(t);
    return rc;
}

static int is_osm(const char *path)
{
    size_t n = strlen(path);
    return (n > 8 && hs__strcasecmp(path + n - 8, ".osm.pbf") == 0) ||
           (n > 4 && hs__strcasecmp(path + n - 4, ".osm") == 0) ||
           (n > 4 && hs__strcasecmp(path + n - 4, ".pbf") == 0);
}

static int is_csv(const char *path)
{
    size_t n = strlen(path);
    return (n > 4 && (hs__strcasecmp(path + n - 4, ".csv") == 0 ||
                      hs__strcasecmp(path + n - 4, ".txt") == 0 ||
                      hs__strcasecmp(path + n - 4, ".tsv") == 0));
}

int hs__gaz_read_source(hs_gazetteer_stats *st, hs_ctx *ctx, hs__gazbuf *b, const char *path,
                        int source_id, const char **kind_out)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        return hs__error(ctx, HS_ENOTFOUND, "%s: no such file", path);
    }
    size_t first = b->n;
    int64_t skipped = 0;
    int epsg = 0, rc;
    if (is_osm(path)) {
        *kind_out = "osm";
        epsg = 4326;
        rc = hs__gaz_read_osm(&skipped, ctx, b, path, source_id);
    } else if (!is_csv(path) &&
               (rc = hs__gaz_read_lines(&skipped, &epsg, ctx, b, path, source_id)) != 1) {
        *kind_out = "streets";
    } else {
        rc = read_table(&epsg, &skipped, ctx, b, path, source_id, kind_out);
    }
    size_t n = b->n - first;
    if (rc == HS_OK && n > 0) {
        double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
        if (!x || !y) {
            rc = HS_ENOMEM;
        }
        for (size_t i = 0; rc == HS_OK && i < n; i++) {
            x[i] = b->rows[first + i].x;
            y[i] = b->rows[first + i].y;
        }
        if (rc == HS_OK && !epsg && hs__crs_vote(&epsg, x, y, n < 1000 ? n : 1000) != HS_OK) {
            rc = hs__error(ctx, HS_EDATA, "%s: cannot tell the CRS from the coordinates", path);
        }
        if (rc == HS_OK && epsg != 3006) {
            rc = hs__crs_transform(ctx, epsg, 3006, x, y, n);
        }
        for (size_t i = 0; rc == HS_OK && i < n; i++) {
            b->rows[first + i].x = x[i];
            b->rows[first + i].y = y[i];
        }
        free(x);
        free(y);
    }
    if (st) {
        st->skipped += skipped;
        for (size_t i = first; i < b->n; i++) {
            int k = b->rows[i].kind;
            st->addresses += k == HS__GAZ_ADDRESS;
            st->streets += k == HS__GAZ_STREET;
            st->places += k == HS__GAZ_PLACE;
        }
    }
    hs__log(ctx, HS_LOG_INFO, "%s: %zu entries (%s, EPSG:%d), %lld skipped", path, n, *kind_out,
            epsg, (long long)skipped);
    return rc;
}

/* ---- the build ---- */

static int load_boundaries(hs_areas **areas, hs__gazbuf *b, hs_ctx *ctx, const char *path,
                           const char *layer)
{
    hs_areas_opts ao = HS_AREAS_OPTS_INIT;
    ao.epsg = 3006;
    ao.layer = layer;
    int rc = hs_areas_open(areas, ctx, path, &ao);
    if (rc != HS_OK) {
        return rc;
    }
    size_t n = hs_areas_count(*areas);
    b->kname = calloc(n ? n : 1, sizeof *b->kname);
    b->kcode = calloc(n ? n : 1, sizeof *b->kcode);
    b->kidx = calloc(n ? n : 1, sizeof *b->kidx);
    if (!b->kname || !b->kcode || !b->kidx) {
        return HS_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        int64_t code = 0;
        const char *id = hs_areas_id(*areas, k);
        if (!id || hs__parse_int64(&code, id) != HS_OK || code <= 0 || code > 9999) {
            continue;
        }
        hs__kommun_key(b->kname[b->nk], sizeof b->kname[0], hs_areas_name(*areas, k));
        b->kidx[b->nk] = k;
        b->kcode[b->nk++] = (int)code;
    }
    return HS_OK;
}

static int assign_kommuner(int64_t *nassigned, hs__gazbuf *b, hs_ctx *ctx, const hs_areas *areas)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++) {
        n += b->rows[i].kommun == 0;
    }
    *nassigned = 0;
    if (n == 0) {
        return HS_OK;
    }
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    int32_t *k = malloc(n * sizeof *k);
    int rc = x && y && k ? HS_OK : HS_ENOMEM;
    size_t j = 0;
    for (size_t i = 0; rc == HS_OK && i < b->n; i++) {
        if (b->rows[i].kommun == 0) {
            x[j] = b->rows[i].x;
            y[j++] = b->rows[i].y;
        }
    }
    if (rc == HS_OK) {
        rc = hs_areas_locate(k, ctx, areas, x, y, n);
    }
    j = 0;
    for (size_t i = 0; rc == HS_OK && i < b->n; i++) {
        if (b->rows[i].kommun == 0) {
            int32_t a = k[j++];
            int64_t code = 0;
            if (a >= 0 && hs__parse_int64(&code, hs_areas_id(areas, (size_t)a)) == HS_OK) {
                b->rows[i].kommun = (int)code;
                (*nassigned)++;
            }
        }
    }
    free(x);
    free(y);
    free(k);
    return rc;
}

static void file_date(char *buf, size_t size, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        hs__fmt(buf, size, "unknown");
        return;
    }
    int64_t yy;
    int mm, dd;
    int64_t days = (int64_t)sb.st_mtime >= 0 ? (int64_t)sb.st_mtime / 86400
                                             : -((-(int64_t)sb.st_mtime + 86399) / 86400);
    hs_civil_from_days(&yy, &mm, &dd, days);
    hs__fmt(buf, size, "%04lld-%02d-%02d", (long long)yy, mm, dd);
}

static int write_all(hs__gazdb *db, const hs__gazbuf *b, int only_kommun)
{
    const hs__strpool *p = &b->pool;
    for (size_t i = 0; i < b->n; i++) {
        const hs__gaz_row *r = &b->rows[i];
        if ((only_kommun && r->kommun != only_kommun) || isnan(r->x) || isnan(r->y)) {
            continue;
        }
        hs__gaz_entry e = {r->kind,
                           hs__strpool_get(p, r->street),
                           r->number,
                           hs__strpool_get(p, r->letter),
                           hs__strpool_get(p, r->postcode),
                           hs__strpool_get(p, r->ort),
                           r->kommun,
                           hs__strpool_get(p, r->name),
                           hs__strpool_get(p, r->label),
                           r->x,
                           r->y,
                           r->source};
        int rc = hs__gazdb_add(db, &e);
        if (rc != HS_OK) {
            return rc;
        }
    }
    return HS_OK;
}

int hs_gazetteer_build(hs_gazetteer_stats *stats, hs_ctx *ctx, const char *out_path,
                       const char *const *sources, size_t n, const hs_gazetteer_opts *opts)
{
    hs_gazetteer_opts def = HS_GAZETTEER_OPTS_INIT;
    opts = opts ? opts : &def;
    if (!out_path || (!sources && n > 0) || opts->version != HS_GAZETTEER_OPTS_VERSION) {
        return hs__error(ctx, HS_EINVAL, "hs_gazetteer_build: invalid argument");
    }
    if (n == 0) {
        return hs__error(ctx, HS_ENODATA, "gazetteer: no source given");
    }
    struct stat sb;
    if (!opts->overwrite && stat(out_path, &sb) == 0) {
        return hs__error(ctx, HS_EEXIST, "%s exists (use --overwrite to replace it)", out_path);
    }
    hs_gazetteer_stats st = {0};
    hs__gazbuf b = {0};
    hs_areas *areas = NULL;
    hs__gazdb *db = NULL;
    char tmp[4096];
    hs__fmt(tmp, sizeof tmp, "%s.tmp%ld", out_path, (long)getpid());
    int rc = HS_OK;
    /* without --boundaries, the built-in kommuner (when installed) */
    char shapes[4096] = "";
    hs_ctx *quiet = NULL;
    if (hs_ctx_new(&quiet) == HS_OK && hs_shapes_path(shapes, sizeof shapes, quiet) != HS_OK) {
        shapes[0] = '\0';
    }
    hs_ctx_free(quiet);
    if (opts->boundaries || shapes[0]) {
        rc = load_boundaries(&areas, &b, ctx, opts->boundaries ? opts->boundaries : shapes,
                             opts->boundaries ? NULL : "kommuner");
        st.kommuner = (int64_t)b.nk;
    }
    const char **kinds = calloc(n, sizeof *kinds);
    rc = rc == HS_OK && !kinds ? HS_ENOMEM : rc;
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        rc = hs__gaz_read_source(&st, ctx, &b, sources[i], (int)i + 1, &kinds[i]);
        rc = rc == HS_OK ? hs__progress(ctx, "gazetteer", (double)(i + 1) / (double)(n + 1)) : rc;
    }
    /* the kommun's tätorter (built-in, SCB 2020) as places, source n + 1 */
    int64_t ntat = 0;
    if (rc == HS_OK && opts->kommun_code > 0 && shapes[0]) {
        hs_tatort *t = NULL;
        size_t nt = 0;
        rc = hs_kommun_tatorter(&t, &nt, ctx, opts->kommun_code);
        for (size_t j = 0; rc == HS_OK && j < nt; j++) {
            hs__gaz_entry e = {0};
            e.kind = HS__GAZ_PLACE;
            e.name = t[j].name;
            e.label = t[j].name;
            e.kommun_code = t[j].kommun_code;
            e.x = t[j].x;
            e.y = t[j].y;
            e.source = (int)n + 1;
            rc = hs__gazbuf_add(&b, &e);
        }
        ntat = (int64_t)nt;
        st.places += ntat;
        free(t);
        hs__log(ctx, HS_LOG_INFO, "%lld tätorter of kommun %04d (built-in)", (long long)ntat,
                opts->kommun_code);
    }
    int64_t assigned = 0;
    if (rc == HS_OK && areas) {
        rc = assign_kommuner(&assigned, &b, ctx, areas);
        hs__log(ctx, HS_LOG_INFO, "%lld entries placed in a kommun by its boundary",
                (long long)assigned);
    }
    if (rc == HS_OK && b.n == 0) {
        rc = hs__error(ctx, HS_ENODATA, "gazetteer: the sources hold no usable entry");
    }
    remove(tmp);
    if (rc == HS_OK) {
        rc = hs__gazdb_create(&db, ctx, tmp);
    }
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        char date[32];
        int64_t cnt = 0;
        for (size_t j = 0; j < b.n; j++) {
            cnt += b.rows[j].source == (int)i + 1;
        }
        if (opts->date) {
            hs__fmt(date, sizeof date, "%s", opts->date);
        } else {
            file_date(date, sizeof date, sources[i]);
        }
        rc = hs__gazdb_add_source(db, (int)i + 1, sources[i], kinds[i], date, cnt);
    }
    if (rc == HS_OK && ntat > 0) {
        rc = hs__gazdb_add_source(db, (int)n + 1, shapes, "tatorter", "2020-12-31", ntat);
    }
    for (size_t k = 0; rc == HS_OK && k < b.nk; k++) {
        rc = hs__gazdb_add_kommun(db, b.kcode[k], hs_areas_name(areas, b.kidx[k]));
    }
    if (rc == HS_OK) {
        rc = write_all(db, &b, opts->kommun_code);
    }
    if (rc == HS_OK) {
        rc = hs__gazdb_finish(db);
    }
    hs__gazdb_close(db);
    if (rc == HS_OK && rename(tmp, out_path) != 0) {
        rc =
            hs__error(ctx, HS_EIO, "%s: cannot rename the finished gazetteer into place", out_path);
    }
    if (rc != HS_OK) {
        remove(tmp);
    }
    free(kinds);
    hs_areas_free(areas);
    hs__gazbuf_free(&b);
    if (stats) {
        *stats = st;
    }
    return rc;
}
