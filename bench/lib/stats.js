// Small statistics for the benchmarks: percentiles, deciles and Pearson's chi-square test of independence.

/** The p-th percentile of an ascending array (nearest rank), NaN when empty. */
function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** The decile (0 to 9) of rank `rank` (0-based) among `count`. */
function decileOf(rank, count) {
  return Math.min(9, Math.floor((rank * 10) / count));
}

/** ln Γ(x) (Lanczos, as Numerical Recipes' gammln), for x > 0. */
function logGamma(x) {
  const c = [
    76.18009172947146, -86.5053203294168, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
    -0.5395239384953e-5,
  ];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const coefficient of c) ser += coefficient / ++y;
  return -tmp + Math.log((2.506628274631 * ser) / x);
}

/** The regularized upper incomplete gamma Q(a, x) = 1 − P(a, x): series below a + 1, continued fraction above. */
function gammaQ(a, x) {
  if (x <= 0) return 1;
  const gln = logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 1000; n++) {
      del *= x / ++ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - gln);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

/**
 * Pearson's chi-square test of independence of a contingency table (rows × columns of counts): the statistic, its
 * degrees of freedom and the p-value (the chance of a statistic at least this large if rows and columns were
 * independent).
 */
function chiSquare(table) {
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = table[0].map((_, j) => table.reduce((a, row) => a + row[j], 0));
  const total = rows.reduce((a, b) => a + b, 0);
  let statistic = 0;
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < cols.length; j++) {
      const expected = (rows[i] * cols[j]) / total;
      if (expected > 0) statistic += (table[i][j] - expected) ** 2 / expected;
    }
  }
  const df = (rows.filter((r) => r > 0).length - 1) * (cols.filter((c) => c > 0).length - 1);
  return { statistic, df, p: gammaQ(df / 2, statistic / 2) };
}

module.exports = { percentile, decileOf, chiSquare, gammaQ };
