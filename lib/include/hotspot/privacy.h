/*
 * Personal identity numbers (personnummer, samordningsnummer) in free text: detection with the
 * Luhn check digit, and masking in place. Used on every text field that reaches an output. It
 * never allocates and never looks at anything but the bytes it is given.
 */
#ifndef HOTSPOT_PRIVACY_H
#define HOTSPOT_PRIVACY_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * True (1) when the 10 digits d[0..9] (YYMMDDNNNC) form a personnummer or samordningsnummer:
 * month 01-12, day 01-31 (61-91 for samordningsnummer) and a valid Luhn check digit C.
 */
HS_API int hs_pnr_valid10(const char *d);

/**
 * Finds the first personnummer in s[0..len): YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN,
 * YYYYMMDD-NNNN or YYYYMMDDNNNN, not part of a longer digit run. Writes its start and length and
 * returns 1, or returns 0 when none is found.
 */
HS_API int hs_pnr_find(size_t *start, size_t *len, const char *s, size_t n);

/**
 * Masks every personnummer in the NUL-terminated string s in place: each of its digits becomes
 * 'X' (separators kept, so the length does not change). Returns how many were masked.
 */
HS_API int hs_pnr_mask(char *s);

#ifdef __cplusplus
}
#endif
#endif
