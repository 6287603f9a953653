-- wrk reports p50/p75/p90/p99 only: print what the benchmark table needs, machine-readable.
done = function(summary, latency, requests)
  io.write(string.format("BENCH p50 %.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH p95 %.3f\n", latency:percentile(95) / 1000))
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH rps %.1f\n", summary.requests / (summary.duration / 1e6)))
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    + summary.errors.status
  io.write(string.format("BENCH errors %d\n", errors))
end
