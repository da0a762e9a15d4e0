/*
 * Common definitions of the hotspot API: the export macro, error codes, version and hs_strerror.
 * Every public header includes this one. It names no third-party type.
 */
#ifndef HOTSPOT_COMMON_H
#define HOTSPOT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(HS_BUILDING) && defined(__GNUC__)
#define HS_API __attribute__((visibility("default")))
#else
#define HS_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Error codes: 0 is success, every failure is negative. Lower-level codes pass up unchanged. */
enum {
    HS_OK = 0,
    HS_EINVAL = -1,       /**< invalid argument or option value */
    HS_ENOMEM = -2,       /**< out of memory */
    HS_EIO = -3,          /**< a file could not be read or written */
    HS_EDATA = -4,        /**< the input data is malformed */
    HS_ENODATA = -5,      /**< no usable data */
    HS_ECANCEL = -6,      /**< cancelled by the progress callback or an interrupt */
    HS_EEXIST = -7,       /**< the output exists and overwriting was not asked for */
    HS_ENOTFOUND = -8,    /**< a named file, layer, column or key does not exist */
    HS_EUNSUPPORTED = -9, /**< a format, CRS or option that is not supported */
    HS_ELIMIT = -10,      /**< a configured limit was exceeded (e.g. --max-rejects) */
    HS_EINTERNAL = -11    /**< a bug: please report it */
};

/** A short English description of an error code; works without a context. Never NULL. */
HS_API const char *hs_strerror(int code);

/** The library version as "MAJOR.MINOR.PATCH". Borrowed, static. */
HS_API const char *hs_version(void);

#ifdef __cplusplus
}
#endif
#endif
