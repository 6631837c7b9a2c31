-- The wrk script of `make bench` (bench/run.py runs wrk with it).
--
-- Every run ends by printing one "BENCH {json}" line with the numbers run.py reads.
-- With BENCH_POST_FIELDS set, each connection instead posts the comment form as a
-- confirmed guest (BENCH_COOKIE carries the CSRF and `newsroom_commenter` cookies), so
-- the policy sends each comment to moderation. Every POST carries a form token of its
-- own (the `issued` field): a token is saved once, so run.py makes them in advance and
-- writes them to BENCH_TOKENS, one a line, and each thread (one connection each) takes
-- its own slice of BENCH_TOKENS_PER_THREAD lines. A saved comment is answered with a
-- redirect to its permalink, and so may be a token seen before ("already sent": the
-- first comment's), so a comment counts as saved once per distinct comment id, across
-- all threads; a redirect to an id already counted is a duplicate, one elsewhere is
-- counted apart. A thread stops after a response, the first
-- one at or after BENCH_STOP_AT or its last token's, and then notes it in BENCH_STOPPED;
-- run.py lets wrk run on until every thread has (and stops it then), so no request is
-- left in flight when wrk ends and "rows saved == successes" can be checked exactly.
-- Only responses before BENCH_STOP_AT count for the rate ("in_window").
--
-- With BENCH_GUEST_EMAIL set ("prefix@domain"), each POST comes from a guest of its own,
-- unconfirmed (BENCH_COOKIE then carries the CSRF cookie alone): the `author_email` field
-- is "prefix-<thread>-<n>@domain", n the number of the token it goes with, so no address
-- is seen twice (a guest's address gets a few confirmation mails a day, no more) and a
-- retry of the same token sends the same address.
--
-- With BENCH_UPLOAD_BODY set instead (a file holding a multipart/form-data body, of
-- type BENCH_UPLOAD_TYPE), each connection posts that body, an editor uploading a photo
-- through the admin, and stops as the comment POSTs do; a redirect to
-- BENCH_UPLOAD_DONE (the photo list the admin goes back to) counts as saved, any other
-- redirect is counted apart.

local post_fields = os.getenv("BENCH_POST_FIELDS")
local upload_body = os.getenv("BENCH_UPLOAD_BODY")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

if post_fields or upload_body then
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
  local tokens = {}
  local counter = 0
  local answered = 0
  local stopped_file = os.getenv("BENCH_STOPPED")
  in_window = 0
  -- Read by done() through thread:get: the comment ids redirected to, "12,13,", and
  -- any other answer (a 302 elsewhere).
  saved_ids = ""
  other_redirects = 0
  ran_out = 0
  uploaded = 0
  local guest_email = os.getenv("BENCH_GUEST_EMAIL")
  local guest_prefix, guest_domain
  if guest_email then
    guest_prefix, guest_domain = guest_email:match("^(.+)@(.+)$")
  end
  local upload_done = os.getenv("BENCH_UPLOAD_DONE")

  wrk.method = "POST"
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
  if upload_body then
    -- The same body for every request: wrk sends it as it is, bytes and all.
    local file = assert(io.open(upload_body, "rb"))
    wrk.body = file:read("*a")
    file:close()
    wrk.headers["Content-Type"] = os.getenv("BENCH_UPLOAD_TYPE")
  else
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end

  function init(args)
    if upload_body then
      return
    end
    -- setup() has run for this thread already, so `id` is set.
    local per_thread = tonumber(os.getenv("BENCH_TOKENS_PER_THREAD"))
    local first, last = (id - 1) * per_thread + 1, id * per_thread
    local line_number = 0
    for line in io.lines(os.getenv("BENCH_TOKENS")) do
      line_number = line_number + 1
      if line_number > last then
        break
      end
      if line_number >= first then
        table.insert(tokens, line)
      end
    end
    if #tokens == 0 then
      error("bench: no form tokens for thread " .. id)
    end
  end

  function request()
    counter = counter + 1
    -- One connection per thread, one request at a time: the request after the n-th
    -- response takes the (n+1)-th token. (wrk also calls request() once at start to
    -- check it, and again after a connection error: a retry sends the same token.)
    -- The tokens are written URL-encoded.
    local token = tokens[answered + 1]
    local body = post_fields .. "&issued=" .. token ..
      "&body=Benchmark+comment+" .. id .. "-" .. counter
    if guest_prefix then
      body = body .. "&author_email=" .. guest_prefix .. "-" .. id .. "-" .. (answered + 1) ..
        "%40" .. guest_domain
    end
    return wrk.format(nil, nil, nil, body)
  end

  if upload_body then
    -- No request() then: wrk sends the one request made from wrk.body, unchanged.
    request = nil
  end

  local function stop()
    local file = assert(io.open(stopped_file, "a"))
    file:write(id, "\n")
    file:close()
    wrk.thread:stop()
  end

  function response(status, headers, body)
    answered = answered + 1
    local now_s = now()
    if now_s < stop_at then
      in_window = in_window + 1
    end
    if status == 302 and upload_body then
      local location = headers["Location"] or headers["location"] or ""
      if location == upload_done or location:sub(1, #upload_done + 1) == upload_done .. "?" then
        uploaded = uploaded + 1
      else
        other_redirects = other_redirects + 1
      end
    elseif status == 302 then
      local location = headers["Location"] or headers["location"] or ""
      local comment_id = location:match("^/%a+/comments/(%d+)/$")
      if comment_id then
        saved_ids = saved_ids .. comment_id .. ","
      else
        other_redirects = other_redirects + 1
      end
    end
    local out_of_tokens = not upload_body and answered >= #tokens
    if out_of_tokens or now_s >= stop_at then
      if out_of_tokens and now_s < stop_at then
        ran_out = 1
      end
      stop()
    end
  end
end

function done(summary, latency, requests)
  local saved, repeated, elsewhere, starved, timely = 0, 0, 0, 0, 0
  local seen = {}
  for _, thread in ipairs(threads) do
    for comment_id in (thread:get("saved_ids") or ""):gmatch("(%d+),") do
      if seen[comment_id] then
        repeated = repeated + 1
      else
        seen[comment_id] = true
        saved = saved + 1
      end
    end
    elsewhere = elsewhere + (thread:get("other_redirects") or 0)
    starved = starved + (thread:get("ran_out") or 0)
    timely = timely + (thread:get("in_window") or 0)
    -- A photo upload run saves no comment: its successes are the uploads.
    saved = saved + (thread:get("uploaded") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"status_errors": %d, "socket_errors": %d, "timeouts": %d, "successes": %d, ' ..
    '"duplicates": %d, "other_redirects": %d, "threads_out_of_tokens": %d, ' ..
    '"in_window": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write, errors.timeout, saved,
    repeated, elsewhere, starved, timely))
end
