// The React baseline of the load bench: the bare JSON baseline's process and statements, with
// the rows rendered by React's renderToString as a plain HTML table: what a server-rendered
// list costs without Remix, sessions, translations, layout or hydration data.
import http from "node:http";
import { renderToString } from "react-dom/server";
import { baselineQuery, type BaselineRow } from "./baseline-query";

const query = await baselineQuery();

function ListPage({ total, rows }: { total: number; rows: BaselineRow[] }) {
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <title>Đề xuất</title>
      </head>
      <body>
        <h1>Đề xuất ({total})</h1>
        <table>
          <thead>
            <tr>
              <th>Mã</th>
              <th>Tên</th>
              <th>Bộ, ngành</th>
              <th>Trạng thái</th>
              <th>Quyết định</th>
              <th>Hạn</th>
              <th>Tiết kiệm</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code}>
                <td>
                  <a href={`/proposals/${row.code}`}>{row.code}</a>
                </td>
                <td>{row.title}</td>
                <td>{row.agency_code}</td>
                <td>{row.status}</td>
                <td>{row.decision_number}</td>
                <td>{row.due_on}</td>
                <td>{((row.cost_before_vnd ?? 0) - (row.cost_after_vnd ?? 0)).toLocaleString("vi-VN")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </body>
    </html>
  );
}

http
  .createServer((_request, response) => {
    query().then(
      (list) => {
        const body = `<!doctype html>${renderToString(<ListPage {...list} />)}`;
        response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(body) });
        response.end(body);
      },
      (error: unknown) => {
        console.error(error);
        response.writeHead(500).end();
      },
    );
  })
  .listen(Number(process.env.PORT), "127.0.0.1");
