-- wrk script: optional randomized path suffix (echo scenario) and a JSON summary line.
local prefix = nil

init = function(args)
  if args[1] ~= nil and args[1] ~= "" then
    prefix = args[1]
    math.randomseed(42)
  end
end

request = function()
  if prefix ~= nil then
    return wrk.format("GET", prefix .. math.random(1, 1000000))
  end
  return wrk.format("GET")
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nWRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
