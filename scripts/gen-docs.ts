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
    });
  }
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

/** README with every marked table regenerated. */
export function renderReadme(readme: string): string {
  const files = ['src/controller/nginx-ingress.ts', 'src/controller/config.ts', 'src/controller/types.ts',
    'src/controller/webhook-certificates.ts', 'src/gateway/ks-gateway.ts', 'src/monitoring/scrape-config.ts'].map((f) => path.join(ROOT, f));
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
