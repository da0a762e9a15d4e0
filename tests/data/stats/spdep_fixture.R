# Reference values for tests/unit/test_gistar.c and test_moran.c, from R spdep 1.2-7 (Debian 12
# r-cran-spdep) on the grid of counts in counts.csv (see make_counts.py).
# Run: Rscript spdep_fixture.R counts.csv spdep_ref.csv spdep_global.csv
# spdep_ref.csv: one row per cell in grid order: Gi* z (localG with include.self, binary weights)
# and BH-adjusted p (p.adjust(2*pnorm(-|z|), "BH")) for a 500 m band and for queen contiguity, and
# local Moran's Ii (localmoran, queen, row-standardised W). spdep_global.csv: moran.test (style B,
# randomisation) for the 500 m band and queen.
suppressMessages(library(spdep))
args <- commandArgs(TRUE)
hdr <- as.numeric(strsplit(readLines(args[1], n = 1), ",")[[1]])
nx <- hdr[1]; ny <- hdr[2]; x0 <- hdr[3]; y0 <- hdr[4]; cell <- hdr[5]
cnt <- scan(args[1], skip = 1, quiet = TRUE)
stopifnot(length(cnt) == nx * ny)
k <- seq_len(nx * ny) - 1
cx <- x0 + cell * (k %% nx + 0.5); cy <- y0 + cell * (k %/% nx + 0.5)
xy <- cbind(cx, cy)
nb_band <- dnearneigh(xy, 0, 500 * (1 + 1e-7))
nb_queen <- dnearneigh(xy, 0, cell * sqrt(2) * (1 + 1e-7))
gi <- function(nb) {
  z <- as.numeric(localG(cnt, nb2listw(include.self(nb), style = "B")))
  list(z = z, q = p.adjust(2 * pnorm(-abs(z)), "BH"))
}
b <- gi(nb_band); q <- gi(nb_queen)
ii <- localmoran(cnt, nb2listw(nb_queen, style = "W"))[, "Ii"]
out <- data.frame(k = k, z_band500 = sprintf("%.17g", b$z), q_band500 = sprintf("%.17g", b$q),
                  z_queen = sprintf("%.17g", q$z), q_queen = sprintf("%.17g", q$q),
                  ii_queen = sprintf("%.17g", ii))
write.csv(out, args[2], row.names = FALSE, quote = FALSE)
mt <- function(nb, name) {
  m <- moran.test(cnt, nb2listw(nb, style = "B"), randomisation = TRUE)
  sprintf("%s,%.17g,%.17g,%.17g,%.17g", name, m$estimate[1], m$estimate[2], m$estimate[3],
          m$statistic)
}
writeLines(c("weights,I,expected,variance,z", mt(nb_band, "band500"), mt(nb_queen, "queen")),
           args[3])
