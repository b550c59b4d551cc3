// A local Alertmanager webhook receiver: logs one JSON line per notification and keeps the last ones in memory,
// so `docker compose logs alert-sink` shows what would have been sent and a test can read GET /notifications.
// Node's standard library only, so it runs in a stock node image. Usage: node webhook-sink.mjs [port]
import http from 'node:http';

const port = Number(process.argv[2] ?? process.env.PORT ?? 9099);
const keep = 200;
const notifications = [];

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return void res.end('ok\n');
  if (req.method === 'GET' && req.url === '/notifications') {
    res.setHeader('content-type', 'application/json');
    return void res.end(JSON.stringify(notifications));
  }
  if (req.method !== 'POST') {
    res.statusCode = 405;
    return void res.end();
  }
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    // Alertmanager sends one group per request; anything this large is not from it.
    if (size > 5 * 1024 * 1024) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.statusCode = 400;
      return void res.end('not JSON\n');
    }
    const entry = { receivedAt: new Date().toISOString(), path: req.url, ...body };
    notifications.push(entry);
    if (notifications.length > keep) notifications.shift();
    const alerts = (body.alerts ?? []).map((a) => ({ status: a.status, ...a.labels }));
    console.log(JSON.stringify({ receivedAt: entry.receivedAt, receiver: body.receiver, status: body.status, alerts }));
    res.end('ok\n');
  });
});

server.listen(port, () => console.log(`alert sink listening on :${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
