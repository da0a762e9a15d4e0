# spatstat density.ppp on the 4000 x 4000 grid of 5 m cells (bench_kde.sh BIG=1): Gaussian
# sigma 200 m over the references' 20 km square, uniform edge correction, as
# ../shared/bench-ref/ref/spatstat_kde.R does on 400 x 400.
# usage: Rscript spatstat_kde_big.R points.csv out.f64
args <- commandArgs(TRUE)
suppressMessages(library(data.table))
suppressMessages(library(spatstat.geom)); suppressMessages(library(spatstat.explore))
d <- fread(args[1], select = c("x", "y"))
W <- owin(c(664000, 684000), c(6570000, 6590000))
X <- ppp(d$x, d$y, window = W, check = FALSE)
Z <- density.ppp(X, sigma = 200, dimyx = c(4000, 4000), edge = TRUE)
m <- as.matrix(Z)
cat(sprintf("RESULT n=%d pixels=%dx%d max=%.6e (points/m^2)\n", npoints(X), nrow(m), ncol(m), max(m)))
con <- file(args[2], "wb"); writeBin(as.vector(t(m)), con, size = 8); close(con)
