/*
 * Place mentions read from Swedish event texts (ingest/place_text.c): streets with and without a
 * number, genitive, intersections written "A/B", "A / B", "korsningen A och B", places after a
 * locative word, and the words that must not become places on their own.
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
