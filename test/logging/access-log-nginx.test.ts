/**
 * A real nginx writes the access log with the format LogPipeline sets: `nginx -t` accepts it, and
 * requests through it (an upstream retry over two upstreams, hostile header values) give lines
 * that each parse as JSON with exactly the declared fields. Fails, never skips, without nginx
 * (.ci/run installs Debian's nginx). Everything listens on 127.0.0.1 only.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { AccessLogField, AccessLogFormat, AccessLogMeaning, AccessLogValueType } from '../../src';
import { sandboxHttpDirectives } from '../helpers/nginx-conf';

function nginxBinary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('nginx is required for these tests: apt-get install nginx (.ci/run installs it)');
}

/** A port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Sends raw request bytes (Node's http client refuses control characters in headers); resolves with the response. */
async function rawRequest(port: number, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('request timed out after 5s')); }, 5000);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(chunks).toString('latin1')); });
    socket.write(request);
  });
}

async function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Retries `probe` every 100 ms, at most `tries` times. */
async function waitFor(what: string, tries: number, probe: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return;
    await sleep(100);
  }
  throw new Error(`${what}: not reached after ${tries * 100} ms`);
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function confFor(format: string, prefix: string, ports: { front: number; up: number; dead: number }): string {
  return [
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log;`,
    'daemon off;',
    'master_process off;',
    'worker_processes 1;',
    'events { worker_connections 64; }',
    'http {',
    ...sandboxHttpDirectives(prefix).map((d) => `  ${d}`),
    // As ingress-nginx's nginx.tmpl renders the two ConfigMap keys.
    `  log_format upstreaminfo escape=json '${format.replace(/'/g, "\\'")}';`,
    // The backup is only tried after the first upstream failed: every proxied request is a retry.
    `  upstream retried { server 127.0.0.1:${ports.dead} max_fails=0; server 127.0.0.1:${ports.up} backup; }`,
    `  server { listen 127.0.0.1:${ports.up}; access_log off; location / { return 200 "ok\\n"; } }`,
    '  server {',
    `    listen 127.0.0.1:${ports.front};`,
    `    access_log ${prefix}/access.log upstreaminfo;`,
    // Variables ingress-nginx sets per location.
    '    set $namespace "shop"; set $ingress_name "web"; set $service_name "web"; set $req_id $request_id;',
    '    set $proxy_upstream_name "shop-web-80";',
    '    location /local { return 204; }',
    '    location / { proxy_pass http://retried; proxy_next_upstream error timeout; proxy_connect_timeout 2s; }',
    '  }',
    '}',
    '',
  ].join('\n');
}

describe('the access-log format in a real nginx', () => {
  const format = AccessLogFormat.of([
    ...AccessLogField.standardFields(),
    AccessLogField.nginx('upstream_name', 'proxy_upstream_name', { bounded: true }),
  ]);
  let prefix: string;
  let nginx: ChildProcess | undefined;
  let ports: { front: number; up: number; dead: number };

  beforeAll(async () => {
    prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-'));
    ports = { front: await freePort(), up: await freePort(), dead: await freePort() };
    fs.writeFileSync(path.join(prefix, 'nginx.conf'), confFor(format.nginxLogFormat(), prefix, ports));
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const proc = nginx;
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        timer = setTimeout(() => { proc.kill('SIGKILL'); resolve(); }, 3000);
      });
      proc.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(prefix, { recursive: true, force: true });
  });

  test('nginx -t accepts the generated log_format', () => {
    const r = spawnSync(nginxBinary(), ['-t', '-q', '-e', path.join(prefix, 'error.log'), '-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { encoding: 'utf8', timeout: 10000 });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  test('requests through nginx give one JSON object per line, with the declared fields', async () => {
    // GIVEN a running nginx
    nginx = spawn(nginxBinary(), ['-e', path.join(prefix, 'error.log'), '-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { stdio: 'ignore' });
    await waitFor('nginx listening', 50, () => accepts(ports.front));
    const hostile = 'q"uote \\back\\slash é 中文 \u0001ctl\u001f tab\t end';
    const requests = [
      // proxied: tries the dead upstream, then the backup
      Buffer.from(`GET /shop/items?id=1 HTTP/1.1\r\nHost: shop.example.com\r\nUser-Agent: ${hostile}\r\n`
        + 'Referer: https://x.example/"\'\\\r\nX-Forwarded-For: 203.0.113.7, "\\\u0002\r\nConnection: close\r\n\r\n', 'utf8'),
      // not proxied: empty upstream variables stay valid JSON
      Buffer.from('HEAD /local HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n', 'utf8'),
      // HTTP/1.0 without headers
      Buffer.from('GET /missing\\path HTTP/1.0\r\n\r\n', 'utf8'),
    ];
    // WHEN
    const responses: string[] = [];
    for (const r of requests) responses.push(await rawRequest(ports.front, r));
    const logFile = path.join(prefix, 'access.log');
    const lines = (): string[] => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l !== '') : []);
    await waitFor('three access-log lines', 50, () => lines().length >= requests.length);

    // THEN
    expect(responses[0]).toMatch(/^HTTP\/1.1 200/);
    expect(responses[1]).toMatch(/^HTTP\/1.1 204/);
    const records = lines().map((l) => JSON.parse(l));
    expect(records).toHaveLength(3);
    const keys = format.fields.map((f) => f.key);
    for (const rec of records) {
      expect(Object.keys(rec)).toEqual(keys);
      for (const f of format.fields) {
        expect(typeof rec[f.key]).toBe(f.valueType === AccessLogValueType.NUMBER ? 'number' : 'string');
      }
    }
    const [retried, local, bare] = records;
    expect(retried.upstream_addr).toBe(`127.0.0.1:${ports.dead}, 127.0.0.1:${ports.up}`);
    expect(retried.upstream_status).toBe('502, 200');
    expect(retried.upstream_response_time).toMatch(/^\d+\.\d{3}, \d+\.\d{3}$/);
    expect(retried.status).toBe(200);
    expect(retried.user_agent).toBe(hostile);
    expect(retried.referer).toBe('https://x.example/"\'\\');
    expect(retried.x_forwarded_for).toBe('203.0.113.7, "\\\u0002');
    expect(retried.path).toBe('/shop/items');
    expect(retried.method).toBe('GET');
    expect(retried.protocol).toBe('HTTP/1.1');
    expect(retried.namespace).toBe('shop');
    expect(retried.ingress).toBe('web');
    expect(retried.upstream_name).toBe('shop-web-80');
    expect(retried.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(Number.isNaN(Date.parse(retried.timestamp))).toBe(false);
    expect(local).toMatchObject({ status: 204, method: 'HEAD', upstream_addr: '', upstream_status: '', upstream_response_time: '' });
    expect(bare).toMatchObject({ status: 200, protocol: 'HTTP/1.0', path: '/missing\\path', user_agent: '', referer: '' });
    expect(format.fieldFor(AccessLogMeaning.UPSTREAM_STATUS)?.valueType).toBe(AccessLogValueType.STRING);
  }, 30000);
});
