import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as YAML from 'yaml';

/** promtool; the tests fail (never skip) without it. CI installs the Debian package `prometheus`. */
function promtoolPath(): string {
  return process.env.PROMTOOL ?? '/usr/bin/promtool';
}

function promtool(args: string[], cwd: string): string {
  const bin = promtoolPath();
  if (!existsSync(bin)) throw new Error(`promtool not found at ${bin}: install the Debian package "prometheus" (or set PROMTOOL)`);
  try {
    return execFileSync(bin, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** Writes the groups of every PrometheusRule in `objects` to rule files and runs `promtool check rules` on them. */
export function checkRules(objects: any[]): string {
  const rules = objects.filter((o) => o.kind === 'PrometheusRule');
  if (rules.length === 0) throw new Error('no PrometheusRule to check');
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  const files = rules.map((r, i) => {
    const f = `rules-${i}.yaml`;
    writeFileSync(join(dir, f), YAML.stringify({ groups: r.spec.groups }));
    return f;
  });
  return promtool(['check', 'rules', ...files], dir);
}

/**
 * Runs `promtool test rules` with `ruleFile` (YAML text) and the given unit tests. The groups are
 * evaluated in the order of the file (records before alerts): without `group_eval_order` promtool
 * evaluates them in map order, which varies from run to run, so an alert on a record would turn
 * active one evaluation late in some runs and not in others.
 */
export function testRules(ruleFile: string, tests: any[], evaluationInterval = '1m'): string {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  writeFileSync(join(dir, 'rules.yaml'), ruleFile);
  const groups: string[] = (YAML.parse(ruleFile)?.groups ?? []).map((g: any) => g.name);
  writeFileSync(join(dir, 'test.yaml'), YAML.stringify({
    rule_files: ['rules.yaml'],
    evaluation_interval: evaluationInterval,
    ...(groups.length > 0 ? { group_eval_order: groups } : {}),
    tests,
  }));
  return promtool(['test', 'rules', 'test.yaml'], dir);
}
