/**
 * The reader's network address for rate limits and consent records. Behind CloudFront the
 * connection comes from CloudFront, which names the viewer in `CloudFront-Viewer-Address`
 * (`IP:port`, IPv6 unbracketed: `2001:db8::1:46532`); anywhere else that header is the
 * client's own words and is ignored.
 */
import { isIP } from 'node:net';

/**
 * The client's address.
 * @param headers the request's headers, lower-cased
 * @param sourceIp the connection's address (API Gateway's `sourceIp`)
 * @param behindCloudFront whether the deployment routes the API through CloudFront
 */
export function clientAddress(headers: Record<string, string | undefined>, sourceIp: string | null, behindCloudFront: boolean): string | null {
  if (!behindCloudFront) return sourceIp;
  const viewer = headers['cloudfront-viewer-address']?.trim();
  if (!viewer) return sourceIp;
  const ip = viewer.replace(/:\d{1,5}$/, '');
  return isIP(ip) ? ip : sourceIp;
}
