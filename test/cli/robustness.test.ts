import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

/** The CLI on careless input: stdin, --version, file-system problems as one clean line each. */

const GATEWAYS = path.join(__dirname, '..', 'gateway', 'fixtures', 'gateways.yaml');

function run(argv: string[], stdin?: string): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, (s) => out.push(s), (s) => err.push(s), () => {
    if (stdin === undefined) throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, read'), { code: 'EAGAIN' });
    return stdin;
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cli-robust-'));
}

test('--version prints the package version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(run(['--version'])).toEqual({ code: 0, out: pkg.version, err: '' });
  expect(run(['render', '--version'])).toEqual({ code: 0, out: pkg.version, err: '' });
});

test('- reads the Gateway resources from standard input', () => {
  // GIVEN
  const out = tmpdir();

  // WHEN
  const result = run(['render', '-', '-o', out, '--selection', 'ingress-class'], fs.readFileSync(GATEWAYS, 'utf8'));

  // THEN
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(fs.readdirSync(out)).toContain('stdin.k8s.yaml');
});

test('-o naming an existing file is a usage error, not a stack trace', () => {
  // GIVEN
  const file = path.join(tmpdir(), 'out.yaml');
  fs.writeFileSync(file, 'keep');

  // WHEN
  const result = run(['render', GATEWAYS, '-o', file]);

  // THEN
  expect(result).toEqual({ code: 2, out: '', err: `error: -o ${JSON.stringify(file)} is a file; name a directory` });
  expect(fs.readFileSync(file, 'utf8')).toBe('keep');
});

test('a missing input file and an unreadable stdin are one line each', () => {
  const missing = path.join(tmpdir(), 'nope.yaml');
  expect(run(['render', missing, '-', '-o', tmpdir()])).toEqual({
    code: 1,
    out: '',
    err: `${missing}: cannot read: no such file or directory (ENOENT)\nstandard input: cannot read: resource temporarily unavailable (EAGAIN)`,
  });
});
