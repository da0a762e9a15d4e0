/*
 * Writes a rendered RGB sheet (cairo's RGB24 pixels, 0x00RRGGBB per 32-bit word) as PNG through
 * GDAL's PNG driver with a fast deflate level and the resolution recorded (pHYs), because the
 * default encoder spends most of an A4 300 dpi render compressing. It must not draw.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include <stdio.h>
#include <string.h>

int hs__png_write(hs_ctx *ctx, const char *path, const unsigned char *px, int w, int h, int stride,
                  double dpi)
{
    GDALAllRegister();
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDriverH png = GDALGetDriverByName("PNG");
    if (mem == NULL || png == NULL) {
        return hs__error(ctx, HS_EUNSUPPORTED, "%s: GDAL has no PNG driver", path);
    }
    GDALDatasetH ds = GDALCreate(mem, "", w, h, 3, GDT_Byte, NULL);
    if (ds == NULL) {
        return hs__error(ctx, HS_ENOMEM, "%s: out of memory", path);
    }
    /* byte order of a native 32-bit word 0x00RRGGBB */
    const unsigned int probe = 0x00010203u;
    unsigned char b[4];
    memcpy(b, &probe, 4);
    int off_r = b[0] == 0x01 ? 0 : (b[1] == 0x01 ? 1 : (b[2] == 0x01 ? 2 : 3));
    int off_g = b[0] == 0x02 ? 0 : (b[1] == 0x02 ? 1 : (b[2] == 0x02 ? 2 : 3));
    int off_b = b[0] == 0x03 ? 0 : (b[1] == 0x03 ? 1 : (b[2] == 0x03 ? 2 : 3));
    const int off[3] = {off_r, off_g, off_b};
    int rc = HS_OK;
    for (int k = 0; k < 3 && rc == HS_OK; k++) {
        if (GDALRasterIO(GDALGetRasterBand(ds, k + 1), GF_Write, 0, 0, w, h, (void *)(px + off[k]),
                         w, h, GDT_Byte, 4, stride) != CE_None) {
            rc = hs__error(ctx, HS_EINTERNAL, "%s: copying pixels failed", path);
        }
    }
    char res[32];
    hs__fmt(res, sizeof res, "%.0f", dpi);
    GDALSetMetadataItem(ds, "TIFFTAG_XRESOLUTION", res, NULL);
    GDALSetMetadataItem(ds, "TIFFTAG_YRESOLUTION", res, NULL);
    GDALSetMetadataItem(ds, "TIFFTAG_RESOLUTIONUNIT", "2 (pixels/inch)", NULL);
    char tmp[4096];
    if (rc == HS_OK && hs__fmt(tmp, sizeof tmp, "%s.part.png", path)) {
        rc = hs__error(ctx, HS_EINVAL, "path too long: %s", path);
    }
    if (rc == HS_OK) {
        const char *opts[] = {"ZLEVEL=2", "WRITE_METADATA_AS_TEXT=NO", NULL};
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
        CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");
        GDALDatasetH out = GDALCreateCopy(png, tmp, ds, FALSE, (char **)opts, NULL, NULL);
        if (out != NULL) {
            GDALClose(out);
        }
        CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", NULL);
        CPLPopErrorHandler();
        if (out == NULL || CPLGetLastErrorType() == CE_Failure) {
            rc = hs__error(ctx, HS_EIO, "%s: cannot write the file (%s)", path,
                           CPLGetLastErrorMsg());
            remove(tmp);
        } else if (rename(tmp, path) != 0) {
            rc = hs__error(ctx, HS_EIO, "%s: cannot write the file", path);
            remove(tmp);
        }
    }
    GDALClose(ds);
    return rc;
}
