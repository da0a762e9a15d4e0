/*
 * Places read from event texts (hs_geocode_place_text): the place mentions the polisen.se reader
 * left in a record's address ("@pt" lines, see ingest/place_text.c) looked up in the gazetteer's
 * street and place groups of the event's kommun and in the kommun's built-in tätorter, with the
 * evidence each needs (a street suffix, a locative word before it, a house number, a second street
 * of an intersection). The most precise consistent answer wins: an intersection of two named
 * streets, a street (its part nearest a district or place also named), a place, a district; two
 * streets far apart or a name spread over the kommun are not guessed (place_ambiguous). Never
 * outside the event's kommun. Only the matched phrase is kept, never the text.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXM 24
#define INTER_MAX_M 120.0    /* two streets meet: their nearest points this close */
#define STREETS_NEAR_M 800.0 /* several streets named: all this close to the first */
#define SPREAD_MAX_M 3000.0  /* several places or districts named: all this close to the first */
#define SUPPORT_M 3000.0     /* a district or place within this of a street picks its part */

typedef struct mention {
    char field;
    char flags[8];
    char phrase[160];
    char a[100], b[100]; /* the streets of an intersection */
} mention;

typedef enum { C_STREET, C_PLACE, C_DISTRICT } ckind;

typedef struct cand {
    ckind kind;
    int m;         /* mention index */
    size_t lo, hi; /* groups (streets, places) or [tätort index, +1) (districts) */
    double x, y;   /* representative point */
    int parts;     /* separate places of that name */
    int fixed;     /* a name a typo away from the text's (place_fuzzy.c): 1 the mention's phrase, 2
                      and 3 its first and second street */
} cand;

typedef struct tat_ref {
    char key[80];
    char name[80];
    double x, y;
    int kommun;
} tat_ref;

typedef struct kname {
    char key[64];
    int code;
} kname;

typedef struct pt_state {
    hs_ctx *ctx;
    const hs_gazetteer *g;
    tat_ref *tat;
    size_t ntat;
    kname *kn;
    size_t nkn;
    hs__fuzzy *fz; /* the gazetteer's street names for misspelt ones */
} pt_state;

static int has(const char *flags, char c)
{
    return strchr(flags, c) != NULL;
}

static void key_of(char *out, size_t size, const char *s)
{
    char sim[160];
    hs__text_sim(sim, sizeof sim, s);
    hs__text_key(out, size, sim);
}

static const char *field_name(char f)
{
    return f == 'b' ? "body" : (f == 't' ? "title" : "summary");
}

static size_t parse_mentions(mention *m, size_t cap, const char *s, char *loc, size_t lsize,
                             char *tplace, size_t tsize)
{
    size_t n = 0;
    loc[0] = tplace[0] = '\0';
    while (s && *s) {
        const char *e = strchr(s, '\n');
        size_t L = e ? (size_t)(e - s) : strlen(s);
        char line[300];
        hs__fmt(line, sizeof line, "%.*s", (int)L, s);
        if (line[0] == 'k' && line[1] == '\t') {
            hs__fmt(loc, lsize, "%s", line + 2);
        } else if (line[0] == 't' && line[1] == '\t') {
            hs__fmt(tplace, tsize, "%s", line + 2);
        } else if (line[0] == 'm' && line[1] == '\t' && n < cap) {
            char *f = line + 2;
            char *t1 = strchr(f, '\t');
            char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
            if (t1 && t2) {
                mention *x = &m[n];
                memset(x, 0, sizeof *x);
                x->field = *f;
                hs__fmt(x->flags, sizeof x->flags, "%.*s", (int)(t2 - t1 - 1), t1 + 1);
                hs__fmt(x->phrase, sizeof x->phrase, "%s", t2 + 1);
                char *slash = strchr(x->phrase, '/');
                if (slash) {
                    hs__fmt(x->a, sizeof x->a, "%.*s", (int)(slash - x->phrase), x->phrase);
                    hs__fmt(x->b, sizeof x->b, "%s", slash + 1);
                }
                n++;
            }
        }
        s = e ? e + 1 : NULL;
    }
    return n;
}

/* A name of a kommun in the gazetteer: the range of groups with its key there (spellings that
 * differ only in diacritics, "Tycho Hedéns väg" and "Tycho Hedens väg", are one name). */
typedef struct nref {
    size_t lo, hi;
} nref;

#define NO_NAME ((size_t)-1)

/* The street or place groups of a name in a kommun (genitive "Kungsgatans", "S:t Persgatan" for
 * "Persgatan" and a house number "Kungsgatan 12" tried too); lo = NO_NAME when none. */
/* The key form of a name without its house number ("Kungsgatan 12 B" -> "kungsgatan"). */
static void base_text(char *buf, size_t size, const char *name)
{
    hs__fmt(buf, size, "%s", name);
    size_t L = strlen(buf);
    while (L > 0 && ((buf[L - 1] >= '0' && buf[L - 1] <= '9') ||
                     (buf[L - 1] >= 'A' && buf[L - 1] <= 'Z' && L > 1 && buf[L - 2] >= '0' &&
                      buf[L - 2] <= '9'))) {
        L--;
    }
    while (L > 0 && buf[L - 1] == ' ') {
        L--;
    }
    buf[L] = '\0';
}

static void base_key(char *base, size_t size, const char *name)
{
    char buf[160];
    base_text(buf, sizeof buf, name);
    key_of(base, size, buf);
}

static nref find_name(const hs_gazetteer *g, int place, const char *name, int kommun)
{
    nref r = {NO_NAME, NO_NAME};
    char base[160];
    base_key(base, sizeof base, name);
    if (!base[0]) {
        return r;
    }
    for (int pass = 0; pass < 4; pass++) {
        char key[170];
        size_t k = strlen(base);
        if (pass == 0) {
            hs__fmt(key, sizeof key, "%s", base);
        } else if (pass == 1) {
            if (k < 5 || base[k - 1] != 's') {
                continue;
            }
            hs__fmt(key, sizeof key, "%.*s", (int)(k - 1), base);
        } else if (pass == 2 && !place) {
            hs__fmt(key, sizeof key, "st%s", base);
        } else if (pass == 3 && !place) {
            hs__fmt(key, sizeof key, "sankt%s", base);
        } else {
            continue;
        }
        size_t end = 0, i = hs__gzidx_find_key(g, place, key, &end);
        for (; i < end; i++) {
            if (g->groups[i].kommun == kommun) {
                r.lo = i;
                r.hi = i + 1;
                while (r.hi < end && g->groups[r.hi].kommun == kommun) {
                    r.hi++;
                }
                return r;
            }
        }
    }
    return r;
}

#define LINK_M 500.0 /* points of one street: each within this of another (single linkage) */
#define MAXPTS 4096

typedef struct pts {
    double x[MAXPTS], y[MAXPTS];
    size_t n;
} pts;

/* The points of a name (at most MAXPTS). */
static void collect(pts *p, const hs_gazetteer *g, nref r)
{
    p->n = 0;
    for (size_t gi = r.lo; gi < r.hi; gi++) {
        const hs_gz_group *gr = &g->groups[gi];
        for (uint32_t i = gr->first; i < gr->first + gr->count && p->n < MAXPTS; i++) {
            const hs_gz_entry *e = &g->e[g->order[i]];
            p->x[p->n] = e->x;
            p->y[p->n] = e->y;
            p->n++;
        }
    }
}

static __thread pts pa_, pb_;

/* The member nearest the members' mean: a point on the street. */
static void name_point(const hs_gazetteer *g, nref r, double *x, double *y)
{
    pts *p = &pa_;
    collect(p, g, r);
    double mx = 0, my = 0;
    for (size_t i = 0; i < p->n; i++) {
        mx += p->x[i];
        my += p->y[i];
    }
    mx /= p->n > 0 ? (double)p->n : 1;
    my /= p->n > 0 ? (double)p->n : 1;
    double best = INFINITY;
    for (size_t i = 0; i < p->n; i++) {
        double d = (p->x[i] - mx) * (p->x[i] - mx) + (p->y[i] - my) * (p->y[i] - my);
        if (d < best) {
            best = d;
            *x = p->x[i];
            *y = p->y[i];
        }
    }
}

/* How many separate places carry the name: clusters of its points linked within LINK_M. */
static int name_parts(const hs_gazetteer *g, nref r)
{
    pts *p = &pa_;
    collect(p, g, r);
    static __thread int comp[MAXPTS];
    static __thread size_t stack[MAXPTS];
    for (size_t i = 0; i < p->n; i++) {
        comp[i] = -1;
    }
    int nc = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (comp[i] >= 0) {
            continue;
        }
        size_t sp = 0;
        stack[sp++] = i;
        comp[i] = nc;
        while (sp) {
            size_t k = stack[--sp];
            for (size_t j = 0; j < p->n; j++) {
                double dx = p->x[j] - p->x[k], dy = p->y[j] - p->y[k];
                if (comp[j] < 0 && dx * dx + dy * dy <= LINK_M * LINK_M) {
                    comp[j] = nc;
                    stack[sp++] = j;
                }
            }
        }
        nc++;
    }
    return nc;
}

/* Nearest points of two names: their distance, and the midpoint. */
static double name_meet(const hs_gazetteer *g, nref a, nref b, double *mx, double *my)
{
    collect(&pa_, g, a);
    collect(&pb_, g, b);
    double best = INFINITY;
    for (size_t i = 0; i < pa_.n; i++) {
        for (size_t j = 0; j < pb_.n; j++) {
            double dx = pa_.x[i] - pb_.x[j], dy = pa_.y[i] - pb_.y[j];
            double d = dx * dx + dy * dy;
            if (d < best) {
                best = d;
                *mx = (pa_.x[i] + pb_.x[j]) / 2;
                *my = (pa_.y[i] + pb_.y[j]) / 2;
            }
        }
    }
    return sqrt(best);
}

/* The point of a name nearest (x, y). */
static double name_nearest(const hs_gazetteer *g, nref r, double x, double y, double *ox,
                           double *oy)
{
    collect(&pa_, g, r);
    double best = INFINITY;
    for (size_t i = 0; i < pa_.n; i++) {
        double d = hypot(pa_.x[i] - x, pa_.y[i] - y);
        if (d < best) {
            best = d;
            *ox = pa_.x[i];
            *oy = pa_.y[i];
        }
    }
    return best;
}

static int kommun_of(const pt_state *s, const char *name)
{
    if (!name || !*name) {
        return 0;
    }
    size_t L = strlen(name);
    if (L >= 5 && strcmp(name + L - 5, " l\xc3\xa4n") == 0) {
        return 0;
    }
    char key[64];
    hs__kommun_key(key, sizeof key, name);
    for (size_t i = 0; i < s->nkn; i++) {
        if (strcmp(s->kn[i].key, key) == 0) {
            return s->kn[i].code;
        }
    }
    return 0;
}

static int cmp_tat(const void *a, const void *b)
{
    const tat_ref *x = a, *y = b;
    if (x->kommun != y->kommun) {
        return x->kommun - y->kommun;
    }
    return strcmp(x->key, y->key);
}

static const tat_ref *find_tatort(const pt_state *s, const char *name, int kommun)
{
    char key[80];
    key_of(key, sizeof key, name);
    size_t lo = 0, hi = s->ntat;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const tat_ref *t = &s->tat[mid];
        int c = t->kommun != kommun ? t->kommun - kommun : strcmp(t->key, key);
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < s->ntat && s->tat[lo].kommun == kommun && strcmp(s->tat[lo].key, key) == 0
               ? &s->tat[lo]
               : NULL;
}

static int state_init(pt_state *s, hs_ctx *ctx, const hs_gazetteer *g)
{
    memset(s, 0, sizeof *s);
    s->ctx = ctx;
    s->g = g;
    hs_kommun *all = NULL;
    size_t nall = 0;
    if (hs_kommun_list(&all, &nall, ctx) != HS_OK) {
        return hs__error(ctx, HS_ENOTFOUND,
                         "place text: the built-in kommun geography is needed to know each "
                         "event's kommun (%s)",
                         hs_ctx_errmsg(ctx));
    }
    s->kn = calloc(nall + 1, sizeof *s->kn);
    if (!s->kn) {
        free(all);
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nall; i++) {
        hs__kommun_key(s->kn[i].key, sizeof s->kn[i].key, all[i].name);
        s->kn[i].code = all[i].code;
    }
    s->nkn = nall;
    free(all);
    if (g && hs__fuzzy_new(&s->fz, g) != HS_OK) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    hs_tatort *t = NULL;
    size_t nt = 0;
    if (hs_kommun_tatorter(&t, &nt, ctx, 0) == HS_OK && nt > 0) {
        s->tat = calloc(nt, sizeof *s->tat);
        if (!s->tat) {
            free(t);
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < nt; i++) {
            key_of(s->tat[i].key, sizeof s->tat[i].key, t[i].name);
            hs__fmt(s->tat[i].name, sizeof s->tat[i].name, "%s", t[i].name);
            s->tat[i].x = t[i].x;
            s->tat[i].y = t[i].y;
            s->tat[i].kommun = t[i].kommun_code;
        }
        s->ntat = nt;
        qsort(s->tat, nt, sizeof *s->tat, cmp_tat);
    }
    free(t);
    return HS_OK;
}

static void state_free(pt_state *s)
{
    free(s->tat);
    free(s->kn);
    hs__fuzzy_free(s->fz);
}

/* A street of the kommun by the name in a text, else (a street-like name) by the one name a typo
 * away (*fixed = 1); two such names: none, and *tie names them. */
static nref find_street(int *fixed, const char **tie, const pt_state *s, const char *name,
                        int kommun)
{
    *fixed = 0;
    nref r = find_name(s->g, 0, name, kommun);
    char text[160], key[160];
    if (r.lo != NO_NAME || !hs__fuzzy_kommun(s->fz, kommun)) {
        return r;
    }
    base_text(text, sizeof text, name);
    if (!hs__street_like(text)) {
        return r;
    }
    key_of(key, sizeof key, text);
    const char *match = NULL, *other = NULL;
    int k = hs__fuzzy_street(&match, &other, s->fz, key, kommun);
    size_t L = strlen(key);
    if (k == 0 && L > 8 && key[L - 1] == 's') {
        key[L - 1] = '\0'; /* genitive */
        k = hs__fuzzy_street(&match, &other, s->fz, key, kommun);
    }
    if (k == 1) {
        r = find_name(s->g, 0, match, kommun);
        *fixed = r.lo != NO_NAME;
    } else if (k == 2) {
        tie[0] = match;
        tie[1] = other;
    }
    return r;
}

/* A single-name mention counts only with evidence: a street suffix, a house number or a locative
 * word before it; a sentence's first word never alone. */
static int evidence(const mention *m)
{
    if (has(m->flags, 'x') || has(m->flags, 'n')) {
        return 1;
    }
    return has(m->flags, 'p');
}

typedef struct answer {
    hs_precision prec;
    double x, y;
    int m; /* mention that placed it */
    char text[200];
    char label[160];
    int ambiguous;
    char cands[400];
    char fixes[300]; /* names used a typo away from the text's, with their points */
} answer;

static void add_cand_text(answer *a, const char *name, double x, double y)
{
    size_t L = strlen(a->cands);
    hs__fmt(a->cands + L, sizeof a->cands - L, "%s%s (%.0f %.0f)", L ? "; " : "", name, x, y);
}

/* The gazetteer's spelling of a street used in place of the text's, with a point of it. */
static void add_fix(answer *a, const hs_gazetteer *g, const char *written, nref r, double x,
                    double y)
{
    size_t L = strlen(a->fixes);
    hs__fmt(a->fixes + L, sizeof a->fixes - L, "%s%s -> %s (%.0f %.0f)", L ? "; " : "", written,
            hs__strpool_get(&g->pool, g->e[g->groups[r.lo].rep].label), x, y);
}

static int cand_name(cand *c, const hs_gazetteer *g, ckind kind, int m, nref r)
{
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->m = m;
    c->lo = r.lo;
    c->hi = r.hi;
    name_point(g, r, &c->x, &c->y);
    c->parts = name_parts(g, r);
    return 1;
}

static nref cref(const cand *c)
{
    nref r = {c->lo, c->hi};
    return r;
}

static void ambiguous2(answer *a, const char *text, const char *n1, double x1, double y1,
                       const char *n2, double x2, double y2)
{
    a->ambiguous = 1;
    hs__fmt(a->text, sizeof a->text, "%s", text);
    add_cand_text(a, n1, x1, y1);
    if (n2) {
        add_cand_text(a, n2, x2, y2);
    }
}

/* The parts of a name spread over the kommun, for the review list. */
static void ambiguous_parts(answer *a, const hs_gazetteer *g, const mention *m, const cand *c)
{
    a->ambiguous = 1;
    hs__fmt(a->text, sizeof a->text, "%s", m[c->m].phrase);
    add_cand_text(a, m[c->m].phrase, c->x, c->y);
    size_t L = strlen(a->cands);
    hs__fmt(a->cands + L, sizeof a->cands - L, ": %d separate places of that name", c->parts);
    (void)g;
}

/* A mention's first tie between two street names a typo away (for the review list). */
typedef struct fz_tie {
    int m;
    const char *key[2];
} fz_tie;

/* Mention i as a street a typo away from its name (street-like names only); 1 when added to c
 * (a street not there yet), a tie kept in *tie. */
static int fuzzy_cand(cand *out, fz_tie *tie, const pt_state *s, const mention *m, size_t i,
                      const cand *c, size_t nc, int kommun)
{
    if (!s->g || nc >= MAXM * 2) {
        return 0;
    }
    int fixed = 0;
    const char *t[2] = {NULL, NULL};
    nref r = find_street(&fixed, t, s, m[i].phrase, kommun);
    if (t[0] && tie->m < 0) {
        tie->m = (int)i;
        tie->key[0] = t[0];
        tie->key[1] = t[1];
    }
    if (!fixed) {
        return 0;
    }
    for (size_t k = 0; k < nc; k++) {
        if (c[k].kind == C_STREET && c[k].lo == r.lo) {
            return 0;
        }
    }
    cand_name(out, s->g, C_STREET, (int)i, r);
    out->fixed = 1;
    return 1;
}

static void resolve(answer *a, const pt_state *s, const mention *m, size_t nm, int kommun,
                    const char *kommun_key)
{
    const hs_gazetteer *g = s->g;
    memset(a, 0, sizeof *a);
    a->prec = HS_PREC_KOMMUN;
    a->m = -1;
    cand c[MAXM * 2];
    size_t nc = 0;
    fz_tie tie = {-1, {NULL, NULL}};
    /* intersections first */
    for (size_t i = 0; i < nm && g; i++) {
        if (!m[i].a[0]) {
            continue;
        }
        int fa = 0, fb = 0;
        const char *tie2[2] = {NULL, NULL};
        nref ra = find_street(&fa, tie2, s, m[i].a, kommun);
        nref rb = find_street(&fb, tie2, s, m[i].b, kommun);
        if (ra.lo == NO_NAME || rb.lo == NO_NAME || ra.lo == rb.lo) {
            /* one street of the pair known: it still names that street */
            nref one = ra.lo != NO_NAME ? ra : rb;
            if (one.lo != NO_NAME && nc < MAXM * 2) {
                nc += (size_t)cand_name(&c[nc], g, C_STREET, (int)i, one);
                c[nc - 1].fixed = ra.lo != NO_NAME ? 2 * fa : 3 * fb;
            }
            continue;
        }
        double mx = 0, my = 0;
        double d = name_meet(g, ra, rb, &mx, &my);
        if (d <= INTER_MAX_M) {
            a->prec = HS_PREC_INTERSECTION;
            a->x = mx;
            a->y = my;
            a->m = (int)i;
            hs__fmt(a->text, sizeof a->text, "%s", m[i].phrase);
            hs__fmt(a->label, sizeof a->label, "%s", m[i].phrase);
            if (fa) {
                add_fix(a, g, m[i].a, ra, mx, my);
            }
            if (fb) {
                add_fix(a, g, m[i].b, rb, mx, my);
            }
            return;
        }
        cand ca, cb;
        cand_name(&ca, g, C_STREET, (int)i, ra);
        cand_name(&cb, g, C_STREET, (int)i, rb);
        ambiguous2(a, m[i].phrase, m[i].a, ca.x, ca.y, m[i].b, cb.x, cb.y);
        return;
    }
    for (size_t i = 0; i < nm; i++) {
        if (m[i].a[0] || !evidence(&m[i])) {
            continue;
        }
        char key[160];
        key_of(key, sizeof key, m[i].phrase);
        if (strcmp(key, kommun_key) == 0) {
            continue; /* the kommun's own name says no more than the kommun */
        }
        int dup = 0;
        nref r = g ? find_name(g, 0, m[i].phrase, kommun) : (nref){NO_NAME, NO_NAME};
        for (size_t k = 0; k < nc && r.lo != NO_NAME; k++) {
            dup |= c[k].kind == C_STREET && c[k].lo == r.lo;
        }
        if (dup || nc >= MAXM * 2) {
            continue;
        }
        if (r.lo != NO_NAME) {
            nc += (size_t)cand_name(&c[nc], g, C_STREET, (int)i, r);
            continue;
        }
        if (has(m[i].flags, 'n')) {
            /* a number after it: a street (perhaps misspelt), or nothing */
            nc += (size_t)fuzzy_cand(&c[nc], &tie, s, m, i, c, nc, kommun);
            continue;
        }
        const tat_ref *t = find_tatort(s, m[i].phrase, kommun);
        r = g ? find_name(g, 1, m[i].phrase, kommun) : (nref){NO_NAME, NO_NAME};
        if (t) {
            memset(&c[nc], 0, sizeof c[nc]);
            c[nc].kind = C_DISTRICT;
            c[nc].m = (int)i;
            c[nc].lo = (size_t)(t - s->tat);
            c[nc].x = t->x;
            c[nc].y = t->y;
            c[nc].parts = 1;
            nc++;
        } else if (r.lo != NO_NAME) {
            nc += (size_t)cand_name(&c[nc], g, C_PLACE, (int)i, r);
        } else {
            nc += (size_t)fuzzy_cand(&c[nc], &tie, s, m, i, c, nc, kommun);
        }
    }
    if (nc == 0 && tie.m >= 0) {
        /* a misspelt street name a typo away from two streets, and nothing else: not guessed */
        a->ambiguous = 1;
        hs__fmt(a->text, sizeof a->text, "%s", m[tie.m].phrase);
        for (int k = 0; k < 2; k++) {
            nref r = find_name(g, 0, tie.key[k], kommun);
            double x = 0, y = 0;
            name_point(g, r, &x, &y);
            add_cand_text(a, hs__strpool_get(&g->pool, g->e[g->groups[r.lo].rep].label), x, y);
        }
        return;
    }
    if (nc == 0) {
        return;
    }
    /* the support: the first district or place named */
    const cand *sup = NULL;
    const cand *st = NULL;
    for (size_t k = 0; k < nc; k++) {
        if (c[k].kind != C_STREET && !sup) {
            sup = &c[k];
        }
        if (c[k].kind == C_STREET && !st) {
            st = &c[k];
        }
    }
    if (st) {
        double x = st->x, y = st->y;
        int fixed = 0;
        if (sup) {
            double ox = 0, oy = 0;
            if (name_nearest(g, cref(st), sup->x, sup->y, &ox, &oy) <= SUPPORT_M) {
                x = ox;
                y = oy;
                fixed = 1;
            }
        }
        for (size_t k = 0; k < nc; k++) {
            if (c[k].kind != C_STREET || &c[k] == st) {
                continue;
            }
            double mx = 0, my = 0;
            double d = name_meet(g, cref(st), cref(&c[k]), &mx, &my);
            if (d > STREETS_NEAR_M) {
                ambiguous2(a, m[st->m].phrase, m[st->m].phrase, st->x, st->y, m[c[k].m].phrase,
                           c[k].x, c[k].y);
                return;
            }
            if (!fixed) {
                /* the part of the first street nearest the second */
                double ox = 0, oy = 0;
                name_nearest(g, cref(st), mx, my, &ox, &oy);
                x = ox;
                y = oy;
                fixed = 1;
            }
        }
        if (!fixed && st->parts > 1) {
            ambiguous_parts(a, g, m, st);
            return;
        }
        a->prec = HS_PREC_STREET;
        a->x = x;
        a->y = y;
        a->m = st->m;
        for (size_t k = 0; k < nc; k++) {
            if (c[k].kind == C_STREET && c[k].fixed) {
                const mention *w = &m[c[k].m];
                add_fix(a, g, c[k].fixed == 1 ? w->phrase : (c[k].fixed == 2 ? w->a : w->b),
                        cref(&c[k]), &c[k] == st ? x : c[k].x, &c[k] == st ? y : c[k].y);
            }
        }
        hs__fmt(a->text, sizeof a->text, "%s", m[st->m].phrase);
        hs__fmt(a->label, sizeof a->label, "%s",
                hs__strpool_get(&g->pool, g->e[g->groups[st->lo].rep].label));
        return;
    }
    /* places, then districts */
    for (int kind = C_PLACE; kind <= C_DISTRICT; kind++) {
        const cand *first = NULL;
        for (size_t k = 0; k < nc; k++) {
            if ((int)c[k].kind != kind) {
                continue;
            }
            if (!first) {
                first = &c[k];
                continue;
            }
            double d = hypot(c[k].x - first->x, c[k].y - first->y);
            if (d > SPREAD_MAX_M) {
                ambiguous2(a, m[first->m].phrase, m[first->m].phrase, first->x, first->y,
                           m[c[k].m].phrase, c[k].x, c[k].y);
                return;
            }
        }
        if (!first) {
            continue;
        }
        if (first->parts > 1) {
            ambiguous_parts(a, g, m, first);
            return;
        }
        a->prec = kind == C_PLACE ? HS_PREC_PLACE : HS_PREC_DISTRICT;
        a->x = first->x;
        a->y = first->y;
        a->m = first->m;
        hs__fmt(a->text, sizeof a->text, "%s", m[first->m].phrase);
        hs__fmt(a->label, sizeof a->label, "%s",
                kind == C_PLACE ? hs__strpool_get(&g->pool, g->e[g->groups[first->lo].rep].label)
                                : s->tat[first->lo].name);
        return;
    }
}

int hs_geocode_place_text(hs_place_text_stats *stats, hs_ctx *ctx, const hs_gazetteer *gaz,
                          hs_records *records, hs_place_review_fn review_fn, void *payload)
{
    if (!records) {
        return hs__error(ctx, HS_EINVAL, "hs_geocode_place_text: no records");
    }
    hs_place_text_stats st;
    memset(&st, 0, sizeof st);
    int crs = hs_records_crs(records);
    if (crs != 0 && crs != 3006) {
        return hs__error(ctx, HS_EUNSUPPORTED,
                         "place text: the records are in %s; places are read in SWEREF 99 TM "
                         "(EPSG:3006)",
                         hs_crs_label(ctx, crs));
    }
    pt_state s;
    int rc = state_init(&s, ctx, gaz);
    if (rc != HS_OK) {
        state_free(&s);
        return rc;
    }
    size_t n = hs_records_count(records);
    mention m[MAXM];
    for (size_t i = 0; i < n && rc == HS_OK; i++) {
        hs_record r;
        hs_records_get(&r, records, i);
        if (!r.address || strncmp(r.address, "@pt\n", 4) != 0) {
            continue;
        }
        st.events++;
        char loc[80], tplace[80];
        size_t nm = parse_mentions(m, MAXM, r.address + 4, loc, sizeof loc, tplace, sizeof tplace);
        /* the event's own kommun (its location, else the kommun its title names: a län event),
         * before any default the record was given */
        int kommun = kommun_of(&s, loc);
        if (!kommun) {
            kommun = kommun_of(&s, tplace);
        }
        if (!kommun && !loc[0]) {
            kommun = r.kommun_code; /* no location at all: the kommun the input was given */
        }
        if (!kommun) {
            /* a län only: the event's kommun is not known, whatever default it was given */
            st.no_kommun++;
            if (r.kommun_code != 0) {
                rc = hs_records_set_kommun(records, i, 0);
            }
            continue;
        }
        if (r.kommun_code != kommun) {
            rc = hs_records_set_kommun(records, i, kommun);
        }
        if (nm == 0) {
            continue;
        }
        st.with_mention++;
        char kkey[64] = "";
        for (size_t k = 0; k < s.nkn; k++) {
            if (s.kn[k].code == kommun) {
                hs__fmt(kkey, sizeof kkey, "%s", s.kn[k].key);
            }
        }
        answer a;
        resolve(&a, &s, m, nm, kommun, kkey);
        if (a.ambiguous) {
            st.ambiguous++;
            if (rc == HS_OK) {
                rc = hs_records_set_place_text(records, i, a.text, NULL);
            }
            if (review_fn) {
                review_fn(payload, i, a.text, a.cands, "place_ambiguous");
            }
            continue;
        }
        if (a.m < 0 || a.prec == HS_PREC_KOMMUN) {
            st.not_found++;
            continue;
        }
        if (rc == HS_OK) {
            rc = hs_records_set_location(records, i, a.x, a.y, a.prec, 1.0, a.label);
        }
        if (rc == HS_OK) {
            rc = hs_records_set_place_text(records, i, a.text, field_name(m[a.m].field));
        }
        st.placed += a.prec < HS_PREC_DISTRICT; /* whatever the build admits */
        st.by_prec[a.prec]++;
        if (a.fixes[0]) {
            st.corrected++;
            if (review_fn) {
                review_fn(payload, i, a.text, a.fixes, "place_corrected");
            }
        }
    }
    state_free(&s);
    if (stats) {
        *stats = st;
    }
    return rc;
}

void hs_place_review_collect(void *payload, size_t index, const char *place_text,
                             const char *candidates, const char *reason)
{
    hs_place_review_list *pr = payload;
    hs_record rec;
    if (!pr || hs_records_get(&rec, pr->records, index) != HS_OK) {
        return;
    }
    hs_reject e = {rec.source, rec.row, place_text, candidates,
                   reason ? reason : "place_ambiguous"};
    if (hs_rejects_add(pr->list, &e) != HS_OK && pr->rc == HS_OK) {
        pr->rc = HS_ENOMEM;
    }
}
