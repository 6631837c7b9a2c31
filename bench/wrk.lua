-- The wrk script of `make bench` (bench/run.py runs wrk with it).
--
-- Every run ends by printing one "BENCH {json}" line with the numbers run.py reads.
-- With BENCH_POST_FIELDS set, each connection instead posts the comment form (guest,
-- so to moderation) with a body of its own; it counts the redirects that mean
-- "saved" and stops its thread at BENCH_STOP_AT, after a response, so no request is
-- left in flight when wrk ends and "rows saved == successes" can be checked exactly.

local post_fields = os.getenv("BENCH_POST_FIELDS")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

if post_fields then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_usec; } bench_timeval;
    int gettimeofday(bench_timeval *tv, void *tz);
  ]]
  local function now()
    local tv = ffi.new("bench_timeval")
    ffi.C.gettimeofday(tv, nil)
    return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) / 1e6
  end

  local stop_at = tonumber(os.getenv("BENCH_STOP_AT"))
  local counter = 0
  successes = 0

  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")

  function request()
    counter = counter + 1
    local body = post_fields .. "&body=Benchmark+comment+" .. id .. "-" .. counter
    return wrk.format(nil, nil, nil, body)
  end

  function response(status, headers, body)
    -- The view answers a saved comment with a redirect to it.
    if status == 302 then
      successes = successes + 1
    end
    if now() >= stop_at then
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local saved = 0
  for _, thread in ipairs(threads) do
    saved = saved + (thread:get("successes") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"status_errors": %d, "socket_errors": %d, "timeouts": %d, "successes": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write, errors.timeout, saved))
end
