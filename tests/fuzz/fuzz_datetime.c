/*
 * Fuzz target: date, date-time and clock-time parsing (timeparse.c) and the polisen title time.
 */
#include "fuzz_util.h"
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <stdlib.h>

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size);

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    if (!s) {
        return 0;
    }
    int64_t wall;
    int flags, sec;
    if (hs__parse_datetime(&wall, &flags, s) == HS_OK) {
        (void)hs_tz_wall_to_utc(NULL, HS_TZ_STOCKHOLM, wall, 0);
    }
    (void)hs__parse_clock(&sec, s);
    (void)hs__sv_month(s, size);
    (void)hs__polisen_title_time(&wall, s, "2024-03-01 9:48:12 +01:00");
    free(s);
    return 0;
}
