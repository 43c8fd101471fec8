-- wrk script of bench/drain-load.sh: posts one logplex body again and again, each time with a fresh
-- Logplex-Frame-Id (a repeated id would be dropped as a redelivery), and prints one RESULT line at the end.
-- LOAD_BODY (file), LOAD_MSG_COUNT, LOAD_AUTH (Authorization header) and LOAD_RUN (unique per run) come from
-- the environment.
local body, count, auth, run
local counter = 0

function init(args)
  local f = assert(io.open(os.getenv("LOAD_BODY"), "rb"))
  body = f:read("*a")
  f:close()
  count = os.getenv("LOAD_MSG_COUNT")
  auth = os.getenv("LOAD_AUTH")
  run = os.getenv("LOAD_RUN")
end

function request()
  counter = counter + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/logplex-1",
    ["Authorization"] = auth,
    ["Logplex-Msg-Count"] = count,
    ["Logplex-Frame-Id"] = run .. "-" .. counter,
    ["Logplex-Drain-Token"] = "d.load-test",
  }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d socket_errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
