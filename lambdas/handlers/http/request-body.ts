/**
 * Request bodies of the HTTP API: parsed by their declared media type (JSON or an HTML form)
 * and held to the route's JSON Schema (ajv, compiled once). A field the route does not know
 * is a 400 naming it, `__proto__`, `constructor` and `prototype` included, before any
 * service runs, so the answer never depends on stored state.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { UnsupportedMediaTypeError, ValidationError } from '../../errors.ts';
import type { HttpRequest } from './http-types.ts';

/** The routes that take a body, by name. */
export type BodyRoute = 'subscribe' | 'unsubscribe' | 'preferences' | 'sends' | 'empty';

/** A body's fields after validation (a null-prototype object). */
export type BodyFields = Record<string, unknown>;

/** The API's media types; anything else is refused (415) rather than guessed. */
export type BodyMediaType = 'json' | 'form' | 'none';

const THEME_ID = { type: 'string', minLength: 1, maxLength: 64 } as const;
const THEME_LIST = { type: 'array', items: THEME_ID, maxItems: 100 } as const;

/** One schema per route; forms send a lone checkbox as a string and a hidden `submitted`. */
const SCHEMAS: Record<BodyRoute, object> = {
  subscribe: {
    type: 'object',
    properties: { email: { type: 'string', maxLength: 320 }, themes: { anyOf: [THEME_LIST, THEME_ID] } },
    additionalProperties: false,
  },
  unsubscribe: {
    type: 'object',
    properties: { 'List-Unsubscribe': { const: 'One-Click' }, scope: { enum: ['theme', 'all'] } },
    additionalProperties: false,
  },
  preferences: {
    type: 'object',
    properties: { themes: { anyOf: [THEME_LIST, THEME_ID] }, submitted: { type: 'string', maxLength: 8 } },
    additionalProperties: false,
  },
  sends: {
    type: 'object',
    properties: { theme: THEME_ID, to: { type: 'string', maxLength: 320 }, dryRun: { type: 'boolean' } },
    required: ['theme'],
    additionalProperties: false,
  },
  empty: { type: 'object', additionalProperties: false },
};

/** What each field must be, for the error line. */
const FIELD_RULES: Record<string, string> = {
  email: 'an email address',
  themes: 'a list of theme ids',
  'List-Unsubscribe': "'One-Click'",
  scope: "'theme' or 'all'",
  submitted: 'a short flag',
  theme: 'a theme id',
  to: 'an email address',
  dryRun: 'true or false',
};

const ajv = new Ajv({ allErrors: false, strict: true });
const validators = new Map<BodyRoute, ValidateFunction>();

function validatorFor(route: BodyRoute): ValidateFunction {
  let v = validators.get(route);
  if (!v) {
    v = ajv.compile(SCHEMAS[route]);
    validators.set(route, v);
  }
  return v;
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Whether a Content-Type names JSON: `application/json` or `application/<x>+json`, nothing looser. */
export function isJsonMediaType(header: string | undefined): boolean {
  const type = mediaType(header);
  return type === 'application/json' || /^application\/[a-z0-9.-]+\+json$/.test(type);
}

/**
 * The body's media type from Content-Type: `application/json` or `+json` is JSON,
 * `application/x-www-form-urlencoded` (or none, as one-click mail clients may send) a form.
 * @throws UnsupportedMediaTypeError (415) for any other type
 */
export function bodyMediaType(req: HttpRequest): BodyMediaType {
  if (!req.body) return 'none';
  if (isJsonMediaType(req.headers['content-type'])) return 'json';
  const type = mediaType(req.headers['content-type']);
  if (type === '' || type === 'application/x-www-form-urlencoded') return 'form';
  throw new UnsupportedMediaTypeError(type);
}

/** Parses JSON into null-prototype objects; prototype-shaped keys stay plain own keys for the schema to name. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (_k, value) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.assign(Object.create(null), value) : value));
  } catch {
    throw new ValidationError('the body is not valid JSON');
  }
}

/** Parses a form; a repeated field becomes a list. */
function parseForm(text: string): BodyFields {
  const out = Object.create(null) as BodyFields;
  for (const [k, v] of new URLSearchParams(text)) {
    const held = out[k];
    out[k] = held === undefined ? v : Array.isArray(held) ? [...held, v] : [held, v];
  }
  return out;
}

function describeError(e: ErrorObject, route: BodyRoute): ValidationError {
  const known = Object.keys((SCHEMAS[route] as { properties?: object }).properties ?? {});
  if (e.keyword === 'additionalProperties') {
    const field = String((e.params as { additionalProperty: string }).additionalProperty);
    const near = known.find((k) => k.toLowerCase().startsWith(field.toLowerCase()) || field.toLowerCase().startsWith(k.toLowerCase()));
    const hint = known.length ? `${near ? `did you mean '${near}'? ` : ''}this request takes only: ${known.join(', ')}` : 'this request takes no fields';
    return new ValidationError(`unknown field '${field.slice(0, 40)}'`, hint);
  }
  if (e.keyword === 'required') {
    const field = String((e.params as { missingProperty: string }).missingProperty);
    return new ValidationError(`'${field}' is required`, `give ${FIELD_RULES[field] ?? 'a value'}`);
  }
  const field = e.instancePath.split('/')[1] ?? '';
  if (!field) return new ValidationError('the body is not a JSON object');
  return new ValidationError(`'${field}' must be ${FIELD_RULES[field] ?? 'valid'}`);
}

/**
 * Reads and validates a request's body for a route.
 * @returns the fields, a null-prototype object; `{}` for an empty body
 * @throws ValidationError naming the first unknown or malformed field (400), or 415
 */
export function readBody(req: HttpRequest, route: BodyRoute): BodyFields {
  const media = bodyMediaType(req);
  const fields = media === 'none' ? (Object.create(null) as BodyFields) : media === 'json' ? parseJson(req.body) : parseForm(req.body);
  const validate = validatorFor(route);
  if (!validate(fields)) throw describeError(validate.errors![0], route);
  return fields as BodyFields;
}

/** A theme list from a validated body: absent is empty, a lone form value is a list of one. */
export function themeList(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as string[]) : [value as string];
}
