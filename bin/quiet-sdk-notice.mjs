// The AWS SDK warns on every run that a future release needs Node 22; Lambda runs Node 22
// and the local stack works on Node 20 (README and .nvmrc recommend 22), so keep terminals,
// benchmark logs and test output quiet about that one notice. Every other warning passes.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const text = typeof warning === 'string' ? warning : (warning?.message ?? '');
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'NodeVersionSupportWarning' || /AWS SDK for JavaScript \(v3\)/.test(text)) return;
  emitWarning(warning, ...rest);
};
