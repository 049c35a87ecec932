/**
 * Every nginx setting nginx itself can check is checked by a real nginx (`nginx -t`): the
 * controller ConfigMaps of every example, and a configuration using every typed key.
 * .ci/run installs nginx.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { EXAMPLES } from '../examples';
import { NginxIngress, SslProtocol } from '../src';
import { nginxConfFor } from './helpers/nginx-conf';

function nginxBinary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('nginx is required for these tests: apt-get install nginx (.ci/run installs it)');
}

/** Runs `nginx -t` on the config derived from `data`; returns nginx's verdict. */
function nginxTest(data: Record<string, string>): { ok: boolean; output: string; checked: string[] } {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-check-'));
  const { conf, checked } = nginxConfFor(data, prefix);
  const file = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(file, conf);
  const r = spawnSync(nginxBinary(), ['-t', '-q', '-e', path.join(prefix, 'error.log'), '-p', prefix, '-c', file], { encoding: 'utf8' });
  fs.rmSync(prefix, { recursive: true, force: true });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`, checked };
}

function controllerConfigMaps(app: App): Array<{ name: string; data: Record<string, string> }> {
  return app.charts.flatMap((c) => c.toJson())
    .filter((o: any) => o.kind === 'ConfigMap' && o.data?.['annotations-risk-level'] !== undefined)
    .map((o: any) => ({ name: `${o.metadata.namespace}/${o.metadata.name}`, data: o.data }));
}

describe('nginx -t', () => {
  test('the nginx binary is there', () => {
    expect(execFileSync(nginxBinary(), ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBeDefined();
  });

  test.each(Object.keys(EXAMPLES))('accepts the controller ConfigMaps of example %s', (name) => {
    // GIVEN
    const app = Testing.app();
    EXAMPLES[name](app);
    // WHEN
    const maps = controllerConfigMaps(app);
    // THEN
    expect(maps.length).toBeGreaterThan(0);
    for (const cm of maps) {
      const result = nginxTest(cm.data);
      if (!result.ok) throw new Error(`${cm.name}: nginx -t failed:\n${result.output}`);
    }
  });

  test('accepts every typed key with realistic values', () => {
    // GIVEN
    const chart = Testing.chart();
    const ingress = new NginxIngress(chart, 'ingress', {
      config: {
        workerProcesses: 4,
        proxyBodySize: '16m',
        proxyConnectTimeout: 5,
        proxyReadTimeout: 120,
        proxySendTimeout: 120,
        keepAlive: 75,
        sslProtocols: [SslProtocol.TLS_V1_2, SslProtocol.TLS_V1_3],
        serverTokens: false,
        limitReqStatusCode: 429,
        forwardedForHeader: 'X-Forwarded-For',
        proxyRealIpCidr: ['10.0.0.0/8', '192.168.0.0/16'],
        workerShutdownTimeout: '240s',
        logFormatEscapeJson: true,
        logFormatUpstream: '{"time": "$time_iso8601", "remote_addr": "$remote_addr", "request_id": "$req_id", '
          + '"upstream": "$proxy_upstream_name", "upstream_addr": "$upstream_addr", "status": $status}',
      },
    });
    // WHEN
    const result = nginxTest(ingress.configData);
    // THEN
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
    expect(result.checked).toEqual(expect.arrayContaining([
      'proxy-body-size', 'proxy-read-timeout', 'ssl-protocols', 'log-format-upstream', 'worker-processes', 'worker-shutdown-timeout',
    ]));
  });

  test('rejects a timeout nginx does not understand (the check can fail)', () => {
    // GIVEN a value written through the open map, which our validation does not type
    const result = nginxTest({ 'proxy-read-timeout': 'soon' });
    // THEN
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/"proxy_read_timeout" directive invalid value/);
  });

  test('rejects a log format with an unknown variable', () => {
    const result = nginxTest({ 'log-format-upstream': '$remote_addr $no_such_variable' });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/unknown "no_such_variable" variable/);
  });
});
