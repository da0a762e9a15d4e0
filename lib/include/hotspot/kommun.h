/*
 * The built-in reference geography of Sweden (shapes/sverige.gpkg, made from SCB's and
 * Lantmäteriet's CC0 data by shapes/make_shapes.py): the 290 kommuner with code, name, län and
 * boundary, the 21 län and the tätorter with population. Kommuner are named by code or by name
 * ("1487", "Vänersborg", "vanersborg", "Vänersborgs kommun"), several separated by commas.
 */
#ifndef HOTSPOT_KOMMUN_H
#define HOTSPOT_KOMMUN_H

#include "common.h"
#include "types.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One kommun of the built-in geography. */
typedef struct hs_kommun {
    int code;          /**< kommunkod, e.g. 1487 */
    char name[64];     /**< e.g. "Vänersborg" */
    char lan_code[4];  /**< e.g. "14" */
    char lan_name[64]; /**< e.g. "Västra Götalands" */
    double area_km2;   /**< the boundary's area (water included) */
} hs_kommun;

/** One tätort (SCB 2020). */
typedef struct hs_tatort {
    char code[16];   /**< tätortskod, e.g. "1487TB101" */
    char name[80];   /**< e.g. "Vänersborg" */
    int kommun_code; /**< its kommun */
    int64_t pop;     /**< inhabitants 2020 */
    int area_ha;     /**< land area in hectares */
    double x, y;     /**< SCB's tätort point, EPSG:3006 */
} hs_tatort;

/**
 * The path of the built-in geography, into buf: $HS_SHAPES (the file, or a folder holding
 * sverige.gpkg) when set; else share/hotspot/sverige.gpkg beside the running program's prefix,
 * the install prefix's share folder, and the source tree's shapes/ folder, the first that exists.
 * HS_ENOTFOUND (message naming the places looked at) when none does.
 */
HS_API int hs_shapes_path(char *buf, size_t size, hs_ctx *ctx);

/** Every kommun, ordered by code. *out owned by the caller (free()). */
HS_API int hs_kommun_list(hs_kommun **out, size_t *n, hs_ctx *ctx);

/** The kommun with this code; HS_ENOTFOUND when there is none. */
HS_API int hs_kommun_get(hs_kommun *out, hs_ctx *ctx, int code);

/**
 * Kommun codes from text: codes or names separated by commas ("1487", "Vänersborg, Trollhättan",
 * "vanersborg"). Names compare with case, diacritics, blanks and hyphens folded and a trailing
 * "kommun" ignored. Four-digit codes are taken as they are, without the built-in geography when
 * the text holds only codes. An unknown name gives HS_ENOTFOUND with the closest names in the
 * message; more than max kommuner HS_ELIMIT.
 */
HS_API int hs_kommun_resolve(int *codes, size_t max, size_t *n, hs_ctx *ctx, const char *text);

/** The tätorter of a kommun, most inhabitants first. *out owned by the caller (free()). */
HS_API int hs_kommun_tatorter(hs_tatort **out, size_t *n, hs_ctx *ctx, int code);

#ifdef __cplusplus
}
#endif

#endif
