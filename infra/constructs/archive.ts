/**
 * The public archive's storage: a private, encrypted, versioned bucket of static pages and
 * feeds (written by the send path at the bucket's root, see ports/archive-store.ts). It is
 * served under /archive/ by the public distribution (public-site.ts); CloudFront may never
 * read the private `_manifest/` keys, whatever the distribution's behaviours say.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Key prefix of the archive's private manifests (the list of issues of each theme). */
export const PRIVATE_ARCHIVE_PREFIX = '_manifest/';

export class ArchiveConstruct extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    const retain = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.bucket = new Bucket(this, 'ArchiveBucket', { encryption: BucketEncryption.S3_MANAGED, blockPublicAccess: BlockPublicAccess.BLOCK_ALL, enforceSSL: true, versioned: true, removalPolicy: retain, autoDeleteObjects: retain === RemovalPolicy.DESTROY, lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }] });
    // Defence in depth beside the viewer-request function: CloudFront cannot read a manifest.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({ sid: 'NoManifestThroughCloudFront', effect: Effect.DENY, principals: [new ServicePrincipal('cloudfront.amazonaws.com')], actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${PRIVATE_ARCHIVE_PREFIX}*`)] }),
    );
  }
}
