-- POST one JSON document per request, shaped like the load generators' own:
-- {"runId":"wrk-<run>","seq":N,"client":"wrk","message":"document N of wrk"}
-- The run id comes from the environment (WRK_RUN_ID), so the bench can count what Elasticsearch indexed.
-- Answers other than 201 are counted by wrk itself ("Non-2xx or 3xx responses").
local run_id = os.getenv("WRK_RUN_ID") or "wrk"
local seq = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  seq = seq + 1
  local body = string.format('{"runId":"%s","seq":%d,"client":"wrk","message":"document %d of wrk"}', run_id, seq, seq)
  return wrk.format(nil, nil, nil, body)
end
