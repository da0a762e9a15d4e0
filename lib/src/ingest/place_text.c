/*
 * Place mentions in a Swedish event text (polisen.se titles, summaries and bodies): runs of
 * capitalised words and street-name compounds ("Kungsgatan", "Norra grängesbergsgatan",
 * "Stora torget"), a house number after them, intersections ("Kungsgatan/Vaksalagatan",
 * "korsningen X och Y") and the word before them (a locative preposition such as "på", "i",
 * "vid"). Only the phrases leave this file, never the text around them; the geocode module
 * decides which of them name a place of the kommun. No gazetteer here.
 */
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <stdlib.h>
#include <string.h>

typedef struct word {
    const char *s;
    size_t n;   /* bytes */
    int upper;  /* starts with an upper-case letter */
    int street; /* ends with a street suffix (and is longer than it, or follows a name) */
    int bare;   /* is a bare suffix word ("torget", "gatan") */
    int number; /* 1..9999 with an optional letter */
    int sent;   /* first word of a sentence */
    int slash;  /* a '/' (or "–" between streets) follows before the next word */
    int gap;    /* punctuation other than '/' between this word and the next */
    int func;   /* a preposition or common word: never starts a name ("På Kungsgatan") */
} word;

#define MAXW 768

static int is_letter_byte(const unsigned char *p)
{
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
        return 1;
    }
    if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF && p[1] != 0x97 && p[1] != 0xB7) {
        return 2; /* Latin-1 letters (å ä ö é ü ...), not × ÷ */
    }
    return 0;
}

static int is_upper_at(const unsigned char *p)
{
    return (*p >= 'A' && *p <= 'Z') || (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E);
}

/* Lower-case ASCII and Å Ä Ö É of w into out. */
static void lower(char *out, size_t cap, const char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            out[o++] = (char)(c + 32);
        } else if (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                   (unsigned char)s[i + 1] <= 0x9E) {
            out[o++] = (char)c;
            out[o++] = (char)((unsigned char)s[++i] + 0x20);
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
}

typedef struct suffix {
    const char *s;
    size_t n;
} suffix;
static const suffix suffixes[] = {{"gatan", sizeof "gatan" - 1},
                                  {"gatans", sizeof "gatans" - 1},
                                  {"gata", sizeof "gata" - 1},
                                  {"vägen", sizeof "vägen" - 1},
                                  {"vägens", sizeof "vägens" - 1},
                                  {"väg", sizeof "väg" - 1},
                                  {"leden", sizeof "leden" - 1},
                                  {"ledens", sizeof "ledens" - 1},
                                  {"gränd", sizeof "gränd" - 1},
                                  {"gränden", sizeof "gränden" - 1},
                                  {"torget", sizeof "torget" - 1},
                                  {"torgets", sizeof "torgets" - 1},
                                  {"torg", sizeof "torg" - 1},
                                  {"stigen", sizeof "stigen" - 1},
                                  {"backen", sizeof "backen" - 1},
                                  {"backe", sizeof "backe" - 1},
                                  {"allén", sizeof "allén" - 1},
                                  {"allé", sizeof "allé" - 1},
                                  {"platsen", sizeof "platsen" - 1},
                                  {"plan", sizeof "plan" - 1},
                                  {"parken", sizeof "parken" - 1},
                                  {"stråket", sizeof "stråket" - 1},
                                  {"kajen", sizeof "kajen" - 1},
                                  {"bron", sizeof "bron" - 1},
                                  {"esplanaden", sizeof "esplanaden" - 1},
                                  {"promenaden", sizeof "promenaden" - 1},
                                  {"rondellen", sizeof "rondellen" - 1},
                                  {"gången", sizeof "gången" - 1},
                                  {"liden", sizeof "liden" - 1},
                                  {"vägar", sizeof "vägar" - 1},
                                  {"parkens", sizeof "parkens" - 1},
                                  {"stranden", sizeof "stranden" - 1},
                                  {"hamnen", sizeof "hamnen" - 1},
                                  {NULL, 0}};

/* 1: street compound ("kungsgatan"), 2: the bare suffix ("torget"), 0: neither. */
static int street_kind(const char *low, size_t n)
{
    for (int i = 0; suffixes[i].s; i++) {
        size_t m = suffixes[i].n;
        if (n >= m && low[n - 1] == suffixes[i].s[m - 1] &&
            memcmp(low + n - m, suffixes[i].s, m) == 0) {
            return n > m + 2 ? 1 : (n == m ? 2 : 0);
        }
    }
    return 0;
}

/* Words before a place that make it one ("på Kungsgatan", "i Gottsunda"). */
static const char *const preps[] = {
    "i",       "på",         "vid",     "längs",  "mot",        "från",           "till",
    "utanför", "nära",       "intill",  "invid",  "genom",      "över",           "runt",
    "mellan",  "korsningen", "området", "kring",  "bakom",      "framför",        "centrala",
    "norra",   "södra",      "östra",   "västra", "stadsdelen", "bostadsområdet", "korsning",
    "hörnet",  "omkring",    "efter",   "med",    NULL};

static int prep_rank(const char *low)
{
    for (int i = 0; preps[i]; i++) {
        if (strcmp(low, preps[i]) == 0) {
            /* "efter" and "med" are weak ("efter Kungsgatan" is a place, "med Anna" is not) */
            return i >= 31 ? 0 : 1;
        }
    }
    return 0;
}

/* Words that are the only word of a run never count alone (common words, sentence starts). */
static const char *const weak_words[] = {"polisen",     "polis",    "en",
                                         "ett",         "den",      "det",
                                         "de",          "han",      "hon",
                                         "man",         "kvinna",   "mannen",
                                         "kvinnan",     "under",    "vid",
                                         "efter",       "i",        "på",
                                         "när",         "ingen",    "inga",
                                         "någon",       "flera",    "två",
                                         "tre",         "centrum",  "city",
                                         "torget",      "torg",     "stan",
                                         "staden",      "ambulans", "räddningstjänsten",
                                         "uppdatering", "larm",     "sverige",
                                         "region",      "kl",       "klockan",
                                         "personen",    "föraren",  "bilen",
                                         NULL};

static int weak(const char *low)
{
    for (int i = 0; weak_words[i]; i++) {
        if (strcmp(low, weak_words[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Prepositions and common words (preps and weak_words), in strcmp order for a binary search;
 * not the directions, which start names too ("Norra Grängesbergsgatan", "i norra Uppsala"). */
static const char *const func_sorted[] = {
    "ambulans", "bakom",      "bilen",       "bostadsområdet",
    "centrala", "centrum",    "city",        "de",
    "den",      "det",        "efter",       "en",
    "ett",      "flera",      "framför",     "från",
    "föraren",  "genom",      "han",         "hon",
    "hörnet",   "i",          "inga",        "ingen",
    "intill",   "invid",      "kl",          "klockan",
    "korsning", "korsningen", "kring",       "kvinna",
    "kvinnan",  "larm",       "längs",       "man",
    "mannen",   "med",        "mellan",      "mot",
    "när",      "nära",       "någon",       "omkring",
    "området",  "personen",   "polis",       "polisen",
    "på",       "region",     "runt",        "räddningstjänsten",
    "staden",   "stadsdelen", "stan",        "sverige",
    "till",     "torg",       "torget",      "tre",
    "två",      "under",      "uppdatering", "utanför",
    "vid",      "över",
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_func(const char *low)
{
    return bsearch(&low, func_sorted, sizeof func_sorted / sizeof func_sorted[0],
                   sizeof func_sorted[0], cmp_str) != NULL;
}

static size_t tokenize(word *w, size_t cap, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = 0;
    int sent = 1;
    while (*p && n < cap) {
        int lb = is_letter_byte(p);
        if (lb || (*p >= '0' && *p <= '9')) {
            const unsigned char *s = p;
            int digits = *p >= '0' && *p <= '9';
            while (*p) {
                int b = is_letter_byte(p);
                if (b) {
                    p += b;
                } else if (*p >= '0' && *p <= '9') {
                    p++;
                } else if ((*p == '-' || *p == '\'') && is_letter_byte(p + 1) && p > s) {
                    p++;
                } else {
                    break;
                }
            }
            /* "S:t Persgatan": the abbreviation is one word */
            if (p == s + 1 && (*s == 'S' || *s == 's') && p[0] == ':' && p[1] == 't' &&
                !is_letter_byte(p + 2)) {
                p += 2;
            }
            word *x = &w[n++];
            memset(x, 0, sizeof *x);
            x->s = (const char *)s;
            x->n = (size_t)(p - s);
            x->upper = is_upper_at(s);
            x->sent = sent;
            sent = 0;
            if (digits) {
                size_t d = 0;
                while (d < x->n && s[d] >= '0' && s[d] <= '9') {
                    d++;
                }
                x->number = d <= 4 && x->n - d <= 1 && s[0] != '0';
            } else {
                char low[128];
                lower(low, sizeof low, x->s, x->n < 120 ? x->n : 120);
                int k = street_kind(low, strlen(low));
                x->street = k == 1;
                x->bare = k == 2;
                x->func = x->upper && x->n <= 20 && is_func(low);
            }
            continue;
        }
        /* separators */
        if (n > 0) {
            if (*p == '/') {
                w[n - 1].slash = 1;
            } else if (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94)) {
                w[n - 1].gap = 1; /* a dash */
            } else if (*p != ' ' && *p != '\t' && !(*p == 0xC2 && p[1] == 0xA0)) {
                w[n - 1].gap = 1;
            }
        }
        if (*p == '.' || *p == '!' || *p == '?' || *p == '\n' || *p == ':' || *p == ';') {
            /* "kl. 12" and "ca." do not end a sentence much, but a capital after them is rare */
            sent = 1;
        }
        if (*p == 0xC2 || *p == 0xE2) {
            p += *p == 0xC2 ? 2 : 3;
            continue;
        }
        p++;
    }
    return n;
}

typedef struct run_ {
    size_t a, b; /* words [a, b) */
} run_;

/* Extends a run of name words from i: a capital or a street compound starts it; capitals, street
 * compounds and bare suffixes ("Stora torget") continue it, at most four words. */
static size_t run_from(const word *w, size_t n, size_t i)
{
    if (i >= n || w[i].number || w[i].func || !(w[i].upper || w[i].street)) {
        return i;
    }
    size_t j = i + 1;
    while (j < n && j - i < 4 && !w[j - 1].gap && !w[j - 1].slash && !w[j].number && !w[j].sent &&
           (w[j].upper || w[j].street || (w[j].bare && !w[j - 1].street))) {
        j++;
    }
    return j;
}

static size_t put(char *out, size_t cap, size_t len, const char *s, size_t n)
{
    if (len + n + 1 < cap) {
        memcpy(out + len, s, n);
        len += n;
        out[len] = '\0';
    }
    return len;
}

static size_t put_run(char *buf, size_t cap, const word *w, run_ r)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = r.a; k < r.b; k++) {
        if (k > r.a) {
            len = put(buf, cap, len, " ", 1);
        }
        len = put(buf, cap, len, w[k].s, w[k].n);
    }
    return len;
}

/* Appends "m\t<field>\t<flags>\t<phrase>\n" unless the same phrase is there already. */
static size_t emit(char *out, size_t cap, size_t len, char field, const char *flags,
                   const char *phrase)
{
    char line[256];
    hs__fmt(line, sizeof line, "\t%s\n", phrase);
    if (strstr(out, line)) {
        return len;
    }
    char full[300];
    hs__fmt(full, sizeof full, "m\t%c\t%s\t%s\n", field, flags[0] ? flags : "-", phrase);
    size_t n = strlen(full);
    if (len + n + 1 >= cap) {
        return len;
    }
    memcpy(out + len, full, n + 1);
    return len + n;
}

size_t hs__place_mentions(char *out, size_t cap, size_t len, const char *text, char field)
{
    if (!out || cap == 0 || !text) {
        return len;
    }
    static __thread word w[MAXW];
    size_t n = tokenize(w, MAXW, text);
    size_t i = 0;
    while (i < n) {
        size_t j = run_from(w, n, i);
        if (j == i) {
            i++;
            continue;
        }
        run_ r = {i, j};
        char low[128] = "";
        int prep = 0, korsning = 0;
        if (i > 0 && !w[i - 1].gap && !w[i - 1].slash) {
            lower(low, sizeof low, w[i - 1].s, w[i - 1].n < 120 ? w[i - 1].n : 120);
            prep = prep_rank(low);
            if (!prep && strcmp(low, "med") == 0 && i > 1 && w[i - 2].n == 5 &&
                memcmp(w[i - 2].s, "h\xc3\xb6jd", 5) == 0) {
                prep = 1; /* "i höjd med Jälla" */
            }
            korsning = strncmp(low, "korsning", 8) == 0;
        }
        char phrase[200], p2[120];
        put_run(phrase, sizeof phrase, w, r);
        char flags[8];
        size_t fl = 0;
        if (prep) {
            flags[fl++] = 'p';
        }
        if (w[i].sent && !prep) {
            flags[fl++] = 's';
        }
        if (w[j - 1].street || (w[j - 1].bare && j - i > 1)) {
            flags[fl++] = 'x';
        }
        /* an intersection: "A/B", "korsningen A och B", "A och B" when both are streets */
        size_t k2 = 0, k2e = 0;
        if (w[j - 1].slash && j < n) {
            k2 = j;
        } else if (j + 1 < n && !w[j - 1].gap && w[j].n == 3 && memcmp(w[j].s, "och", 3) == 0 &&
                   !w[j].gap) {
            size_t e = run_from(w, n, j + 1);
            if (e > j + 1 && (korsning || (w[j - 1].street && w[e - 1].street))) {
                k2 = j + 1;
            }
        }
        if (k2) {
            k2e = run_from(w, n, k2);
        }
        if (k2 && k2e > k2) {
            run_ r2 = {k2, k2e};
            put_run(p2, sizeof p2, w, r2);
            char both[256];
            hs__fmt(both, sizeof both, "%s/%s", phrase, p2);
            if (korsning) {
                flags[fl++] = 'c';
            }
            flags[fl++] = 'i';
            flags[fl] = '\0';
            len = emit(out, cap, len, field, flags, both);
            i = k2e;
            continue;
        }
        if (j < n && w[j].number && !w[j - 1].gap && (w[j - 1].street || w[j - 1].bare)) {
            flags[fl++] = 'n';
            flags[fl] = '\0';
            char withnum[220];
            hs__fmt(withnum, sizeof withnum, "%s %.*s", phrase, (int)w[j].n, w[j].s);
            len = emit(out, cap, len, field, flags, withnum);
            i = j + 1;
            continue;
        }
        flags[fl] = '\0';
        char lw[128];
        lower(lw, sizeof lw, phrase, strlen(phrase));
        if (!(j - i == 1 && weak(lw))) {
            len = emit(out, cap, len, field, flags, phrase);
        }
        i = j;
    }
    return len;
}
