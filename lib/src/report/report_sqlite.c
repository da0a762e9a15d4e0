/*
 * The incidents of a hotspot GeoPackage read straight through SQLite for the report: the point of
 * each geometry blob, the two times (ISO 8601 with offset, as hotspot writes them), category,
 * focus area and precision. Reading a million features through OGR costs several seconds of date
 * parsing and feature objects; this reads the same columns in a fraction of that. It reads only
 * the `incidents` table and computes nothing.
 */
#include "core/hs_internal.h"
#include "report/report.h"

#include <sqlite3.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The point of a GeoPackage geometry blob (header, optional envelope, WKB point); 0 when it is
 * not a point. */
static int blob_point(double *x, double *y, const unsigned char *p, int n)
{
    if (!p || n < 8 || p[0] != 'G' || p[1] != 'P') {
        return 0;
    }
    static const int env_len[8] = {0, 32, 48, 48, 64, 0, 0, 0};
    int flags = p[3];
    if (flags & 0x10) { /* empty geometry */
        return 0;
    }
    int off = 8 + env_len[(flags >> 1) & 7];
    if (n < off + 21) {
        return 0;
    }
    const unsigned char *w = p + off;
    int le = w[0] == 1;
    uint32_t type =
        le ? (uint32_t)w[1] | (uint32_t)w[2] << 8 | (uint32_t)w[3] << 16 | (uint32_t)w[4] << 24
           : (uint32_t)w[4] | (uint32_t)w[3] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[1] << 24;
    if (type % 1000 != 1) {
        return 0;
    }
    unsigned char b[16];
    for (int k = 0; k < 16; k++) {
        b[k] = le ? w[5 + k] : w[5 + (k / 8) * 8 + 7 - k % 8];
    }
    memcpy(x, b, 8);
    memcpy(y, b + 8, 8);
    return 1;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9') {
            return 0;
        }
        v = v * 10 + (s[k] - '0');
    }
    *out = v;
    return 1;
}

/* "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)" or without a zone (local time in Sweden) to UTC
 * seconds; HS_TIME_NONE when it is not such a time. */
static int64_t iso_utc(const char *s)
{
    int y, mo, d, h, mi, se;
    if (!s || strlen(s) < 19 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
        !digits(s + 17, 2, &se) || !hs_date_valid(y, mo, d)) {
        return HS_TIME_NONE;
    }
    const char *z = s + 19;
    if (*z == '.') {
        z++;
        while (*z >= '0' && *z <= '9') {
            z++;
        }
    }
    int64_t wall = hs_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    int oh, om;
    if (*z == 'Z' && z[1] == '\0') {
        return wall;
    }
    if ((*z == '+' || *z == '-') && strlen(z) == 6 && digits(z + 1, 2, &oh) && z[3] == ':' &&
        digits(z + 4, 2, &om)) {
        int64_t off = (int64_t)oh * 3600 + om * 60;
        return *z == '+' ? wall - off : wall + off;
    }
    if (*z == '\0') {
        hs_wall_kind kind;
        return hs_tz_wall_to_utc(&kind, HS_TZ_STOCKHOLM, wall, 0);
    }
    return HS_TIME_NONE;
}

static int grow(hs__report_data *d, size_t nc)
{
    void *p[7] = {realloc(d->x, nc * sizeof *d->x), NULL, NULL, NULL, NULL, NULL, NULL};
    if (p[0]) {
        d->x = p[0];
    }
    if ((p[1] = realloc(d->y, nc * sizeof *d->y)) != NULL) {
        d->y = p[1];
    }
    if ((p[2] = realloc(d->t_from, nc * sizeof *d->t_from)) != NULL) {
        d->t_from = p[2];
    }
    if ((p[3] = realloc(d->t_to, nc * sizeof *d->t_to)) != NULL) {
        d->t_to = p[3];
    }
    if ((p[4] = realloc(d->cat, nc * sizeof *d->cat)) != NULL) {
        d->cat = p[4];
    }
    if ((p[5] = realloc(d->focus, nc * sizeof *d->focus)) != NULL) {
        d->focus = p[5];
    }
    if ((p[6] = realloc(d->prec, nc)) != NULL) {
        d->prec = p[6];
    }
    for (int k = 0; k < 7; k++) {
        if (!p[k]) {
            return HS_ENOMEM;
        }
    }
    return HS_OK;
}

/* The categories' display names, when the build recorded them, and the sources named in the
 * source line (with_incidents 0: those of the complaints only, after the ones d holds). */
static void read_labels(hs__report_data *d, sqlite3 *db, int with_incidents)
{
    sqlite3_stmt *st = NULL;
    /* the categories' display names, when the build recorded them */
    if (d->cats.n > 0 &&
        sqlite3_prepare_v2(db, "SELECT category, label_sv, label_en FROM categories", -1, &st,
                           NULL) == SQLITE_OK) {
        d->cat_sv = calloc(d->cats.n, sizeof(char *));
        d->cat_en = calloc(d->cats.n, sizeof(char *));
        while (d->cat_sv && d->cat_en && sqlite3_step(st) == SQLITE_ROW) {
            const char *k = (const char *)sqlite3_column_text(st, 0);
            for (size_t c = 0; k && c < d->cats.n; c++) {
                if (strcmp(hs__dict_name(&d->cats, c), k) == 0 && !d->cat_sv[c]) {
                    d->cat_sv[c] = hs__strdup((const char *)sqlite3_column_text(st, 1));
                    d->cat_en[c] = hs__strdup((const char *)sqlite3_column_text(st, 2));
                }
            }
        }
        sqlite3_finalize(st);
    }
    /* the sources named in the source line */
    int ok = 0;
    if (!with_incidents) {
        ok = sqlite3_prepare_v2(db,
                                "SELECT source, min(fid) AS f FROM complaints GROUP BY source "
                                "ORDER BY f",
                                -1, &st, NULL) == SQLITE_OK;
    } else {
        ok = sqlite3_prepare_v2(db,
                                "SELECT source FROM (SELECT source, min(fid) AS f FROM incidents "
                                "GROUP BY source UNION ALL SELECT source, 1e18 + min(fid) FROM "
                                "complaints GROUP BY source) ORDER BY f",
                                -1, &st, NULL) == SQLITE_OK ||
             sqlite3_prepare_v2(db, "SELECT DISTINCT source FROM incidents", -1, &st, NULL) ==
                 SQLITE_OK;
    }
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        size_t l = strlen(d->sources);
        if (s && *s && !strstr(d->sources, s)) {
            hs__fmt(d->sources + l, sizeof d->sources - l, "%s%s", l ? ", " : "", s);
        }
    }
    sqlite3_finalize(st);
}

int hs__report_read_incidents(hs__report_data *d, hs_ctx *ctx, const char *gpkg)
{
    return hs__report_read_records(d, ctx, gpkg, "incidents");
}

/* gpkg opened read-only; an error naming it (and *db closed) when it cannot be. */
static int open_ro(sqlite3 **db, hs_ctx *ctx, const char *gpkg)
{
    if (sqlite3_open_v2(gpkg, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        int rc = hs__error(ctx, HS_ENOTFOUND, "%s: cannot open: %s", gpkg,
                           *db ? sqlite3_errmsg(*db) : "out of memory");
        sqlite3_close(*db);
        *db = NULL;
        return rc;
    }
    return HS_OK;
}

int hs__report_read_records(hs__report_data *d, hs_ctx *ctx, const char *gpkg, const char *table)
{
    char sql[160], count_sql[96];
    if (strcmp(table, "incidents") != 0 && strcmp(table, "complaints") != 0) {
        return hs__error(ctx, HS_EINVAL, "report: no record table '%s'", table);
    }
    hs__fmt(sql, sizeof sql, "SELECT geom, t_from, t_to, category, focus_area, precision FROM %s",
            table);
    hs__fmt(count_sql, sizeof count_sql, "SELECT count(*) FROM %s", table);
    sqlite3 *db = NULL;
    int orc = open_ro(&db, ctx, gpkg);
    if (orc != HS_OK) {
        return orc;
    }
    sqlite3_stmt *st = NULL;
    int rc = HS_OK;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = hs__error(ctx, HS_EDATA, "%s: the %s table cannot be read: %s", gpkg, table,
                       sqlite3_errmsg(db));
    }
    size_t cap = 0, got = 0;
    sqlite3_stmt *cnt = NULL;
    if (rc == HS_OK && sqlite3_prepare_v2(db, count_sql, -1, &cnt, NULL) == SQLITE_OK &&
        sqlite3_step(cnt) == SQLITE_ROW) {
        cap = (size_t)sqlite3_column_int64(cnt, 0);
    }
    sqlite3_finalize(cnt);
    if (rc == HS_OK && grow(d, cap ? cap : 1) != HS_OK) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    cap = cap ? cap : 1;
    int step;
    while (rc == HS_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (got >= cap) {
            cap *= 2;
            if (grow(d, cap) != HS_OK) {
                rc = hs__error(ctx, HS_ENOMEM, "out of memory");
                break;
            }
        }
        if (!blob_point(&d->x[got], &d->y[got], sqlite3_column_blob(st, 0),
                        sqlite3_column_bytes(st, 0))) {
            d->x[got] = d->y[got] = NAN;
        }
        d->t_from[got] = iso_utc((const char *)sqlite3_column_text(st, 1));
        d->t_to[got] = iso_utc((const char *)sqlite3_column_text(st, 2));
        const char *cs = (const char *)sqlite3_column_text(st, 3);
        const char *fs = (const char *)sqlite3_column_text(st, 4);
        const char *ps = (const char *)sqlite3_column_text(st, 5);
        rc = hs__dict_intern(&d->cat[got], &d->cats, cs && cs[0] ? cs : NULL);
        rc = rc ? rc : hs__dict_intern(&d->focus[got], &d->focuses, fs && fs[0] ? fs : NULL);
        if (rc != HS_OK) {
            rc = hs__error(ctx, HS_ENOMEM, "out of memory");
            break;
        }
        hs_precision pr = HS_PREC_EXACT;
        if (ps && hs_precision_parse(&pr, ps) != HS_OK) {
            pr = HS_PREC_NONE;
        }
        d->prec[got] = (uint8_t)pr;
        got++;
    }
    if (rc == HS_OK && step != SQLITE_DONE) {
        rc = hs__error(ctx, HS_EIO, "%s: reading %s: %s", gpkg, table, sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    d->n = got;
    if (rc == HS_OK) {
        read_labels(d, db, 1);
    }
    sqlite3_close(db);
    return rc;
}

int hs__report_read_labels(hs__report_data *d, hs_ctx *ctx, const char *gpkg)
{
    sqlite3 *db = NULL;
    int orc = open_ro(&db, ctx, gpkg);
    if (orc != HS_OK) {
        return orc;
    }
    read_labels(d, db, 0);
    sqlite3_close(db);
    return HS_OK;
}

const char *hs__report_cat_label(const hs__report_data *d, const char *key, int en)
{
    for (size_t c = 0; key && d->cat_sv && d->cat_en && c < d->cats.n; c++) {
        if (strcmp(hs__dict_name(&d->cats, c), key) == 0) {
            const char *l = en ? d->cat_en[c] : d->cat_sv[c];
            return l && l[0] ? l : key;
        }
    }
    return key;
}

int hs__report_last_time(int64_t *t, hs_ctx *ctx, const char *gpkg)
{
    sqlite3 *db = NULL;
    *t = HS_TIME_NONE;
    if (sqlite3_open_v2(gpkg, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return hs__error(ctx, HS_ENOTFOUND, "%s: cannot open", gpkg);
    }
    sqlite3_stmt *st = NULL;
    int rc =
        sqlite3_prepare_v2(db, "SELECT t_from, t_to FROM incidents", -1, &st, NULL) == SQLITE_OK
            ? HS_OK
            : hs__error(ctx, HS_EDATA, "%s: the incidents table cannot be read", gpkg);
    while (rc == HS_OK && sqlite3_step(st) == SQLITE_ROW) {
        int64_t a = iso_utc((const char *)sqlite3_column_text(st, 0));
        int64_t b = iso_utc((const char *)sqlite3_column_text(st, 1));
        int64_t v = a != HS_TIME_NONE && b != HS_TIME_NONE && b > a ? a + (b - a) / 2 : a;
        if (v != HS_TIME_NONE && (*t == HS_TIME_NONE || v > *t)) {
            *t = v;
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}
