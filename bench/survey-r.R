# R side of `npm run bench:survey`: rake (survey::rake) then svyby(~q1, ~ward, svymean) on the same files.
# Usage: Rscript bench/survey-r.R RESPONSES.csv MARGINS.csv
# Reading the CSV and loading the package are not timed; prints one JSON line with the in-process time of
# rake + svyby (elapsed seconds) and the estimates, so the benchmark can check that both tools agree.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
df <- read.csv(args[1], colClasses = c(id = "character", age = "character", sex = "character",
                                       ethnic = "character", ward = "character", q1 = "numeric"))
margins <- read.csv(args[2], colClasses = c("character", "character", "numeric"))
vars <- unique(margins$variable)
population <- lapply(vars, function(v) {
  m <- margins[margins$variable == v, ]
  out <- data.frame(m$category, m$population, stringsAsFactors = FALSE)
  names(out) <- c(v, "Freq")
  out
})
sample <- lapply(vars, function(v) as.formula(paste0("~", v)))
# epsilon < 1 is read by rake() as a fraction of the sample's weight total: stop when no cell of the
# joint table moves by more than 1e-6 of it between sweeps (ours: every margin within 1e-6, relative).
tolerance <- 1e-6
t0 <- proc.time()
design <- svydesign(ids = ~1, data = df)
raked <- rake(design, sample, population, control = list(maxit = 100, epsilon = tolerance, verbose = FALSE))
by_ward <- svyby(~q1, ~ward, raked, svymean)
t1 <- proc.time() - t0
elapsed <- t1[["elapsed"]]
cpu <- t1[["user.self"]] + t1[["sys.self"]]
cat(sprintf('{"elapsed_s":%.3f,"cpu_s":%.3f,"wards":[%s],"estimates":[%s],"se":[%s]}\n', elapsed, cpu,
            paste0('"', by_ward$ward, '"', collapse = ","),
            paste(sprintf("%.12g", coef(by_ward)), collapse = ","),
            paste(sprintf("%.12g", SE(by_ward)), collapse = ",")))
