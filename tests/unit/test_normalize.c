/*
 * Tests of Swedish address normalisation and name similarity: parsing of numbers, letters, ranges,
 * postcodes, post towns, apartments, c/o parts and intersections, abbreviation expansion, and the
 * weighted edit distance on hand-computed cases.
 */
#include <criterion/criterion.h>

#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <math.h>

static hs__addr parse(const char *s)
{
    hs__addr a;
    cr_assert_eq(hs__addr_parse(&a, s), HS_OK);
    return a;
}

Test(normalize, forms)
{
    char sim[64], key[64];
    hs__text_sim(sim, sizeof sim, "STORGATAN-Östra 12");
    cr_assert_str_eq(sim, "storgatanöstra12");
    hs__text_key(key, sizeof key, sim);
    cr_assert_str_eq(key, "storgatanostra12");
    /* decomposed input (o + combining diaeresis) equals the composed form */
    hs__text_sim(sim, sizeof sim, "Lo\xcc\x88tgatan");
    cr_assert_str_eq(sim, "lötgatan");
    hs__text_key(key, sizeof key, "ÅÄÖåäöé");
    cr_assert_str_eq(key, "aaoaaoe");
}

Test(normalize, number_letter_range)
{
    hs__addr a = parse("Storgatan 12B");
    cr_assert_str_eq(a.street, "storgatan");
    cr_assert_eq(a.number, 12);
    cr_assert_str_eq(a.letter, "b");
    a = parse("Storgatan 12 B");
    cr_assert_eq(a.number, 12);
    cr_assert_str_eq(a.letter, "b");
    a = parse("Storgatan 12-14");
    cr_assert_eq(a.number, 12);
    cr_assert_eq(a.number_to, 14);
    cr_assert_str_eq(a.letter, "");
    a = parse("Storgatan 12 lgh 1101");
    cr_assert_eq(a.number, 12);
    cr_assert_str_eq(a.ort, "");
    a = parse("Torget");
    cr_assert_str_eq(a.street, "torget");
    cr_assert_eq(a.number, 0);
}

Test(normalize, postcode_and_ort)
{
    hs__addr a = parse("STORGATAN 12, 462 32 VÄNERSBORG");
    cr_assert_str_eq(a.street, "storgatan");
    cr_assert_eq(a.number, 12);
    cr_assert_str_eq(a.postcode, "46232");
    cr_assert_str_eq(a.ort, "vänersborg");
    cr_assert_str_eq(a.ort_key, "vanersborg");
    a = parse("Storgatan 12, 46232 Vänersborg");
    cr_assert_str_eq(a.postcode, "46232");
    a = parse("Campingvägen 5, Arjeplog");
    cr_assert_str_eq(a.street, "campingvägen");
    cr_assert_eq(a.number, 5);
    cr_assert_str_eq(a.ort, "arjeplog");
    a = parse("Campingvägen 5 Arjeplog");
    cr_assert_str_eq(a.ort, "arjeplog");
    a = parse("c/o Andersson, Storgatan 3 A lgh 1201, SE-462 32 Vänersborg");
    cr_assert_str_eq(a.street, "storgatan");
    cr_assert_eq(a.number, 3);
    cr_assert_str_eq(a.letter, "a");
    cr_assert_str_eq(a.postcode, "46232");
    cr_assert_str_eq(a.ort, "vänersborg");
}

Test(normalize, abbreviations)
{
    cr_assert_str_eq(parse("Storg. 12").street, "storgatan");
    cr_assert_str_eq(parse("Storgt 12").street, "storgatan");
    cr_assert_str_eq(parse("Kungs g. 4").street, "kungsgatan");
    cr_assert_str_eq(parse("Strandv. 3").street, "strandvägen");
    cr_assert_str_eq(parse("Strandvg 3").street, "strandvägen");
    cr_assert_str_eq(parse("Stora pl. 1").street, "storaplan");
    cr_assert_str_eq(parse("S:t Eriksgatan 7").street, "sankteriksgatan");
    cr_assert_str_eq(parse("S:t Eriksgatan 7").key, "sankteriksgatan");
    cr_assert_str_eq(parse("N:a Vägen 2").street, "norravägen");
    cr_assert_eq(parse("S:t Eriksgatan 7").number, 7);
}

Test(normalize, intersections)
{
    hs__addr a = parse("Kungsgatan/Drottninggatan");
    cr_assert(a.intersection);
    cr_assert_str_eq(a.street, "kungsgatan");
    cr_assert_str_eq(a.street2, "drottninggatan");
    a = parse("korsningen Kungsg. och Drottninggatan, Vänersborg");
    cr_assert(a.intersection);
    cr_assert_str_eq(a.street, "kungsgatan");
    cr_assert_str_eq(a.street2, "drottninggatan");
    cr_assert_str_eq(a.ort, "vänersborg");
    a = parse("Kungsgatan 12 - 14");
    cr_assert(!a.intersection);
    cr_assert_eq(a.number_to, 14);
}

Test(normalize, distance_costs)
{
    cr_assert_float_eq(hs__name_distance("storgatan", "storgatan"), 0.0, 1e-12);
    cr_assert_float_eq(hs__name_distance("lötgatan", "lotgatan"), 0.4, 1e-12);
    cr_assert_float_eq(hs__name_distance("lotgatan", "totgatan"), 0.5, 1e-12); /* l/t */
    cr_assert_float_eq(hs__name_distance("campingvägen", "carnpingvägen"), 0.5, 1e-12);
    cr_assert_float_eq(hs__name_distance("storgatan", "stogratan"), 0.8, 1e-12);
    cr_assert_float_eq(hs__name_distance("storgatan", "storgtan"), 1.0, 1e-12);
    cr_assert_float_eq(hs__name_distance("abc", "xyz"), 3.0, 1e-12);
    cr_assert_float_eq(hs__name_distance("", "abc"), 3.0, 1e-12);
    /* symmetric */
    cr_assert_float_eq(hs__name_distance("carnpingvägen", "campingvägen"), 0.5, 1e-12);
    cr_assert_float_eq(hs__name_similarity("storgatan", "storgtan"), 1.0 - 1.0 / 9.0, 1e-12);
    cr_assert_float_eq(hs__name_similarity("a", "a"), 1.0, 1e-12);
    cr_assert_float_eq(hs__name_similarity("", ""), 0.0, 1e-12);
    /* the diacritic matters: å is closer to a than to o */
    cr_assert(hs__name_similarity("ågatan", "agatan") > hs__name_similarity("ågatan", "ogatan"));
}
