// The bare baseline of the load bench: node:http and the database's bare driver in one process,
// answering every request with the proposal list's own statements (scripts/bench/list-sql.ts) as
// JSON. No framework, session, rendering or escaping: the ceiling one core reaches with this query.
import http from "node:http";
import { baselineQuery } from "./baseline-query";

const query = await baselineQuery();
http
  .createServer((_request, response) => {
    query().then(
      (list) => {
        const body = JSON.stringify(list);
        response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
        response.end(body);
      },
      (error: unknown) => {
        console.error(error);
        response.writeHead(500).end();
      },
    );
  })
  .listen(Number(process.env.PORT), "127.0.0.1");
