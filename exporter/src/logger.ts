import pino from 'pino';

/**
 * Structured logs. Request headers and bodies are never logged; the redaction is a second line of defence in case
 * a future log call passes a request or a config object.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    level,
    base: { service: 'dora-guarantee' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-hub-signature-256"]',
        'req.headers["x-gitlab-token"]',
        'req.headers["x-pagerduty-signature"]',
        'headers.authorization',
        '*.secret',
        '*.token',
        '*.password',
        'secrets',
        'sources',
      ],
      censor: '[redacted]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
