import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository's CRD copies (imports/crds) are the upstream files byte for byte, and the
 * provenance table in imports/crds/README.md lists exactly the files that are there.
 */
const DIR = path.join(__dirname, '..', 'imports', 'crds');

function yamlFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return yamlFiles(path.join(dir, e.name), rel);
    return e.name.endsWith('.yaml') ? [rel] : [];
  }).sort();
}

function provenance(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(DIR, 'README.md'), 'utf8').split('\n')) {
    const m = /^\| `([^`]+\.yaml)` \|.*\| `([0-9a-f]{16})…` \|$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}

describe('imports/crds', () => {
  test('the provenance table lists exactly the CRD files that are there', () => {
    expect([...provenance().keys()].sort()).toEqual(yamlFiles(DIR));
  });

  test.each(yamlFiles(DIR))('%s is byte-identical to the copy the table records', (file) => {
    const sha = createHash('sha256').update(fs.readFileSync(path.join(DIR, file))).digest('hex');
    expect(sha.slice(0, 16)).toBe(provenance().get(file));
  });

  test('every file is a CustomResourceDefinition', () => {
    for (const file of yamlFiles(DIR)) {
      expect(fs.readFileSync(path.join(DIR, file), 'utf8')).toMatch(/^kind: CustomResourceDefinition$/m);
    }
  });
});
