/*
 * Error strings, the version and the names of precision levels. Pure tables: no state.
 */
#include "core/hs_internal.h"

#include <string.h>

const char *hs_strerror(int code)
{
    switch (code) {
    case HS_OK:
        return "success";
    case HS_EINVAL:
        return "invalid argument";
    case HS_ENOMEM:
        return "out of memory";
    case HS_EIO:
        return "input/output error";
    case HS_EDATA:
        return "malformed data";
    case HS_ENODATA:
        return "no usable data";
    case HS_ECANCEL:
        return "cancelled";
    case HS_EEXIST:
        return "output exists (use --overwrite)";
    case HS_ENOTFOUND:
        return "not found";
    case HS_EUNSUPPORTED:
        return "not supported";
    case HS_ELIMIT:
        return "limit exceeded";
    case HS_EINTERNAL:
        return "internal error";
    default:
        return "unknown error";
    }
}

const char *hs_version(void)
{
    return HS_VERSION_STRING;
}

static const char *const precision_names[] = {"exact", "address",  "street",   "intersection",
                                              "place", "postcode", "district", "kommun",
                                              "lan",   "none"};

const char *hs_precision_name(hs_precision p)
{
    if ((int)p < 0 || (size_t)p >= sizeof precision_names / sizeof precision_names[0]) {
        return "none";
    }
    return precision_names[p];
}

int hs_precision_parse(hs_precision *out, const char *name)
{
    if (!out || !name) {
        return HS_EINVAL;
    }
    for (size_t i = 0; i < sizeof precision_names / sizeof precision_names[0]; i++) {
        if (strcmp(precision_names[i], name) == 0) {
            *out = (hs_precision)i;
            return HS_OK;
        }
    }
    return HS_EINVAL;
}
