/*
 * The built-in layer styles: parses the style files embedded at build time (styles/<kind>.style,
 * see styles/embed.cmake) once, on first use, into static hs_style values, and looks colours and
 * classes up. Format: "[style]" then key = value lines, then one "[class]" section per class or
 * ramp stop; '#' starts a comment line. No I/O, no third-party libraries; it must never print.
 */
#include "core/hs_internal.h"
#include "style/style.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STYLES 32

static hs_style g_styles[MAX_STYLES];
static size_t g_nstyles;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
        s[--n] = '\0';
    }
    return s;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* "#rrggbb" or "#rrggbbaa". */
static int parse_colour(hs_rgba *out, const char *s)
{
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 7 && n != 9)) {
        return HS_EINVAL;
    }
    double v[4] = {0, 0, 0, 1};
    for (size_t k = 0; k < (n - 1) / 2; k++) {
        int hi = hexval((unsigned char)s[1 + 2 * k]);
        int lo = hexval((unsigned char)s[2 + 2 * k]);
        if (hi < 0 || lo < 0) {
            return HS_EINVAL;
        }
        v[k] = (hi * 16 + lo) / 255.0;
    }
    out->r = v[0];
    out->g = v[1];
    out->b = v[2];
    out->a = v[3];
    return HS_OK;
}

typedef struct parse_state {
    hs_style *st;
    hs_style_class *cls; /* growing array */
    size_t cap;
    int in_class;
    int has_stroke;
    hs_rgba stroke;
    double opacity; /* of the current class */
} parse_state;

static int style_key(parse_state *ps, const char *key, char *val)
{
    hs_style *st = ps->st;
    const char *v = *val ? val : NULL;
    if (!strcmp(key, "kind")) {
        st->kind = v;
    } else if (!strcmp(key, "layer")) {
        st->layer = v;
    } else if (!strcmp(key, "field")) {
        st->field = v;
    } else if (!strcmp(key, "title_sv")) {
        st->title_sv = v;
    } else if (!strcmp(key, "title_en")) {
        st->title_en = v;
    } else if (!strcmp(key, "geometry")) {
        st->geometry = v;
    } else if (!strcmp(key, "type")) {
        if (!v) {
            return HS_EDATA;
        } else if (!strcmp(v, "categorized")) {
            st->type = HS_STYLE_CATEGORIZED;
        } else if (!strcmp(v, "graduated")) {
            st->type = HS_STYLE_GRADUATED;
        } else if (!strcmp(v, "ramp")) {
            st->type = HS_STYLE_RAMP;
        } else if (!strcmp(v, "single")) {
            st->type = HS_STYLE_SINGLE;
        } else {
            return HS_EDATA;
        }
    } else if (!strcmp(key, "stroke")) {
        ps->has_stroke = 1;
        return parse_colour(&ps->stroke, val);
    } else if (!strcmp(key, "stroke_width")) {
        return hs__parse_double(&st->stroke_width, val);
    } else if (!strcmp(key, "point_size")) {
        return hs__parse_double(&st->point_size, val);
    } else {
        return HS_EDATA;
    }
    return HS_OK;
}

static int class_key(parse_state *ps, const char *key, char *val)
{
    hs_style_class *c = &ps->cls[ps->st->nclasses - 1];
    if (!strcmp(key, "value")) {
        if (!strcmp(val, "*")) {
            c->value = NULL;
        } else {
            c->value = val;
            double d;
            if (hs__parse_double(&d, val) == HS_OK) {
                c->lo = d;
                c->hi = d;
            }
        }
    } else if (!strcmp(key, "stop")) {
        int rc = hs__parse_double(&c->lo, val);
        c->hi = c->lo;
        return rc;
    } else if (!strcmp(key, "range")) {
        char *comma = strchr(val, ',');
        if (!comma) {
            return HS_EDATA;
        }
        *comma = '\0';
        char *hi = trim(comma + 1);
        int rc = hs__parse_double(&c->lo, trim(val));
        if (rc) {
            return rc;
        }
        if (*hi) {
            return hs__parse_double(&c->hi, hi);
        }
        c->hi = INFINITY;
    } else if (!strcmp(key, "fill")) {
        return parse_colour(&c->fill, val);
    } else if (!strcmp(key, "stroke")) {
        return parse_colour(&c->stroke, val);
    } else if (!strcmp(key, "opacity")) {
        return hs__parse_double(&ps->opacity, val);
    } else if (!strcmp(key, "width")) {
        return hs__parse_double(&c->width, val);
    } else if (!strcmp(key, "label_sv")) {
        c->label_sv = val;
    } else if (!strcmp(key, "label_en")) {
        c->label_en = val;
    } else if (!strcmp(key, "match")) {
        c->match = val;
    } else {
        return HS_EDATA;
    }
    return HS_OK;
}

static void finish_class(parse_state *ps)
{
    if (!ps->in_class) {
        return;
    }
    hs_style_class *c = &ps->cls[ps->st->nclasses - 1];
    c->fill.a *= ps->opacity;
    if (c->stroke.a < 0) {
        if (ps->has_stroke) {
            c->stroke = ps->stroke;
        } else {
            hs_rgba grey = {0.2, 0.2, 0.2, 1.0};
            c->stroke = grey;
        }
    }
}

/* Parses text (modified in place; the style keeps pointers into it). */
static int parse_style(hs_style *st, char *text)
{
    parse_state ps;
    memset(&ps, 0, sizeof ps);
    ps.st = st;
    memset(st, 0, sizeof *st);
    char *line = text;
    int rc = HS_OK;
    while (line && rc == HS_OK) {
        char *next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }
        char *s = trim(line);
        line = next;
        if (!*s || *s == '#') {
            continue;
        }
        if (!strcmp(s, "[style]")) {
            continue;
        }
        if (!strcmp(s, "[class]")) {
            finish_class(&ps);
            void *buf = ps.cls;
            rc = hs__grow(&buf, &ps.cap, st->nclasses + 1, sizeof *ps.cls);
            if (rc) {
                break;
            }
            ps.cls = buf;
            hs_style_class *c = &ps.cls[st->nclasses++];
            memset(c, 0, sizeof *c);
            c->lo = NAN;
            c->hi = NAN;
            c->stroke.a = -1;
            ps.opacity = 1.0;
            ps.in_class = 1;
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            rc = HS_EDATA;
            break;
        }
        *eq = '\0';
        char *key = trim(s);
        char *val = trim(eq + 1);
        rc = ps.in_class ? class_key(&ps, key, val) : style_key(&ps, key, val);
    }
    finish_class(&ps);
    if (rc || !st->kind || !st->nclasses) {
        free(ps.cls);
        memset(st, 0, sizeof *st);
        return rc ? rc : HS_EDATA;
    }
    if (!st->layer) {
        st->layer = st->kind;
    }
    if (!st->title_en) {
        st->title_en = st->title_sv;
    }
    st->classes = ps.cls;
    return HS_OK;
}

static void load_all(void)
{
    size_t n = hs__style_source_count();
    for (size_t i = 0; i < n && g_nstyles < MAX_STYLES; i++) {
        const char *src = hs__style_source(i, NULL);
        char *copy = hs__strdup(src);
        if (!copy) {
            continue;
        }
        if (parse_style(&g_styles[g_nstyles], copy) == HS_OK) {
            g_nstyles++;
        } else {
            free(copy);
        }
    }
}

static void ensure_loaded(void)
{
    pthread_once(&g_once, load_all);
}

size_t hs_style_count(void)
{
    ensure_loaded();
    return g_nstyles;
}

const hs_style *hs_style_at(size_t i)
{
    ensure_loaded();
    return i < g_nstyles ? &g_styles[i] : NULL;
}

const hs_style *hs_style_get(const char *kind)
{
    ensure_loaded();
    for (size_t i = 0; kind && i < g_nstyles; i++) {
        if (!strcmp(g_styles[i].kind, kind)) {
            return &g_styles[i];
        }
    }
    return NULL;
}

const hs_style *hs_style_for_layer(const char *layer)
{
    ensure_loaded();
    for (size_t i = 0; layer && i < g_nstyles; i++) {
        if (!strcmp(g_styles[i].layer, layer)) {
            return &g_styles[i];
        }
    }
    /* the complaint layers (complaints_grid, complaints_gistar, ...) share the incident styles */
    if (layer && strncmp(layer, "complaints_", 11) == 0) {
        return hs_style_for_layer(layer + 11);
    }
    return NULL;
}

static hs_rgba mix(hs_rgba a, hs_rgba b, double t)
{
    hs_rgba c = {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t,
                 a.a + (b.a - a.a) * t};
    return c;
}

hs_rgba hs_style_color_at(const hs_style *style, double value)
{
    hs_rgba none = {0, 0, 0, 0};
    if (!style || !style->nclasses || isnan(value)) {
        return none;
    }
    const hs_style_class *c = style->classes;
    size_t n = style->nclasses;
    if (style->type == HS_STYLE_SINGLE) {
        return c[0].fill;
    }
    if (style->type == HS_STYLE_RAMP) {
        if (value <= c[0].lo) {
            return c[0].fill;
        }
        for (size_t i = 1; i < n; i++) {
            if (value <= c[i].lo) {
                double span = c[i].lo - c[i - 1].lo;
                double t = span > 0 ? (value - c[i - 1].lo) / span : 1.0;
                return mix(c[i - 1].fill, c[i].fill, t);
            }
        }
        return c[n - 1].fill;
    }
    const hs_style_class *k = hs_style_class_for(style, NULL, value);
    return k ? k->fill : none;
}

const hs_style_class *hs_style_class_for(const hs_style *style, const char *text, double value)
{
    if (!style) {
        return NULL;
    }
    const hs_style_class *fallback = NULL;
    for (size_t i = 0; i < style->nclasses; i++) {
        const hs_style_class *c = &style->classes[i];
        switch (style->type) {
        case HS_STYLE_CATEGORIZED:
            if (!c->value) {
                fallback = c;
            } else if (text ? !hs__strcasecmp(text, c->value) : value == c->lo) {
                return c;
            }
            break;
        case HS_STYLE_GRADUATED:
            if (value >= c->lo && value < c->hi) {
                return c;
            }
            break;
        default:
            return c;
        }
    }
    return fallback;
}

const char *hs_style_title(const hs_style *style, const char *lang)
{
    if (!style) {
        return NULL;
    }
    if (lang && !strcmp(lang, "en") && style->title_en) {
        return style->title_en;
    }
    return style->title_sv;
}

const char *hs_style_label(const hs_style_class *cls, const char *lang)
{
    if (!cls) {
        return NULL;
    }
    if (lang && !strcmp(lang, "en") && cls->label_en) {
        return cls->label_en;
    }
    return cls->label_sv;
}
