/*
 * Place mentions read from Swedish event texts (ingest/place_text.c): streets with and without a
 * number, genitive, intersections written "A/B", "A / B", "korsningen A och B", places after a
 * locative word, and the words that must not become places on their own; misspelt street names
 * (place_fuzzy.c): which phrases look like streets, the one name a typo away, and the typos that
 * are not corrected (a changed letter in a short stem, another first letter, a tie, too short,
 * another kommun).
 */
#include <criterion/criterion.h>

#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <stdio.h>
#include <string.h>

static char out[HS__PLACE_TEXT_MAX];

static const char *mentions(const char *text)
{
    out[0] = '\0';
    hs__place_mentions(out, sizeof out, 0, text, 'b');
    return out;
}

/* The flags of the mention line of phrase, or NULL when there is none. */
static const char *flags_of(const char *all, const char *phrase)
{
    static char f[16];
    char want[200];
    snprintf(want, sizeof want, "\t%s\n", phrase);
    const char *p = strstr(all, want);
    if (!p) {
        return NULL;
    }
    const char *b = p;
    while (b > all && b[-1] != '\t') {
        b--;
    }
    snprintf(f, sizeof f, "%.*s", (int)(p - b), b);
    return f;
}

Test(place_text, street_without_preposition)
{
    const char *m = mentions("Larm om påkörd person, Norra grängesbergsgatan.");
    const char *f = flags_of(m, "Norra grängesbergsgatan");
    cr_assert_not_null(f, "%s", m);
    cr_assert(strchr(f, 'x'));
}

Test(place_text, street_with_number_and_place)
{
    const char *m = mentions("Polis beordras till en adress på Kungsgatan 12 i Uppsala.");
    const char *f = flags_of(m, "Kungsgatan 12");
    cr_assert_not_null(f, "%s", m);
    cr_assert(strchr(f, 'p') && strchr(f, 'x') && strchr(f, 'n'), "%s", f);
    cr_assert_not_null(flags_of(m, "Uppsala"));
    cr_assert_null(flags_of(m, "Polis"), "%s", m);
}

Test(place_text, genitive)
{
    const char *m = mentions("I höjd med Kungsgatans korsning stod en bil.");
    cr_assert_not_null(flags_of(m, "Kungsgatans"), "%s", m);
}

Test(place_text, intersections)
{
    const char *m = mentions("två trafikanter har kolliderat vid Rammelbergstord/Valhallavägen");
    const char *f = flags_of(m, "Rammelbergstord/Valhallavägen");
    cr_assert_not_null(f, "%s", m);
    cr_assert(strchr(f, 'i') && strchr(f, 'p'));
    m = mentions("Trafikolycka i korsningen Råbyvägen / Tycho Hedéns väg.");
    f = flags_of(m, "Råbyvägen/Tycho Hedéns väg");
    cr_assert_not_null(f, "%s", m);
    cr_assert(strchr(f, 'c'));
    m = mentions("I korsningen Stålgatan och Sylveniusgatan kolliderade två bilar.");
    cr_assert_not_null(flags_of(m, "Stålgatan/Sylveniusgatan"), "%s", m);
    /* "och" between two names that are not streets is no intersection */
    m = mentions("Patruller i Gottsunda och Sävja.");
    cr_assert_not_null(flags_of(m, "Gottsunda"), "%s", m);
    cr_assert_null(flags_of(m, "Gottsunda/Sävja"), "%s", m);
}

Test(place_text, places_and_sentence_starts)
{
    const char *m = mentions("Bråk vid Stora torget. På Vattholmavägen stod en bil. Man hamnade i "
                             "Svandammen.");
    const char *f = flags_of(m, "Stora torget");
    cr_assert_not_null(f, "%s", m);
    cr_assert(strchr(f, 'p'));
    f = flags_of(m, "Vattholmavägen");
    cr_assert_not_null(f, "%s", m);
    cr_assert(strchr(f, 'p'), "%s", f); /* "På" at a sentence start is the preposition */
    cr_assert_null(flags_of(m, "På Vattholmavägen"));
    cr_assert_not_null(flags_of(m, "Svandammen"));
    f = flags_of(m, "Bråk");
    cr_assert(f == NULL || strchr(f, 's'), "a sentence's first word is marked");
}

Test(place_text, common_words_alone_are_not_places)
{
    const char *m = mentions("Polisen kom till Torget. Centrum var lugnt.");
    cr_assert_null(flags_of(m, "Polisen"), "%s", m);
    cr_assert_null(flags_of(m, "Torget"), "%s", m);
    cr_assert_null(flags_of(m, "Centrum"), "%s", m);
}

Test(place_text, abbreviation_and_repeats)
{
    const char *m = mentions("Bråk på S:t Persgatan. Senare igen på S:t Persgatan.");
    cr_assert_not_null(flags_of(m, "S:t Persgatan"), "%s", m);
    const char *first = strstr(m, "S:t Persgatan");
    cr_assert_null(strstr(first + 1, "S:t Persgatan"), "a phrase once: %s", m);
}

/* Misspelt street names in the texts keep being read as places: the phrase is extracted as
 * written ("Råbyägen", "Kungsänggsleden"), the geocode module corrects it (place_fuzzy.c). */
Test(place_text, misspelt_streets_are_read)
{
    const char *m = mentions("Den andra bilen framfördes på Råbyägen när olyckan skedde.");
    const char *f = flags_of(m, "Råbyägen");
    cr_assert_not_null(f, "%s", m);
    cr_assert(strchr(f, 'p'), "%s", f);
    m = mentions("I korsningen Kungsänggsleden och Stålgatan kolliderar två bilar.");
    cr_assert_not_null(flags_of(m, "Kungsänggsleden/Stålgatan"), "%s", m);
    m = mentions("Trafikolycka i korsningen Granitvägen/Norrbyvägen.");
    cr_assert_not_null(flags_of(m, "Granitvägen/Norrbyvägen"), "%s", m);
}

/* ---- the correction itself, against a small gazetteer of Uppsala-like street names ---- */
#include "geocode/geocode.h"

#include <unistd.h>

static hs_ctx *fctx;
static hs_gazetteer *fgaz;
static hs__fuzzy *fz;
static char fpath[1024], fcsv[1024];

static void fuzzy_setup(void)
{
    cr_assert_eq(hs_ctx_new(&fctx), HS_OK);
    snprintf(fcsv, sizeof fcsv, "%s/test_place_fuzzy_%ld.csv", HS_BINARY_DIR, (long)getpid());
    snprintf(fpath, sizeof fpath, "%s/test_place_fuzzy_%ld.sqlite", HS_BINARY_DIR, (long)getpid());
    FILE *o = fopen(fcsv, "w");
    cr_assert_not_null(o);
    static const char *const names[] = {
        "Råbyvägen", "Norbyvägen",      "Kungsängsleden",  "Byggmästargatan",
        "Salagatan", "Lärkvägen",       "Påskvägen",       "Vaksalagatan",
        "Stenvägen", "Eriksbergsvägen", "Eriksborgsvägen", "Dag Hammarskjölds väg",
        NULL};
    fprintf(o, "street,number,letter,postcode,ort,kommun_code,x,y\n");
    for (int i = 0; names[i]; i++) {
        fprintf(o, "%s,1,,75000,Uppsala,0380,%d,6640000\n", names[i], 640000 + 1000 * i);
    }
    /* a street of another kommun: never a correction in Uppsala */
    fprintf(o, "Fyrislundsgatan,1,,46230,Vänersborg,1487,337000,6470000\n");
    fclose(o);
    remove(fpath);
    const char *src[] = {fcsv};
    cr_assert_eq(hs_gazetteer_build(NULL, fctx, fpath, src, 1, NULL), HS_OK, "%s",
                 hs_ctx_errmsg(fctx));
    cr_assert_eq(hs_gazetteer_open(&fgaz, fctx, fpath), HS_OK, "%s", hs_ctx_errmsg(fctx));
    cr_assert_eq(hs__fuzzy_new(&fz, fgaz), HS_OK);
}

static void fuzzy_teardown(void)
{
    hs__fuzzy_free(fz);
    hs_gazetteer_close(fgaz);
    remove(fpath);
    remove(fcsv);
    hs_ctx_free(fctx);
}

/* The one key a typo from the text's name in kommun 0380, "" when none, "tie" for two. */
static const char *corrected(const char *written, int kommun)
{
    static char buf[160];
    char sim[160];
    hs__text_sim(sim, sizeof sim, written);
    hs__text_key(buf, sizeof buf, sim);
    const char *a = NULL, *b = NULL;
    int k = hs__fuzzy_street(&a, &b, fz, buf, kommun);
    cr_assert(k != 1 || (a && !b));
    cr_assert(k != 2 || (a && b && strcmp(a, b) != 0));
    return k == 1 ? a : (k == 2 ? "tie" : "");
}

Test(place_fuzzy, street_like_names, .init = fuzzy_setup, .fini = fuzzy_teardown)
{
    cr_assert_eq(hs__street_like("Norrbyvägen"), 1);
    cr_assert_eq(hs__street_like("Råbyvägens"), 1, "genitive");
    cr_assert_eq(hs__street_like("Norra Råbyvägen"), 1);
    cr_assert_eq(hs__street_like("Dag Hammarskjöds väg"), 1, "the suffix as a word of its own");
    cr_assert_eq(hs__street_like("väg"), 0);
    cr_assert_eq(hs__street_like("Råbyägen"), 2, "a letter of the suffix dropped");
    cr_assert_eq(hs__street_like("Vaksalagtan"), 2);
    cr_assert_eq(hs__street_like("Kungsängslden"), 2);
    /* districts and words that only end like a street */
    cr_assert_eq(hs__street_like("Stenhagen"), 0, "hagen is no vägen");
    cr_assert_eq(hs__street_like("Gottsunda"), 0);
    cr_assert_eq(hs__street_like("Kungsgärdet"), 0);
}

Test(place_fuzzy, one_typo_corrected, .init = fuzzy_setup, .fini = fuzzy_teardown)
{
    cr_assert_str_eq(corrected("Råbyägen", 380), "rabyvagen");
    cr_assert_str_eq(corrected("Vaksalagtan", 380), "vaksalagatan");
    cr_assert_str_eq(corrected("Norrbyvägen", 380), "norbyvagen", "a doubled letter");
    cr_assert_str_eq(corrected("Kungsänggsleden", 380), "kungsangsleden");
    cr_assert_str_eq(corrected("Kungsängslden", 380), "kungsangsleden");
    cr_assert_str_eq(corrected("Bryggmästargatan", 380), "byggmastargatan");
    cr_assert_str_eq(corrected("Vaksalgaatan", 380), "vaksalagatan", "two letters swapped");
    cr_assert_str_eq(corrected("Dag Hammarskjöds väg", 380), "daghammarskjoldsvag");
}

Test(place_fuzzy, not_guessed, .init = fuzzy_setup, .fini = fuzzy_teardown)
{
    /* a changed letter in a short stem: Saltgatan is a street of its own, 500 m from Salagatan */
    cr_assert_str_eq(corrected("Saltgatan", 380), "");
    cr_assert_str_eq(corrected("Parkvägen", 380), "",
                     "Påskvägen is two changes, Lärkvägen has "
                     "another first letter");
    cr_assert_str_eq(corrected("Råbyvägenn", 380), "rabyvagen");
    cr_assert_str_eq(corrected("Eriksbrgsvägen", 380), "tie", "Eriksbergsvägen or Eriksborgsvägen");
    cr_assert_str_eq(corrected("Stenväg", 380), "", "too short to correct");
    cr_assert_str_eq(corrected("Fyrislundgatan", 380), "", "another kommun's street");
    cr_assert_str_eq(corrected("Fyrislundgatan", 1487), "fyrislundsgatan");
    cr_assert_str_eq(corrected("Rabyvagen", 380), "", "an exact name (accents folded) is no typo");
}
