import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** docs/openapi.yaml, compiled once; validators for one documented answer or schema. */
export const OPENAPI_PATH = join(__dirname, '../../../docs/openapi.yaml');
const DOC_ID = 'https://dora-guarantee.invalid/openapi.yaml';

type Json = Record<string, any>;
export const openapi: Json = parse(readFileSync(OPENAPI_PATH, 'utf8'));

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, discriminator: true });
addFormats(ajv);
// The OpenAPI document around the schemas: known, not validated as schema keywords.
ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'security']);
ajv.addSchema({ ...openapi, $id: DOC_ID });

const pointer = (parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const cache = new Map<string, ValidateFunction>();

function compile(ref: string): ValidateFunction {
  let v = cache.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: `${DOC_ID}#${ref}` });
    cache.set(ref, v);
  }
  return v;
}

/** Validator of the JSON body of one documented answer, following a `$ref` to components/responses. */
export function answerValidator(path: string, method: string, status: number): ValidateFunction {
  const operation = openapi.paths?.[path]?.[method];
  if (!operation) throw new Error(`docs/openapi.yaml documents no ${method.toUpperCase()} ${path}`);
  let response = operation.responses?.[String(status)];
  let location = ['paths', path, method, 'responses', String(status)];
  if (!response) throw new Error(`docs/openapi.yaml documents no ${status} for ${method.toUpperCase()} ${path}`);
  if (response.$ref) {
    location = (response.$ref as string).replace(/^#\//, '').split('/');
    response = location.reduce((o: Json, k) => o[k], openapi);
  }
  if (!response.content?.['application/json']?.schema) throw new Error(`no JSON schema for ${status} ${path}`);
  return compile(`/${pointer([...location, 'content', 'application/json', 'schema'])}`);
}

export function schemaValidator(name: string): ValidateFunction {
  if (!openapi.components.schemas[name]) throw new Error(`no schema ${name}`);
  return compile(`/components/schemas/${name}`);
}

/** Validates and returns the errors in a form a failing expectation prints readably. */
export function problems(validate: ValidateFunction, body: unknown): string[] {
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}
