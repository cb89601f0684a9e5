/**
 * The public site: one CloudFront distribution on the public domain that serves every link
 * the mails carry. Its default behaviour forwards to the HTTP API (/, /subscribe, /confirm,
 * /unsubscribe incl. the one-click POST, /preferences: uncached, all methods, every viewer
 * header but Host, query strings); `/archive/*` serves the archive bucket through origin
 * access control, its URLs mapped to the stored keys by a viewer-request function. With a
 * domain given (a stack parameter), the distribution carries it as alias with its
 * certificate (ACM, us-east-1) and, given a hosted zone, its A/AAAA alias records; without
 * one, the public URL is the distribution's own https domain. The optional WAF web ACL
 * (infra/stacks/edge-stack.ts) is attached by ARN.
 */
import { Aws, Duration, Fn, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  CfnDistribution,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnRecordSet } from 'aws-cdk-lib/aws-route53';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ARCHIVE_VIEWER_REQUEST_CODE } from './archive-viewer-request.ts';
import type { PublicSiteParameters } from './public-site-parameters.ts';

/** The hosted zone id of every CloudFront distribution, for Route 53 alias records. */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

/** The path patterns of the archive's behaviour (the rest goes to the API). */
export const ARCHIVE_PATH_PATTERNS = ['/archive/*', '/archive'] as const;

export interface PublicSiteProps {
  api: HttpApi;
  archiveBucket: Bucket;
  /** The public domain (stack parameters: may be empty, then `condition` is false). */
  domain: PublicSiteParameters['domain'];
  /** A CLOUDFRONT-scope WAF web ACL to attach, when `condition` holds. */
  webAcl: PublicSiteParameters['webAcl'];
}

export class PublicSiteConstruct extends Construct {
  readonly distribution: Distribution;
  /** `https://<domain>` when a domain is given, else `https://<distribution domain>`. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: PublicSiteProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const hsts = { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true };
    const archiveHeaders = new ResponseHeadersPolicy(this, 'ArchiveHeaders', {
      comment: 'Archive pages and feeds: the same security headers the local server sends',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: hsts,
      },
    });
    // The API sets its own page headers; CloudFront adds only HSTS to them.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', { comment: 'API answers: HSTS', securityHeadersBehavior: { strictTransportSecurity: { ...hsts, override: false } } });
    const archiveBehavior: BehaviorOptions = {
      origin: S3BucketOrigin.withOriginAccessControl(props.archiveBucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: new CachePolicy(this, 'ArchiveCache', { defaultTtl: Duration.minutes(5), maxTtl: Duration.hours(1), minTtl: Duration.seconds(0) }),
      responseHeadersPolicy: archiveHeaders,
      functionAssociations: [
        {
          eventType: FunctionEventType.VIEWER_REQUEST,
          function: new CloudFrontFunction(this, 'ArchivePaths', { comment: 'Maps /archive/ URLs to archive keys; 404 for anything else', runtime: FunctionRuntime.JS_2_0, code: FunctionCode.fromInline(ARCHIVE_VIEWER_REQUEST_CODE) }),
        },
      ],
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Newsletter public site: API and archive',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [OriginSslPolicy.TLS_V1_2] }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // API Gateway answers only to its own host name: everything but Host is forwarded.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: apiHeaders,
      },
      additionalBehaviors: Object.fromEntries(ARCHIVE_PATH_PATTERNS.map((p) => [p, archiveBehavior])),
      webAclId: Fn.conditionIf(props.webAcl.condition.logicalId, props.webAcl.arn, Aws.NO_VALUE).toString(),
    });

    // The alias and its certificate only when a domain is given (stack parameters).
    const cfn = this.distribution.node.defaultChild as CfnDistribution;
    const hasDomain = props.domain.condition.logicalId;
    cfn.addPropertyOverride('DistributionConfig.Aliases', Fn.conditionIf(hasDomain, [props.domain.name], Aws.NO_VALUE));
    const ifDomain = (then: unknown, otherwise: unknown = Aws.NO_VALUE) => Fn.conditionIf(hasDomain, then, otherwise);
    cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
      AcmCertificateArn: ifDomain(props.domain.certificateArn),
      SslSupportMethod: ifDomain('sni-only'),
      MinimumProtocolVersion: ifDomain('TLSv1.2_2021'),
      CloudFrontDefaultCertificate: ifDomain(Aws.NO_VALUE, true),
    });
    for (const type of ['A', 'AAAA']) {
      const record = new CfnRecordSet(this, `Alias${type}`, {
        hostedZoneId: props.domain.hostedZoneId,
        name: props.domain.name,
        type,
        aliasTarget: { dnsName: this.distribution.distributionDomainName, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID, evaluateTargetHealth: false },
      });
      record.cfnOptions.condition = props.domain.recordsCondition;
    }
    this.publicUrl = Fn.conditionIf(hasDomain, Fn.join('', ['https://', props.domain.name]), Fn.join('', ['https://', this.distribution.distributionDomainName])).toString();
  }
}
