/**
 * The CloudFront Function (viewer request) of the archive's behaviour: maps the public
 * archive URLs (`/archive/...`, as publishArchive links them) to the keys the archive
 * store writes at the bucket's root, and answers 404 itself for anything else, so the
 * private `_manifest/` keys, `..` and encoded tricks never reach S3. It mirrors the shapes
 * the local server accepts (serveArchive in lambdas/handlers/http/routes.ts):
 *   /archive/                      -> index.html
 *   /archive/<theme>/              -> <theme>/index.html
 *   /archive/<theme>/<issueId>     -> <theme>/<issueId>
 *   /archive/<theme>/feed.xml|json -> <theme>/feed.xml|json
 *   /archive                       -> 301 to /archive/
 * Plain ES5 (CloudFront Functions' runtime), kept here as text so tests run the very code
 * that is deployed.
 */
export const ARCHIVE_VIEWER_REQUEST_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/archive') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/archive/' }, 'cache-control': { value: 'max-age=3600' } } };
  }
  var m = /^\\/archive\\/(?:([a-z0-9-]+)\\/(?:([a-z0-9-]+)|(feed\\.xml|feed\\.json))?)?$/.exec(uri);
  if (!m) {
    return { statusCode: 404, statusDescription: 'Not Found', headers: { 'cache-control': { value: 'max-age=60' }, 'x-content-type-options': { value: 'nosniff' } } };
  }
  var theme = m[1];
  var name = m[2] || m[3];
  request.uri = !theme ? '/index.html' : name ? '/' + theme + '/' + name : '/' + theme + '/index.html';
  request.querystring = {};
  return request;
}
`;
