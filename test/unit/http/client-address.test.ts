/** The reader's address behind CloudFront, and a forged viewer header ignored elsewhere. */
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../lambdas/handlers/http/client-address.ts';

describe('clientAddress', () => {
  it.each([
    ['203.0.113.7:51234', '203.0.113.7'],
    ['2001:db8::1:46532', '2001:db8::1'],
    ['not-an-ip:80', '130.176.0.1'],
  ])('behind CloudFront reads %s as %s', (header, ip) => {
    // Act / Assess
    expect(clientAddress({ 'cloudfront-viewer-address': header }, '130.176.0.1', true)).toBe(ip);
  });

  it('ignores the header when the API is not behind CloudFront (a client could write it)', () => {
    // Act / Assess
    expect(clientAddress({ 'cloudfront-viewer-address': '198.51.100.1:1' }, '203.0.113.9', false)).toBe('203.0.113.9');
  });
});
