/**
 * The collector's destination rule (SSRF): every internal address, in every spelling a URL or
 * a resolver can produce, is named and refused under the AWS policy; loopback and private
 * ranges pass under the local one, link-local and metadata never do unless listed.
 */
import { describe, expect, it } from 'vitest';
import { classifyAddress, destinationRefusal, ipLiteralOf, LOCAL_DESTINATIONS, parseAllowList, runtimeApiEndpoint, STRICT_DESTINATIONS, type DestinationPolicy } from '../../../lambdas/domain/collect/destination-policy.ts';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['fec0::1', 'private'],
    ['::ffff:10.0.0.5', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.170.2', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['100::1', 'reserved'],
    ['::8.8.8.8', 'reserved'],
    ['::2', 'reserved'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)?.kind).toBe(kind);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '169.255.0.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1'])('%s is public', (ip) => {
    expect(classifyAddress(ip)).toBeNull();
  });

  it('names the metadata services', () => {
    expect(destinationRefusal('169.254.169.254', STRICT_DESTINATIONS)?.description).toBe('a link-local address (169.254.169.254/32, the cloud metadata service)');
    expect(destinationRefusal('169.254.170.2', STRICT_DESTINATIONS)?.description).toMatch(/container metadata/);
    expect(destinationRefusal('::ffff:169.254.169.254', STRICT_DESTINATIONS)?.description).toMatch(/link-local address .*cloud metadata service, as IPv4-mapped IPv6/);
  });
});

describe('host spellings reach the rule as plain addresses', () => {
  // WHATWG URL parsing (what collect uses) normalises every IPv4 spelling to dotted decimal
  // and every IPv6 one to its short form, so the rule sees the address the socket would use.
  it.each([
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://127.000.000.001/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1'],
    ['http://１２７.0.0.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://0xa9fea9fe/', '169.254.169.254'],
    ['http://2852039166/', '169.254.169.254'],
    ['http://0xA9.0xFE.0xA9.0xFE/', '169.254.169.254'],
    ['http://0251.0376.0251.0376/', '169.254.169.254'],
    ['http://[::ffff:127.0.0.1]:8080/', '::ffff:7f00:1'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[::1]/', '::1'],
    ['http://[::]/', '::'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254'],
  ])('%s is %s and refused on AWS', (url, ip) => {
    const literal = ipLiteralOf(new URL(url).hostname);
    expect(literal).toBe(ip);
    expect(destinationRefusal(literal!, STRICT_DESTINATIONS)).not.toBeNull();
  });

  it('leaves names to DNS', () => {
    expect(ipLiteralOf(new URL('http://localhost/').hostname)).toBeNull();
    expect(ipLiteralOf(new URL('http://169.254.169.254.nip.io/').hostname)).toBeNull();
  });
});

describe('destinationRefusal', () => {
  it('refuses every non-public kind on AWS and lets public addresses through', () => {
    for (const ip of ['127.0.0.1', '::1', '10.0.0.1', '169.254.169.254', 'fe80::1', '0.0.0.0', '224.0.0.1', '100.64.0.1']) {
      expect(destinationRefusal(ip, STRICT_DESTINATIONS), ip).not.toBeNull();
    }
    expect(destinationRefusal('93.184.216.34', STRICT_DESTINATIONS)).toBeNull();
  });

  it('allows loopback and private ranges locally, but never link-local or metadata', () => {
    expect(destinationRefusal('127.0.0.1', LOCAL_DESTINATIONS)).toBeNull();
    expect(destinationRefusal('::ffff:127.0.0.1', LOCAL_DESTINATIONS)).toBeNull();
    expect(destinationRefusal('::1', LOCAL_DESTINATIONS)).toBeNull();
    expect(destinationRefusal('192.168.1.20', LOCAL_DESTINATIONS)).toBeNull();
    expect(destinationRefusal('169.254.169.254', LOCAL_DESTINATIONS)?.kind).toBe('link-local');
    expect(destinationRefusal('fe80::1', LOCAL_DESTINATIONS)?.kind).toBe('link-local');
    expect(destinationRefusal('0.0.0.0', LOCAL_DESTINATIONS)?.kind).toBe('unspecified');
  });

  it('opens exactly the listed ranges, in their own family', () => {
    const policy: DestinationPolicy = { ...STRICT_DESTINATIONS, allowCidrs: ['10.1.0.0/16', '192.168.7.9', 'fd12:3456::/32'] };
    expect(destinationRefusal('10.1.200.3', policy)).toBeNull();
    expect(destinationRefusal('10.2.0.1', policy)?.kind).toBe('private');
    expect(destinationRefusal('192.168.7.9', policy)).toBeNull();
    expect(destinationRefusal('192.168.7.10', policy)).not.toBeNull();
    expect(destinationRefusal('fd12:3456::1', policy)).toBeNull();
    // an IPv4 entry does not open the IPv4-mapped IPv6 spelling of its addresses
    expect(destinationRefusal('::ffff:10.1.0.5', policy)?.kind).toBe('private');
  });

  it('refuses the Lambda runtime API even when loopback is opened', () => {
    const runtime = runtimeApiEndpoint('127.0.0.1:9001')!;
    const policy: DestinationPolicy = { allowKinds: ['loopback'], allowCidrs: [], deniedEndpoints: [runtime] };
    expect(destinationRefusal('127.0.0.1', policy, 9001)?.description).toMatch(/Lambda runtime API/);
    expect(destinationRefusal('::ffff:127.0.0.1', policy, 9001)?.description).toMatch(/Lambda runtime API/);
    expect(destinationRefusal('127.0.0.1', policy, 8080)).toBeNull();
    // and it is loopback, so the plain AWS policy refuses it anyway
    expect(destinationRefusal('127.0.0.1', STRICT_DESTINATIONS, 9001)?.kind).toBe('loopback');
  });
});

describe('parseAllowList', () => {
  it('reads kinds and ranges, and names what it cannot read', () => {
    expect(parseAllowList('loopback, 10.1.0.0/16 fd12::/16,,Private')).toEqual({ allowKinds: ['loopback', 'private'], allowCidrs: ['10.1.0.0/16', 'fd12::/16'], invalid: [] });
    expect(parseAllowList('none')).toEqual({ allowKinds: [], allowCidrs: [], invalid: [] });
    expect(parseAllowList('10.0.0.0/33, intranet, 10.0.0.0/8/1, fe80::1%eth0').invalid).toEqual(['10.0.0.0/33', 'intranet', '10.0.0.0/8/1', 'fe80::1%eth0']);
  });
});
