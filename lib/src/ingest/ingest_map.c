/*
 * Column mapping for ingest: which input column is the x, y, time window, id, crime code,
 * category, weight, address, kommun and precision. Explicit names (command line, project file)
 * win; otherwise Swedish and English names are recognised after folding case, spaces and
 * punctuation ("X-koordinat", "Händelsedatum från", "Brottsbenämning", "lon"). Free-text columns
 * are never mapped automatically. It logs the mapping chosen and must not read any row.
 */
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <string.h>

/* Lower-case letters and digits only (UTF-8 å ä ö é kept, folded to lower case). */
static void norm(char *out, size_t size, const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 3 < size; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z') {
            out[n++] = (char)(c + 32);
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out[n++] = (char)c;
        } else if (c == 0xC3 && p[1]) {
            unsigned char d = *++p;
            if (d == 0x85 || d == 0x84 || d == 0x96 || d == 0x89) {
                d = (unsigned char)(d + 0x20);
            }
            out[n++] = (char)c;
            out[n++] = (char)d;
        }
    }
    out[n] = '\0';
}

/* Candidate names per role, most specific first (already normalised). */
static const char *const c_x[] = {"xkoordinat", "xkoord", "x",   "easting",   "e",   "ost",
                                  "lon",        "long",   "lng", "longitude", "__x", NULL};
static const char *const c_y[] = {"ykoordinat", "ykoord", "y",        "northing", "n",
                                  "nord",       "lat",    "latitude", "__y",      NULL};
static const char *const c_time[] = {
    "time", "tid", "tidpunkt", "datetime", "timestamp", "händelsetidpunkt", "datumtid", NULL};
static const char *const c_from[] = {"händelsedatumfrån",
                                     "händelsedatumtidfrån",
                                     "datumfrån",
                                     "brottsdatumfrån",
                                     "från",
                                     "fromdate",
                                     "datefrom",
                                     "fromdatetime",
                                     "from",
                                     "startdate",
                                     "start",
                                     "händelsedatum",
                                     "brottsdatum",
                                     "datum",
                                     "date",
                                     "tfrom",
                                     NULL};
static const char *const c_to[] = {"tto",
                                   "händelsedatumtill",
                                   "händelsedatumtidtill",
                                   "datumtill",
                                   "brottsdatumtill",
                                   "till",
                                   "todate",
                                   "dateto",
                                   "todatetime",
                                   "to",
                                   "enddate",
                                   "end",
                                   NULL};
static const char *const c_from_time[] = {"händelsetidfrån", "tidfrån",     "fromtime",  "timefrom",
                                          "starttime",       "händelsetid", "klockslag", NULL};
static const char *const c_to_time[] = {"händelsetidtill", "tidtill", "totime",
                                        "timeto",          "endtime", NULL};
static const char *const c_id[] = {"diarienummer", "diarienr", "dnr",    "ärendenummer", "id",
                                   "incidentid",   "eventid",  "caseid", "casenumber",   NULL};
static const char *const c_code[] = {"brottskod", "kod", "code", "crimecode", "offensecode", NULL};
static const char *const c_cat[] = {
    "brottsbenämning", "benämning",   "brottstyp", "brott", "kategori",
    "category",        "händelsetyp", "type",      "typ",   "crimetype",
    "offense",         "offence",     NULL};
static const char *const c_weight[] = {"weight", "vikt", NULL};
static const char *const c_addr[] = {"gatuadress",  "adress",   "address", "plats",
                                     "brottsplats", "location", NULL};
static const char *const c_kommun[] = {"kommunkod",  "kommun",       "kommunnamn",
                                       "kommuncode", "municipality", NULL};
static const char *const c_prec[] = {"precision", NULL};

static int find_norm(const hs__table *t, const char *want)
{
    char a[128];
    for (size_t i = 0; i < t->ncols; i++) {
        norm(a, sizeof a, t->names[i]);
        if (strcmp(a, want) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int find_auto(const hs__table *t, const char *const *cands, const int *taken, size_t nt)
{
    for (size_t k = 0; cands[k]; k++) {
        int i = find_norm(t, cands[k]);
        int used = 0;
        for (size_t j = 0; j < nt; j++) {
            used |= taken[j] == i;
        }
        if (i >= 0 && !used) {
            return i;
        }
    }
    return -1;
}

static int find_given(int *out, hs_ctx *ctx, const hs__table *t, const char *name, const char *role,
                      const char *path)
{
    for (size_t i = 0; i < t->ncols; i++) {
        if (hs__strcasecmp(t->names[i], name) == 0) {
            *out = (int)i;
            return HS_OK;
        }
    }
    char a[128];
    norm(a, sizeof a, name);
    int i = find_norm(t, a);
    if (i >= 0) {
        *out = i;
        return HS_OK;
    }
    char list[512] = "";
    size_t len = 0;
    for (size_t k = 0; k < t->ncols && len + 4 < sizeof list; k++) {
        hs__fmt(list + len, sizeof list - len, "%s'%s'", k ? ", " : "", t->names[k]);
        len = strlen(list);
    }
    return hs__error(ctx, HS_ENOTFOUND, "%s: %s column '%s' not found (columns: %s)", path, role,
                     name, list);
}

typedef struct role {
    const char *name;
    int *slot;
    const char *given;
    const char *const *cands;
} role;

int hs__ingest_map(hs__colmap *m, hs_ctx *ctx, const hs__table *t, const hs_ingest_opts *o,
                   const char *path)
{
    role roles[] = {
        {"x", &m->x, o->col_x, c_x},
        {"y", &m->y, o->col_y, c_y},
        {"time", &m->time, o->col_time, c_time},
        {"from", &m->from, o->col_from, c_from},
        {"to", &m->to, o->col_to, c_to},
        {"from_time", &m->from_time, o->col_from_time, c_from_time},
        {"to_time", &m->to_time, o->col_to_time, c_to_time},
        {"id", &m->id, o->col_id, c_id},
        {"code", &m->code, o->col_code, c_code},
        {"category", &m->category, o->col_category, c_cat},
        {"weight", &m->weight, o->col_weight, c_weight},
        {"address", &m->address, o->col_address, c_addr},
        {"kommun", &m->kommun, o->col_kommun, c_kommun},
        {"precision", &m->precision, o->col_precision, c_prec},
    };
    const size_t nr = sizeof roles / sizeof roles[0];
    int taken[sizeof roles / sizeof roles[0]];
    for (size_t r = 0; r < nr; r++) {
        *roles[r].slot = -1;
        taken[r] = -1;
    }
    /* explicit names first, so automatic picks never steal them */
    for (size_t r = 0; r < nr; r++) {
        if (roles[r].given && *roles[r].given) {
            int rc = find_given(roles[r].slot, ctx, t, roles[r].given, roles[r].name, path);
            if (rc != HS_OK) {
                return rc;
            }
            taken[r] = *roles[r].slot;
        }
    }
    int explicit_time = (o->col_time && *o->col_time) || (o->col_from && *o->col_from);
    for (size_t r = 0; r < nr; r++) {
        if (taken[r] >= 0) {
            continue;
        }
        /* a given time window excludes the automatic single timestamp and vice versa */
        if (explicit_time &&
            (roles[r].slot == &m->time || roles[r].slot == &m->from || roles[r].slot == &m->to ||
             roles[r].slot == &m->from_time || roles[r].slot == &m->to_time)) {
            continue;
        }
        *roles[r].slot = find_auto(t, roles[r].cands, taken, nr);
        taken[r] = *roles[r].slot;
    }
    if (m->from >= 0 && m->time >= 0 && !(o->col_time && *o->col_time)) {
        /* a date column found by name wins; a "Tid" beside it is its time of day */
        if (m->from_time < 0) {
            m->from_time = m->time;
        }
        m->time = -1;
    }
    if (o->version >= 2 && o->times_unused && !explicit_time && o->period_start == HS_TIME_NONE &&
        o->period_end == HS_TIME_NONE) {
        m->time = m->from = m->to = m->from_time = m->to_time = -1;
    }
    if ((m->x >= 0) != (m->y >= 0)) {
        return hs__error(ctx, HS_ENOTFOUND, "%s: found a %s column ('%s') but no %s column", path,
                         m->x >= 0 ? "x" : "y", t->names[m->x >= 0 ? m->x : m->y],
                         m->x >= 0 ? "y" : "x");
    }
    char line[1024] = "";
    size_t len = 0;
    for (size_t r = 0; r < nr; r++) {
        if (*roles[r].slot >= 0 && len + 8 < sizeof line) {
            hs__fmt(line + len, sizeof line - len, "%s%s = '%s'", len ? ", " : "", roles[r].name,
                    t->names[*roles[r].slot]);
            len = strlen(line);
        }
    }
    hs__log(ctx, HS_LOG_INFO, "%s: columns: %s", path, len ? line : "(none recognised)");
    return HS_OK;
}
