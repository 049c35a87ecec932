import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { KustomizeFolder } from '../../src';

/** kubectl from the machine image; tests that build folders fail (not skip) without it. */
export const KUBECTL = fs.existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : 'kubectl';

/** Writes the App's folders to a fresh temporary directory and returns it. */
export function writeFolders(app: App): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-gitops-'));
  KustomizeFolder.writeAll(app, dir);
  return dir;
}

/** Every directory under `dir` with a kustomization.yaml, relative, sorted. */
export function kustomizeRoots(dir: string): string[] {
  const roots: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(dir, rel);
    if (fs.existsSync(path.join(abs, 'kustomization.yaml'))) roots.push(rel);
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) if (e.isDirectory()) walk(path.join(rel, e.name));
  };
  walk('');
  return roots.sort();
}

/** `kubectl kustomize <dir>/<rel>`, offline, parsed. Throws with kubectl's message on failure. */
export function kustomizeBuild(dir: string, rel: string): any[] {
  const out = execFileSync(KUBECTL, ['kustomize', path.join(dir, rel)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return YAML.parseAllDocuments(out).map((d) => d.toJS()).filter((o) => o);
}

/** `Kind/namespace/name` of an object. */
export function id(o: any): string {
  return `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}
