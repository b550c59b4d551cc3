import { CloudEvent, HTTP, ValidationError } from 'cloudevents';
import { PayloadError, type Problem, type SourceRequest } from '../types';
import { jsonObject } from '../payload';

export const STRUCTURED = 'application/cloudevents+json';

/** Binary-mode attribute headers; kept with the raw payload because parsing needs them again on replay. */
export const CE_HEADERS = ['ce-specversion', 'ce-id', 'ce-source', 'ce-type', 'ce-time', 'ce-subject', 'ce-dataschema'];

export interface Envelope {
  mode: 'binary' | 'structured';
  id: string;
  source: string;
  type: string;
  data: unknown;
}

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: { missingProperty?: string };
}

function attributeProblems(error: ValidationError, mode: Envelope['mode']): Problem[] {
  const errors = (error.errors ?? []) as AjvError[];
  const problems = errors.map((e): Problem => {
    const attribute = e.instancePath?.replace(/^\//, '') || e.params?.missingProperty || '(cloudevent)';
    return { field: mode === 'binary' ? `ce-${attribute}` : attribute, message: e.message ?? 'invalid' };
  });
  return problems.length ? problems : [{ field: '(cloudevent)', message: error.message.split('\n')[0] as string }];
}

/**
 * Reads a CloudEvent in binary or structured HTTP mode with the CloudEvents SDK and checks its context attributes.
 * The JSON is parsed here first so a malformed body gets a JSON error rather than the SDK's guesswork (it quotes
 * a body that does not look like JSON and carries on).
 */
export function readCloudEvent(request: SourceRequest): Envelope {
  const body = jsonObject(request.body);
  const mode = request.contentType === STRUCTURED ? 'structured' : 'binary';
  // The SDK looks parsers up by the bare media type; parameters such as charset would make it give up.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = value;
  headers['content-type'] = request.contentType;

  let event: CloudEvent<unknown>;
  try {
    const read = HTTP.toEvent({ headers, body });
    if (!(read instanceof CloudEvent)) throw new ValidationError('batched CloudEvents are not accepted');
    event = read;
    if (event.specversion !== '1.0') {
      throw new PayloadError([
        { field: mode === 'binary' ? 'ce-specversion' : 'specversion', message: 'must be "1.0"' },
      ]);
    }
    event.validate();
  } catch (e) {
    if (e instanceof PayloadError) throw e;
    if (!(e instanceof ValidationError)) throw e;
    if (/no cloud event detected/i.test(e.message)) {
      throw new PayloadError([
        {
          field: 'ce-id',
          message:
            'not a CloudEvent: binary mode needs ce-specversion, ce-id, ce-source and ce-type headers; ' +
            `structured mode needs Content-Type: ${STRUCTURED}`,
        },
      ]);
    }
    throw new PayloadError(attributeProblems(e, mode));
  }
  return { mode, id: event.id, source: event.source, type: event.type, data: event.data };
}

/** Binary-mode header values are percent-encoded (CloudEvents HTTP binding §3.1.3.2). */
export function decodeAttribute(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
