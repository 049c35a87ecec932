import { nearest } from './_config-keys';
import { compareStrings } from '../common/_compare';
import { Problems } from '../common/_validation';

/**
 * Risk level up to which annotations are accepted on Ingresses.
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#annotations-risk-level
 */
export enum AnnotationsRiskLevel {
  LOW = 'Low',
  MEDIUM = 'Medium',
  /** The controller default. */
  HIGH = 'High',
  /** Needed, with `allowSnippetAnnotations`, for `*-snippet` annotations. */
  CRITICAL = 'Critical',
}

/** HSTS (`Strict-Transport-Security`) settings. */
export interface HstsConfig {
  /** Send the header. @default true (controller default) */
  readonly enabled?: boolean;
  /** `max-age` in seconds. @default 31536000 (controller default) */
  readonly maxAge?: number;
  /** Add `includeSubDomains`. @default true (controller default) */
  readonly includeSubdomains?: boolean;
  /** Add `preload`. @default false (controller default) */
  readonly preload?: boolean;
}

/**
 * The nginx ConfigMap of the controller: typed common keys plus an open map.
 *
 * Every typed key renders as the ConfigMap key named in its doc; unset keys are left out so the
 * controller default applies. Keys not typed here go in `extra`.
 *
 * @see values.yaml controller.config
 */
export interface NginxConfig {
  /** `worker-processes`: a number or `"auto"`. */
  readonly workerProcesses?: number | 'auto';
  /** `use-forwarded-headers`: trust `X-Forwarded-*` from the client (only behind a trusted L7 proxy). */
  readonly useForwardedHeaders?: boolean;
  /** `compute-full-forwarded-for`: append the remote address to `X-Forwarded-For`. */
  readonly computeFullForwardedFor?: boolean;
  /** `use-proxy-protocol`: expect the PROXY protocol from the load balancer. */
  readonly useProxyProtocol?: boolean;
  /** `enable-real-ip`: use the real-IP module with `forwarded-for-header`. */
  readonly enableRealIp?: boolean;
  /** `forwarded-for-header`: the header holding the client address. @default - "X-Forwarded-For" */
  readonly forwardedForHeader?: string;
  /** `proxy-real-ip-cidr`: the trusted proxy address ranges. */
  readonly proxyRealIpCidr?: string[];
  /** `proxy-body-size`: the largest request body, e.g. `"8m"`; `"0"` disables the check. */
  readonly proxyBodySize?: string;
  /** `proxy-connect-timeout` in seconds. */
  readonly proxyConnectTimeout?: number;
  /** `proxy-read-timeout` in seconds. */
  readonly proxyReadTimeout?: number;
  /** `proxy-send-timeout` in seconds. */
  readonly proxySendTimeout?: number;
  /** `ssl-protocols`, e.g. `["TLSv1.2", "TLSv1.3"]`. */
  readonly sslProtocols?: Array<'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'>;
  /** `hsts`, `hsts-max-age`, `hsts-include-subdomains`, `hsts-preload`. */
  readonly hsts?: HstsConfig;
  /** `ssl-redirect`: redirect HTTP to HTTPS when a host has TLS. */
  readonly sslRedirect?: boolean;
  /** `log-format-upstream`: the access-log format. */
  readonly logFormatUpstream?: string;
  /** `log-format-escape-json`: escape variables for a JSON log format. */
  readonly logFormatEscapeJson?: boolean;
  /** `worker-shutdown-timeout`, e.g. `"240s"` (controller default). */
  readonly workerShutdownTimeout?: string;
  /**
   * `allow-snippet-annotations`. Snippets run arbitrary nginx configuration from any Ingress
   * author (CVE-2021-25742, CVE-2025-1974 family).
   * @default false (rendered explicitly)
   * @see values.yaml controller.allowSnippetAnnotations
   */
  readonly allowSnippetAnnotations?: boolean;
  /**
   * `annotations-risk-level`.
   * @default AnnotationsRiskLevel.HIGH (rendered explicitly; the controller default)
   */
  readonly annotationsRiskLevel?: AnnotationsRiskLevel;
  /** `annotation-value-word-blocklist`: words rejected in annotation values. */
  readonly annotationValueWordBlocklist?: string[];
  /** `enable-modsecurity`. */
  readonly enableModsecurity?: boolean;
  /** `enable-owasp-modsecurity-crs`. */
  readonly enableOwaspModsecurityCrs?: boolean;
  /** `limit-req-status-code`: the status returned when a request is rate limited (400-599). */
  readonly limitReqStatusCode?: number;
  /** `keep-alive` in seconds. */
  readonly keepAlive?: number;
  /** `upstream-keepalive-connections`. */
  readonly upstreamKeepaliveConnections?: number;
  /** `use-http2`. */
  readonly useHttp2?: boolean;
  /** `server-tokens`: send the nginx version in responses. */
  readonly serverTokens?: boolean;
  /** `ssl-dh-param`: `<namespace>/<secret>` holding `dhparam.pem`. */
  readonly sslDhParam?: string;
  /**
   * Any other ConfigMap key, as the controller names it. Overrides a typed key of the same name.
   * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/
   */
  readonly extra?: Record<string, string>;
}

type Renderer = (v: any) => string;
const bool: Renderer = (v: boolean) => (v ? 'true' : 'false');
const str: Renderer = (v: unknown) => String(v);
const list: Renderer = (v: string[]) => v.join(',');

/** Typed key → [ConfigMap key, renderer]. */
const KEYS: Record<string, [string, Renderer]> = {
  workerProcesses: ['worker-processes', str],
  useForwardedHeaders: ['use-forwarded-headers', bool],
  computeFullForwardedFor: ['compute-full-forwarded-for', bool],
  useProxyProtocol: ['use-proxy-protocol', bool],
  enableRealIp: ['enable-real-ip', bool],
  forwardedForHeader: ['forwarded-for-header', str],
  proxyRealIpCidr: ['proxy-real-ip-cidr', list],
  proxyBodySize: ['proxy-body-size', str],
  proxyConnectTimeout: ['proxy-connect-timeout', str],
  proxyReadTimeout: ['proxy-read-timeout', str],
  proxySendTimeout: ['proxy-send-timeout', str],
  sslProtocols: ['ssl-protocols', (v: string[]) => v.join(' ')],
  sslRedirect: ['ssl-redirect', bool],
  logFormatUpstream: ['log-format-upstream', str],
  logFormatEscapeJson: ['log-format-escape-json', bool],
  workerShutdownTimeout: ['worker-shutdown-timeout', str],
  allowSnippetAnnotations: ['allow-snippet-annotations', bool],
  annotationsRiskLevel: ['annotations-risk-level', str],
  annotationValueWordBlocklist: ['annotation-value-word-blocklist', list],
  enableModsecurity: ['enable-modsecurity', bool],
  enableOwaspModsecurityCrs: ['enable-owasp-modsecurity-crs', bool],
  limitReqStatusCode: ['limit-req-status-code', str],
  keepAlive: ['keep-alive', str],
  upstreamKeepaliveConnections: ['upstream-keepalive-connections', str],
  useHttp2: ['use-http2', bool],
  serverTokens: ['server-tokens', bool],
  sslDhParam: ['ssl-dh-param', str],
};

/** The secure defaults we render even when the chart would leave the key out. */
export const SECURE_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  'allow-snippet-annotations': 'false',
  'annotations-risk-level': AnnotationsRiskLevel.HIGH,
};

/**
 * Renders the ConfigMap data: secure defaults, then typed keys, then `extra`; keys sorted.
 * @internal
 */
export function renderNginxConfig(config: NginxConfig = {}): Record<string, string> {
  const data: Record<string, string> = { ...SECURE_CONFIG_DEFAULTS };
  for (const [prop, value] of Object.entries(config)) {
    // An unknown prop (a typo from JavaScript) is reported by validateNginxConfig.
    if (prop === 'extra' || prop === 'hsts' || value === undefined || !Object.prototype.hasOwnProperty.call(KEYS, prop)) continue;
    const [key, render] = KEYS[prop];
    data[key] = render(value);
  }
  const hsts = config.hsts;
  if (hsts) {
    if (hsts.enabled !== undefined) data.hsts = bool(hsts.enabled);
    if (hsts.maxAge !== undefined) data['hsts-max-age'] = String(hsts.maxAge);
    if (hsts.includeSubdomains !== undefined) data['hsts-include-subdomains'] = bool(hsts.includeSubdomains);
    if (hsts.preload !== undefined) data['hsts-preload'] = bool(hsts.preload);
  }
  Object.assign(data, config.extra ?? {});
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => compareStrings(a, b)));
}

const HSTS_KEYS: Record<string, string> = { enabled: 'hsts', maxAge: 'hsts-max-age', includeSubdomains: 'hsts-include-subdomains', preload: 'hsts-preload' };

/**
 * Where each ConfigMap key of `config` was written: `config.proxyBodySize`, `config.hsts.maxAge`,
 * `config.extra["key"]`; the secure defaults under the prop that sets them.
 * @internal
 */
export function configKeyFields(config: NginxConfig = {}, field = 'config'): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [prop, [key]] of Object.entries(KEYS)) fields[key] = `${field}.${prop}`;
  for (const [prop, key] of Object.entries(HSTS_KEYS)) fields[key] = `${field}.hsts.${prop}`;
  for (const key of Object.keys(config.extra ?? {})) fields[key] = `${field}.extra[${JSON.stringify(key)}]`;
  return fields;
}

/**
 * Checks the typed keys and the rendered data.
 * @internal
 */
export function validateNginxConfig(config: NginxConfig = {}, field = 'config'): string[] {
  const p = new Problems();
  const props = [...Object.keys(KEYS), 'hsts', 'extra'];
  for (const prop of Object.keys(config)) {
    if (props.includes(prop)) continue;
    const near = nearest(prop, props);
    p.add(`${field}.${prop}`, `must be a prop of NginxConfig${near ? `; did you mean ${near}?` : ''} (other ConfigMap keys go in extra)`);
  }
  const timeouts = ['proxyConnectTimeout', 'proxyReadTimeout', 'proxySendTimeout', 'keepAlive', 'upstreamKeepaliveConnections'] as const;
  for (const t of timeouts) p.integer(`${field}.${t}`, config[t], 0);
  if (config.workerProcesses !== undefined && config.workerProcesses !== 'auto') {
    p.integer(`${field}.workerProcesses`, config.workerProcesses, 1);
  }
  if (config.proxyBodySize !== undefined) {
    p.check(/^\d+[kKmMgG]?$/.test(config.proxyBodySize), `${field}.proxyBodySize`, 'must be an nginx size such as "1m", "512k" or "0"', config.proxyBodySize);
  }
  if (config.workerShutdownTimeout !== undefined) {
    p.check(/^\d+(ms|s|m|h)?$/.test(config.workerShutdownTimeout), `${field}.workerShutdownTimeout`, 'must be an nginx time such as "240s"', config.workerShutdownTimeout);
  }
  p.integer(`${field}.limitReqStatusCode`, config.limitReqStatusCode, 400, 599);
  if (config.sslProtocols !== undefined) {
    p.check(config.sslProtocols.length > 0, `${field}.sslProtocols`, 'must name at least one protocol', config.sslProtocols);
  }
  if (config.hsts?.maxAge !== undefined) p.integer(`${field}.hsts.maxAge`, config.hsts.maxAge, 0);
  if (config.annotationsRiskLevel !== undefined) {
    p.check(Object.values(AnnotationsRiskLevel).includes(config.annotationsRiskLevel), `${field}.annotationsRiskLevel`,
      `must be one of ${Object.values(AnnotationsRiskLevel).join(', ')}`, config.annotationsRiskLevel);
  }
  for (const [key, value] of Object.entries(config.extra ?? {})) {
    p.check(/^[a-z0-9][a-z0-9-]*$/.test(key), `${field}.extra[${JSON.stringify(key)}]`, 'key must be an ingress-nginx ConfigMap key (lower case, digits and "-")', key);
    p.check(typeof value === 'string', `${field}.extra[${JSON.stringify(key)}]`, 'must be a string (ConfigMap values are strings)', value);
  }
  const data = renderNginxConfig(config);
  if (data['allow-snippet-annotations'] === 'true' && data['annotations-risk-level'] !== AnnotationsRiskLevel.CRITICAL) {
    p.add(`${field}.allowSnippetAnnotations`, 'has no effect unless annotationsRiskLevel is Critical (snippets are Critical-risk annotations)', true);
  }
  return p.list;
}
