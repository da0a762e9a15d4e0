/*
 * Every opaque type of the API, and the small plain value types shared by several modules.
 * Owning objects are opaque and created with *_new / *_open; values are plain structs.
 */
#ifndef HOTSPOT_TYPES_H
#define HOTSPOT_TYPES_H

#include "common.h"

typedef struct hs_ctx hs_ctx; /**< per-thread context: errors, logging, progress, GEOS/PROJ */
typedef struct hs_records hs_records;     /**< incidents stored column-wise */
typedef struct hs_rejects hs_rejects;     /**< rows that could not be kept, with their reason */
typedef struct hs_gpkg hs_gpkg;           /**< a GeoPackage being written (atomically) */
typedef struct hs_project hs_project;     /**< a parsed project file */
typedef struct hs_gazetteer hs_gazetteer; /**< an opened geocoding gazetteer */
typedef struct hs_catmap hs_catmap;       /**< crime code / name to category and focus-area table */
typedef struct hs_network hs_network;     /**< a street network split into segments at its nodes */

/** A point in the working CRS (metres for projected CRSs). */
typedef struct hs_point {
    double x;
    double y;
} hs_point;

/** An axis-aligned box; empty when xmin > xmax. */
typedef struct hs_bbox {
    double xmin;
    double ymin;
    double xmax;
    double ymax;
} hs_bbox;

/** Marks a missing time (t_from / t_to). Times are seconds since 1970-01-01T00:00Z. */
#define HS_TIME_NONE INT64_MIN

/** How precisely a record is located; ordered from most to least precise. */
typedef enum hs_precision {
    HS_PREC_EXACT = 0,
    HS_PREC_ADDRESS = 1,
    HS_PREC_STREET = 2,
    HS_PREC_INTERSECTION = 3,
    HS_PREC_PLACE = 4,
    HS_PREC_POSTCODE = 5,
    HS_PREC_DISTRICT = 6, /**< an area's centre (a district or tätort named in a text): like
                               kommun, kept out of cells, densities and Gi* unless a build's
                               project says [geocode] district_in_analysis = yes */
    HS_PREC_KOMMUN = 7,
    HS_PREC_LAN = 8,
    HS_PREC_NONE = 9 /**< not located (yet): never written as an incident */
} hs_precision;

/** The SPEC name of a precision ("exact", "address", ...); "none" for HS_PREC_NONE. */
HS_API const char *hs_precision_name(hs_precision p);
/** Parses a precision name; returns HS_EINVAL when unknown. */
HS_API int hs_precision_parse(hs_precision *out, const char *name);
/** True (1) when records of this precision may enter cells, densities and Gi*: exact to
 * postcode; district too while a `hotspot build` whose project has [geocode]
 * district_in_analysis = yes (or a report on its GeoPackage) runs on this thread. */
HS_API int hs_precision_is_local(hs_precision p);

#endif
