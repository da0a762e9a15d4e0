/*
 * Seeded pseudo-random numbers for unit tests (a 64-bit LCG: the same sequence on every machine),
 * and M_PI where <math.h> does not give it in strict C11.
 */
#ifndef HS_TEST_RAND_H
#define HS_TEST_RAND_H

#include <stdint.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static uint64_t lcg_state;

/* uniform in [0, 1) */
static inline double urand(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg_state >> 11) / 9007199254740992.0;
}

#endif
