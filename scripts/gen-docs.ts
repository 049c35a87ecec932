/**
 * Writes the props tables of README.md from the TSDoc of the props interfaces, so the tables
 * and the code cannot disagree. `npx projen docs` rewrites README.md; `--check` (run by the
 * tests) fails when README.md is out of date.
 *
 * Each table sits between `<!-- props:<Interface> -->` and `<!-- /props -->` markers; the gateway
 * metric table (from `GatewayMetrics.markdownTable()`) between `<!-- metrics:table -->` and `<!-- /metrics -->`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { GatewayMetrics } from '../src/monitoring/gateway-metrics';

const ROOT = path.join(__dirname, '..');
const README = path.join(ROOT, 'README.md');

/** One documented property. */
export interface PropDoc {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly summary: string;
  readonly default: string;
  readonly see: string;
}

function tagText(tag: ts.JSDocTag): string {
  const c = tag.comment;
  if (c === undefined) return '';
  return (typeof c === 'string' ? c : c.map((part) => part.text).join('')).trim();
}

/** Reads the members of every interface in the project's source files. */
export function readInterfaces(files: string[]): Map<string, PropDoc[]> {
  const out = new Map<string, PropDoc[]>();
  const heritage = new Map<string, string[]>();
  for (const fileName of files) {
    // Parent pointers are needed to read JSDoc.
    const file = ts.createSourceFile(fileName, fs.readFileSync(fileName, 'utf8'), ts.ScriptTarget.ES2020, true);
    ts.forEachChild(file, (node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const props: PropDoc[] = [];
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.name) continue;
        const docs = ts.getJSDocCommentsAndTags(member);
        let summary = '';
        let def = '';
        let see = '';
        for (const d of docs) {
          if (ts.isJSDoc(d)) {
            const c = d.comment;
            summary = (typeof c === 'string' ? c : (c ?? []).map((p) => p.text).join('')).trim();
            for (const tag of d.tags ?? []) {
              const name = tag.tagName.text;
              if (name === 'default') def = tagText(tag);
              // The @see parser splits off its first word as a reference: read the raw text instead.
              if (name === 'see') see = tag.getText(file).replace(/^@see\s+/, '').replace(/\s*\*?\s*$/, '').trim();
            }
          }
        }
        props.push({
          name: member.name.getText(file),
          type: member.type ? member.type.getText(file).replace(/\s+/g, ' ') : 'any',
          optional: member.questionToken !== undefined,
          summary: summary.split(/\n\s*\n/)[0].replace(/\s+/g, ' '),
          default: def.replace(/\s+/g, ' '),
          see: see.replace(/\s+/g, ' '),
        });
      }
      out.set(node.name.text, props);
      const parents = (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(file)));
      if (parents.length > 0) heritage.set(node.name.text, parents);
    });
  }
  // Inherited props come first, as in the API reference.
  const own = new Map(out);
  const flatten = (name: string): PropDoc[] => [...(heritage.get(name) ?? []).flatMap(flatten), ...(own.get(name) ?? [])];
  for (const name of out.keys()) out.set(name, flatten(name));
  return out;
}

const esc = (s: string) => s.replace(/\|/g, '\\|');

/** Renders one interface as `| Prop | Type | Default | Helm values key |` (or a custom last column). */
export function renderTable(props: readonly PropDoc[], lastColumn: string): string {
  const rows = props.map((p) => {
    const helm = p.see.startsWith('values.yaml ') ? `\`${p.see.slice('values.yaml '.length)}\`` : esc(p.see);
    const def = p.default ? esc(p.default) : (p.optional ? '' : '(required)');
    return `| \`${p.name}\` | \`${esc(p.type)}\` | ${def} | ${helm} | ${esc(p.summary)} |`;
  });
  return [`| Prop | Type | Default | ${lastColumn} | Description |`, '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** Every non-generated `.ts` file under `dir`, in a stable order. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return sourceFiles(p);
      return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
    });
}

/** README with every marked table regenerated. */
export function renderReadme(readme: string): string {
  // An opening marker without its closing one would swallow every section up to the next table.
  const markers = [...readme.matchAll(/<!-- (props:\w+[^>]*|\/props) -->/g)].map((m) => (m[1] === '/props' ? 'close' : 'open'));
  if (markers.some((m, i) => m !== (i % 2 === 0 ? 'open' : 'close')) || markers.length % 2 !== 0) {
    throw new Error('README.md: every <!-- props:Name --> needs its <!-- /props --> before the next table');
  }
  // Every source file: a props interface is found wherever it is declared.
  const files = sourceFiles(path.join(ROOT, 'src'));
  const interfaces = readInterfaces(files);
  return readme.replace(/<!-- metrics:table -->[\s\S]*?<!-- \/metrics -->/g,
    () => `<!-- metrics:table -->\n${GatewayMetrics.markdownTable()}\n<!-- /metrics -->`,
  ).replace(/<!-- props:(\w+)(?: column="([^"]*)")? -->[\s\S]*?<!-- \/props -->/g, (_m, name: string, column?: string) => {
    const props = interfaces.get(name);
    if (!props) throw new Error(`README.md names interface ${name}, which no documented source file declares`);
    const header = column ? `<!-- props:${name} column="${column}" -->` : `<!-- props:${name} -->`;
    return `${header}\n${renderTable(props, column ?? 'Helm values key')}\n<!-- /props -->`;
  });
}

if (require.main === module) {
  const current = fs.readFileSync(README, 'utf8');
  const next = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md props tables are out of date: run `npx projen docs`');
      process.exit(1);
    }
  } else {
    fs.writeFileSync(README, next);
    console.log('README.md props tables written');
  }
}
