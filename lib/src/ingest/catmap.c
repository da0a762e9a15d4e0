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
    char *label_sv, *label_en; /* display names, NULL when the line gives none */
} rule;

struct hs_catmap {
    rule *r;
    size_t n, cap;
};

/* BEGIN default table: the non-comment lines of shapes/brottskoder.csv without the header, one
 * string per line (tests/unit/test_ingest_catmap.c checks that both agree). */
/* clang-format off */
static const char *const default_rules[] = {
    "03*;vald;brottskoncentrationer;incident;Våld;Violence",
    "04*;hot_ofredande;brottskoncentrationer;incident;Hot och ofredande;Threats and harassment",
    "05*;ovrigt;;incident;Övrigt;Other",
    "06*;sexualbrott;brottskoncentrationer;incident;Sexualbrott;Sexual offences",
    "07*;ovrigt;;incident;Övrigt;Other",
    "08*;stold;brottskoncentrationer;incident;Stöld;Theft",
    "09*;bedrageri;välfärdsbrottslighet;incident;Bedrägeri;Fraud",
    "10*;ekonomisk;välfärdsbrottslighet;incident;Ekonomisk brottslighet;Economic crime",
    "11*;ekonomisk;välfärdsbrottslighet;incident;Ekonomisk brottslighet;Economic crime",
    "12*;skadegorelse;trygghet i offentlig miljö;incident;Skadegörelse;Criminal damage",
    "13*;brand;trygghet i offentlig miljö;incident;Brand;Fire",
    "14*;bedrageri;välfärdsbrottslighet;incident;Bedrägeri;Fraud",
    "15*;ovrigt;;incident;Övrigt;Other",
    "16*;ordning;trygghet i offentlig miljö;incident;Ordningsstörning;Public disorder",
    "17*;vald_mot_tjansteman;brottskoncentrationer;incident;Våld mot tjänsteman;Violence against officials",
    "Mord*;vald;brottskoncentrationer;incident;Våld;Violence",
    "Dråp*;vald;brottskoncentrationer;incident;Våld;Violence",
    "Misshandel*;vald;brottskoncentrationer;incident;Våld;Violence",
    "Våld*;vald;brottskoncentrationer;incident;Våld;Violence",
    "Vållande till kroppsskada;vald;brottskoncentrationer;incident;Våld;Violence",
    "Våld/hot mot tjänsteman;vald_mot_tjansteman;brottskoncentrationer;incident;Våld mot tjänsteman;Violence against officials",
    "Olaga hot*;hot_ofredande;brottskoncentrationer;incident;Hot och ofredande;Threats and harassment",
    "Ofredande*;hot_ofredande;trygghet i offentlig miljö;incident;Hot och ofredande;Threats and harassment",
    "Grov kvinnofridskränkning;vald_nara_relation;våld i nära relation;incident;Våld i nära relation;Domestic violence",
    "Grov fridskränkning;vald_nara_relation;våld i nära relation;incident;Våld i nära relation;Domestic violence",
    "Hemfridsbrott;hot_ofredande;brottskoncentrationer;incident;Hot och ofredande;Threats and harassment",
    "Olaga frihetsberövande*;hot_ofredande;organiserad brottslighet;incident;Hot och ofredande;Threats and harassment",
    "Våldtäkt*;sexualbrott;brottskoncentrationer;incident;Sexualbrott;Sexual offences",
    "Sexualbrott*;sexualbrott;brottskoncentrationer;incident;Sexualbrott;Sexual offences",
    "Sedlighetsbrott;sexualbrott;brottskoncentrationer;incident;Sexualbrott;Sexual offences",
    "Rån*;ran;brottskoncentrationer;incident;Rån;Robbery",
    "Larm Överfall;ran;brottskoncentrationer;incident;Rån;Robbery",
    "Stöld*;stold;brottskoncentrationer;incident;Stöld;Theft",
    "Snatteri*;stold;brottskoncentrationer;incident;Stöld;Theft",
    "Cykelstöld*;stold;brottskoncentrationer;incident;Stöld;Theft",
    "Motorfordon, stöld;fordonsstold;brottskoncentrationer;incident;Fordonsstöld;Vehicle theft",
    "Motorfordon, anträffat stulet;fordonsstold;brottskoncentrationer;incident;Fordonsstöld;Vehicle theft",
    "Häleri*;stold;organiserad brottslighet;incident;Stöld;Theft",
    "Inbrott*;inbrott;brottskoncentrationer;incident;Inbrott;Burglary",
    "Bostadsinbrott*;inbrott;brottskoncentrationer;incident;Inbrott;Burglary",
    "Stöld/inbrott;inbrott;brottskoncentrationer;incident;Inbrott;Burglary",
    "Larm Inbrott;inbrott;brottskoncentrationer;incident;Inbrott;Burglary",
    "Olaga intrång;inbrott;brottskoncentrationer;incident;Inbrott;Burglary",
    "Skadegörelse*;skadegorelse;trygghet i offentlig miljö;incident;Skadegörelse;Criminal damage",
    "Klotter*;skadegorelse;trygghet i offentlig miljö;incident;Skadegörelse;Criminal damage",
    "Brand*;brand;trygghet i offentlig miljö;incident;Brand;Fire",
    "Mordbrand*;brand;trygghet i offentlig miljö;incident;Brand;Fire",
    "Bedrägeri*;bedrageri;välfärdsbrottslighet;incident;Bedrägeri;Fraud",
    "Åldringsbrott;bedrageri;välfärdsbrottslighet;incident;Bedrägeri;Fraud",
    "Förfalskningsbrott;bedrageri;välfärdsbrottslighet;incident;Bedrägeri;Fraud",
    "Missbruk av urkund;bedrageri;välfärdsbrottslighet;incident;Bedrägeri;Fraud",
    "Ekobrott;ekonomisk;välfärdsbrottslighet;incident;Ekonomisk brottslighet;Economic crime",
    "Narkotikabrott*;narkotika;narkotika;incident;Narkotikabrott;Drug offences",
    "Ringa narkotikabrott*;narkotika;narkotika;incident;Narkotikabrott;Drug offences",
    "Narkotika*;narkotika;narkotika;incident;Narkotikabrott;Drug offences",
    "Eget bruk*;narkotika;narkotika;incident;Narkotikabrott;Drug offences",
    "Alkohollagen;narkotika;ANDT-S;incident;Narkotikabrott;Drug offences",
    "Rattfylleri*;trafik;trafiksäkerhet;incident;Trafikbrott;Traffic offences",
    "Drograttfylleri*;trafik;trafiksäkerhet;incident;Trafikbrott;Traffic offences",
    "Olovlig körning*;trafik;trafiksäkerhet;incident;Trafikbrott;Traffic offences",
    "Trafikbrott*;trafik;trafiksäkerhet;incident;Trafikbrott;Traffic offences",
    "Hastighetsöverträdelse*;trafik;trafiksäkerhet;incident;Trafikbrott;Traffic offences",
    "Trafikolycka*;trafikolycka;trafiksäkerhet;incident;Trafikolycka;Traffic accident",
    "Trafikkontroll;kontroll;trafiksäkerhet;incident;Kontroll;Police checks",
    "Vårdslöshet i trafik*;trafik;trafiksäkerhet;incident;Trafikbrott;Traffic offences",
    "Skottlossning*;skjutning;organiserad brottslighet;incident;Skjutning;Shooting",
    "Explosion;sprangning;organiserad brottslighet;incident;Sprängning;Explosion",
    "Detonation;sprangning;organiserad brottslighet;incident;Sprängning;Explosion",
    "Bombhot;sprangning;organiserad brottslighet;incident;Sprängning;Explosion",
    "Vapenlagen;vapen;organiserad brottslighet;incident;Vapenbrott;Weapons offences",
    "Vapenbrott*;vapen;organiserad brottslighet;incident;Vapenbrott;Weapons offences",
    "Knivlagen;vapen;trygghet i offentlig miljö;incident;Vapenbrott;Weapons offences",
    "Fylleri*;ordning;trygghet i offentlig miljö;incident;Ordningsstörning;Public disorder",
    "Bråk;ordning;trygghet i offentlig miljö;incident;Ordningsstörning;Public disorder",
    "Ordningslagen;ordning;trygghet i offentlig miljö;incident;Ordningsstörning;Public disorder",
    "Ofredande/förargelse;ordning;trygghet i offentlig miljö;incident;Ordningsstörning;Public disorder",
    "Förargelseväckande beteende;ordning;trygghet i offentlig miljö;incident;Ordningsstörning;Public disorder",
    "Smällar;ordning;trygghet i offentlig miljö;incident;Ordningsstörning;Public disorder",
    "Våldsamt upplopp*;ordning;trygghet i offentlig miljö;incident;Ordningsstörning;Public disorder",
    "Hets mot folkgrupp;hatbrott;brottskoncentrationer;incident;Hatbrott;Hate crime",
    "Sabotage mot blåljusverksamhet;vald_mot_tjansteman;brottskoncentrationer;incident;Våld mot tjänsteman;Violence against officials",
    "Sammanfattning*;ej_brott;;incident;Ej brott;Not a crime",
    "Övrigt;ovrigt;;incident;Övrigt;Other",
    "Information;ej_brott;;incident;Ej brott;Not a crime",
    "Uppdatering;ej_brott;;incident;Ej brott;Not a crime",
    "Försvunnen person;ej_brott;;incident;Ej brott;Not a crime",
    "Efterlyst person;ej_brott;;incident;Ej brott;Not a crime",
    "Anträffad död;ej_brott;;incident;Ej brott;Not a crime",
    "Arbetsplatsolycka;ej_brott;;incident;Ej brott;Not a crime",
    "Fjällräddning;ej_brott;;incident;Ej brott;Not a crime",
    "Räddningsinsats;ej_brott;;incident;Ej brott;Not a crime",
    "Sjukdom/olycksfall;ej_brott;;incident;Ej brott;Not a crime",
    "Djur;ej_brott;;incident;Ej brott;Not a crime",
    "Klotter*;klotter;trygghet i offentlig miljö;complaint;Klotter;Graffiti",
    "Nedskräpning*;nedskrapning;trygghet i offentlig miljö;complaint;Nedskräpning;Littering",
    "Skadegörelse*;skadegorelse;trygghet i offentlig miljö;complaint;Skadegörelse;Criminal damage",
    "Buskörning*;buskorning;trygghet i offentlig miljö;complaint;Buskörning;Reckless driving",
    "Mopedbuskörning*;buskorning;trygghet i offentlig miljö;complaint;Buskörning;Reckless driving",
    "Folksamling*;folksamling;trygghet i offentlig miljö;complaint;Folksamling;Crowds",
    "Ungdomsgäng*;folksamling;trygga unga;complaint;Folksamling;Crowds",
    "Fyrverkerier*;fyrverkerier;trygghet i offentlig miljö;complaint;Fyrverkerier;Fireworks",
    "Smällare*;fyrverkerier;trygghet i offentlig miljö;complaint;Fyrverkerier;Fireworks",
    "Otrygg plats*;otrygg_plats;trygghet i offentlig miljö;complaint;Otrygg plats;Unsafe place",
    "Dålig belysning*;belysning;trygghet i offentlig miljö;complaint;Belysning;Lighting",
    "Belysning*;belysning;trygghet i offentlig miljö;complaint;Belysning;Lighting",
    "Narkotika*;narkotika;narkotika;complaint;Narkotikabrott;Drug offences",
    "Langning*;narkotika;ANDT-S;complaint;Narkotikabrott;Drug offences",
    "Berusade personer*;ordning;ANDT-S;complaint;Ordningsstörning;Public disorder",
    "Ordningsstörning*;ordning;trygghet i offentlig miljö;complaint;Ordningsstörning;Public disorder",
    "Hot*;hot_ofredande;trygghet i offentlig miljö;complaint;Hot och ofredande;Threats and harassment",
    "Trakasserier*;hot_ofredande;trygghet i offentlig miljö;complaint;Hot och ofredande;Threats and harassment",
    "Hastighet*;trafik;trafiksäkerhet;complaint;Trafikbrott;Traffic offences",
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
        free(m->r[i].label_sv);
        free(m->r[i].label_en);
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

static int split(char **f, char *line);

int hs_catmap_set_labels(hs_catmap *m, const char *category, const char *label_sv,
                         const char *label_en)
{
    if (!m || !category) {
        return HS_EINVAL;
    }
    for (size_t i = 0; i < m->n; i++) {
        rule *r = &m->r[i];
        if (strcmp(r->category, category) != 0) {
            continue;
        }
        const char *in[2] = {label_sv, label_en};
        char **dst[2] = {&r->label_sv, &r->label_en};
        for (int k = 0; k < 2; k++) {
            if (in[k] && *in[k] && !*dst[k] && !(*dst[k] = hs__strdup(in[k]))) {
                return HS_ENOMEM;
            }
        }
    }
    return HS_OK;
}

static const char *label_of(const hs_catmap *m, const char *category, int en)
{
    for (size_t i = 0; m && i < m->n; i++) {
        const rule *r = &m->r[i];
        const char *l = en ? r->label_en : r->label_sv;
        if (l && strcmp(r->category, category) == 0) {
            return l;
        }
    }
    return NULL;
}

/* The built-in table's name for a category (fields 2, 5 and 6 of its lines), copied to buf. */
static const char *default_label(char *buf, size_t cap, const char *category, int en)
{
    for (size_t i = 0; default_rules[i]; i++) {
        char line[512];
        hs__fmt(line, sizeof line, "%s", default_rules[i]);
        char *f[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
        int n = split(f, line);
        if (n >= 5 && strcmp(f[1], category) == 0) {
            const char *l = en ? (n >= 6 ? f[5] : "") : f[4];
            if (*l) {
                hs__fmt(buf, cap, "%s", l);
                return buf;
            }
        }
    }
    return NULL;
}

const char *hs_catmap_label(const hs_catmap *m, const char *category, const char *lang)
{
    if (!category) {
        return NULL;
    }
    int en = lang && strcmp(lang, "en") == 0;
    return label_of(m, category, en);
}

int hs_category_display(char *out, size_t cap, const hs_catmap *m, const char *category,
                        const char *lang)
{
    if (!out || cap == 0 || !category) {
        return HS_EINVAL;
    }
    int en = lang && strcmp(lang, "en") == 0;
    char buf[256];
    const char *l = hs_catmap_label(m, category, lang);
    l = l ? l : default_label(buf, sizeof buf, category, en);
    if (l) {
        hs__fmt(out, cap, "%s", l);
        return HS_OK;
    }
    /* no name given: the key itself, '_' as a space, the first letter capitalised */
    hs__fmt(out, cap, "%s", category);
    for (char *p = out; *p; p++) {
        *p = *p == '_' ? ' ' : *p;
    }
    unsigned char *u = (unsigned char *)out;
    if (u[0] >= 'a' && u[0] <= 'z') {
        u[0] = (unsigned char)(u[0] - 32);
    } else if (u[0] == 0xC3 && u[1] >= 0xA0 && u[1] <= 0xBE && u[1] != 0xB7) {
        u[1] = (unsigned char)(u[1] - 0x20);
    }
    return HS_OK;
}

/* Splits a rule line in place into up to 6 ';' fields; returns the count. */
static int split(char **f, char *line)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < 6; p++) {
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
    char *f[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
    int n = split(f, line);
    int kind = HS_KIND_INCIDENT;
    if (n < 2 || !*f[0] || !*f[1]) {
        *why = "expected key;category;focus_area[;kind[;label_sv;label_en]]";
        return HS_EDATA;
    }
    if (parse_kind(&kind, n >= 4 ? f[3] : NULL) != HS_OK) {
        *why = "kind must be incident, complaint or *";
        return HS_EDATA;
    }
    int rc = hs_catmap_add(m, kind, f[0], f[1], n >= 3 ? f[2] : NULL);
    if (rc == HS_OK && n >= 5) {
        rc = hs_catmap_set_labels(m, f[1], f[4], n >= 6 ? f[5] : NULL);
    }
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
