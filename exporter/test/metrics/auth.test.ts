import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';

const TOKEN = 'scrape-token-0123456789abcdef';
const PASSWORD = 'p4ss-w0rd-for-prometheus';

describe('/metrics protection', () => {
  describe('with a bearer token', () => {
    let exporter: TestExporter;
    beforeAll(async () => {
      exporter = await startTestExporter(baseConfig({ metrics: { bearerToken: { env: 'METRICS_TOKEN' } } }), {
        env: { METRICS_TOKEN: TOKEN },
      });
    });
    afterAll(() => exporter.close());

    it('answers 401 without or with a wrong token, 200 with the right one', async () => {
      const none = await exporter.get('/metrics');
      expect(none.status).toBe(401);
      expect(none.text).not.toContain(TOKEN);
      expect((await exporter.get('/metrics', { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await exporter.get('/metrics', { authorization: `Basic ${btoa(`x:${TOKEN}`)}` })).status).toBe(401);
      const ok = await exporter.get('/metrics', { authorization: `Bearer ${TOKEN}` });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('dora_guarantee_info');
      expect(ok.text).not.toContain(TOKEN);
    });

    it('leaves health checks open', async () => {
      expect((await exporter.get('/healthz')).status).toBe(200);
    });
  });

  describe('with basic auth', () => {
    let exporter: TestExporter;
    beforeAll(async () => {
      exporter = await startTestExporter(
        baseConfig({ metrics: { basicAuth: { username: 'prometheus', password: { env: 'METRICS_PASSWORD' } } } }),
        { env: { METRICS_PASSWORD: PASSWORD } },
      );
    });
    afterAll(() => exporter.close());

    it('challenges without credentials and accepts the configured pair', async () => {
      const res = await fetch(`${exporter.url}/metrics`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
      const basic = (user: string, pass: string) => ({ authorization: `Basic ${btoa(`${user}:${pass}`)}` });
      expect((await exporter.get('/metrics', basic('prometheus', 'nope'))).status).toBe(401);
      expect((await exporter.get('/metrics', basic('admin', PASSWORD))).status).toBe(401);
      const ok = await exporter.get('/metrics', basic('prometheus', PASSWORD));
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('dora_guarantee_info');
    });
  });
});
