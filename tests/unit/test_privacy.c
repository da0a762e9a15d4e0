/*
 * Tests of personnummer detection and masking: hand-checked Luhn digits (811218-9876 is
 * Skatteverket's published example), every written form, and look-alikes that must stay.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hotspot.h"

Test(privacy, luhn)
{
    cr_assert(hs_pnr_valid10("8112189876"));
    cr_assert(!hs_pnr_valid10("8112189875")); /* wrong check digit */
    cr_assert(!hs_pnr_valid10("8113189876")); /* month 13 */
    cr_assert(hs_pnr_valid10("8112789873"));  /* samordningsnummer: day 18 + 60 */
    cr_assert(!hs_pnr_valid10("81121898x6"));
}

static void expect_mask(const char *in, const char *out, int n)
{
    char buf[128];
    strncpy(buf, in, sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    cr_assert_eq(hs_pnr_mask(buf), n, "count for '%s'", in);
    cr_assert_str_eq(buf, out);
}

Test(privacy, forms)
{
    expect_mask("811218-9876", "XXXXXX-XXXX", 1);
    expect_mask("811218+9876", "XXXXXX+XXXX", 1);
    expect_mask("8112189876", "XXXXXXXXXX", 1);
    expect_mask("19811218-9876", "XXXXXXXX-XXXX", 1);
    expect_mask("198112189876", "XXXXXXXXXXXX", 1);
    expect_mask("Storgatan 1, 811218-9876 och 811278-9873.",
                "Storgatan 1, XXXXXX-XXXX och "
                "XXXXXX-XXXX.",
                2);
}

Test(privacy, lookalikes_kept)
{
    expect_mask("811218-9875", "811218-9875", 0);     /* bad check digit */
    expect_mask("5000-K123-24", "5000-K123-24", 0);   /* diarienummer */
    expect_mask("070-123 45 67", "070-123 45 67", 0); /* phone number */
    expect_mask("18112189876", "18112189876", 0);     /* 11 digits */
    expect_mask("6480123,25", "6480123,25", 0);       /* coordinate */
    expect_mask("811218-98761", "811218-98761", 0);   /* longer digit run */
    expect_mask("", "", 0);
    size_t st = 0, ln = 0;
    cr_assert(hs_pnr_find(&st, &ln, "pnr 811218-9876", 15));
    cr_assert_eq(st, 4);
    cr_assert_eq(ln, 11);
}
