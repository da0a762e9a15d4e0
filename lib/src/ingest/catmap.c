/*
 * The category table: rules "key -> category, focus area" for incidents and complaints, read from
 * a ';'-separated file or built in (the same rules as shapes/brottskoder.csv, checked by a test).
 * Plain C; it must not parse anything but its own table format.
 */
#include "core/hs_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rule {
    int kind; /* -1 both */
    int prefix;
    int is_code; /* key made of digits */
    char *key;   /* folded (lower case) for names */
    size_t klen;
    char *category, *focus;
} rule;

struct hs_catmap {
    rule *r;
    size_t n, cap;
};

/* BEGIN default table: the non-comment lines of shapes/brottskoder.csv without the header, one
 * string per line (tests/unit/test_ingest_catmap.c checks that both agree). */
/* clang-format off */
static const char *const default_rules[] = {
    "03*;vald;brottskoncentrationer;incident",
    "04*;hot_ofredande;brottskoncentrationer;incident",
    "05*;ovrigt;;incident",
    "06*;sexualbrott;brottskoncentrationer;incident",
    "07*;ovrigt;;incident",
    "08*;stold;brottskoncentrationer;incident",
    "09*;bedrageri;välfärdsbrottslighet;incident",
    "10*;ekonomisk;välfärdsbrottslighet;incident",
    "11*;ekonomisk;välfärdsbrottslighet;incident",
    "12*;skadegorelse;trygghet i offentlig miljö;incident",
    "13*;brand;trygghet i offentlig miljö;incident",
    "14*;bedrageri;välfärdsbrottslighet;incident",
    "15*;ovrigt;;incident",
    "16*;ordning;trygghet i offentlig miljö;incident",
    "17*;vald_mot_tjansteman;brottskoncentrationer;incident",
    "Mord*;vald;brottskoncentrationer;incident",
    "Dråp*;vald;brottskoncentrationer;incident",
    "Misshandel*;vald;brottskoncentrationer;incident",
    "Våld*;vald;brottskoncentrationer;incident",
    "Vållande till kroppsskada;vald;brottskoncentrationer;incident",
    "Våld/hot mot tjänsteman;vald_mot_tjansteman;brottskoncentrationer;incident",
    "Olaga hot*;hot_ofredande;brottskoncentrationer;incident",
    "Ofredande*;hot_ofredande;trygghet i offentlig miljö;incident",
    "Grov kvinnofridskränkning;vald_nara_relation;våld i nära relation;incident",
    "Grov fridskränkning;vald_nara_relation;våld i nära relation;incident",
    "Hemfridsbrott;hot_ofredande;brottskoncentrationer;incident",
    "Olaga frihetsberövande*;hot_ofredande;organiserad brottslighet;incident",
    "Våldtäkt*;sexualbrott;brottskoncentrationer;incident",
    "Sexualbrott*;sexualbrott;brottskoncentrationer;incident",
    "Sedlighetsbrott;sexualbrott;brottskoncentrationer;incident",
    "Rån*;ran;brottskoncentrationer;incident",
    "Larm Överfall;ran;brottskoncentrationer;incident",
    "Stöld*;stold;brottskoncentrationer;incident",
    "Snatteri*;stold;brottskoncentrationer;incident",
    "Cykelstöld*;stold;brottskoncentrationer;incident",
    "Motorfordon, stöld;fordonsstold;brottskoncentrationer;incident",
    "Motorfordon, anträffat stulet;fordonsstold;brottskoncentrationer;incident",
    "Häleri*;stold;organiserad brottslighet;incident",
    "Inbrott*;inbrott;brottskoncentrationer;incident",
    "Bostadsinbrott*;inbrott;brottskoncentrationer;incident",
    "Stöld/inbrott;inbrott;brottskoncentrationer;incident",
    "Larm Inbrott;inbrott;brottskoncentrationer;incident",
    "Olaga intrång;inbrott;brottskoncentrationer;incident",
    "Skadegörelse*;skadegorelse;trygghet i offentlig miljö;incident",
    "Klotter*;skadegorelse;trygghet i offentlig miljö;incident",
    "Brand*;brand;trygghet i offentlig miljö;incident",
    "Mordbrand*;brand;trygghet i offentlig miljö;incident",
    "Bedrägeri*;bedrageri;välfärdsbrottslighet;incident",
    "Åldringsbrott;bedrageri;välfärdsbrottslighet;incident",
    "Förfalskningsbrott;bedrageri;välfärdsbrottslighet;incident",
    "Missbruk av urkund;bedrageri;välfärdsbrottslighet;incident",
    "Ekobrott;ekonomisk;välfärdsbrottslighet;incident",
    "Narkotikabrott*;narkotika;narkotika;incident",
    "Ringa narkotikabrott*;narkotika;narkotika;incident",
    "Narkotika*;narkotika;narkotika;incident",
    "Eget bruk*;narkotika;narkotika;incident",
    "Alkohollagen;narkotika;ANDT-S;incident",
    "Rattfylleri*;trafik;trafiksäkerhet;incident",
    "Drograttfylleri*;trafik;trafiksäkerhet;incident",
    "Olovlig körning*;trafik;trafiksäkerhet;incident",
    "Trafikbrott*;trafik;trafiksäkerhet;incident",
    "Hastighetsöverträdelse*;trafik;trafiksäkerhet;incident",
    "Trafikolycka*;trafikolycka;trafiksäkerhet;incident",
    "Trafikkontroll;kontroll;trafiksäkerhet;incident",
    "Vårdslöshet i trafik*;trafik;trafiksäkerhet;incident",
    "Skottlossning*;skjutning;organiserad brottslighet;incident",
    "Explosion;sprangning;organiserad brottslighet;incident",
    "Detonation;sprangning;organiserad brottslighet;incident",
    "Bombhot;sprangning;organiserad brottslighet;incident",
    "Vapenlagen;vapen;organiserad brottslighet;incident",
    "Vapenbrott*;vapen;organiserad brottslighet;incident",
    "Knivlagen;vapen;trygghet i offentlig miljö;incident",
    "Fylleri*;ordning;trygghet i offentlig miljö;incident",
    "Bråk;ordning;trygghet i offentlig miljö;incident",
    "Ordningslagen;ordning;trygghet i offentlig miljö;incident",
    "Ofredande/förargelse;ordning;trygghet i offentlig miljö;incident",
    "Förargelseväckande beteende;ordning;trygghet i offentlig miljö;incident",
    "Smällar;ordning;trygghet i offentlig miljö;incident",
    "Våldsamt upplopp*;ordning;trygghet i offentlig miljö;incident",
    "Hets mot folkgrupp;hatbrott;brottskoncentrationer;incident",
    "Sabotage mot blåljusverksamhet;vald_mot_tjansteman;brottskoncentrationer;incident",
    "Sammanfattning*;ej_brott;;incident",
    "Övrigt;ovrigt;;incident",
    "Information;ej_brott;;incident",
    "Uppdatering;ej_brott;;incident",
    "Försvunnen person;ej_brott;;incident",
    "Efterlyst person;ej_brott;;incident",
    "Anträffad död;ej_brott;;incident",
    "Arbetsplatsolycka;ej_brott;;incident",
    "Fjällräddning;ej_brott;;incident",
    "Räddningsinsats;ej_brott;;incident",
    "Sjukdom/olycksfall;ej_brott;;incident",
    "Djur;ej_brott;;incident",
    "Klotter*;klotter;trygghet i offentlig miljö;complaint",
    "Nedskräpning*;nedskrapning;trygghet i offentlig miljö;complaint",
    "Skadegörelse*;skadegorelse;trygghet i offentlig miljö;complaint",
    "Buskörning*;buskorning;trygghet i offentlig miljö;complaint",
    "Mopedbuskörning*;buskorning;trygghet i offentlig miljö;complaint",
    "Folksamling*;folksamling;trygghet i offentlig miljö;complaint",
    "Ungdomsgäng*;folksamling;trygga unga;complaint",
    "Fyrverkerier*;fyrverkerier;trygghet i offentlig miljö;complaint",
    "Smällare*;fyrverkerier;trygghet i offentlig miljö;complaint",
    "Otrygg plats*;otrygg_plats;trygghet i offentlig miljö;complaint",
    "Dålig belysning*;belysning;trygghet i offentlig miljö;complaint",
    "Belysning*;belysning;trygghet i offentlig miljö;complaint",
    "Narkotika*;narkotika;narkotika;complaint",
    "Langning*;narkotika;ANDT-S;complaint",
    "Berusade personer*;ordning;ANDT-S;complaint",
    "Ordningsstörning*;ordning;trygghet i offentlig miljö;complaint",
    "Hot*;hot_ofredande;trygghet i offentlig miljö;complaint",
    "Trakasserier*;hot_ofredande;trygghet i offentlig miljö;complaint",
    "Hastighet*;trafik;trafiksäkerhet;complaint",
    NULL};
/* clang-format on */
/* END default table */

/* Lower-cases ASCII and the Swedish capitals Å Ä Ö É (UTF-8) into out; returns the length. */
static size_t fold(char *out, size_t size, const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 2 < size; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c + 32);
        } else if (c == 0xC3 && (p[1] == 0x85 || p[1] == 0x84 || p[1] == 0x96 || p[1] == 0x89)) {
            out[n++] = (char)c;
            c = (unsigned char)(*++p + 0x20);
        }
        out[n++] = (char)c;
    }
    while (n && out[n - 1] == ' ') {
        n--;
    }
    out[n] = '\0';
    return n;
}

static int all_digits(const char *s)
{
    if (!*s) {
        return 0;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return 0;
        }
    }
    return 1;
}

int hs_catmap_new(hs_catmap **out)
{
    if (!out) {
        return HS_EINVAL;
    }
    *out = calloc(1, sizeof **out);
    return *out ? HS_OK : HS_ENOMEM;
}

void hs_catmap_free(hs_catmap *m)
{
    if (!m) {
        return;
    }
    for (size_t i = 0; i < m->n; i++) {
        free(m->r[i].key);
        free(m->r[i].category);
        free(m->r[i].focus);
    }
    free(m->r);
    free(m);
}

size_t hs_catmap_count(const hs_catmap *m)
{
    return m ? m->n : 0;
}

int hs_catmap_add(hs_catmap *m, int kind, const char *key, const char *category,
                  const char *focus_area)
{
    if (!m || !key || !*key || !category || !*category) {
        return HS_EINVAL;
    }
    if (hs__grow((void **)&m->r, &m->cap, m->n + 1, sizeof *m->r) != HS_OK) {
        return HS_ENOMEM;
    }
    rule *r = &m->r[m->n];
    memset(r, 0, sizeof *r);
    char buf[256];
    size_t L = fold(buf, sizeof buf, key);
    r->prefix = L > 0 && buf[L - 1] == '*';
    if (r->prefix) {
        buf[--L] = '\0';
    }
    r->is_code = all_digits(buf);
    r->kind = kind;
    r->klen = L;
    r->key = hs__strdup(buf);
    r->category = hs__strdup(category);
    r->focus = focus_area && *focus_area ? hs__strdup(focus_area) : NULL;
    if (!r->key || !r->category || (focus_area && *focus_area && !r->focus)) {
        free(r->key);
        free(r->category);
        free(r->focus);
        return HS_ENOMEM;
    }
    m->n++;
    return HS_OK;
}

/* Splits a rule line in place into up to 4 ';' fields; returns the count. */
static int split(char **f, char *line)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < 4; p++) {
        if (*p == ';') {
            *p = '\0';
            f[n++] = p + 1;
        }
    }
    for (int i = 0; i < n; i++) {
        while (*f[i] == ' ') {
            f[i]++;
        }
        size_t L = strlen(f[i]);
        while (L && (f[i][L - 1] == ' ' || f[i][L - 1] == '\r' || f[i][L - 1] == '\n')) {
            f[i][--L] = '\0';
        }
    }
    return n;
}

static int parse_kind(int *kind, const char *s)
{
    if (!s || !*s || strcmp(s, "incident") == 0) {
        *kind = HS_KIND_INCIDENT;
    } else if (strcmp(s, "complaint") == 0) {
        *kind = HS_KIND_COMPLAINT;
    } else if (strcmp(s, "*") == 0) {
        *kind = -1;
    } else {
        return HS_EINVAL;
    }
    return HS_OK;
}

/* Adds one table line; HS_OK for comments/header/blank lines. */
static int add_line(hs_catmap *m, char *line, const char **why)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (*p == '#' || *p == '\0' || *p == '\r' || *p == '\n' || strncmp(p, "key;", 4) == 0) {
        return HS_OK;
    }
    char *f[4] = {NULL, NULL, NULL, NULL};
    int n = split(f, line);
    int kind = HS_KIND_INCIDENT;
    if (n < 2 || !*f[0] || !*f[1]) {
        *why = "expected key;category;focus_area[;kind]";
        return HS_EDATA;
    }
    if (parse_kind(&kind, n >= 4 ? f[3] : NULL) != HS_OK) {
        *why = "kind must be incident, complaint or *";
        return HS_EDATA;
    }
    int rc = hs_catmap_add(m, kind, f[0], f[1], n >= 3 ? f[2] : NULL);
    if (rc != HS_OK) {
        *why = "out of memory";
    }
    return rc;
}

int hs_catmap_default(hs_catmap **out)
{
    int rc = hs_catmap_new(out);
    for (size_t i = 0; rc == HS_OK && default_rules[i]; i++) {
        char line[512];
        const char *why = NULL;
        hs__fmt(line, sizeof line, "%s", default_rules[i]);
        rc = add_line(*out, line, &why);
    }
    if (rc != HS_OK) {
        hs_catmap_free(*out);
        *out = NULL;
    }
    return rc;
}

int hs_catmap_load(hs_catmap **out, hs_ctx *ctx, const char *path)
{
    if (!out || !path) {
        return HS_EINVAL;
    }
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        return hs__error(ctx, HS_EIO, "%s: cannot open the category table", path);
    }
    hs_catmap *m = NULL;
    int rc = hs_catmap_new(&m);
    char line[1024];
    int lineno = 0;
    while (rc == HS_OK && fgets(line, sizeof line, f)) {
        lineno++;
        char *s = line;
        if (lineno == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF) {
            s += 3;
        }
        const char *why = NULL;
        rc = add_line(m, s, &why);
        if (rc != HS_OK) {
            rc = hs__error(ctx, rc, "%s:%d: %s", path, lineno, why ? why : "bad line");
        }
    }
    fclose(f);
    if (rc == HS_OK && m->n == 0) {
        rc = hs__error(ctx, HS_ENODATA, "%s: no rules in the category table", path);
    }
    if (rc != HS_OK) {
        hs_catmap_free(m);
        return rc;
    }
    *out = m;
    return HS_OK;
}

/* Best rule for key (folded) among code or name rules: exact, then longest prefix. */
static const rule *best(const hs_catmap *m, int kind, const char *key, size_t klen, int codes)
{
    const rule *pre = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const rule *r = &m->r[i];
        if (r->is_code != codes || (r->kind != -1 && r->kind != kind)) {
            continue;
        }
        if (!r->prefix) {
            if (r->klen == klen && memcmp(r->key, key, klen) == 0) {
                return r;
            }
        } else if (r->klen <= klen && memcmp(r->key, key, r->klen) == 0 &&
                   (!pre || r->klen > pre->klen)) {
            pre = r;
        }
    }
    return pre;
}

int hs_catmap_lookup(const char **category, const char **focus, const hs_catmap *m,
                     hs_record_kind kind, const char *code, const char *name)
{
    *category = NULL;
    *focus = NULL;
    if (!m) {
        return 0;
    }
    char buf[256];
    const rule *r = NULL;
    if (code && *code) {
        size_t L = fold(buf, sizeof buf, code);
        const char *k = buf;
        while (*k == ' ') {
            k++;
            L--;
        }
        r = best(m, (int)kind, k, L, 1);
        if (!r && !all_digits(k)) {
            r = best(m, (int)kind, k, L, 0); /* a code column holding names */
        }
    }
    if (!r && name && *name) {
        size_t L = fold(buf, sizeof buf, name);
        r = best(m, (int)kind, buf, L, 0);
        /* a category name itself (re-reading hotspot's own output) keeps its category */
        for (size_t i = 0; !r && i < m->n; i++) {
            if ((m->r[i].kind == -1 || m->r[i].kind == (int)kind) &&
                hs__strcasecmp(m->r[i].category, name) == 0) {
                r = &m->r[i];
            }
        }
    }
    if (!r) {
        return 0;
    }
    *category = r->category;
    *focus = r->focus;
    return 1;
}
