/*
 * polisen.se open events (the API's JSON: id, datetime, name, summary, url, type,
 * location{name, gps}; the archive's flat CSV id, datetime_raw, name, summary, url, type,
 * location_name, lat, lon) as a table of rows. The event time comes from the title ("22 augusti
 * 09.48, Trafikolycka, Vänersborg", one-digit hours accepted) with the year from `datetime`;
 * location.gps is a kommun or län centre, so every row carries precision "kommun" or "lan".
 * Summaries and URLs (free text) are not passed on. It must not locate events more precisely.
 * With place text asked for, an extra column "address" carries the place mentions read from the
 * title, the summary and (from the html_text JSONL: id, html_title, html_preamble, html_body) the
 * preamble and body, as lines for the geocode module (place_text.c); never the text itself.
 */
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { P_ID, P_TIME, P_TYPE, P_LOCATION, P_PRECISION, P_X, P_Y, P_ADDRESS, P_NCOLS };
static const char *const pol_names[P_NCOLS] = {"id",        "time", "type", "location",
                                               "precision", "__x",  "__y",  "address"};

/* Place mentions of the html_text JSONL by event id (sorted), in one string pool. */
typedef struct pol_text {
    int64_t id;
    uint32_t off;
} pol_text;

struct hs__polisen_texts {
    pol_text *t;
    size_t n, cap;
    hs__strpool pool;
    int64_t lines, bad;
};

typedef struct pol_table {
    hs__table base;
    hs_ctx *ctx;
    json_t *root; /* API JSON */
    char *csv;    /* archive CSV (owned), or NULL */
    size_t csv_len, pos;
    size_t i, n;
    int place_text;
    const hs__polisen_texts *texts;
    char buf[P_NCOLS][256];
    char addr[HS__PLACE_TEXT_MAX];
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

static const char csv_header[] = "id,datetime_raw,name,summary,url,type,location_name,lat,lon";

int hs__polisen_csv_sniff(const char *buf, size_t len)
{
    size_t n = sizeof csv_header - 1;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB) {
        buf += 3;
        len -= 3;
    }
    return len >= n && memcmp(buf, csv_header, n) == 0;
}

int hs__polisen_text_sniff(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r')) {
        i++;
    }
    if (i >= len || buf[i] != '{') {
        return 0;
    }
    size_t end = len < i + 2048 ? len : i + 2048;
    for (size_t k = i; k + 12 < end; k++) {
        if (strncmp(buf + k, "\"html_title\"", 12) == 0) {
            return 1;
        }
    }
    return 0;
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

/* The place named at the end of a title "22 augusti 09.48, Trafikolycka, Vänersborg". */
static const char *title_place(const char *title)
{
    const char *c = title ? strrchr(title, ',') : NULL;
    if (!c) {
        return NULL;
    }
    c++;
    while (*c == ' ') {
        c++;
    }
    return *c ? c : NULL;
}

static const pol_text *text_of(const hs__polisen_texts *tx, int64_t id)
{
    size_t lo = 0, hi = tx ? tx->n : 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tx->t[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < (tx ? tx->n : 0) && tx->t[lo].id == id ? &tx->t[lo] : NULL;
}

/* The "address" column: "@pt", the location and title place, then the mentions. */
static void fill_mentions(pol_table *t, const char *id, const char *title, const char *summary,
                          const char *lname)
{
    char *a = t->addr;
    const char *tp = title_place(title);
    hs__fmt(a, sizeof t->addr, "@pt\nk\t%.60s\nt\t%.60s\n", lname ? lname : "", tp ? tp : "");
    size_t len = strlen(a);
    if (summary) {
        len = hs__place_mentions(a, sizeof t->addr, len, summary, 's');
    }
    int64_t v = 0;
    const pol_text *x = t->texts && hs__parse_int64(&v, id) == HS_OK ? text_of(t->texts, v) : NULL;
    if (x) {
        const char *m = hs__strpool_get(&t->texts->pool, x->off);
        /* mention lines of the preamble and body, skipping phrases already there */
        while (m && *m) {
            const char *e = strchr(m, '\n');
            size_t L = e ? (size_t)(e - m + 1) : strlen(m);
            const char *ph = m;
            for (int tabs = 0; tabs < 3 && ph < m + L; ph++) {
                tabs += *ph == '\t';
            }
            char key[200];
            hs__fmt(key, sizeof key, "\t%.*s", (int)(m + L - ph), ph);
            if (!strstr(a, key) && len + L + 1 < sizeof t->addr) {
                memcpy(a + len, m, L);
                len += L;
                a[len] = '\0';
            }
            m += L;
        }
    }
}

static void fill_row(pol_table *t, const char *id, const char *dt, const char *title,
                     const char *summary, const char *type, const char *lname, const char *lat,
                     size_t lat_n, const char *lon)
{
    for (int k = 0; k < P_NCOLS; k++) {
        t->buf[k][0] = '\0';
        t->fields[k] = t->buf[k];
    }
    hs__fmt(t->buf[P_ID], sizeof t->buf[P_ID], "%s", id ? id : "");
    int64_t wall = 0;
    if (title && hs__polisen_title_time(&wall, title, dt) == HS_OK) {
        int64_t y;
        int m, d;
        hs_civil_from_days(&y, &m, &d, wall / 86400);
        int s = (int)(wall % 86400);
        hs__fmt(t->buf[P_TIME], sizeof t->buf[P_TIME], "%04lld-%02d-%02d %02d:%02d", (long long)y,
                m, d, s / 3600, s / 60 % 60);
    } else if (dt) {
        hs__fmt(t->buf[P_TIME], sizeof t->buf[P_TIME], "%s", dt);
    }
    hs__fmt(t->buf[P_TYPE], sizeof t->buf[P_TYPE], "%s", type ? type : "");
    if (lname) {
        hs__fmt(t->buf[P_LOCATION], sizeof t->buf[P_LOCATION], "%s", lname);
        size_t L = strlen(lname);
        int lan = L >= 5 && strcmp(lname + L - 5, " l\xc3\xa4n") == 0;
        hs__fmt(t->buf[P_PRECISION], sizeof t->buf[P_PRECISION], "%s", lan ? "lan" : "kommun");
    }
    if (lat && lon && lat_n < sizeof t->buf[P_Y]) {
        memcpy(t->buf[P_Y], lat, lat_n);
        t->buf[P_Y][lat_n] = '\0';
        hs__fmt(t->buf[P_X], sizeof t->buf[P_X], "%s", lon);
    }
    if (t->place_text) {
        fill_mentions(t, id, title, summary, lname);
        t->fields[P_ADDRESS] = t->addr;
    }
}

/* One CSV field at t->pos (RFC 4180 quotes), NUL-terminated in place; *last: the row ended. */
static char *csv_field(pol_table *t, int *last)
{
    char *b = t->csv;
    size_t p = t->pos, n = t->csv_len;
    char *out = b + p;
    size_t o = p;
    *last = 0;
    if (p < n && b[p] == '"') {
        p++;
        while (p < n) {
            if (b[p] == '"') {
                if (p + 1 < n && b[p + 1] == '"') {
                    b[o++] = '"';
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            b[o++] = b[p++];
        }
    }
    while (p < n && b[p] != ',' && b[p] != '\n') {
        b[o++] = b[p++];
    }
    if (p >= n || b[p] == '\n') {
        *last = 1;
    }
    if (o > (size_t)(out - b) && b[o - 1] == '\r') {
        o--;
    }
    b[o] = '\0'; /* o <= n, and the buffer holds a NUL at n */
    t->pos = p < n ? p + 1 : n;
    return out;
}

static int pol_next_csv(pol_table *t, const char *const **fields, size_t *n)
{
    while (t->pos < t->csv_len && (t->csv[t->pos] == '\n' || t->csv[t->pos] == '\r')) {
        t->pos++;
    }
    if (t->pos >= t->csv_len) {
        return 0;
    }
    char *f[9] = {0};
    int last = 0, k = 0;
    while (!last) {
        char *v = csv_field(t, &last);
        if (k < 9) {
            f[k] = v;
        }
        k++;
    }
    t->i++;
    fill_row(t, f[0], f[1], f[2], f[3], f[5], f[6], f[7], f[7] ? strlen(f[7]) : 0, f[8]);
    *fields = t->fields;
    *n = t->base.ncols;
    return 1;
}

static int pol_next(hs__table *base, const char *const **fields, size_t *n)
{
    pol_table *t = (pol_table *)base;
    if (t->csv) {
        return pol_next_csv(t, fields, n);
    }
    if (t->i >= t->n) {
        return 0;
    }
    json_t *e = json_array_get(t->root, t->i++);
    char id[64] = "";
    const char *dt = NULL, *title = NULL, *type = NULL, *summary = NULL, *lname = NULL, *gps = NULL;
    if (json_is_object(e)) {
        json_t *jid = json_object_get(e, "id");
        if (json_is_integer(jid)) {
            hs__fmt(id, sizeof id, "%lld", (long long)json_integer_value(jid));
        } else if (json_is_string(jid)) {
            hs__fmt(id, sizeof id, "%s", json_string_value(jid));
        }
        dt = str_of(e, "datetime");
        title = str_of(e, "name");
        type = str_of(e, "type");
        summary = str_of(e, "summary");
        json_t *loc = json_object_get(e, "location");
        lname = json_is_object(loc) ? str_of(loc, "name") : NULL;
        gps = json_is_object(loc) ? str_of(loc, "gps") : NULL;
    }
    const char *comma = gps ? strchr(gps, ',') : NULL;
    fill_row(t, id, dt, title, summary, type, lname, comma ? gps : NULL,
             comma ? (size_t)(comma - gps) : 0, comma ? comma + 1 : NULL);
    *fields = t->fields;
    *n = t->base.ncols;
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
    free(t->csv);
    free(t);
}

static int pol_new(pol_table **out, hs_ctx *ctx, int place_text, const hs__polisen_texts *texts)
{
    pol_table *t = calloc(1, sizeof *t);
    char **names = calloc(P_NCOLS, sizeof *names);
    if (!t || !names) {
        free(t);
        free(names);
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    t->ctx = ctx;
    t->place_text = place_text;
    t->texts = texts;
    t->base.next = pol_next;
    t->base.close = pol_close;
    t->base.kind = "polisen";
    t->base.epsg = 4326;
    hs__fmt(t->base.encoding, sizeof t->base.encoding, "UTF-8");
    t->base.names = names;
    int nc = place_text ? P_NCOLS : P_ADDRESS;
    for (int k = 0; k < nc; k++) {
        names[k] = hs__strdup(pol_names[k]);
        t->base.ncols++;
        if (!names[k]) {
            pol_close(&t->base);
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
    }
    *out = t;
    return HS_OK;
}

int hs__polisen_open(hs__table **out, hs_ctx *ctx, char *buf, size_t len, const char *path,
                     int place_text, const hs__polisen_texts *texts)
{
    *out = NULL;
    json_error_t err;
    json_t *root = json_loadb(buf, len, 0, &err);
    if (!root || !json_is_array(root)) {
        json_decref(root);
        return hs__error(ctx, HS_EDATA, "%s:%d: not polisen event JSON: %s", path, err.line,
                         err.text);
    }
    pol_table *t = NULL;
    int rc = pol_new(&t, ctx, place_text, texts);
    if (rc != HS_OK) {
        json_decref(root);
        return rc;
    }
    t->root = root;
    t->n = json_array_size(root);
    t->base.rows_hint = t->n;
    *out = &t->base;
    return HS_OK;
}

int hs__polisen_csv_open(hs__table **out, hs_ctx *ctx, char *buf, size_t len, int place_text,
                         const hs__polisen_texts *texts)
{
    *out = NULL;
    pol_table *t = NULL;
    int rc = pol_new(&t, ctx, place_text, texts);
    if (rc != HS_OK) {
        free(buf);
        return rc;
    }
    t->csv = buf; /* owned from here */
    t->csv_len = len;
    /* skip the header line (and a BOM) */
    size_t p = 0;
    while (p < len && buf[p] != '\n') {
        p++;
    }
    t->pos = p < len ? p + 1 : len;
    size_t rows = 0;
    for (size_t k = t->pos; k < len; k++) {
        rows += buf[k] == '\n';
    }
    t->base.rows_hint = rows;
    *out = &t->base;
    return HS_OK;
}

/* ---- the html_text JSONL: mentions per id ---- */

static int cmp_text(const void *a, const void *b)
{
    int64_t x = ((const pol_text *)a)->id, y = ((const pol_text *)b)->id;
    return x < y ? -1 : x > y;
}

int hs__polisen_texts_load(hs__polisen_texts **out, hs_ctx *ctx, const char *path)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc = hs__file_read_all(&buf, &len, ctx, path);
    if (rc != HS_OK) {
        return rc;
    }
    if (!hs__polisen_text_sniff(buf, len)) {
        free(buf);
        return hs__error(ctx, HS_EDATA,
                         "%s: not polisen.se event text (JSON lines with id, html_title, "
                         "html_preamble, html_body)",
                         path);
    }
    hs__polisen_texts *tx = calloc(1, sizeof *tx);
    if (!tx) {
        free(buf);
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    char m[HS__PLACE_TEXT_MAX];
    size_t p = 0;
    int64_t line = 0;
    while (p < len && rc == HS_OK) {
        size_t e = p;
        while (e < len && buf[e] != '\n') {
            e++;
        }
        line++;
        if (e > p + 1) {
            json_error_t err;
            json_t *o = json_loadb(buf + p, e - p, 0, &err);
            json_t *jid = o ? json_object_get(o, "id") : NULL;
            if (!o || !json_is_object(o) || !json_is_integer(jid)) {
                json_decref(o);
                free(buf);
                hs__polisen_texts_free(tx);
                return hs__error(ctx, HS_EDATA, "%s:%lld: not an event text object (%s)", path,
                                 (long long)line, o ? "no integer id" : err.text);
            }
            m[0] = '\0';
            size_t ml = 0;
            const char *pre = str_of(o, "html_preamble"), *body = str_of(o, "html_body");
            if (pre) {
                ml = hs__place_mentions(m, sizeof m, ml, pre, 's');
            }
            if (body) {
                ml = hs__place_mentions(m, sizeof m, ml, body, 'b');
            }
            if (ml > 0) {
                if (hs__grow((void **)&tx->t, &tx->cap, tx->n + 1, sizeof *tx->t) != HS_OK ||
                    hs__strpool_add(&tx->t[tx->n].off, &tx->pool, m) != HS_OK) {
                    rc = hs__error(ctx, HS_ENOMEM, "out of memory");
                } else {
                    tx->t[tx->n++].id = (int64_t)json_integer_value(jid);
                }
            }
            json_decref(o);
        }
        p = e + 1;
    }
    tx->lines = line;
    free(buf);
    if (rc != HS_OK) {
        hs__polisen_texts_free(tx);
        return rc;
    }
    qsort(tx->t, tx->n, sizeof *tx->t, cmp_text);
    *out = tx;
    return HS_OK;
}

void hs__polisen_texts_free(hs__polisen_texts *tx)
{
    if (tx) {
        free(tx->t);
        hs__strpool_free(&tx->pool);
        free(tx);
    }
}
