import { Testing } from 'cdk8s';
import { findObject, synth } from './_render';
import { AnnotationsRiskLevel, NginxConfig, NginxIngress } from '../../src';

/**
 * The nginx ConfigMap: secure defaults, every typed key, the open `extra` map and setConfig().
 */

const SECURE_DEFAULTS = { 'allow-snippet-annotations': 'false', 'annotations-risk-level': 'High' };

function configData(objects: any[]): Record<string, string> {
  return findObject(objects, 'ConfigMap', 'ingress-nginx-controller').data;
}

test('default: only the secure defaults, rendered explicitly', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress');

  // THEN
  expect(configData(synth(chart))).toEqual(SECURE_DEFAULTS);
});

/** Every typed key of NginxConfig: [prop, value, ConfigMap key, rendered value]. */
const TYPED_KEYS: Array<[keyof NginxConfig, unknown, string, string]> = [
  ['workerProcesses', 4, 'worker-processes', '4'],
  ['useForwardedHeaders', true, 'use-forwarded-headers', 'true'],
  ['computeFullForwardedFor', true, 'compute-full-forwarded-for', 'true'],
  ['useProxyProtocol', true, 'use-proxy-protocol', 'true'],
  ['enableRealIp', true, 'enable-real-ip', 'true'],
  ['forwardedForHeader', 'X-Real-Client', 'forwarded-for-header', 'X-Real-Client'],
  ['proxyRealIpCidr', ['10.0.0.0/8', '192.168.0.0/16'], 'proxy-real-ip-cidr', '10.0.0.0/8,192.168.0.0/16'],
  ['proxyBodySize', '16m', 'proxy-body-size', '16m'],
  ['proxyConnectTimeout', 5, 'proxy-connect-timeout', '5'],
  ['proxyReadTimeout', 120, 'proxy-read-timeout', '120'],
  ['proxySendTimeout', 90, 'proxy-send-timeout', '90'],
  ['sslProtocols', ['TLSv1.2', 'TLSv1.3'], 'ssl-protocols', 'TLSv1.2 TLSv1.3'],
  ['sslRedirect', false, 'ssl-redirect', 'false'],
  ['logFormatUpstream', '$remote_addr - $request', 'log-format-upstream', '$remote_addr - $request'],
  ['logFormatEscapeJson', true, 'log-format-escape-json', 'true'],
  ['workerShutdownTimeout', '300s', 'worker-shutdown-timeout', '300s'],
  ['annotationsRiskLevel', AnnotationsRiskLevel.MEDIUM, 'annotations-risk-level', 'Medium'],
  ['annotationValueWordBlocklist', ['load_module', 'lua_package'], 'annotation-value-word-blocklist', 'load_module,lua_package'],
  ['enableModsecurity', true, 'enable-modsecurity', 'true'],
  ['enableOwaspModsecurityCrs', true, 'enable-owasp-modsecurity-crs', 'true'],
  ['limitReqStatusCode', 429, 'limit-req-status-code', '429'],
  ['keepAlive', 30, 'keep-alive', '30'],
  ['upstreamKeepaliveConnections', 500, 'upstream-keepalive-connections', '500'],
  ['useHttp2', false, 'use-http2', 'false'],
  ['serverTokens', false, 'server-tokens', 'false'],
  ['sslDhParam', 'edge/dhparam', 'ssl-dh-param', 'edge/dhparam'],
];

test.each(TYPED_KEYS)('config.%s renders the ConfigMap key', (prop, value, key, rendered) => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { config: { [prop]: value } as NginxConfig });

  // THEN
  expect(configData(synth(chart))).toEqual({ ...SECURE_DEFAULTS, [key]: rendered });
});

test('allowSnippetAnnotations renders allow-snippet-annotations (with the Critical risk level it needs)', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { config: { allowSnippetAnnotations: true, annotationsRiskLevel: AnnotationsRiskLevel.CRITICAL } });

  // THEN
  expect(configData(synth(chart))).toEqual({ 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' });
});

test('hsts renders hsts, hsts-max-age, hsts-include-subdomains and hsts-preload', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { config: { hsts: { enabled: true, maxAge: 63072000, includeSubdomains: false, preload: true } } });

  // THEN
  expect(configData(synth(chart))).toEqual({
    ...SECURE_DEFAULTS,
    'hsts': 'true',
    'hsts-max-age': '63072000',
    'hsts-include-subdomains': 'false',
    'hsts-preload': 'true',
  });
});

test('extra adds keys as they are and overrides a typed key of the same name', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { config: { proxyBodySize: '1m', extra: { 'proxy-body-size': '2m', 'use-gzip': 'true' } } });

  // THEN
  expect(configData(synth(chart))).toEqual({ ...SECURE_DEFAULTS, 'proxy-body-size': '2m', 'use-gzip': 'true' });
});

test('setConfig() after construction sets or overrides a key; keys stay sorted', () => {
  // GIVEN
  const chart = Testing.chart();
  const ingress = new NginxIngress(chart, 'ingress', { config: { keepAlive: 30 } });

  // WHEN
  ingress.setConfig('keep-alive', '60');
  ingress.setConfig('enable-brotli', 'true');

  // THEN
  const data = configData(synth(chart));
  expect(data).toEqual({ ...SECURE_DEFAULTS, 'keep-alive': '60', 'enable-brotli': 'true' });
  expect(Object.keys(data)).toEqual(['allow-snippet-annotations', 'annotations-risk-level', 'enable-brotli', 'keep-alive']);
  expect(ingress.configData).toEqual(data);
});

test('values YAML would read as other types stay strings', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { config: { extra: { 'use-gzip': 'True', 'worker-cpu-affinity': '0001' } } });

  // THEN
  const data = configData(synth(chart));
  expect(data['use-gzip']).toBe('True');
  expect(data['worker-cpu-affinity']).toBe('0001');
});
