-- Mixed read/write load for the portal API: 4 reads (project detail) per write (a new risk).
-- Each wrk thread has its own Lua state; done() sums the threads' counters.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  project = args[2]
  n, writes, acked, s5xx, s4xx = 0, 0, 0, 0, 0
end

function request()
  n = n + 1
  local auth = { ["Authorization"] = "Bearer " .. token }
  if n % 5 == 0 then
    writes = writes + 1
    auth["Content-Type"] = "application/json"
    local body = string.format('{"project": %s, "risico": "load-%d-%d"}', project, tid, writes)
    return wrk.format("POST", "/api/v1/risico/", auth, body)
  end
  return wrk.format("GET", "/api/v1/project/" .. project, auth)
end

function response(status, headers, body)
  if status == 201 then
    acked = acked + 1
  elseif status >= 500 then
    s5xx = s5xx + 1
  elseif status >= 400 then
    s4xx = s4xx + 1
  end
end

function done(summary, latency, requests)
  local a, w, f, c = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("acked")
    w = w + t:get("writes")
    f = f + t:get("s5xx")
    c = c + t:get("s4xx")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_s": %.2f, "acked_writes": %d, "sent_writes": %d, ' ..
    '"status_5xx": %d, "status_4xx": %d, "socket_errors": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, a, w, f, c,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
