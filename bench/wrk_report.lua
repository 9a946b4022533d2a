-- wrk's report as one JSON line (bench/load.py reads it): requests, duration and latency in
-- microseconds, and the error counts (status = answers other than 2xx/3xx).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %.0f, "bytes": %.0f, "duration_us": %.0f, "p50_us": %.0f, "p95_us": %.0f, '
      .. '"p99_us": %.0f, "max_us": %.0f, "connect": %.0f, "read": %.0f, "write": %.0f, "status": %.0f, '
      .. '"timeout": %.0f}\n',
    summary.requests, summary.bytes, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
