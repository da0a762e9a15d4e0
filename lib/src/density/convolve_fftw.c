/*
 * The FFTW seam: linear convolution of a 2-D array with a symmetric stencil through real-to-complex
 * transforms. The only file that includes fftw3.h. The array is padded to a size FFTW transforms
 * quickly (factors 2, 3, 5, 7) and at least as large as the array, so the stencil wraps only into
 * the padding; cells within the stencil's radius of the array's border are therefore only valid
 * when the caller leaves that border empty (kde_binned.c does).
 */
#include "core/hs_internal.h"
#include "density/density.h"

#include <fftw3.h>
#include <pthread.h>
#include <string.h>

/* FFTW's planner is not thread-safe: plans are made one at a time. */
static pthread_mutex_t plan_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t threads_once = PTHREAD_ONCE_INIT;
static int threads_ok;

static void threads_init(void)
{
    threads_ok = fftw_init_threads() != 0;
}

/* The smallest n' >= n whose only prime factors are 2, 3, 5 and 7. */
static int64_t smooth_size(int64_t n)
{
    for (int64_t m = n < 1 ? 1 : n;; m++) {
        int64_t r = m;
        const int64_t f[] = {2, 3, 5, 7};
        for (int k = 0; k < 4; k++) {
            while (r % f[k] == 0) {
                r /= f[k];
            }
        }
        if (r == 1) {
            return m;
        }
    }
}

int64_t hs__convolve_cells(int64_t nx, int64_t ny, int64_t r)
{
    int64_t mx = smooth_size(nx > 2 * r + 1 ? nx : 2 * r + 1);
    int64_t my = smooth_size(ny > 2 * r + 1 ? ny : 2 * r + 1);
    return my * 2 * (mx / 2 + 1);
}

int hs__convolve(double *a, int64_t nx, int64_t ny, const double *stencil, int64_t r, int threads)
{
    pthread_once(&threads_once, threads_init);
    int64_t mx = smooth_size(nx > 2 * r + 1 ? nx : 2 * r + 1);
    int64_t my = smooth_size(ny > 2 * r + 1 ? ny : 2 * r + 1);
    int64_t hx = mx / 2 + 1, pitch = 2 * hx; /* in-place r2c rows hold hx complex values */
    size_t nreal = (size_t)(my * pitch);
    double *d = fftw_alloc_real(nreal), *k = fftw_alloc_real(nreal);
    if (!d || !k) {
        fftw_free(d);
        fftw_free(k);
        return HS_ENOMEM;
    }
    memset(d, 0, nreal * sizeof *d);
    memset(k, 0, nreal * sizeof *k);
    for (int64_t iy = 0; iy < ny; iy++) {
        memcpy(d + iy * pitch, a + iy * nx, (size_t)nx * sizeof *a);
    }
    /* the stencil centred on (0, 0), wrapped */
    int64_t s = 2 * r + 1;
    for (int64_t b = -r; b <= r; b++) {
        double *row = k + ((b + my) % my) * pitch;
        for (int64_t c = -r; c <= r; c++) {
            row[(c + mx) % mx] = stencil[(b + r) * s + (c + r)];
        }
    }
    pthread_mutex_lock(&plan_lock);
    if (threads_ok) {
        fftw_plan_with_nthreads(threads > 1 ? threads : 1);
    }
    fftw_plan pd = fftw_plan_dft_r2c_2d((int)my, (int)mx, d, (fftw_complex *)d, FFTW_ESTIMATE);
    fftw_plan pk = fftw_plan_dft_r2c_2d((int)my, (int)mx, k, (fftw_complex *)k, FFTW_ESTIMATE);
    fftw_plan pi = fftw_plan_dft_c2r_2d((int)my, (int)mx, (fftw_complex *)d, d, FFTW_ESTIMATE);
    pthread_mutex_unlock(&plan_lock);
    int rc = pd && pk && pi ? HS_OK : HS_ENOMEM;
    if (rc == HS_OK) {
        fftw_execute(pd);
        fftw_execute(pk);
        /* the stencil is symmetric, so its transform is real: multiply by the real part */
        double scale = 1.0 / ((double)mx * (double)my);
        fftw_complex *dc = (fftw_complex *)d, *kc = (fftw_complex *)k;
        size_t nc = (size_t)(my * hx);
        for (size_t q = 0; q < nc; q++) {
            double f = kc[q][0] * scale;
            dc[q][0] *= f;
            dc[q][1] *= f;
        }
        fftw_execute(pi);
        for (int64_t iy = 0; iy < ny; iy++) {
            memcpy(a + iy * nx, d + iy * pitch, (size_t)nx * sizeof *a);
        }
    }
    pthread_mutex_lock(&plan_lock);
    if (pd) {
        fftw_destroy_plan(pd);
    }
    if (pk) {
        fftw_destroy_plan(pk);
    }
    if (pi) {
        fftw_destroy_plan(pi);
    }
    pthread_mutex_unlock(&plan_lock);
    fftw_free(d);
    fftw_free(k);
    return rc;
}
