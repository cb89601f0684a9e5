/**
 * The public site's stack parameters, conditions and rules: what lives in the operator's
 * account rather than in code (the domain of the links, its certificate, its hosted zone, the
 * web ACL of the edge stack), checked by template rules before anything is created.
 */
import { CfnCondition, CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';

export interface PublicSiteParameters {
  /** The DomainName parameter's value (may be empty). */
  domainName: string;
  /** Holds when a domain is given without a hosted zone: the operator creates the record. */
  dnsByHand: CfnCondition;
  domain: { name: string; certificateArn: string; hostedZoneId: string; condition: CfnCondition; recordsCondition: CfnCondition };
  webAcl: { arn: string; condition: CfnCondition };
}

/**
 * The public site's parameters: the domain of the links (empty: the distribution's own
 * domain), its ACM certificate in us-east-1, the Route 53 zone for its records (empty:
 * create them by hand, see the DnsRecordToCreate output) and the web ACL of the edge stack.
 */
export function publicSiteParameters(stack: Stack, stage: string): PublicSiteParameters {
  const param = (id: string, description: string, allowedPattern: string, constraintDescription: string) =>
    new CfnParameter(stack, id, { type: 'String', default: '', description, allowedPattern, constraintDescription }).valueAsString;
  const domainName = param('DomainName', 'Public domain of the links and pages, e.g. news.example.org (empty: the CloudFront domain)', '^$|^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$', 'a lower-case host name such as news.example.org');
  const certificateArn = param('CertificateArn', 'ACM certificate for DomainName, in us-east-1 (required with DomainName)', '^$|^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/[0-9a-f-]+$', 'an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)');
  const hostedZoneId = param('HostedZoneId', 'Route 53 hosted zone of DomainName, to create its A/AAAA records (empty: create the record by hand)', '^$|^Z[A-Z0-9]{1,32}$', 'a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ');
  const webAclArn = param('WebAclArn', 'WAF web ACL (CLOUDFRONT scope) from the edge stack output WebAclArn (empty: none; required in prod)', '^$|^arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/[^/]+/[0-9a-f-]+$', 'the WebAclArn output of the edge stack (a us-east-1 global web ACL ARN)');
  const given = (v: string) => Fn.conditionNot(Fn.conditionEquals(v, ''));
  const hasDomain = new CfnCondition(stack, 'HasDomainName', { expression: given(domainName) });
  const createRecords = new CfnCondition(stack, 'CreateDnsRecords', { expression: Fn.conditionAnd(given(domainName), given(hostedZoneId)) });
  const dnsByHand = new CfnCondition(stack, 'DnsRecordByHand', { expression: Fn.conditionAnd(given(domainName), Fn.conditionEquals(hostedZoneId, '')) });
  const hasWebAcl = new CfnCondition(stack, 'HasWebAcl', { expression: given(webAclArn) });
  new CfnRule(stack, 'DomainNeedsCertificate', { ruleCondition: given(domainName), assertions: [{ assert: given(certificateArn), assertDescription: 'DomainName needs CertificateArn: an ACM certificate in us-east-1 that covers the domain' }] });
  new CfnRule(stack, 'ZoneNeedsDomain', { ruleCondition: given(hostedZoneId), assertions: [{ assert: given(domainName), assertDescription: 'HostedZoneId is used only with DomainName: give the domain too' }] });
  if (stage === 'prod') new CfnRule(stack, 'ProdNeedsWebAcl', { assertions: [{ assert: given(webAclArn), assertDescription: 'prod needs per-client limits: deploy the edge stack (us-east-1) and pass its WebAclArn output as the WebAclArn parameter' }] });
  return {
    domainName,
    dnsByHand,
    domain: { name: domainName, certificateArn, hostedZoneId, condition: hasDomain, recordsCondition: createRecords },
    webAcl: { arn: webAclArn, condition: hasWebAcl },
  };
}
