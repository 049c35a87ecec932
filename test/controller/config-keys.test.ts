import { Testing } from 'cdk8s';
import { findObject, synth } from './_render';
import { KsGateway, NginxConfig, NginxIngress } from '../../src';
import { CONFIG_KEYS, ValueKind, checkValue } from '../../src/controller/_config-keys';
import { configKeyFields } from '../../src/controller/config';
import { synthError } from '../helpers/synth';

/**
 * The ConfigMap key table of controller v1.15.1, and the checks every key and value goes through,
 * whether it comes from a typed prop, `config.extra`, setConfig() or a KsGateway's controller.config.
 */

const FAILED = 'Validation failed with the following errors:\n  ';

function errorOf(props: ConstructorParameters<typeof NginxIngress>[2]): string {
  const chart = Testing.chart();
  new NginxIngress(chart, 'ingress', props);
  return synthError(chart);
}

describe('the table', () => {
  test('holds the 196 keys of controller v1.15.1, sorted', () => {
    // GIVEN
    const keys = Object.keys(CONFIG_KEYS);

    // THEN: 192 json tags of Configuration and Backend (less Resolver, global-external-auth and "-")
    // plus bind-address and the global-auth-* keys ReadConfig parses itself
    expect(keys).toHaveLength(196);
    expect(keys).toEqual([...keys].sort());
  });

  test.each([
    ['worker-processes', ValueKind.WORKER_PROCESSES],
    ['use-forwarded-headers', ValueKind.BOOLEAN],
    ['keep-alive', ValueKind.INTEGER],
    ['proxy-body-size', ValueKind.SIZE],
    ['worker-shutdown-timeout', ValueKind.NGINX_TIME],
    ['proxy-protocol-header-timeout', ValueKind.GO_DURATION],
    ['proxy-real-ip-cidr', ValueKind.CIDR_LIST],
    ['bind-address', ValueKind.IP_LIST],
    ['custom-http-errors', ValueKind.INTEGER_LIST],
    ['ssl-protocols', ValueKind.TLS_PROTOCOLS],
    ['large-client-header-buffers', ValueKind.BUFFERS],
    ['lua-shared-dicts', ValueKind.LUA_SHARED_DICTS],
    ['log-format-upstream', ValueKind.QUOTED_TEXT],
    ['gzip-disable', ValueKind.DOUBLE_QUOTED_TEXT],
    ['otel-sampler-ratio', ValueKind.FLOAT],
    ['server-snippet', ValueKind.SNIPPET],
    ['global-auth-snippet', ValueKind.SNIPPET],
    ['forwarded-for-header', ValueKind.TEXT],
    ['error-log-level', ValueKind.ENUM],
  ])('%s is %s', (key, kind) => {
    expect(CONFIG_KEYS[key].kind).toBe(kind);
  });

  test('keys the docs still list but v1.15.1 no longer reads are not in it', () => {
    expect(Object.keys(CONFIG_KEYS).filter((k) => k.startsWith('jaeger-') || k === 'use-geoip')).toEqual([]);
  });

  test('every typed prop of NginxConfig renders a known key', () => {
    // GIVEN
    const fields = configKeyFields({}, 'config');

    // THEN
    expect(Object.keys(fields).filter((key) => CONFIG_KEYS[key] === undefined)).toEqual([]);
    expect(Object.keys(fields)).toHaveLength(31);
  });
});

describe('key names', () => {
  test('a typo in extra names the nearest key', () => {
    expect(errorOf({ config: { extra: { 'worker-process': '4' } } })).toBe(`${FAILED}[test/ingress] config.extra["worker-process"] must be a ConfigMap key `
      + 'of ingress-nginx 1.15.1; did you mean "worker-processes"? (list a newer key in uncheckedConfigKeys) (got "worker-process")');
  });

  test('a key with nothing near gets no suggestion', () => {
    expect(errorOf({ config: { extra: { 'frobnicate-everything': 'yes' } } })).toBe(`${FAILED}[test/ingress] config.extra["frobnicate-everything"] must be a `
      + 'ConfigMap key of ingress-nginx 1.15.1 (list a newer key in uncheckedConfigKeys) (got "frobnicate-everything")');
  });

  test('setConfig keys are checked too, named config["key"]', () => {
    // GIVEN
    const chart = Testing.chart();
    const ingress = new NginxIngress(chart, 'ingress');

    // WHEN
    ingress.setConfig('proxy-body-sise', '8m');

    // THEN
    expect(synthError(chart)).toBe(`${FAILED}[test/ingress] config["proxy-body-sise"] must be a ConfigMap key of ingress-nginx 1.15.1; `
      + 'did you mean "proxy-body-size"? (list a newer key in uncheckedConfigKeys) (got "proxy-body-sise")');
  });

  test('a typo in a typed prop is reported, not a crash', () => {
    const config = { proxyBodysize: '8m' } as unknown as NginxConfig;
    // The runtime shape check (src/common/_shape.ts) reports it first and drops the key.
    expect(errorOf({ config })).toBe(`${FAILED}[test/ingress] config.proxyBodysize is not a known field; did you mean "proxyBodySize"? (got "8m")`);
  });

  test('a key on the prototype chain is not a key', () => {
    // The runtime shape check refuses it first: cdk8s cannot write a key named "constructor".
    expect(errorOf({ config: { extra: { constructor: 'x' } } })).toContain('config.extra["constructor"] cannot be rendered');
  });

  test('uncheckedConfigKeys lets a newer key through, still held to the free-text rule', () => {
    // GIVEN
    const ok = Testing.chart();

    // WHEN
    new NginxIngress(ok, 'ingress', { uncheckedConfigKeys: ['future-key'], config: { extra: { 'future-key': 'on' } } });

    // THEN
    expect(findObject(synth(ok), 'ConfigMap', 'ingress-nginx-controller').data['future-key']).toBe('on');
    expect(errorOf({ uncheckedConfigKeys: ['future-key'], config: { extra: { 'future-key': 'on; }' } } }))
      .toContain('config.extra["future-key"] must not contain ";", "{", "}"');
  });
});

describe('values by type', () => {
  test.each([
    ['use-gzip', 'on', 'must be "true" or "false"'],
    ['keep-alive', '75s', 'must be an integer'],
    ['otel-sampler-ratio', 'half', 'must be a number such as "0.5"'],
    ['proxy-body-size', '8 MB', 'must be an nginx size such as "8m", "512k" or "0"'],
    ['worker-shutdown-timeout', '4 minutes', 'must be an nginx time such as "60s", "10m" or "1h"'],
    ['proxy-protocol-header-timeout', '5', 'must be a Go duration such as "5s" or "500ms"'],
    ['error-log-level', 'verbose', 'must be one of debug, info, notice, warn, error, crit, alert, emerg'],
    ['proxy-real-ip-cidr', '10.0.0.0/8, 300.1.1.1/32', 'must be a comma-separated list of IP addresses or CIDRs'],
    ['bind-address', '10.0.0.0/8', 'must be a comma-separated list of IP addresses'],
    ['custom-http-errors', '404,five hundred', 'must be a comma-separated list of HTTP status codes'],
    ['ssl-protocols', 'SSLv3 TLSv1.2', 'must be a space-separated list of TLSv1, TLSv1.1, TLSv1.2, TLSv1.3'],
    ['worker-processes', 'four', 'must be "auto" or a number of processes >= 1'],
    ['large-client-header-buffers', '8k', 'must be "<number> <size>" such as "4 8k"'],
    ['lua-shared-dicts', 'configuration_data: 300m', 'must be "<name>: <size>" pairs separated by commas, each at most 200m'],
    ['http-redirect-code', '303', 'must be one of 301, 302, 307, 308'],
  ])('%s: %j is refused', (key, value, expected) => {
    expect(errorOf({ config: { extra: { [key]: value } } })).toBe(`${FAILED}[test/ingress] config.extra[${JSON.stringify(key)}] ${expected} (got ${JSON.stringify(value)})`);
  });

  test.each([
    ['use-gzip', 'true'], ['use-gzip', 'False'], ['keep-alive', '75'], ['otel-sampler-ratio', '0.25'], ['proxy-body-size', '0'],
    ['worker-shutdown-timeout', '1h30m'], ['proxy-protocol-header-timeout', '500ms'], ['error-log-level', 'warn'],
    ['proxy-real-ip-cidr', '10.0.0.0/8, 192.168.1.1, 2001:db8::/32'], ['bind-address', '10.0.0.1,::1'], ['custom-http-errors', '404, 503'],
    ['ssl-protocols', 'TLSv1.2 TLSv1.3'], ['worker-processes', 'auto'], ['large-client-header-buffers', '4 16k'],
    ['lua-shared-dicts', 'configuration_data: 100m, certificate_data: 20480'], ['hsts-max-age', '31536000'],
    ['log-format-upstream', '{"time": "$time_iso8601", "status": $status}'], ['ssl-ciphers', 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256'],
    ['block-user-agents', '~*bot\\.example, curl'], ['forwarded-for-header', 'X-Real-IP'],
  ])('%s: %j is accepted', (key, value) => {
    expect(checkValue(CONFIG_KEYS[key], value)).toBeUndefined();
  });

  test('typed props are checked once, by their own check', () => {
    expect(errorOf({ config: { proxyBodySize: '8 MB' } })).toBe(`${FAILED}[test/ingress] config.proxyBodySize must be an nginx size such as "1m", "512k" or "0" (got "8 MB")`);
  });

  test('a typed prop whose own check has no opinion is held to its key: forwardedForHeader', () => {
    expect(errorOf({ config: { forwardedForHeader: 'X-Real-IP; }' } })).toBe(`${FAILED}[test/ingress] config.forwardedForHeader must not contain ";", "{", "}", `
      + 'quotes, a line break, a "#" comment or a "\\" ending a word: the controller writes it unquoted into nginx.conf, where they would end the directive '
      + '(got "X-Real-IP; }")');
  });

  test('every problem at once, each at the field the user wrote', () => {
    expect(errorOf({ config: { extra: { 'keep-alive': 'long', 'use-http2': 'yes' } } })).toBe(`${FAILED}`
      + '[test/ingress] config.extra["keep-alive"] must be an integer (got "long")\n  '
      + '[test/ingress] config.extra["use-http2"] must be "true" or "false" (got "yes")');
  });
});

describe('injection', () => {
  const TEXT = 'must not contain ";", "{", "}", quotes, a line break, a "#" comment or a "\\" ending a word: '
    + 'the controller writes it unquoted into nginx.conf, where they would end the directive';

  test('a size that would close the block and open a server is refused by its type', () => {
    const value = '1m; } server { listen 9999; } #';
    expect(errorOf({ config: { extra: { 'proxy-body-size': value } } }))
      .toBe(`${FAILED}[test/ingress] config.extra["proxy-body-size"] must be an nginx size such as "8m", "512k" or "0" (got ${JSON.stringify(value)})`);
  });

  test.each([
    'X-Forwarded-For; } server { listen 9999; } #',
    'X-Forwarded-For\nserver_tokens on',
    'X-Forwarded-For #',
    'X-Forwarded-For \\',
    'X-Forwarded-For"',
  ])('free text %j is refused', (value) => {
    expect(errorOf({ config: { extra: { 'forwarded-for-header': value } } }))
      .toBe(`${FAILED}[test/ingress] config.extra["forwarded-for-header"] ${TEXT} (got ${JSON.stringify(value)})`);
  });

  test('quoted text may hold braces and semicolons but not its quote', () => {
    const value = "$remote_addr'; } server { listen 9999; } #";
    expect(errorOf({ config: { logFormatUpstream: value } })).toBe(`${FAILED}[test/ingress] config.logFormatUpstream must not contain "'", "\\" or a line break: `
      + `the controller writes it between single quotes in nginx.conf (got ${JSON.stringify(value)})`);
    expect(checkValue(CONFIG_KEYS['gzip-disable'], 'msie6" ; evil')).toBe('must not contain "\\"", "\\" or a line break: the controller writes it between double quotes in nginx.conf');
  });

  test('snippet keys are refused unless allowConfigSnippets', () => {
    // GIVEN
    const allowed = Testing.chart();

    // WHEN
    new NginxIngress(allowed, 'ingress', { allowConfigSnippets: true, config: { extra: { 'http-snippet': 'map $host $x { default 1; }' } } });

    // THEN
    expect(findObject(synth(allowed), 'ConfigMap', 'ingress-nginx-controller').data['http-snippet']).toBe('map $host $x { default 1; }');
    expect(errorOf({ config: { extra: { 'http-snippet': 'map $host $x { default 1; }' } } })).toBe(`${FAILED}[test/ingress] config.extra["http-snippet"] is raw nginx `
      + 'configuration: set allowConfigSnippets to use *-snippet keys (got "map $host $x { default 1; }")');
  });

  test('a KsGateway\'s controller.config goes through the same checks', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new KsGateway(chart, 'gw', { controller: { config: { 'worker-process': '4', 'proxy-body-size': '1m; } server { listen 9999; } #' } } });

    // THEN
    const error = synthError(chart);
    expect(error).toContain('config.extra["worker-process"] must be a ConfigMap key of ingress-nginx 1.15.1; did you mean "worker-processes"?');
    expect(error).toContain('config.extra["proxy-body-size"] must be an nginx size such as "8m", "512k" or "0" (got "1m; } server { listen 9999; } #")');
  });
});
