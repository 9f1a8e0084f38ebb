/** Minimal fetch wrapper for tests and benchmarks: real HTTP, body parsed as JSON when it is JSON. */
export interface HttpReply {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT';
  token?: string;
  /** Serialized as JSON unless `rawBody` is given. */
  json?: unknown;
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function http(url: string, request: HttpRequest = {}): Promise<HttpReply> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token !== undefined) headers['authorization'] = `Bearer ${request.token}`;
  let body: string | undefined;
  if (request.rawBody !== undefined) body = request.rawBody;
  else if (request.json !== undefined) body = JSON.stringify(request.json);
  if (body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  const response = await fetch(url, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseJson(text) };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Keep non-JSON bodies as text so a failing assertion shows what the server actually sent.
    return text;
  }
}
