import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

const CLIENT_ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Fastify's own 4xx errors (invalid JSON, body too large, wrong content type) keep their status and
 * their message, which is written for clients. Anything else is a bug or an outage: logged in full,
 * answered with a generic 500 so internals never leak to the caller.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    request.log.info({ statusCode: status, code: error.code }, 'client error');
    return reply.code(status).send(errorBody(CLIENT_ERROR_CODES[status] ?? 'client_error', error.message));
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send(errorBody('internal_error', 'internal server error'));
}
