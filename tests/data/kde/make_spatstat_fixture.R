# Reference values from R spatstat for tests/unit/test_kde.c. Run from this folder:
#   Rscript make_spatstat_fixture.R
# Writes points.csv (60 points, x,y,w, seeded) and spatstat_gauss.csv: density.ppp with
# sigma = 100 m on a 40 x 40 pixel raster of 25 m over the window [0,1000] x [0,1000],
# edge = FALSE and edge = TRUE, unweighted (points per m^2), pixel centres (row 1 = south), plus
# bw.nrd of x and y and bw.ppl.
suppressMessages(library(spatstat.geom)); suppressMessages(library(spatstat.explore))
set.seed(20240601)
n <- 60
x <- round(c(rnorm(30, 400, 80), runif(30, 50, 950)), 2)
y <- round(c(rnorm(30, 550, 120), runif(30, 50, 950)), 2)
x <- pmin(pmax(x, 1), 999); y <- pmin(pmax(y, 1), 999)
w <- round(runif(n, 0.5, 2), 3)
write.csv(data.frame(x = x, y = y, w = w), "points.csv", row.names = FALSE)
W <- owin(c(0, 1000), c(0, 1000))
X <- ppp(x, y, window = W)
d0 <- density.ppp(X, sigma = 100, dimyx = c(40, 40), edge = FALSE)
d1 <- density.ppp(X, sigma = 100, dimyx = c(40, 40), edge = TRUE)
g <- expand.grid(col = 1:40, row = 1:40)
out <- data.frame(row = g$row - 1, col = g$col - 1,
                  xc = d0$xcol[g$col], yc = d0$yrow[g$row],
                  noedge = d0$v[cbind(g$row, g$col)], edge = d1$v[cbind(g$row, g$col)])
write.csv(out, "spatstat_gauss.csv", row.names = FALSE)
bw <- data.frame(nrd_x = bw.nrd(x), nrd_y = bw.nrd(y), ppl = as.numeric(bw.ppl(X)))
write.csv(bw, "spatstat_bw.csv", row.names = FALSE)
cat(sprintf("spatstat %s: written\n", packageVersion("spatstat.explore")))
