/**
 * docs/deploy.md against the app it walks through: every stack parameter and output the doc
 * names exists in the synthesized templates (newsletter and edge stacks, dev and prod), in the
 * stack the doc says; every stack a `cdk deploy` names is one of the app's; every context key
 * it passes (`-c key=value`) is one infra/bin/app.ts reads (`ctx('key', default)`); and every
 * parameter without a default is mentioned, so a reader following the doc supplies it.
 *
 * How the doc names them (read by checkDeployDoc):
 * - `--parameters <stack>:<Name>=...` flags: a parameter of that stack;
 * - rows of its tables `| \`Name\` | parameter|output | newsletter|edge | ... |`;
 * - `<Name output>` placeholders and "output `Name`" / "`Name` output" in prose: an output;
 *   "parameter `Name`" / "`Name` parameter": a parameter;
 * - any other `<UpperCamelCase ...>` placeholder or backticked UpperCamelCase name
 *   (`DmarcPolicy=none` too): a parameter or an output of some stack;
 * - `-c key=value` / `--context key=value` and "`key` context": a context key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseThemes } from '../../lambdas/domain/themes/parse-themes.ts';
import { NewsletterEdgeStack } from '../../infra/stacks/edge-stack.ts';
import { NewsletterStack } from '../../infra/stacks/newsletter-stack.ts';

const ROOT = path.resolve(__dirname, '../..');
const themes = parseThemes(readFileSync(path.join(ROOT, 'themes.yaml'), 'utf8'), 'themes.yaml');

type StackKind = 'newsletter' | 'edge';
/** What the doc can name of one synthesized stack. */
interface StackShape {
  kind: StackKind;
  parameters: Record<string, { Default?: unknown }>;
  outputs: string[];
}
/** The app as the doc sees it: its stacks by name (`Newsletter-prod`, ...) and the context keys app.ts reads. */
interface AppShape {
  stacks: Record<string, StackShape>;
  contextKeys: string[];
}

/** A name the doc uses, with the line it is on. */
interface Named {
  name: string;
  line: number;
}
interface DocNames {
  /** `--parameters Stack:Name=` flags. */
  parameterFlags: (Named & { stack: string })[];
  /** Rows of the parameter/output tables. */
  tableRows: (Named & { kind: string; stack: string })[];
  /** `<Name output>`, "output `Name`", "`Name` output". */
  outputs: Named[];
  /** "parameter `Name`", "`Name` parameter". */
  parameters: Named[];
  /** Other backticked UpperCamelCase names and `<UpperCamelCase ...>` placeholders. */
  either: Named[];
  /** `cdk deploy <Stack>`. */
  deployedStacks: Named[];
  /** `-c key=value`, "`key` context". */
  contextKeys: Named[];
}

const UPPER_CAMEL = '[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+';

/** Every match of a global regex, with the line (1-based) it starts on. */
function matches(text: string, re: RegExp): { m: RegExpExecArray; line: number }[] {
  return [...text.matchAll(re)].map((m) => ({ m, line: text.slice(0, m.index).split('\n').length }));
}

/** The stack parameters, outputs, stacks and context keys docs/deploy.md names, by its conventions. */
function docNames(doc: string): DocNames {
  // Fenced blocks blanked (lines kept) for the inline-code conventions.
  const prose = doc.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '));
  const named = (text: string, re: RegExp, group = 1): Named[] => matches(text, re).map(({ m, line }) => ({ name: m[group], line }));
  const tableRows = matches(doc, /^\|\s*`(\w+)`\s*\|\s*(parameter|output)\s*\|\s*([\w-]+)\s*\|/gm).map(({ m, line }) => ({ name: m[1], kind: m[2], stack: m[3], line }));
  const outputs = [...named(doc, new RegExp(`<(${UPPER_CAMEL}) output>`, 'g')), ...named(prose, /\boutputs?\s+`(\w+)`/g), ...named(prose, /`(\w+)`\s+outputs?\b/g)];
  const parameters = [...named(prose, /\bparameters?\s+`(\w+)`/g), ...named(prose, /`(\w+)`\s+parameters?\b/g)];
  // A name already read with its kind (and stack) is checked as such, not again as "either".
  const typed = new Set([...tableRows, ...outputs, ...parameters].map((n) => `${n.line}:${n.name}`));
  return {
    parameterFlags: matches(doc, /--parameters\s+([\w-]+):(\w+)=/g).map(({ m, line }) => ({ stack: m[1], name: m[2], line })),
    tableRows,
    outputs,
    parameters,
    either: [
      ...named(doc, new RegExp(`<(${UPPER_CAMEL})(?:[ \\t][^<>\\n]*)?>`, 'g')),
      ...named(prose, new RegExp(`\`(${UPPER_CAMEL})(?:=[^\`\\n]*)?\``, 'g')),
    ].filter((n) => !typed.has(`${n.line}:${n.name}`)),
    deployedStacks: named(doc, /\bcdk deploy\s+([A-Za-z][\w-]*)/g),
    contextKeys: [...named(doc, /(?<![\w-])(?:-c|--context)\s+([A-Za-z]\w*)=/g), ...named(prose, /`([a-z]\w*)`\s+context\b/g)],
  };
}

/** What is wrong between docs/deploy.md and the app: one line per problem, empty when they agree. */
function checkDeployDoc(doc: string, app: AppShape): string[] {
  const names = docNames(doc);
  const problems: string[] = [];
  const stacks = Object.values(app.stacks);
  const ofKind = (kind: string) => stacks.filter((s) => s.kind === kind);
  const isParameter = (name: string, among = stacks) => among.length > 0 && among.every((s) => name in s.parameters);
  const isOutput = (name: string, among = stacks) => among.length > 0 && among.every((s) => s.outputs.includes(name));
  const anyParameter = (name: string) => stacks.some((s) => name in s.parameters);
  const anyOutput = (name: string) => stacks.some((s) => s.outputs.includes(name));

  for (const f of names.parameterFlags) {
    const stack = app.stacks[f.stack];
    if (!stack) problems.push(`line ${f.line}: --parameters names stack ${f.stack}, which the app does not have (${Object.keys(app.stacks).join(', ')})`);
    else if (!(f.name in stack.parameters)) problems.push(`line ${f.line}: --parameters ${f.stack}:${f.name}: ${f.stack} has no parameter ${f.name}`);
  }
  for (const r of names.tableRows) {
    if (r.stack !== 'newsletter' && r.stack !== 'edge') problems.push(`line ${r.line}: table row ${r.name}: stack '${r.stack}' is neither newsletter nor edge`);
    else if (r.kind === 'parameter' ? !isParameter(r.name, ofKind(r.stack)) : !isOutput(r.name, ofKind(r.stack))) problems.push(`line ${r.line}: table row ${r.name}: the ${r.stack} stack has no ${r.kind} ${r.name}`);
  }
  for (const o of names.outputs) if (!anyOutput(o.name)) problems.push(`line ${o.line}: no stack has an output ${o.name}`);
  for (const p of names.parameters) if (!anyParameter(p.name)) problems.push(`line ${p.line}: no stack has a parameter ${p.name}`);
  for (const n of names.either) if (!anyParameter(n.name) && !anyOutput(n.name)) problems.push(`line ${n.line}: ${n.name} is neither a parameter nor an output of any stack`);
  for (const s of names.deployedStacks) if (!app.stacks[s.name]) problems.push(`line ${s.line}: cdk deploy ${s.name}: the app has no such stack`);
  for (const c of names.contextKeys) if (!app.contextKeys.includes(c.name)) problems.push(`line ${c.line}: context key ${c.name} is not read by infra/bin/app.ts (it reads ${app.contextKeys.join(', ')})`);

  // A parameter without a default must be supplied: the doc has to name it as a parameter.
  const mentioned = new Set([...names.parameterFlags, ...names.tableRows.filter((r) => r.kind === 'parameter'), ...names.parameters, ...names.either].map((n) => n.name));
  const required = new Set(stacks.flatMap((s) => Object.entries(s.parameters).filter(([, p]) => p.Default === undefined).map(([name]) => `${s.kind}:${name}`)));
  for (const r of required) {
    const [kind, name] = r.split(':');
    if (!mentioned.has(name)) problems.push(`the ${kind} stack's parameter ${name} has no default and the doc never names it`);
  }
  return problems;
}

/** A stack's template reduced to what the doc can name. */
function shapeOf(kind: StackKind, template: Template): StackShape {
  const t = template.toJSON() as { Parameters?: StackShape['parameters']; Outputs?: Record<string, unknown> };
  return { kind, parameters: t.Parameters ?? {}, outputs: Object.keys(t.Outputs ?? {}) };
}

const doc = readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8');
let app: AppShape;

beforeAll(() => {
  // Prepare: both stacks of infra/bin/app.ts, for each stage, named as it names them
  const stacks: AppShape['stacks'] = {};
  for (const stage of ['dev', 'prod']) {
    const cdkApp = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const edge = new NewsletterEdgeStack(cdkApp, `Newsletter-${stage}-edge`, { env: { region: 'us-east-1' } });
    const stack = new NewsletterStack(cdkApp, `Newsletter-${stage}`, { stage, domain: 'news.example.org', fromAddress: 'News <news@news.example.org>', inbound: true, sesRate: 14, themes });
    stacks[edge.stackName] = shapeOf('edge', Template.fromStack(edge));
    stacks[stack.stackName] = shapeOf('newsletter', Template.fromStack(stack));
  }
  const appSource = readFileSync(path.join(ROOT, 'infra/bin/app.ts'), 'utf8');
  app = { stacks, contextKeys: [...appSource.matchAll(/\bctx\(\s*['"`](\w+)['"`]/g)].map((m) => m[1]) };
}, 120_000);

describe('docs/deploy.md', () => {
  it('reads the doc by each of its conventions, and the context keys app.ts reads', () => {
    // Act
    const names = docNames(doc);
    // Assess: no convention silently matches nothing (a changed doc or regex would pass vacuously)
    for (const [convention, found] of Object.entries(names)) expect(found.length, convention).toBeGreaterThan(0);
    expect(app.contextKeys).toEqual(expect.arrayContaining(['stage', 'domain']));
  });

  it('names only parameters, outputs, stacks and context keys the app has, and every required parameter', () => {
    // Act
    const problems = checkDeployDoc(doc, app);
    // Assess
    expect(problems).toEqual([]);
  });

  it('flags a name the template does not have', () => {
    // Prepare: the real doc with one bogus name per convention
    const doctored = [
      doc,
      '```sh',
      'npx cdk deploy Newsletter-prod -c stage=prod -c region=eu-west-1 \\',
      '  --parameters Newsletter-prod:AdminEmail=ops@example.org \\',
      '  --parameters Newsletter-prod-edge:WebAclArn=arn:...',
      'npx cdk deploy Newsletter-staging',
      'aws sqs receive-message --queue-url <QueueUrl output>',
      '```',
      '| `WebAclArn` | parameter | edge | wrong stack |',
      '| `SenderAddress` | output | newsletter | not an output |',
      'Pass the `AlarmEmail` parameter, read the output `TableName`, set `RetentionDays=30`, see `<ApiEndpoint>`, the `region` context value.',
    ].join('\n');
    // Act
    const problems = checkDeployDoc(doctored, app).join('\n');
    // Assess
    for (const bogus of ['region', 'AdminEmail', 'Newsletter-prod-edge:WebAclArn', 'Newsletter-staging', 'QueueUrl', 'table row WebAclArn', 'SenderAddress', 'AlarmEmail', 'TableName', 'RetentionDays', 'ApiEndpoint']) expect(problems).toContain(bogus);
    expect(checkDeployDoc(doctored, app)).toHaveLength(12);
  });

  it('flags a parameter without a default that the doc never mentions', () => {
    // Prepare: the newsletter stacks with one more parameter, required
    const stacks = Object.fromEntries(Object.entries(app.stacks).map(([name, s]) => [name, s.kind === 'newsletter' ? { ...s, parameters: { ...s.parameters, AlertEmail: {} } } : s]));
    // Act
    const problems = checkDeployDoc(doc, { ...app, stacks });
    const supplied = checkDeployDoc(`${doc}\n--parameters Newsletter-prod:AlertEmail=ops@example.org\n`, { ...app, stacks });
    // Assess
    expect(problems).toEqual(["the newsletter stack's parameter AlertEmail has no default and the doc never names it"]);
    expect(supplied).toEqual([]);
  });
});
