import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Machine-readable specifics some refusals add: the request field, the menu item, every problem of a whole-document check. */
export interface ErrorDetails {
  field?: string;
  itemId?: string;
  problems?: { path: string; message: string }[];
}

export interface ErrorBody {
  error: { code: string; message: string } & ErrorDetails;
}

export function errorBody(code: string, message: string, details: ErrorDetails = {}): ErrorBody {
  return { error: { code, message, ...details } };
}

/** A refusal a handler decided on: answered as-is with a machine-readable code. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

const CLIENT_ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Handler refusals and Fastify's own 4xx errors (invalid JSON, body too large, wrong content type,
 * rate limit) keep their status and their message, which is written for clients. Anything else is
 * a bug or an outage: logged in full, answered with a generic 500 so internals never leak.
 */
export function handleError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof HttpError) {
    request.log.info({ statusCode: error.statusCode, code: error.code, reason: error.message }, 'request refused');
    return reply
      .code(error.statusCode)
      .headers(error.headers)
      .send(errorBody(error.code, error.message, error.details));
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    request.log.info({ statusCode: status, code: error.code }, 'client error');
    return reply.code(status).send(errorBody(CLIENT_ERROR_CODES[status] ?? 'client_error', error.message));
  }
  if (status === 503) {
    return reply.code(503).send(errorBody('unavailable', error.message));
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send(errorBody('internal_error', 'internal server error'));
}
