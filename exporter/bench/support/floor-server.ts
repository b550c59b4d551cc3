/**
 * The floor of the ingestion benchmark: the same stack (Node, express 5, a raw body parser with the same limit) with
 * nothing behind it, on the same machine. Run as its own process like the exporter, so both compete with the load
 * generator for the CPUs in the same way.
 */
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.post(
  /.*/,
  express.raw({ type: () => true, limit: Number(process.env.FLOOR_MAX_BODY_BYTES ?? 256 * 1024) }),
  (_req, res) => {
    res.status(202).json({ status: 'accepted', newEvents: 1, duplicateEvents: 0 });
  },
);
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ msg: 'exporter listening', port })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
