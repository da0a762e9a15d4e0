/*
 * Misspelt street names in event texts ("Råbyägen", "Norrbyvägen", "Kungsänggsleden"): a phrase
 * that looks like a street (its last word ends in a street suffix, or in one with a letter
 * dropped, added or changed: "-ägen", "-lden", "-gtan") and has no exact name in the kommun is
 * matched to the kommun's street names one edit away (hs__name_distance on key forms, at most 1),
 * names of at least 8 letters only. Typos that change a name into another real one are the risk,
 * so the edit must keep the first letter, and a changed letter (not a dropped, added or swapped
 * one) must lie in the street suffix or in a stem of at least 7 letters ("Saltgatan" is a street
 * of its own, not "Salagatan"). Two names that qualify are a tie, never a guess. No text kept.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <stdlib.h>
#include <string.h>

#define MIN_LEN 8  /* letters of the key form: shorter names are never corrected */
#define MIN_STEM 7 /* a changed letter of the stem only in stems this long */

typedef struct fz_ref {
    int32_t kommun;
    uint32_t len;
    const char *key;
} fz_ref;

struct hs__fuzzy {
    fz_ref *r;
    size_t n;
};

static int cmp_ref(const void *a, const void *b)
{
    const fz_ref *x = a, *y = b;
    if (x->kommun != y->kommun) {
        return x->kommun < y->kommun ? -1 : 1;
    }
    if (x->len != y->len) {
        return x->len < y->len ? -1 : 1;
    }
    return strcmp(x->key, y->key);
}

int hs__fuzzy_new(hs__fuzzy **out, const hs_gazetteer *g)
{
    *out = NULL;
    hs__fuzzy *f = calloc(1, sizeof *f);
    if (!f) {
        return HS_ENOMEM;
    }
    f->r = calloc(g && g->ngroups ? g->ngroups : 1, sizeof *f->r);
    if (!f->r) {
        free(f);
        return HS_ENOMEM;
    }
    for (size_t i = 0; g && i < g->ngroups; i++) {
        const hs_gz_group *gr = &g->groups[i];
        const char *key = hs__strpool_get(&g->pool, gr->key);
        size_t len = key ? strlen(key) : 0;
        /* one entry per (kommun, key): groups of one key are adjacent */
        if (gr->place || len < MIN_LEN - 1 ||
            (f->n > 0 && f->r[f->n - 1].kommun == gr->kommun &&
             strcmp(f->r[f->n - 1].key, key) == 0)) {
            continue;
        }
        f->r[f->n].kommun = gr->kommun;
        f->r[f->n].len = (uint32_t)len;
        f->r[f->n].key = key;
        f->n++;
    }
    qsort(f->r, f->n, sizeof *f->r, cmp_ref);
    *out = f;
    return HS_OK;
}

void hs__fuzzy_free(hs__fuzzy *f)
{
    if (f) {
        free(f->r);
        free(f);
    }
}

/* Street suffixes in sim form (å ä ö kept), longest first where one ends another. */
static const char *const street_suffixes[] = {"gatan",   "gata",  "vägen",  "väg",  "leden",
                                              "gränden", "gränd", "torget", "torg", "stigen",
                                              "backen",  "backe", "allén",  "allé", NULL};
/* Those of five letters or more, which a typo may touch ("-ägen") and still be read. */
static const char *const near_suffixes[] = {"gatan",  "vägen",  "leden",  "gränd", "gränden",
                                            "torget", "stigen", "backen", "allén", NULL};
/* The same in key form, for the stem of a gazetteer name. */
static const char *const key_suffixes[] = {"gatan",   "gata",  "vagen",  "vag",  "leden",
                                           "granden", "grand", "torget", "torg", "stigen",
                                           "backen",  "backe", "allen",  "alle", NULL};

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n > m + 2 && memcmp(s + n - m, suf, m) == 0;
}

int hs__street_like(const char *phrase)
{
    const char *last = strrchr(phrase, ' ');
    last = last ? last + 1 : phrase;
    char sim[96];
    size_t n = hs__text_sim(sim, sizeof sim, last);
    if (n > 3 && sim[n - 1] == 's') {
        n--; /* genitive: "Råbyvägens" */
        sim[n] = '\0';
    }
    for (int i = 0; street_suffixes[i]; i++) {
        if (ends_with(sim, n, street_suffixes[i]) ||
            (last > phrase && strcmp(sim, street_suffixes[i]) == 0)) {
            return 1; /* "Kungsgatan", or a name of words "Dag Hammarskjölds väg" */
        }
    }
    /* a suffix with one edit ("ägen", "lden", "gtan"), the tail taken at each letter; diacritics
     * cost 0.4, so "hagen" of "Stenhagen" (h for v and a for ä) is none */
    for (size_t p = 4; p < n; p++) {
        if (((unsigned char)sim[p] & 0xC0) == 0x80 || n - p > 16) {
            continue;
        }
        for (int i = 0; near_suffixes[i]; i++) {
            if (hs__name_distance(sim + p, near_suffixes[i]) <= 1.0) {
                return 2;
            }
        }
    }
    return 0;
}

/* Length of the stem of a key (the name before its street suffix), or its whole length. */
static size_t stem_len(const char *key, size_t n)
{
    for (int i = 0; key_suffixes[i]; i++) {
        if (ends_with(key, n, key_suffixes[i])) {
            return n - strlen(key_suffixes[i]);
        }
    }
    return n;
}

/* Letters of a that b lacks, and of b that a lacks, the larger: a lower bound of the edits. */
static int bag_distance(const char *a, size_t la, const char *b, size_t lb)
{
    int cnt[256] = {0};
    for (size_t i = 0; i < la; i++) {
        cnt[(unsigned char)a[i]]++;
    }
    for (size_t i = 0; i < lb; i++) {
        cnt[(unsigned char)b[i]]--;
    }
    int pos = 0, neg = 0;
    for (int c = 0; c < 256; c++) {
        pos += cnt[c] > 0 ? cnt[c] : 0;
        neg += cnt[c] < 0 ? -cnt[c] : 0;
    }
    return pos > neg ? pos : neg;
}

/* One edit that a typo makes, by the rules above. */
static int typo_of(const char *q, size_t lq, const char *c, size_t lc)
{
    if (q[0] != c[0] || hs__name_distance(q, c) > 1.0) {
        return 0;
    }
    if (lq != lc) {
        return 1; /* a letter dropped or added */
    }
    size_t first = lq, ndiff = 0;
    for (size_t i = 0; i < lq; i++) {
        if (q[i] != c[i]) {
            first = ndiff++ == 0 ? i : first;
        }
    }
    if (ndiff == 2 && first + 1 < lq && q[first] == c[first + 1] && q[first + 1] == c[first]) {
        return 1; /* two letters swapped */
    }
    if (ndiff != 1) {
        return 0; /* two cheap changes (l/t, i/j ...) are not one typo */
    }
    size_t stem = stem_len(c, lc);
    return first >= stem || stem >= MIN_STEM;
}

/* The first entry of (kommun, len) or after. */
static size_t lower_bound(const hs__fuzzy *f, int kommun, size_t len)
{
    fz_ref want = {kommun, (uint32_t)len, ""};
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp_ref(&f->r[mid], &want) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

int hs__fuzzy_kommun(const hs__fuzzy *f, int kommun)
{
    if (!f) {
        return 0;
    }
    size_t i = lower_bound(f, kommun, 0);
    return i < f->n && f->r[i].kommun == kommun;
}

int hs__fuzzy_street(const char **match, const char **other, const hs__fuzzy *f, const char *key,
                     int kommun)
{
    *match = *other = NULL;
    size_t lq = key ? strlen(key) : 0;
    if (!f || lq < MIN_LEN) {
        return 0;
    }
    /* the kommun's names of length lq - 1 .. lq + 1 */
    size_t lo = lower_bound(f, kommun, lq - 1);
    int found = 0;
    for (size_t i = lo; i < f->n && f->r[i].kommun == kommun && f->r[i].len <= lq + 1; i++) {
        const fz_ref *r = &f->r[i];
        if (r->len < MIN_LEN || bag_distance(key, lq, r->key, r->len) > 2 ||
            !typo_of(key, lq, r->key, r->len)) {
            continue;
        }
        if (found++ == 0) {
            *match = r->key;
        } else if (found == 2) {
            *other = r->key;
        }
    }
    return found > 2 ? 2 : found;
}
