/*
 * polisen.se open events (the API's JSON: id, datetime, name, summary, url, type,
 * location{name, gps}) as a table of rows. The event time comes from the title ("22 augusti
 * 09.48, Trafikolycka, Vänersborg", one-digit hours accepted) with the year from `datetime`;
 * location.gps is a kommun or län centre, so every row carries precision "kommun" or "lan".
 * Summaries and URLs (free text) are not passed on. It must not locate events more precisely.
 */
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { P_ID, P_TIME, P_TYPE, P_LOCATION, P_PRECISION, P_X, P_Y, P_NCOLS };
static const char *const pol_names[P_NCOLS] = {"id",        "time", "type", "location",
                                               "precision", "__x",  "__y"};

typedef struct pol_table {
    hs__table base;
    hs_ctx *ctx;
    json_t *root;
    size_t i, n;
    char buf[P_NCOLS][256];
    const char *fields[P_NCOLS];
} pol_table;

int hs__polisen_sniff(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) {
        i++;
    }
    if (i >= len || buf[i] != '[') {
        return 0;
    }
    /* the first object must carry the API's keys */
    size_t end = len < i + 4096 ? len : i + 4096;
    int has_dt = 0, has_loc = 0, has_gps = 0;
    for (size_t k = i; k + 10 < end; k++) {
        has_dt |= strncmp(buf + k, "\"datetime\"", 10) == 0;
        has_loc |= strncmp(buf + k, "\"location\"", 10) == 0;
        has_gps |= strncmp(buf + k, "\"gps\"", 5) == 0;
    }
    return has_dt && has_loc && has_gps;
}

int hs__polisen_title_time(int64_t *wall, const char *title, const char *datetime)
{
    if (!wall || !title) {
        return HS_EINVAL;
    }
    const char *p = title;
    int day = 0, nd = 0;
    while (*p >= '0' && *p <= '9' && nd < 2) {
        day = day * 10 + (*p - '0');
        p++;
        nd++;
    }
    if (!nd || *p != ' ') {
        return HS_EDATA;
    }
    p++;
    const char *m0 = p;
    while (*p >= 'a' && *p <= 'z') {
        p++;
    }
    int month = hs__sv_month(m0, (size_t)(p - m0));
    if (!month || *p != ' ') {
        return HS_EDATA;
    }
    p++;
    char clock[8];
    size_t n = 0;
    while (p[n] && p[n] != ',' && n < sizeof clock - 1) {
        clock[n] = p[n];
        n++;
    }
    clock[n] = '\0';
    int sec = 0;
    if (hs__parse_clock(&sec, clock) != HS_OK) {
        return HS_EDATA;
    }
    int64_t ref = 0;
    int flags = 0;
    if (!datetime || hs__parse_datetime(&ref, &flags, datetime) != HS_OK) {
        return HS_EDATA;
    }
    int64_t y;
    int rm, rd;
    hs_civil_from_days(&y, &rm, &rd, ref / 86400);
    if (!hs_date_valid(y, month, day)) {
        y--; /* 29 februari of the year before */
    }
    if (!hs_date_valid(y, month, day)) {
        return HS_EDATA;
    }
    int64_t w = hs_days_from_civil(y, month, day) * 86400 + sec;
    /* an event published in January about 31 December belongs to the year before */
    if (w > ref + 2 * 86400 && hs_date_valid(y - 1, month, day)) {
        w = hs_days_from_civil(y - 1, month, day) * 86400 + sec;
    }
    *wall = w;
    return HS_OK;
}

static const char *str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int pol_next(hs__table *base, const char *const **fields, size_t *n)
{
    pol_table *t = (pol_table *)base;
    if (t->i >= t->n) {
        return 0;
    }
    json_t *e = json_array_get(t->root, t->i++);
    for (int k = 0; k < P_NCOLS; k++) {
        t->buf[k][0] = '\0';
        t->fields[k] = t->buf[k];
    }
    if (json_is_object(e)) {
        json_t *id = json_object_get(e, "id");
        if (json_is_integer(id)) {
            hs__fmt(t->buf[P_ID], sizeof t->buf[P_ID], "%lld", (long long)json_integer_value(id));
        } else if (json_is_string(id)) {
            hs__fmt(t->buf[P_ID], sizeof t->buf[P_ID], "%s", json_string_value(id));
        }
        const char *dt = str_of(e, "datetime");
        const char *title = str_of(e, "name");
        int64_t wall = 0;
        if (title && hs__polisen_title_time(&wall, title, dt) == HS_OK) {
            int64_t y;
            int m, d;
            hs_civil_from_days(&y, &m, &d, wall / 86400);
            int s = (int)(wall % 86400);
            hs__fmt(t->buf[P_TIME], sizeof t->buf[P_TIME], "%04lld-%02d-%02d %02d:%02d",
                    (long long)y, m, d, s / 3600, s / 60 % 60);
        } else if (dt) {
            hs__fmt(t->buf[P_TIME], sizeof t->buf[P_TIME], "%s", dt);
        }
        const char *type = str_of(e, "type");
        hs__fmt(t->buf[P_TYPE], sizeof t->buf[P_TYPE], "%s", type ? type : "");
        json_t *loc = json_object_get(e, "location");
        const char *lname = json_is_object(loc) ? str_of(loc, "name") : NULL;
        const char *gps = json_is_object(loc) ? str_of(loc, "gps") : NULL;
        if (lname) {
            hs__fmt(t->buf[P_LOCATION], sizeof t->buf[P_LOCATION], "%s", lname);
            size_t L = strlen(lname);
            int lan = L >= 5 && strcmp(lname + L - 5, " l\xc3\xa4n") == 0;
            hs__fmt(t->buf[P_PRECISION], sizeof t->buf[P_PRECISION], "%s", lan ? "lan" : "kommun");
        }
        const char *comma = gps ? strchr(gps, ',') : NULL;
        if (comma && (size_t)(comma - gps) < sizeof t->buf[P_Y]) {
            memcpy(t->buf[P_Y], gps, (size_t)(comma - gps));
            t->buf[P_Y][comma - gps] = '\0';
            hs__fmt(t->buf[P_X], sizeof t->buf[P_X], "%s", comma + 1);
        }
    }
    *fields = t->fields;
    *n = P_NCOLS;
    return 1;
}

static void pol_close(hs__table *base)
{
    pol_table *t = (pol_table *)base;
    for (size_t i = 0; i < base->ncols; i++) {
        free(base->names[i]);
    }
    free(base->names);
    json_decref(t->root);
    free(t);
}

int hs__polisen_open(hs__table **out, hs_ctx *ctx, char *buf, size_t len, const char *path)
{
    *out = NULL;
    json_error_t err;
    json_t *root = json_loadb(buf, len, 0, &err);
    if (!root || !json_is_array(root)) {
        json_decref(root);
        return hs__error(ctx, HS_EDATA, "%s:%d: not polisen event JSON: %s", path, err.line,
                         err.text);
    }
    pol_table *t = calloc(1, sizeof *t);
    char **names = calloc(P_NCOLS, sizeof *names);
    if (!t || !names) {
        free(t);
        free(names);
        json_decref(root);
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    t->ctx = ctx;
    t->root = root;
    t->n = json_array_size(root);
    t->base.next = pol_next;
    t->base.close = pol_close;
    t->base.kind = "polisen";
    t->base.epsg = 4326;
    hs__fmt(t->base.encoding, sizeof t->base.encoding, "UTF-8");
    t->base.names = names;
    for (int k = 0; k < P_NCOLS; k++) {
        names[k] = hs__strdup(pol_names[k]);
        t->base.ncols++;
        if (!names[k]) {
            pol_close(&t->base);
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
    }
    *out = &t->base;
    return HS_OK;
}
