/*
 * The gazetteer's in-memory index, loaded once from the SQLite file: entries as plain arrays,
 * entries grouped by (street or place name, kommun) and sorted by key for exact lookups, a trigram
 * inverted index per kommun for fuzzy lookups, postcode and kommun centroids, and a sorted cell
 * index for nearest-entry queries (the reverse step). Matching lives in geocode.c; this file only
 * builds and frees the structures and answers lookups. No SQL here.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- loading ---- */

typedef struct loader {
    hs_gazetteer *g;
    int rc;
} loader;

static uint32_t pool(hs_gazetteer *g, const char *s, int *rc)
{
    uint32_t off = 0;
    if (s && *s && hs__strpool_add(&off, &g->pool, s) != HS_OK) {
        *rc = HS_ENOMEM;
    }
    return off;
}

static int postcode_int(const char *s)
{
    if (!s || strlen(s) != 5) {
        return 0;
    }
    int v = 0;
    for (int i = 0; i < 5; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int on_entry(void *payload, const hs__gaz_entry *e)
{
    loader *L = payload;
    hs_gazetteer *g = L->g;
    size_t need = g->n + 1;
    if (need > g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 1024;
        hs_gz_entry *p = realloc(g->e, cap * sizeof *p);
        if (!p) {
            return HS_ENOMEM;
        }
        g->e = p;
        g->cap = cap;
    }
    hs_gz_entry *r = &g->e[g->n];
    memset(r, 0, sizeof *r);
    int rc = HS_OK;
    r->x = e->x;
    r->y = e->y;
    r->kind = (uint8_t)e->kind;
    r->number = e->number;
    r->kommun = e->kommun_code;
    r->postcode = postcode_int(e->postcode);
    if (e->letter) {
        char low[8];
        hs__text_lower(low, sizeof low, e->letter);
        memcpy(r->letter, low, sizeof r->letter - 1);
    }
    char sim[128], key[128];
    const char *nm = e->kind == HS__GAZ_PLACE ? e->name : e->street;
    if (!nm || !*nm) {
        nm = e->label;
    }
    hs__text_sim(sim, sizeof sim, nm);
    hs__text_key(key, sizeof key, sim);
    r->sim = pool(g, sim, &rc);
    r->key = pool(g, key, &rc);
    char osim[64], okey[64];
    hs__text_sim(osim, sizeof osim, e->ort);
    hs__text_key(okey, sizeof okey, osim);
    r->ort = pool(g, okey, &rc);
    r->label = pool(g, e->label, &rc);
    if (rc == HS_OK && r->key) {
        g->n++;
    }
    return rc;
}

static int on_kommun(void *payload, int code, const char *name)
{
    hs_gazetteer *g = payload;
    if (hs__grow((void **)&g->kom, &g->kcap, g->nkom + 1, sizeof *g->kom) != HS_OK) {
        return HS_ENOMEM;
    }
    hs_gz_kommun *k = &g->kom[g->nkom++];
    memset(k, 0, sizeof *k);
    k->code = code;
    char sim[64];
    hs__text_sim(sim, sizeof sim, name);
    hs__text_key(k->key, sizeof k->key, sim);
    size_t n = strlen(k->key);
    if (n > 6 && strcmp(k->key + n - 6, "kommun") == 0) {
        k->key[n - 6] = '\0';
    }
    hs__fmt(k->name, sizeof k->name, "%s", name ? name : "");
    return HS_OK;
}

/* ---- sorting helpers (qsort with a global-free comparator through the arrays' order) ---- */

static const hs_gazetteer *g_sort; /* only used during hs__gzidx_build, under one thread */

static int cmp_entry(const void *pa, const void *pb)
{
    const hs_gz_entry *e = g_sort->e;
    const hs_gz_entry *a = &e[*(const uint32_t *)pa], *b = &e[*(const uint32_t *)pb];
    int ka = a->kind == HS__GAZ_PLACE, kb = b->kind == HS__GAZ_PLACE;
    if (ka != kb) {
        return ka - kb;
    }
    int c = strcmp(hs__strpool_get(&g_sort->pool, a->key), hs__strpool_get(&g_sort->pool, b->key));
    if (c) {
        return c;
    }
    if (a->kommun != b->kommun) {
        return a->kommun < b->kommun ? -1 : 1;
    }
    c = strcmp(hs__strpool_get(&g_sort->pool, a->sim), hs__strpool_get(&g_sort->pool, b->sim));
    if (c) {
        return c;
    }
    if (a->number != b->number) {
        return a->number < b->number ? -1 : 1;
    }
    return strcmp(a->letter, b->letter);
}

static uint32_t trigram(int a, int b, int c)
{
    return (uint32_t)(a * 64 * 64 + b * 64 + c);
}

static int tchar(char c)
{
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 1;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 27;
    }
    return 37; /* boundary */
}

size_t hs__gzidx_trigrams(uint32_t *out, size_t cap, const char *key)
{
    size_t n = strlen(key), k = 0;
    /* padded: ^ key $ */
    for (size_t i = 0; i + 1 <= n + 1 && k < cap; i++) {
        int a = i == 0 ? 38 : tchar(key[i - 1]);
        int b = tchar(key[i]);
        int c = i + 1 < n ? tchar(key[i + 1]) : 39;
        if (i == n) {
            break;
        }
        out[k++] = trigram(a, b, c);
    }
    return k;
}

static uint64_t tkey(int kommun, uint32_t tri)
{
    return ((uint64_t)(uint32_t)kommun << 18) | tri;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Builds the trigram postings: (kommun, trigram) keys sorted, each with its groups (CSR). Every
 * group is posted under its kommun and under kommun 0 (all). */
static int build_trigrams(hs_gazetteer *g)
{
    size_t total = 0;
    uint32_t tri[128];
    for (size_t k = 0; k < g->ngroups; k++) {
        total += 2 * hs__gzidx_trigrams(tri, 128, hs__strpool_get(&g->pool, g->groups[k].key));
    }
    uint64_t *pairs = malloc((total ? total : 1) * sizeof *pairs);
    if (!pairs) {
        return HS_ENOMEM;
    }
    size_t m = 0;
    for (size_t k = 0; k < g->ngroups; k++) {
        size_t nt = hs__gzidx_trigrams(tri, 128, hs__strpool_get(&g->pool, g->groups[k].key));
        for (size_t t = 0; t < nt; t++) {
            /* key in the high bits, group in the low 32 */
            pairs[m++] = (tkey(g->groups[k].kommun, tri[t]) << 32) | (uint64_t)k;
            pairs[m++] = (tkey(0, tri[t]) << 32) | (uint64_t)k;
        }
    }
    /* tkey uses 14 + 18 bits (kommun < 16384), the group 32 */
    qsort(pairs, m, sizeof *pairs, cmp_u64);
    g->post = malloc((m ? m : 1) * sizeof *g->post);
    g->tkeys = malloc((m ? m : 1) * sizeof *g->tkeys);
    g->tstart = malloc((m + 1) * sizeof *g->tstart);
    if (!g->post || !g->tkeys || !g->tstart) {
        free(pairs);
        return HS_ENOMEM;
    }
    size_t nk = 0, np = 0;
    for (size_t i = 0; i < m; i++) {
        uint64_t key = pairs[i] >> 32;
        uint32_t grp = (uint32_t)(pairs[i] & 0xffffffffu);
        if (nk == 0 || g->tkeys[nk - 1] != key) {
            g->tkeys[nk] = key;
            g->tstart[nk++] = (uint32_t)np;
        } else if (g->post[np - 1] == grp) {
            continue; /* a trigram repeated in one name */
        }
        g->post[np++] = grp;
    }
    g->tstart[nk] = (uint32_t)np;
    g->ntkeys = nk;
    free(pairs);
    return HS_OK;
}

int hs__gzidx_postings(const uint32_t **list, size_t *n, const hs_gazetteer *g, int kommun,
                       uint32_t tri)
{
    uint64_t key = tkey(kommun, tri);
    size_t lo = 0, hi = g->ntkeys;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g->tkeys[mid] < key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo < g->ntkeys && g->tkeys[lo] == key) {
        *list = g->post + g->tstart[lo];
        *n = g->tstart[lo + 1] - g->tstart[lo];
        return 1;
    }
    *n = 0;
    return 0;
}

/* The group's representative point: the member nearest the members' mean (so it lies on the
 * street, not in a block between its bends). */
static void group_point(hs_gazetteer *g, hs_gz_group *gr)
{
    double mx = 0, my = 0;
    for (uint32_t i = gr->first; i < gr->first + gr->count; i++) {
        mx += g->e[g->order[i]].x;
        my += g->e[g->order[i]].y;
    }
    mx /= gr->count;
    my /= gr->count;
    double best = INFINITY;
    for (uint32_t i = gr->first; i < gr->first + gr->count; i++) {
        const hs_gz_entry *e = &g->e[g->order[i]];
        double d = (e->x - mx) * (e->x - mx) + (e->y - my) * (e->y - my);
        if (d < best) {
            best = d;
            gr->x = e->x;
            gr->y = e->y;
            gr->rep = g->order[i];
        }
    }
}

static int cmp_cell(const void *pa, const void *pb)
{
    const hs_gz_entry *e = g_sort->e;
    uint64_t a = hs__gzidx_cell(g_sort, e[*(const uint32_t *)pa].x, e[*(const uint32_t *)pa].y);
    uint64_t b = hs__gzidx_cell(g_sort, e[*(const uint32_t *)pb].x, e[*(const uint32_t *)pb].y);
    return a < b ? -1 : a > b;
}

uint64_t hs__gzidx_cell(const hs_gazetteer *g, double x, double y)
{
    int64_t cx = (int64_t)floor(x / g->cell), cy = (int64_t)floor(y / g->cell);
    return ((uint64_t)(cx + (1 << 20)) << 24) | (uint64_t)(cy + (1 << 20));
}

static int build_postcodes(hs_gazetteer *g)
{
    /* (postcode, kommun) sums through a sort of entry indices by postcode */
    size_t m = 0;
    for (size_t i = 0; i < g->n; i++) {
        m += g->e[i].postcode > 0;
    }
    uint64_t *k = malloc((m ? m : 1) * sizeof *k);
    if (!k) {
        return HS_ENOMEM;
    }
    m = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (g->e[i].postcode > 0) {
            k[m++] = ((uint64_t)g->e[i].postcode << 32) | (uint64_t)i;
        }
    }
    qsort(k, m, sizeof *k, cmp_u64);
    g->pc = calloc(m ? m : 1, sizeof *g->pc);
    if (!g->pc) {
        free(k);
        return HS_ENOMEM;
    }
    g->npc = 0;
    for (size_t i = 0; i < m; i++) {
        int code = (int)(k[i] >> 32);
        const hs_gz_entry *e = &g->e[k[i] & 0xffffffffu];
        if (g->npc == 0 || g->pc[g->npc - 1].code != code) {
            g->pc[g->npc].code = code;
            g->pc[g->npc].kommun = e->kommun;
            g->npc++;
        }
        hs_gz_postcode *p = &g->pc[g->npc - 1];
        p->x += e->x;
        p->y += e->y;
        p->n++;
    }
    for (size_t i = 0; i < g->npc; i++) {
        g->pc[i].x /= g->pc[i].n;
        g->pc[i].y /= g->pc[i].n;
    }
    free(k);
    return HS_OK;
}

int hs__gzidx_build(hs_gazetteer *g)
{
    loader L = {g, HS_OK};
    int rc = hs__gazdb_scan(g->db, on_entry, &L);
    if (rc == HS_OK) {
        rc = hs__gazdb_scan_kommuner(g->db, on_kommun, g);
    }
    if (rc != HS_OK) {
        return rc;
    }
    g->order = malloc((g->n ? g->n : 1) * sizeof *g->order);
    g->byxy = malloc((g->n ? g->n : 1) * sizeof *g->byxy);
    if (!g->order || !g->byxy) {
        return HS_ENOMEM;
    }
    g->nplace = g->nkommun_coded = 0;
    for (size_t i = 0; i < g->n; i++) {
        g->nplace += g->e[i].kind == HS__GAZ_PLACE;
        g->nkommun_coded += g->e[i].kommun != 0;
    }
    for (size_t i = 0; i < g->n; i++) {
        g->order[i] = (uint32_t)i;
        g->byxy[i] = (uint32_t)i;
    }
    g_sort = g;
    qsort(g->order, g->n, sizeof *g->order, cmp_entry);
    g->cell = 1000.0;
    qsort(g->byxy, g->n, sizeof *g->byxy, cmp_cell);
    g_sort = NULL;
    /* groups: runs of equal (place?, key, kommun, sim) */
    for (size_t i = 0; i < g->n;) {
        const hs_gz_entry *a = &g->e[g->order[i]];
        size_t j = i + 1;
        while (j < g->n) {
            const hs_gz_entry *b = &g->e[g->order[j]];
            if ((a->kind == HS__GAZ_PLACE) != (b->kind == HS__GAZ_PLACE) ||
                a->kommun != b->kommun ||
                strcmp(hs__strpool_get(&g->pool, a->key), hs__strpool_get(&g->pool, b->key)) != 0 ||
                strcmp(hs__strpool_get(&g->pool, a->sim), hs__strpool_get(&g->pool, b->sim)) != 0) {
                break;
            }
            j++;
        }
        if (hs__grow((void **)&g->groups, &g->gcap, g->ngroups + 1, sizeof *g->groups) != HS_OK) {
            return HS_ENOMEM;
        }
        hs_gz_group *gr = &g->groups[g->ngroups++];
        memset(gr, 0, sizeof *gr);
        gr->first = (uint32_t)i;
        gr->count = (uint32_t)(j - i);
        gr->key = a->key;
        gr->sim = a->sim;
        gr->kommun = a->kommun;
        gr->place = a->kind == HS__GAZ_PLACE;
        group_point(g, gr);
        i = j;
    }
    rc = build_trigrams(g);
    if (rc == HS_OK) {
        rc = build_postcodes(g);
    }
    /* kommun centroids */
    for (size_t k = 0; k < g->nkom; k++) {
        double sx = 0, sy = 0;
        size_t n = 0;
        for (size_t i = 0; i < g->n; i++) {
            if (g->e[i].kommun == g->kom[k].code) {
                sx += g->e[i].x;
                sy += g->e[i].y;
                n++;
            }
        }
        g->kom[k].x = n ? sx / (double)n : NAN;
        g->kom[k].y = n ? sy / (double)n : NAN;
    }
    g->stamp = calloc(g->ngroups ? g->ngroups : 1, sizeof *g->stamp);
    g->hits = calloc(g->ngroups ? g->ngroups : 1, sizeof *g->hits);
    g->touched = malloc((g->ngroups ? g->ngroups : 1) * sizeof *g->touched);
    if (!g->stamp || !g->hits || !g->touched) {
        return HS_ENOMEM;
    }
    return rc;
}

size_t hs__gzidx_find_key(const hs_gazetteer *g, int place, const char *key, size_t *end)
{
    size_t lo = 0, hi = g->ngroups;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const hs_gz_group *m = &g->groups[mid];
        int c =
            m->place != place ? m->place - place : strcmp(hs__strpool_get(&g->pool, m->key), key);
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    size_t e = lo;
    while (e < g->ngroups && g->groups[e].place == place &&
           strcmp(hs__strpool_get(&g->pool, g->groups[e].key), key) == 0) {
        e++;
    }
    *end = e;
    return lo;
}

void hs__gzidx_free(hs_gazetteer *g)
{
    hs__strpool_free(&g->pool);
    free(g->e);
    free(g->order);
    free(g->byxy);
    free(g->groups);
    free(g->post);
    free(g->tkeys);
    free(g->tstart);
    free(g->pc);
    free(g->kom);
    free(g->stamp);
    free(g->hits);
    free(g->touched);
}
