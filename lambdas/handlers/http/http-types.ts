/** Framework-neutral HTTP request and response, shared by the Lambda handler and the local server. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: string;
  ip: string | null;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;
