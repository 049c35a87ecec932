import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import * as lib from '../../src';
import { GATEWAY_SPEC_SCHEMA } from '../../src/gateway/_gateway-spec-schema.generated';

const ROOT = path.join(__dirname, '..', '..');

/** The Gateway.spec types are generated from the KubeSphere CRD and must not drift from it. */
describe('generated Gateway.spec types', () => {
  test('the committed module is what the generator makes from the CRD (run `npx projen import` when this fails)', () => {
    // The generator runs in its own process: prettier, which it uses, needs native ES modules.
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/gen-types.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('src/gateway/gateway-spec.generated.ts is up to date\nsrc/gateway/_gateway-spec-schema.generated.ts is up to date');
    expect(r.status).toBe(0);
  });

  test('carry the CRD schema verbatim, outside the package\'s exports', () => {
    const crd = parse(fs.readFileSync(path.join(ROOT, 'imports', 'crds', 'kubesphere', 'gateway.kubesphere.io_gateways.yaml'), 'utf8'));
    expect(GATEWAY_SPEC_SCHEMA).toEqual(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec);
    expect(Object.keys(lib)).not.toContain('GATEWAY_SPEC_SCHEMA');
  });
});
