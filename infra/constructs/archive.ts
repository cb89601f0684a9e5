/**
 * The public archive: a private, encrypted bucket of static pages and feeds (written by the
 * send path), served by CloudFront through origin access control (the bucket is never public),
 * HTTPS only, with caching for minutes.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AllowedMethods, CachePolicy, Distribution, ResponseHeadersPolicy, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export class ArchiveConstruct extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    const retain = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.bucket = new Bucket(this, 'ArchiveBucket', { encryption: BucketEncryption.S3_MANAGED, blockPublicAccess: BlockPublicAccess.BLOCK_ALL, enforceSSL: true, versioned: true, removalPolicy: retain, autoDeleteObjects: retain === RemovalPolicy.DESTROY, lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }] });
    this.distribution = new Distribution(this, 'ArchiveDistribution', {
      comment: 'Public archive of sent issues',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: new CachePolicy(this, 'ArchiveCache', { defaultTtl: Duration.minutes(5), maxTtl: Duration.hours(1), minTtl: Duration.seconds(0) }),
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      defaultRootObject: 'index.html',
    });
  }
}
