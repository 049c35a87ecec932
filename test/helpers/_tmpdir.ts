import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Jest setup (setupFilesAfterEnv): each test file gets its own temporary directory as TMPDIR, removed
 * when the file's tests end, so the output folders cdk8s' `Testing.app()` and the tests create never
 * pile up in the system's temp directory.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-ks-gateway-test-'));
const previous = process.env.TMPDIR;
process.env.TMPDIR = dir;

afterAll(() => {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  fs.rmSync(dir, { recursive: true, force: true });
});
