/*
 * Geocoding against the in-memory gazetteer index: candidates by exact key and by shared trigrams
 * (restricted to the record's kommun), scored by name similarity, house number and letter, post
 * town and postcode; the precision decided (address, street, intersection, place, postcode,
 * kommun); ties and low scores flagged for review rather than placed; opening and closing a
 * gazetteer. Records and the reverse step are in geocode_records.c. No SQL here.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CAND 48

typedef struct cand {
    uint32_t group;
    double name_sim;
} cand;

typedef struct answer {
    double score, x, y;
    hs_precision prec;
    int kommun;
    uint32_t entry; /* label source */
    const char *label;
} answer;

int hs_gazetteer_open(hs_gazetteer **out, hs_ctx *ctx, const char *path)
{
    if (!out || !path) {
        return hs__error(ctx, HS_EINVAL, "hs_gazetteer_open: invalid argument");
    }
    *out = NULL;
    hs_gazetteer *g = calloc(1, sizeof *g);
    if (!g) {
        return hs__error(ctx, HS_ENOMEM, "gazetteer: out of memory");
    }
    g->ctx = ctx;
    int rc = hs__gazdb_open(&g->db, ctx, path);
    if (rc == HS_OK) {
        rc = hs__gzidx_build(g);
        if (rc == HS_ENOMEM) {
            hs__error(ctx, rc, "gazetteer: out of memory loading '%s'", path);
        }
    }
    if (rc != HS_OK) {
        hs_gazetteer_close(g);
        return rc;
    }
    hs__log(ctx, HS_LOG_INFO, "gazetteer %s: %zu entries, %zu streets and places, %zu kommuner",
            path, g->n, g->ngroups, g->nkom);
    *out = g;
    return HS_OK;
}

void hs_gazetteer_close(hs_gazetteer *g)
{
    if (!g) {
        return;
    }
    hs__gazdb_close(g->db);
    hs__gzidx_free(g);
    free(g);
}

size_t hs_gazetteer_count(const hs_gazetteer *g)
{
    return g ? g->n : 0;
}

static const char *P(const hs_gazetteer *g, uint32_t off)
{
    const char *s = hs__strpool_get(&g->pool, off);
    return s ? s : "";
}

int hs_gazetteer_kommun_code(const hs_gazetteer *g, const char *name)
{
    if (!g || !name) {
        return 0;
    }
    int64_t v;
    if (hs__parse_int64(&v, name) == HS_OK) {
        return v > 0 && v < 10000 ? (int)v : 0;
    }
    char sim[128], key[128];
    hs__text_sim(sim, sizeof sim, name);
    hs__text_key(key, sizeof key, sim);
    size_t n = strlen(key);
    if (n > 6 && strcmp(key + n - 6, "kommun") == 0) {
        key[n - 6] = '\0';
        n -= 6;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < g->nkom; k++) {
            if (strcmp(g->kom[k].key, key) == 0) {
                return g->kom[k].code;
            }
        }
        if (n > 3 && key[n - 1] == 's') { /* "Vänersborgs kommun" */
            key[--n] = '\0';
        } else {
            break;
        }
    }
    return 0;
}

/* ---- candidates ---- */

static size_t add_cand(cand *c, size_t nc, uint32_t grp, double sim)
{
    for (size_t i = 0; i < nc; i++) {
        if (c[i].group == grp) {
            return nc;
        }
    }
    if (nc < MAX_CAND) {
        c[nc].group = grp;
        c[nc].name_sim = sim;
        return nc + 1;
    }
    size_t worst = 0;
    for (size_t i = 1; i < nc; i++) {
        if (c[i].name_sim < c[worst].name_sim) {
            worst = i;
        }
    }
    if (sim > c[worst].name_sim) {
        c[worst].group = grp;
        c[worst].name_sim = sim;
    }
    return nc;
}

/* Candidate groups for a name: exact key first; trigram neighbours when no exact hit scores 1. */
static size_t candidates(cand *c, hs_gazetteer *g, const char *sim, const char *key, int kommun,
                         int want_place, double min_sim)
{
    size_t nc = 0;
    int perfect = 0;
    for (int place = 0; place <= 1; place++) {
        if (place && !want_place) {
            continue;
        }
        size_t end, i = hs__gzidx_find_key(g, place, key, &end);
        for (; i < end; i++) {
            if (kommun && g->groups[i].kommun != kommun) {
                continue;
            }
            double s = hs__name_similarity(sim, P(g, g->groups[i].sim));
            perfect |= s >= 0.999;
            nc = add_cand(c, nc, (uint32_t)i, s);
        }
    }
    if (perfect) {
        return nc;
    }
    uint32_t tri[128];
    size_t nt = hs__gzidx_trigrams(tri, 128, key);
    if (nt == 0) {
        return nc;
    }
    if (++g->cur == 0) {
        memset(g->stamp, 0, g->ngroups * sizeof *g->stamp);
        g->cur = 1;
    }
    size_t ntouched = 0;
    for (size_t t = 0; t < nt; t++) {
        const uint32_t *list;
        size_t n;
        hs__gzidx_postings(&list, &n, g, kommun, tri[t]);
        for (size_t k = 0; k < n; k++) {
            uint32_t grp = list[k];
            if (g->stamp[grp] != g->cur) {
                g->stamp[grp] = g->cur;
                g->hits[grp] = 0;
                g->touched[ntouched++] = grp;
            }
            g->hits[grp]++;
        }
    }
    /* keep the groups sharing the most trigrams, then score them exactly */
    uint32_t need = (uint32_t)(nt * 4 / 10);
    need = need < 2 ? 2 : need;
    uint32_t best[MAX_CAND];
    size_t nb = 0;
    for (size_t k = 0; k < ntouched; k++) {
        uint32_t grp = g->touched[k];
        if (g->hits[grp] < need || (!want_place && g->groups[grp].place)) {
            continue;
        }
        if (nb < MAX_CAND) {
            best[nb++] = grp;
            continue;
        }
        size_t w = 0;
        for (size_t q = 1; q < nb; q++) {
            if (g->hits[best[q]] < g->hits[best[w]]) {
                w = q;
            }
        }
        if (g->hits[grp] > g->hits[best[w]]) {
            best[w] = grp;
        }
    }
    for (size_t k = 0; k < nb; k++) {
        double s = hs__name_similarity(sim, P(g, g->groups[best[k]].sim));
        if (s >= min_sim) {
            nc = add_cand(c, nc, best[k], s);
        }
    }
    return nc;
}

/* ---- scoring ---- */

static double ort_factor(const hs_gazetteer *g, const hs__addr *a, const hs_gz_entry *e)
{
    if (!a->ort_key[0]) {
        return 1.0;
    }
    const char *eo = P(g, e->ort);
    if (eo[0] && (strcmp(eo, a->ort_key) == 0 || hs__name_similarity(eo, a->ort_key) >= 0.85)) {
        return 1.0;
    }
    for (size_t k = 0; k < g->nkom; k++) {
        if (g->kom[k].code == e->kommun && strncmp(g->kom[k].key, a->ort_key, 5) == 0) {
            return 1.0;
        }
    }
    return eo[0] ? 0.8 : 0.97;
}

static double postcode_factor(const hs__addr *a, const hs_gz_entry *e)
{
    if (!a->postcode[0] || e->postcode == 0) {
        return 1.0;
    }
    int64_t v = 0;
    hs__parse_int64(&v, a->postcode);
    return v == e->postcode ? 1.0 : 0.9;
}

static void consider(answer *best, answer *second, const answer *a)
{
    if (a->score > best->score) {
        /* the old best becomes runner-up unless it is the same place */
        if (best->score > 0 && hypot(best->x - a->x, best->y - a->y) > 50.0) {
            *second = *best;
        }
        *best = *a;
    } else if (a->score > second->score && hypot(best->x - a->x, best->y - a->y) > 50.0) {
        *second = *a;
    }
}

/* Scores every address of a street group with house number num. A letter the gazetteer lacks
 * falls back to the number's other entries, and goes to review (factor 0.8) when those lie more
 * than 25 m apart. Returns 1 when the number exists. */
static int score_number(answer *best, answer *second, const hs_gazetteer *g, const hs__addr *a,
                        const cand *c, int num)
{
    const hs_gz_group *gr = &g->groups[c->group];
    int found = 0, exact = 0;
    double x0 = 0, y0 = 0, spread = 0;
    for (uint32_t i = gr->first; i < gr->first + gr->count; i++) {
        const hs_gz_entry *e = &g->e[g->order[i]];
        if (e->kind != HS__GAZ_ADDRESS || e->number != num) {
            continue;
        }
        if (!found) {
            x0 = e->x;
            y0 = e->y;
        }
        double d = hypot(e->x - x0, e->y - y0);
        spread = d > spread ? d : spread;
        found = 1;
        exact |= strcmp(e->letter, a->letter) == 0;
    }
    if (!found) {
        return 0;
    }
    for (uint32_t i = gr->first; i < gr->first + gr->count; i++) {
        uint32_t k = g->order[i];
        const hs_gz_entry *e = &g->e[k];
        if (e->kind != HS__GAZ_ADDRESS || e->number != num) {
            continue;
        }
        double f = 1.0;
        if (strcmp(e->letter, a->letter) != 0) {
            f = !e->letter[0] ? 0.92 : !a->letter[0] ? 0.95 : 0.9;
            if (!exact && spread > 25.0) {
                f *= 0.8;
            }
        }
        answer r = {0};
        r.kommun = gr->kommun;
        r.prec = HS_PREC_ADDRESS;
        r.entry = k;
        r.x = e->x;
        r.y = e->y;
        r.score = c->name_sim * f * ort_factor(g, a, e) * postcode_factor(a, e);
        consider(best, second, &r);
    }
    return 1;
}

static void score_group(answer *best, answer *second, const hs_gazetteer *g, const hs__addr *a,
                        const cand *c)
{
    const hs_gz_group *gr = &g->groups[c->group];
    const hs_gz_entry *rep = &g->e[gr->rep];
    answer r = {0};
    r.kommun = gr->kommun;
    if (gr->place) {
        r.prec = HS_PREC_PLACE;
        r.entry = gr->rep;
        r.score = c->name_sim * ort_factor(g, a, rep) * (a->number ? 0.9 : 1.0);
        r.x = gr->x;
        r.y = gr->y;
        consider(best, second, &r);
        return;
    }
    if (a->number > 0 && score_number(best, second, g, a, c, a->number)) {
        return;
    }
    if (a->number_to > 0 && score_number(best, second, g, a, c, a->number_to)) {
        return;
    }
    r.prec = HS_PREC_STREET;
    r.entry = gr->rep;
    r.x = gr->x;
    r.y = gr->y;
    /* a number that the street does not have: the street, with less confidence */
    r.score = c->name_sim * ort_factor(g, a, rep) * (a->number > 0 ? 0.85 : 1.0);
    consider(best, second, &r);
}

/* The crossing of two streets: the closest pair of their points, at its midpoint. */
static void intersection(answer *best, answer *second, const hs_gazetteer *g, const cand *c1,
                         size_t n1, const cand *c2, size_t n2)
{
    for (size_t i = 0; i < n1; i++) {
        for (size_t j = 0; j < n2; j++) {
            const hs_gz_group *ga = &g->groups[c1[i].group], *gb = &g->groups[c2[j].group];
            if (ga->place || gb->place || ga->kommun != gb->kommun || ga == gb) {
                continue;
            }
            double dmin = INFINITY;
            answer r = {0};
            uint32_t sa = ga->count > 4000 ? ga->count / 4000 + 1 : 1;
            for (uint32_t p = ga->first; p < ga->first + ga->count; p += sa) {
                const hs_gz_entry *ea = &g->e[g->order[p]];
                for (uint32_t q = gb->first; q < gb->first + gb->count; q++) {
                    const hs_gz_entry *eb = &g->e[g->order[q]];
                    double d = hypot(ea->x - eb->x, ea->y - eb->y);
                    if (d < dmin) {
                        dmin = d;
                        r.x = (ea->x + eb->x) / 2;
                        r.y = (ea->y + eb->y) / 2;
                    }
                }
            }
            r.prec = HS_PREC_INTERSECTION;
            r.kommun = ga->kommun;
            r.entry = ga->rep;
            double s = c1[i].name_sim < c2[j].name_sim ? c1[i].name_sim : c2[j].name_sim;
            r.score = s * (dmin <= 100.0 ? 1.0 : dmin <= 300.0 ? 0.85 : 0.6);
            consider(best, second, &r);
        }
    }
}

static void fill_result(hs_geocode_result *out, const hs_gazetteer *g, const answer *best,
                        const answer *second, const hs__addr *a, const hs_geocode_opts *o)
{
    out->x = NAN;
    out->y = NAN;
    out->precision = HS_PREC_NONE;
    out->score = best->score;
    out->kommun_code = best->kommun;
    out->label[0] = '\0';
    out->second[0] = '\0';
    if (best->score <= 0) {
        out->review = HS_REVIEW_NOT_FOUND;
        return;
    }
    if (best->label) {
        hs__fmt(out->label, sizeof out->label, "%s", best->label);
    } else if (best->prec == HS_PREC_INTERSECTION) {
        hs__fmt(out->label, sizeof out->label, "%s / %s", a->street, a->street2);
    } else {
        hs__fmt(out->label, sizeof out->label, "%s", P(g, g->e[best->entry].label));
        if (best->prec == HS_PREC_STREET) {
            const char *lab = P(g, g->e[best->entry].label);
            /* the street's name, not one of its addresses */
            size_t k = 0;
            while (lab[k] && !(lab[k] >= '0' && lab[k] <= '9') && lab[k] != ',') {
                k++;
            }
            while (k > 0 && lab[k - 1] == ' ') {
                k--;
            }
            hs__fmt(out->label, sizeof out->label, "%.*s", (int)k, lab);
        }
    }
    if (second->score > 0) {
        hs__fmt(out->second, sizeof out->second, "%s",
                second->label ? second->label : P(g, g->e[second->entry].label));
    }
    if (second->score > 0 && best->score - second->score < o->tie_margin) {
        out->review = HS_REVIEW_TIE;
    } else if (best->score < o->min_score) {
        out->review = HS_REVIEW_LOW_SCORE;
    } else {
        out->review = HS_REVIEW_NONE;
        out->x = best->x;
        out->y = best->y;
        out->precision = best->prec;
    }
}

static void coarse(answer *best, answer *second, const hs_gazetteer *g, const hs__addr *a,
                   int kommun)
{
    /* postcode */
    int64_t pc = 0;
    if (a->postcode[0] && hs__parse_int64(&pc, a->postcode) == HS_OK) {
        for (size_t i = 0; i < g->npc; i++) {
            if (g->pc[i].code == pc && (!kommun || g->pc[i].kommun == kommun)) {
                answer r = {0};
                r.prec = HS_PREC_POSTCODE;
                r.x = g->pc[i].x;
                r.y = g->pc[i].y;
                r.kommun = g->pc[i].kommun;
                r.score = 0.9;
                r.label = a->postcode;
                consider(best, second, &r);
            }
        }
    }
    /* a kommun named alone */
    const char *k1 = a->key[0] ? a->key : a->ort_key;
    for (size_t k = 0; k < g->nkom && k1[0] && !a->number; k++) {
        if (strcmp(g->kom[k].key, k1) == 0 && (!kommun || kommun == g->kom[k].code) &&
            !isnan(g->kom[k].x)) {
            answer r = {0};
            r.prec = HS_PREC_KOMMUN;
            r.x = g->kom[k].x;
            r.y = g->kom[k].y;
            r.kommun = g->kom[k].code;
            r.score = 0.8;
            r.label = g->kom[k].name;
            consider(best, second, &r);
        }
    }
}

int hs_geocode_one_opts(hs_geocode_result *out, hs_gazetteer *g, const char *address, int kommun,
                        const hs_geocode_opts *opts)
{
    hs_geocode_opts def = HS_GEOCODE_OPTS_INIT;
    const hs_geocode_opts *o = opts ? opts : &def;
    if (!out || !g || !address) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_geocode_one: invalid argument");
    }
    hs__addr a;
    hs__addr_parse(&a, address);
    answer best = {0}, second = {0};
    cand c1[MAX_CAND], c2[MAX_CAND];
    if (a.key[0]) {
        size_t n1 = candidates(c1, g, a.street, a.key, kommun, !a.intersection, 0.6);
        if (a.intersection) {
            size_t n2 = candidates(c2, g, a.street2, a.key2, kommun, 0, 0.6);
            intersection(&best, &second, g, c1, n1, c2, n2);
        } else {
            for (size_t i = 0; i < n1; i++) {
                score_group(&best, &second, g, &a, &c1[i]);
            }
        }
    }
    if (best.score < o->min_score && !a.intersection) {
        answer b2 = best, s2 = second;
        coarse(&b2, &s2, g, &a, kommun);
        if (b2.score > best.score) {
            best = b2;
            second = s2;
        }
    }
    fill_result(out, g, &best, &second, &a, o);
    return HS_OK;
}

int hs_geocode_one(hs_geocode_result *out, hs_gazetteer *gaz, const char *address, int kommun_code)
{
    return hs_geocode_one_opts(out, gaz, address, kommun_code, NULL);
}
