/*
 * The project file reader: inih parses the INI syntax; this file knows every section and key,
 * checks each value's type as it is read (so an error can name file, line and key) and resolves
 * paths against the project directory. It runs no pipeline step.
 */
#include "core/hs_internal.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum key_type {
    K_STR,
    K_PATH,
    K_INT,
    K_DOUBLE,
    K_LENGTH,
    K_BOOL,
    K_ENUM,
    K_PERIOD,
    K_KOMMUNS,
    K_EPSG,
    K_SHARE,
    K_TZ,
    K_BANDWIDTH,
    K_DISTANCE,
    K_DATE,
    K_BUFFER
} key_type;

typedef struct key_spec {
    const char *section; /* "input" matches every [input NAME], "measure" every [measure NAME] */
    const char *key;
    key_type type;
    const char *choices; /* K_ENUM: '|'-separated */
} key_spec;

static const key_spec keys[] = {
    {"project", "name", K_STR, NULL},
    {"project", "kommun", K_KOMMUNS, NULL},
    {"project", "boundary", K_PATH, NULL},
    {"project", "period", K_PERIOD, NULL},
    {"project", "lang", K_ENUM, "sv|en"},
    {"project", "tz", K_TZ, NULL},
    {"project", "work_crs", K_EPSG, NULL},
    {"project", "crs", K_EPSG, NULL},
    {"project", "title", K_STR, NULL},
    {"project", "lpo", K_STR, NULL},
    {"input", "path", K_PATH, NULL},
    {"input", "kind", K_ENUM, "incident|complaint"},
    {"input", "source", K_STR, NULL},
    {"input", "crs", K_EPSG, NULL},
    {"input", "encoding", K_ENUM, "auto|UTF-8|utf-8|CP1252|cp1252|windows-1252"},
    {"input", "x", K_STR, NULL},
    {"input", "y", K_STR, NULL},
    {"input", "time", K_STR, NULL},
    {"input", "from", K_STR, NULL},
    {"input", "to", K_STR, NULL},
    {"input", "from_time", K_STR, NULL},
    {"input", "to_time", K_STR, NULL},
    {"input", "id", K_STR, NULL},
    {"input", "code", K_STR, NULL},
    {"input", "category", K_STR, NULL},
    {"input", "weight", K_STR, NULL},
    {"input", "address", K_STR, NULL},
    {"input", "kommun", K_STR, NULL},
    {"input", "categories", K_PATH, NULL},
    {"input", "where", K_STR, NULL},
    {"input", "max_rejects", K_SHARE, NULL},
    {"input", "place_text", K_BOOL, NULL},
    {"input", "event_text", K_PATH, NULL},
    {"basemap", "files", K_STR, NULL}, /* comma-separated, relative to the project file */
    {"places", "path", K_PATH, NULL},
    {"places", "layer", K_STR, NULL},
    {"places", "id_field", K_STR, NULL},
    {"places", "name_field", K_STR, NULL},
    {"places", "kind_field", K_STR, NULL},
    {"places", "tatorter", K_STR, NULL},
    {"geocode", "gazetteer", K_PATH, NULL},
    {"geocode", "addresses", K_PATH, NULL},
    {"geocode", "places", K_PATH, NULL},
    {"geocode", "min_score", K_DOUBLE, NULL},
    {"geocode", "district_in_analysis", K_BOOL, NULL},
    {"grid", "cell", K_LENGTH, NULL},
    {"grid", "mask", K_BOOL, NULL},
    {"grid", "clip", K_BOOL, NULL},
    {"grid", "population", K_PATH, NULL},
    {"grid", "population_field", K_STR, NULL},
    {"grid", "min_pop", K_DOUBLE, NULL},
    {"kde", "kernel", K_ENUM, "quartic|epanechnikov|triweight|triangular|uniform|gaussian"},
    {"kde", "bandwidth", K_BANDWIDTH, NULL},
    {"kde", "cell", K_LENGTH, NULL},
    {"kde", "mask", K_BOOL, NULL},
    {"kde", "units", K_ENUM, "density|counts"},
    {"kde", "edge", K_BOOL, NULL},
    {"kde", "method", K_ENUM, "auto|exact|binned"},
    {"kde", "tolerance", K_DOUBLE, NULL},
    {"gistar", "cell", K_LENGTH, NULL},
    {"gistar", "distance", K_DISTANCE, NULL},
    {"gistar", "alpha", K_DOUBLE, NULL},
    {"temporal", "by", K_ENUM, "cell|place|hotspot|kommun"},
    {"temporal", "max_window_days", K_DOUBLE, NULL},
    {"temporal", "skollov", K_STR, NULL},
    {"change", "before", K_PERIOD, NULL},
    {"change", "after", K_PERIOD, NULL},
    {"compare", "permutations", K_INT, NULL},
    {"compare", "seed", K_INT, NULL},
    {"compare", "near_repeat_categories", K_STR, NULL},
    {"compare", "bandwidth", K_BANDWIDTH, NULL},
    {"segments", "network", K_PATH, NULL},
    {"segments", "layer", K_STR, NULL},
    {"segments", "name_field", K_STR, NULL},
    {"segments", "type_field", K_STR, NULL},
    {"segments", "snap", K_LENGTH, NULL},
    {"segments", "max_length", K_LENGTH, NULL},
    {"segments", "distance", K_LENGTH, NULL},
    {"segments", "crossings", K_BOOL, NULL},
    {"segments", "top", K_INT, NULL},
    {"privacy", "min_count", K_INT, NULL},
    {"privacy", "public", K_BOOL, NULL},
    {"output", "gpkg", K_PATH, NULL},
    {"output", "maps", K_PATH, NULL},
    {"output", "report", K_PATH, NULL},
    {"output", "formats", K_STR, NULL},
    {"output", "context", K_PATH, NULL},
    {"output", "extent", K_STR, NULL},
    {"output", "postgis", K_STR, NULL},
    {"output", "cadence", K_ENUM, "week|month|tertial"},
    {"measure", "area", K_PATH, NULL},
    {"measure", "layer", K_STR, NULL},
    {"measure", "place", K_STR, NULL},
    {"measure", "start", K_DATE, NULL},
    {"measure", "end", K_DATE, NULL},
    {"measure", "categories", K_STR, NULL},
    {"measure", "buffer", K_BUFFER, NULL},
    {"measure", "control", K_STR, NULL},
    {"measure", "periods", K_ENUM, "equal|last_year"},
    {"output", "schema", K_STR, NULL},
};

typedef struct entry {
    char *section;
    char *key;
    char *value;
    char *path; /* resolved, for K_PATH */
    int line;
} entry;

struct hs_project {
    char *file;
    char *dir;
    entry *e;
    size_t n, cap;
    char **inputs;
    size_t ninputs, capinputs;
    char **measures;
    size_t nmeasures, capmeasures;
    int kommun[64];
    size_t nkommun;
};

typedef struct parse_state {
    hs_project *p;
    hs_ctx *ctx;
    int line;
    int failed;
    FILE *f;
} parse_state;

static const key_spec *find_spec(const char *section, const char *key)
{
    const char *sec = strncmp(section, "input ", 6) == 0     ? "input"
                      : strncmp(section, "measure ", 8) == 0 ? "measure"
                                                             : section;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i].section, sec) == 0 && strcmp(keys[i].key, key) == 0) {
            return &keys[i];
        }
    }
    return NULL;
}

static int known_section(const char *section)
{
    static const char *const names[] = {"project", "places",   "geocode", "grid",    "kde",
                                        "gistar",  "temporal", "change",  "compare", "segments",
                                        "privacy", "output",   "basemap"};
    if ((strncmp(section, "input ", 6) == 0 && section[6] != '\0') ||
        (strncmp(section, "measure ", 8) == 0 && section[8] != '\0')) {
        return 1;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i], section) == 0) {
            return 1;
        }
    }
    return 0;
}

static int parse_date(int64_t *days, const char *s)
{
    int64_t y = 0;
    int m = 0, d = 0;
    size_t n = strlen(s);
    if (n != 10 || s[4] != '-' || s[7] != '-') {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return -1;
        }
    }
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!hs_date_valid(y, m, d)) {
        return -1;
    }
    *days = hs_days_from_civil(y, m, d);
    return 0;
}

/* Parses "START..END" (ISO dates) into day numbers; END inclusive. */
static int parse_period(int64_t *a, int64_t *b, const char *s)
{
    const char *dots = strstr(s, "..");
    if (!dots || dots - s != 10) {
        return -1;
    }
    char first[11];
    memcpy(first, s, 10);
    first[10] = '\0';
    if (parse_date(a, first) != 0 || parse_date(b, dots + 2) != 0 || *b < *a) {
        return -1;
    }
    return 0;
}

static int parse_length(double *out, const char *s)
{
    char num[64];
    size_t n = 0;
    while (s[n] && ((s[n] >= '0' && s[n] <= '9') || s[n] == '.' || s[n] == ',') &&
           n < sizeof num - 1) {
        num[n] = s[n];
        n++;
    }
    num[n] = '\0';
    const char *unit = s + n;
    while (*unit == ' ') {
        unit++;
    }
    double v;
    if (!n || hs__parse_double(&v, num) != HS_OK || !(v > 0)) {
        return -1;
    }
    if (*unit == '\0' || strcmp(unit, "m") == 0) {
        *out = v;
    } else if (strcmp(unit, "km") == 0) {
        *out = v * 1000.0;
    } else {
        return -1;
    }
    return 0;
}

static int parse_bool(int *out, const char *s)
{
    static const char *const yes[] = {"1", "yes", "true", "on", "ja"};
    static const char *const no[] = {"0", "no", "false", "off", "nej"};
    for (size_t i = 0; i < 5; i++) {
        if (hs__strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (hs__strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

static int parse_epsg(int64_t *out, const char *s)
{
    if (hs__strcasecmp(s, "auto") == 0) {
        *out = 0;
        return 0;
    }
    if (strncmp(s, "EPSG:", 5) == 0 || strncmp(s, "epsg:", 5) == 0) {
        s += 5;
    }
    return hs__parse_int64(out, s) == HS_OK && *out > 0 && *out < 1000000 ? 0 : -1;
}

static int enum_ok(const char *choices, const char *v)
{
    size_t lv = strlen(v);
    const char *c = choices;
    while (*c) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        if (len == lv && strncmp(c, v, len) == 0) {
            return 1;
        }
        c += len + (bar ? 1 : 0);
    }
    return 0;
}

/* Checks a value; returns NULL when fine, else what was expected. */
static const char *check_value(const key_spec *k, const char *v)
{
    int64_t i, j;
    double d;
    int b;
    switch (k->type) {
    case K_STR:
    case K_PATH:
        return *v ? NULL : "a non-empty value";
    case K_INT:
        return hs__parse_int64(&i, v) == HS_OK && i >= 0 ? NULL : "a whole number";
    case K_DOUBLE:
        return hs__parse_double(&d, v) == HS_OK ? NULL : "a number";
    case K_LENGTH:
        return parse_length(&d, v) == 0 ? NULL : "a length such as 250, 250m or 1km";
    case K_BOOL:
        return parse_bool(&b, v) == 0 ? NULL : "yes or no";
    case K_ENUM:
        return enum_ok(k->choices, v) ? NULL : k->choices;
    case K_PERIOD:
        return parse_period(&i, &j, v) == 0 ? NULL : "a period YYYY-MM-DD..YYYY-MM-DD";
    case K_EPSG:
        /* any CRS PROJ accepts: resolved (and its errors named) when the inputs are read */
        return parse_epsg(&i, v) == 0 || (*v && !isdigit((unsigned char)*v)) ? NULL : "EPSG:N";
    case K_TZ: {
        hs_tz tz;
        return hs_tz_parse(&tz, v) == HS_OK ? NULL : "Europe/Stockholm or UTC";
    }
    case K_BANDWIDTH:
        if (enum_ok("auto|arcgis|scott|cv", v)) {
            return NULL;
        }
        return parse_length(&d, v) == 0 ? NULL : "a length in metres, or auto, scott, cv";
    case K_DATE:
        return parse_date(&i, v) == 0 ? NULL : "a date YYYY-MM-DD";
    case K_BUFFER:
        if (enum_ok("auto|none", v)) {
            return NULL;
        }
        return parse_length(&d, v) == 0 ? NULL : "a length in metres, auto or none";
    case K_DISTANCE:
        if (strcmp(v, "auto") == 0) {
            return NULL;
        }
        return parse_length(&d, v) == 0 ? NULL : "a length in metres, or auto";
    case K_SHARE: {
        size_t n = strlen(v);
        if (n > 1 && v[n - 1] == '%') {
            char buf[32];
            if (n - 1 >= sizeof buf) {
                return "N or P%";
            }
            memcpy(buf, v, n - 1);
            buf[n - 1] = '\0';
            return hs__parse_double(&d, buf) == HS_OK && d >= 0 && d <= 100 ? NULL : "N or P%";
        }
        return hs__parse_int64(&i, v) == HS_OK && i >= 0 ? NULL : "N or P%";
    }
    case K_KOMMUNS:
        return NULL; /* resolved by handler(), which names the closest kommuner */
    }
    return "a valid value";
}

static char *resolve(const hs_project *p, const char *v)
{
    if (v[0] == '/' || strncmp(v, "PG:", 3) == 0) { /* absolute, or a PostGIS connection */
        return hs__strdup(v);
    }
    size_t n = strlen(p->dir) + strlen(v) + 2;
    char *s = malloc(n);
    if (s) {
        snprintf(s, n, "%s/%s", p->dir, v);
    }
    return s;
}

/* Adds name to a list of section names (inputs, measures) unless it is there. */
static int add_name(char ***list, size_t *n, size_t *cap, const char *name)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*list)[i], name) == 0) {
            return HS_OK;
        }
    }
    if (hs__grow((void **)list, cap, *n + 1, sizeof **list)) {
        return HS_ENOMEM;
    }
    (*list)[*n] = hs__strdup(name);
    return (*list)[(*n)++] ? HS_OK : HS_ENOMEM;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    parse_state *st = user;
    hs_project *p = st->p;
    if (st->failed) {
        return 1; /* keep the first error: inih reports its line */
    }
    st->failed = 1;
    if (!known_section(section)) {
        hs__error(st->ctx, HS_EINVAL, "%s: unknown section [%s]", p->file, section);
        return 0;
    }
    if (!name) {
        st->failed = 0;
        return 1; /* a section header alone */
    }
    const key_spec *k = find_spec(section, name);
    if (!k) {
        hs__error(st->ctx, HS_EINVAL, "%s: unknown key '%s' in [%s]", p->file, name, section);
        return 0;
    }
    if (k->type == K_KOMMUNS) {
        size_t nk = 0;
        if (hs_kommun_resolve(p->kommun, sizeof p->kommun / sizeof p->kommun[0], &nk, st->ctx,
                              value) != HS_OK) {
            char m[1024];
            hs__fmt(m, sizeof m, "%s", hs_ctx_errmsg(st->ctx));
            hs__error(st->ctx, HS_EINVAL,
                      "%s: key '%s' in [%s]: %s (codes or names, e.g. 1487 or "
                      "Vänersborg, separated by commas)",
                      p->file, name, section, m);
            return 0;
        }
        p->nkommun = nk;
    }
    const char *bad = check_value(k, value);
    if (bad) {
        hs__error(st->ctx, HS_EINVAL, "%s: key '%s' in [%s]: '%s' is not valid (expected %s)",
                  p->file, name, section, value, bad);
        return 0;
    }
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->e[i].section, section) == 0 && strcmp(p->e[i].key, name) == 0) {
            hs__error(st->ctx, HS_EINVAL, "%s: key '%s' in [%s] is given twice", p->file, name,
                      section);
            return 0;
        }
    }
    if ((strncmp(section, "input ", 6) == 0 &&
         add_name(&p->inputs, &p->ninputs, &p->capinputs, section + 6) != HS_OK) ||
        (strncmp(section, "measure ", 8) == 0 &&
         add_name(&p->measures, &p->nmeasures, &p->capmeasures, section + 8) != HS_OK)) {
        hs__error(st->ctx, HS_ENOMEM, "%s: out of memory", p->file);
        return 0;
    }
    if (hs__grow((void **)&p->e, &p->cap, p->n + 1, sizeof *p->e) != HS_OK) {
        hs__error(st->ctx, HS_ENOMEM, "%s: out of memory", p->file);
        return 0;
    }
    entry *e = &p->e[p->n];
    memset(e, 0, sizeof *e);
    e->section = hs__strdup(section);
    e->key = hs__strdup(name);
    e->value = hs__strdup(value);
    e->path = k->type == K_PATH ? resolve(p, value) : NULL;
    e->line = 0;
    p->n++;
    if (!e->section || !e->key || !e->value || (k->type == K_PATH && !e->path)) {
        hs__error(st->ctx, HS_ENOMEM, "%s: out of memory", p->file);
        return 0;
    }
    st->failed = 0;
    return 1;
}

/* inih does not hand the line to the handler in Debian's build: find it afterwards. */
static void assign_lines(hs_project *p, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        return;
    }
    char line[4096];
    char section[256] = "";
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (end) {
                size_t n = (size_t)(end - s - 1);
                if (n >= sizeof section) {
                    n = sizeof section - 1;
                }
                memcpy(section, s + 1, n);
                section[n] = '\0';
            }
            continue;
        }
        char *eq = strpbrk(s, "=:");
        if (!eq || *s == ';' || *s == '#') {
            continue;
        }
        char *kend = eq;
        while (kend > s && (kend[-1] == ' ' || kend[-1] == '\t')) {
            kend--;
        }
        for (size_t i = 0; i < p->n; i++) {
            if (!p->e[i].line && strcmp(p->e[i].section, section) == 0 &&
                strlen(p->e[i].key) == (size_t)(kend - s) &&
                strncmp(p->e[i].key, s, (size_t)(kend - s)) == 0) {
                p->e[i].line = lineno;
            }
        }
    }
    fclose(f);
}

int hs_project_open(hs_project **out, hs_ctx *ctx, const char *path)
{
    if (!out || !path) {
        return hs__error(ctx, HS_EINVAL, "no project file given");
    }
    *out = NULL;
    hs_project *p = calloc(1, sizeof *p);
    if (!p) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    p->file = hs__strdup(path);
    const char *slash = strrchr(path, '/');
    if (slash) {
        size_t n = (size_t)(slash - path);
        p->dir = malloc(n + 2);
        if (p->dir) {
            memcpy(p->dir, path, n ? n : 1);
            p->dir[n ? n : 1] = '\0';
        }
    } else {
        p->dir = hs__strdup(".");
    }
    if (!p->file || !p->dir) {
        hs_project_free(p);
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        int e = errno;
        hs_project_free(p);
        return hs__error(ctx, e == ENOENT ? HS_ENOTFOUND : HS_EIO, "%s: cannot open: %s", path,
                         strerror(e));
    }
    parse_state st = {p, ctx, 0, 0, f};
    hs_ctx_clear_error(ctx);
    int rc = ini_parse_file(f, handler, &st);
    fclose(f);
    if (rc != 0) {
        char msg[1100];
        const char *m = hs_ctx_errmsg(ctx);
        size_t plen = strlen(path);
        if (m && *m && strncmp(m, path, plen) == 0 && m[plen] == ':') {
            /* insert the line number after the file name */
            hs__fmt(msg, sizeof msg, "%s:%d:%s", path, rc, m + plen + 1);
        } else if (rc > 0) {
            hs__fmt(msg, sizeof msg, "%s:%d: syntax error", path, rc);
        } else {
            hs__fmt(msg, sizeof msg, "%s: cannot read", path);
        }
        hs_project_free(p);
        return hs__error(ctx, HS_EINVAL, "%s", msg);
    }
    assign_lines(p, path);
    for (size_t i = 0; i < p->ninputs; i++) {
        char sec[300];
        hs__fmt(sec, sizeof sec, "input %s", p->inputs[i]);
        if (!hs_project_get(p, sec, "path")) {
            hs__error(ctx, HS_EINVAL, "%s: [%s] has no 'path'", path, sec);
            hs_project_free(p);
            return HS_EINVAL;
        }
    }
    for (size_t i = 0; i < p->nmeasures; i++) {
        char sec[300];
        hs__fmt(sec, sizeof sec, "measure %s", p->measures[i]);
        int areas = !!hs_project_get(p, sec, "area") + !!hs_project_get(p, sec, "place");
        const char *why = areas != 1 ? "needs one of 'area' (a polygon file) or 'place'"
                          : !hs_project_get(p, sec, "start") ? "has no 'start' date"
                                                             : NULL;
        const char *s0 = hs_project_get(p, sec, "start"), *s1 = hs_project_get(p, sec, "end");
        if (!why && s1 && strcmp(s1, s0) < 0) {
            why = "ends before it starts";
        }
        if (why) {
            hs__error(ctx, HS_EINVAL, "%s: [%s] %s", path, sec, why);
            hs_project_free(p);
            return HS_EINVAL;
        }
    }
    *out = p;
    return HS_OK;
}

void hs_project_free(hs_project *p)
{
    if (!p) {
        return;
    }
    for (size_t i = 0; i < p->n; i++) {
        free(p->e[i].section);
        free(p->e[i].key);
        free(p->e[i].value);
        free(p->e[i].path);
    }
    for (size_t i = 0; i < p->ninputs; i++) {
        free(p->inputs[i]);
    }
    for (size_t i = 0; i < p->nmeasures; i++) {
        free(p->measures[i]);
    }
    free(p->measures);
    free(p->inputs);
    free(p->e);
    free(p->file);
    free(p->dir);
    free(p);
}

const char *hs_project_file(const hs_project *p)
{
    return p->file;
}

const char *hs_project_dir(const hs_project *p)
{
    return p->dir;
}

static const entry *find(const hs_project *p, const char *section, const char *key)
{
    for (size_t i = 0; p && i < p->n; i++) {
        if (strcmp(p->e[i].section, section) == 0 && strcmp(p->e[i].key, key) == 0) {
            return &p->e[i];
        }
    }
    return NULL;
}

const char *hs_project_get(const hs_project *p, const char *section, const char *key)
{
    const entry *e = find(p, section, key);
    return e ? e->value : NULL;
}

int hs_project_line(const hs_project *p, const char *section, const char *key)
{
    const entry *e = find(p, section, key);
    return e ? e->line : 0;
}

const char *hs_project_path(const hs_project *p, const char *section, const char *key)
{
    const entry *e = find(p, section, key);
    return e ? e->path : NULL;
}

double hs_project_double(const hs_project *p, const char *section, const char *key, double def)
{
    const entry *e = find(p, section, key);
    double v;
    if (!e) {
        return def;
    }
    if (parse_length(&v, e->value) == 0 || hs__parse_double(&v, e->value) == HS_OK) {
        return v;
    }
    return def;
}

int64_t hs_project_int(const hs_project *p, const char *section, const char *key, int64_t def)
{
    const entry *e = find(p, section, key);
    int64_t v;
    return e && hs__parse_int64(&v, e->value) == HS_OK ? v : def;
}

int hs_project_bool(const hs_project *p, const char *section, const char *key, int def)
{
    const entry *e = find(p, section, key);
    int v;
    return e && parse_bool(&v, e->value) == 0 ? v : def;
}

size_t hs_project_input_count(const hs_project *p)
{
    return p ? p->ninputs : 0;
}

const char *hs_project_input_name(const hs_project *p, size_t i)
{
    return p && i < p->ninputs ? p->inputs[i] : NULL;
}

size_t hs_project_measure_count(const hs_project *p)
{
    return p ? p->nmeasures : 0;
}

const char *hs_project_measure_name(const hs_project *p, size_t i)
{
    return p && i < p->nmeasures ? p->measures[i] : NULL;
}

size_t hs_project_kommun_count(const hs_project *p)
{
    return p ? p->nkommun : 0;
}

int hs_project_kommun(const hs_project *p, size_t i)
{
    return p && i < p->nkommun ? p->kommun[i] : 0;
}
