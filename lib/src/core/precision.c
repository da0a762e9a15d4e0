/*
 * Which precisions enter cells, densities, Gi* and the other analyses (hs_precision_is_local).
 * `district` (an area's centre) stays out unless the running build or report admits it for its
 * thread ([geocode] district_in_analysis = yes): one switch read here, so that the thirty places
 * that ask never need to know. The records' precision itself is never changed.
 */
#include "core/hs_internal.h"

static _Thread_local int admit_district;

int hs__precision_admit_district(int on)
{
    int prev = admit_district;
    admit_district = on != 0;
    return prev;
}

int hs_precision_is_local(hs_precision p)
{
    return p <= HS_PREC_POSTCODE || (p == HS_PREC_DISTRICT && admit_district);
}
