// The bare baseline of the load bench: node:http and better-sqlite3 in one process, answering
// every request with the proposal list's own statements (scripts/bench/list-sql.ts) as JSON.
// No framework, session, rendering or escaping: the ceiling one core reaches with this query.
import http from "node:http";
import { baselineQuery } from "./baseline-query";

const query = await baselineQuery();
http
  .createServer((_request, response) => {
    const body = JSON.stringify(query());
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    response.end(body);
  })
  .listen(Number(process.env.PORT), "127.0.0.1");
