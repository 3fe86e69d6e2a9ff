-- POSTs the JSON body in $BODY_FILE (wrk -s post.lua URL); reports status counts at the end.
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
