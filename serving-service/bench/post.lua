-- POSTs the JSON body in $BODY_FILE (wrk -s post.lua URL); reports status counts at the end.
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
-- AUTH_HEADER (e.g. "Bearer <token>"): sent as Authorization on every request
local auth = os.getenv("AUTH_HEADER")
if auth and auth ~= "" then
  wrk.headers["Authorization"] = auth
end
