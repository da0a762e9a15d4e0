/*
 * The entries collected while a gazetteer is built (strings pooled, kommun names from the
 * boundaries), and the two text helpers both source readers use: a tag of OSM's other_tags and a
 * house number with its letter. Plain C: no reading, matching or SQL here.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <stdlib.h>
#include <string.h>

static uint32_t pool_add(hs__gazbuf *b, const char *s, int *rc)
{
    uint32_t off = 0;
    if (s && *s && hs__strpool_add(&off, &b->pool, s) != HS_OK) {
        *rc = HS_ENOMEM;
    }
    return off;
}

int hs__gazbuf_add(hs__gazbuf *b, const hs__gaz_entry *e)
{
    if (hs__grow((void **)&b->rows, &b->cap, b->n + 1, sizeof *b->rows) != HS_OK) {
        return HS_ENOMEM;
    }
    int rc = HS_OK;
    hs__gaz_row *r = &b->rows[b->n];
    r->kind = e->kind;
    r->number = e->number;
    r->kommun = e->kommun_code;
    r->source = e->source;
    r->x = e->x;
    r->y = e->y;
    r->street = pool_add(b, e->street, &rc);
    r->letter = pool_add(b, e->letter, &rc);
    r->postcode = pool_add(b, e->postcode, &rc);
    r->ort = pool_add(b, e->ort, &rc);
    r->name = pool_add(b, e->name, &rc);
    r->label = pool_add(b, e->label, &rc);
    if (rc == HS_OK) {
        b->n++;
    }
    return rc;
}

/* "Kalix kommun", "Vänersborgs kommun", "1487" -> key "kalix", "vanersborg" */
void hs__kommun_key(char *out, size_t size, const char *name)
{
    char sim[128];
    hs__text_sim(sim, sizeof sim, name);
    hs__text_key(out, size, sim);
    size_t n = strlen(out);
    if (n > 6 && strcmp(out + n - 6, "kommun") == 0) {
        out[n - 6] = '\0';
        n -= 6;
    }
    if (n > 3 && out[n - 1] == 's') { /* genitive "Vänersborgs" */
        out[n - 1] = '\0';
    }
}

int hs__gazbuf_kommun_by_name(const hs__gazbuf *b, const char *name)
{
    if (!name || !*name) {
        return 0;
    }
    int64_t code;
    if (hs__parse_int64(&code, name) == HS_OK) {
        return code > 0 && code < 10000 ? (int)code : 0;
    }
    char key[64];
    hs__kommun_key(key, sizeof key, name);
    for (size_t i = 0; i < b->nk; i++) {
        if (strcmp(b->kname[i], key) == 0) {
            return b->kcode[i];
        }
    }
    return 0;
}

void hs__gazbuf_free(hs__gazbuf *b)
{
    hs__strpool_free(&b->pool);
    free(b->rows);
    free(b->kname);
    free(b->kcode);
    free(b->kidx);
}

const char *hs__osm_tag(char *buf, size_t size, const char *tags, const char *key)
{
    if (!tags) {
        return NULL;
    }
    char pat[64];
    hs__fmt(pat, sizeof pat, "\"%s\"=>\"", key);
    const char *p = strstr(tags, pat);
    if (!p) {
        return NULL;
    }
    p += strlen(pat);
    size_t n = 0;
    while (*p && *p != '"' && n + 1 < size) {
        buf[n++] = *p++;
    }
    buf[n] = '\0';
    return n ? buf : NULL;
}

int hs__house_number(const char *s, char *letter, size_t lsize)
{
    int v = 0;
    letter[0] = '\0';
    if (!s) {
        return 0;
    }
    while (*s == ' ') {
        s++;
    }
    while (*s >= '0' && *s <= '9' && v < 100000) {
        v = v * 10 + (*s++ - '0');
    }
    while (*s == ' ') {
        s++;
    }
    size_t k = 0;
    while (((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) && k + 1 < lsize) {
        letter[k++] = *s++;
    }
    letter[k] = '\0';
    return v > 0 && v < 100000 ? v : 0;
}
