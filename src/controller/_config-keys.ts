/**
 * Every ConfigMap key the ingress-nginx controller v1.15.1 reads, with the syntax of its value, and
 * the checks that hold each value to it.
 *
 * The keys are the `json` tags of `Configuration` (internal/ingress/controller/config/config.go)
 * and of the `Backend` it embeds (internal/ingress/defaults/main.go), plus the keys that
 * `ReadConfig` (internal/ingress/controller/template/configmap.go) parses itself: `bind-address`
 * and the `global-auth-*` keys. The jaeger-* and `use-geoip` keys still listed in
 * docs/user-guide/nginx-configuration/configmap.md are no longer read and are not here.
 *
 * Value kinds follow the Go field types (bool, int, float32, []int, time.Duration) and, for string
 * fields, what nginx.tmpl writes: a size, a time, an enumeration, a list of CIDRs, or free text. Free
 * text is written into nginx.conf as it is, so it must not carry what ends a directive or a block
 * there: the checks refuse it (the ingress-nginx configuration-injection CVEs start that way).
 */
import { isIP } from 'net';
import { Problems, closest, show } from '../common/_validation';

/** The syntax of a ConfigMap value. */
export enum ValueKind {
  BOOLEAN = 'boolean',
  INTEGER = 'integer',
  FLOAT = 'float',
  /** nginx size: `8m`, `512k`, `0`. */
  SIZE = 'size',
  /** nginx time: `60s`, `10m`, `1h30m`. */
  NGINX_TIME = 'nginx time',
  /** Go `time.ParseDuration`: `5s`, `500ms`. */
  GO_DURATION = 'go duration',
  ENUM = 'enum',
  /** Comma-separated IP addresses or CIDRs. */
  CIDR_LIST = 'cidr list',
  /** Comma-separated IP addresses. */
  IP_LIST = 'ip list',
  /** Comma-separated HTTP status codes. */
  INTEGER_LIST = 'integer list',
  /** Space-separated TLS protocol names. */
  TLS_PROTOCOLS = 'tls protocols',
  /** `auto` or a number of processes. */
  WORKER_PROCESSES = 'worker processes',
  /** `<number> <size>`, e.g. `4 8k`. */
  BUFFERS = 'buffers',
  /** `<name>: <size>, ...`. */
  LUA_SHARED_DICTS = 'lua shared dicts',
  /** Free text written between single quotes (`log_format upstreaminfo '...'`). */
  QUOTED_TEXT = 'quoted text',
  /** Free text written between double quotes (`gzip_disable "..."`). */
  DOUBLE_QUOTED_TEXT = 'double-quoted text',
  /** Raw nginx configuration (`*-snippet`). */
  SNIPPET = 'snippet',
  /** Free text written unquoted into a directive. */
  TEXT = 'text',
}

/** One key's value syntax. */
export interface ConfigKeySpec {
  readonly kind: ValueKind;
  /** The accepted values of an ENUM. */
  readonly values?: readonly string[];
}

/** The controller version whose keys CONFIG_KEYS lists. */
export const CONFIG_KEYS_VERSION = '1.15.1';

/** Every ConfigMap key of controller v1.15.1, sorted. */
export const CONFIG_KEYS: Readonly<Record<string, ConfigKeySpec>> = {
  'access-log-params': { kind: ValueKind.TEXT },
  'access-log-path': { kind: ValueKind.TEXT },
  'add-headers': { kind: ValueKind.TEXT },
  'allow-backend-server-header': { kind: ValueKind.BOOLEAN },
  'allow-cross-namespace-resources': { kind: ValueKind.BOOLEAN },
  'allow-snippet-annotations': { kind: ValueKind.BOOLEAN },
  'annotation-value-word-blocklist': { kind: ValueKind.TEXT },
  'annotations-risk-level': { kind: ValueKind.ENUM, values: ['Low', 'Medium', 'High', 'Critical'] },
  'app-root': { kind: ValueKind.TEXT },
  'bind-address': { kind: ValueKind.IP_LIST },
  'bind-address-ipv4': { kind: ValueKind.IP_LIST },
  'bind-address-ipv6': { kind: ValueKind.IP_LIST },
  'block-cidrs': { kind: ValueKind.CIDR_LIST },
  'block-referers': { kind: ValueKind.TEXT },
  'block-user-agents': { kind: ValueKind.TEXT },
  'brotli-level': { kind: ValueKind.INTEGER },
  'brotli-min-length': { kind: ValueKind.INTEGER },
  'brotli-types': { kind: ValueKind.TEXT },
  'client-body-buffer-size': { kind: ValueKind.SIZE },
  'client-body-timeout': { kind: ValueKind.INTEGER },
  'client-header-buffer-size': { kind: ValueKind.SIZE },
  'client-header-timeout': { kind: ValueKind.INTEGER },
  'compute-full-forwarded-for': { kind: ValueKind.BOOLEAN },
  'custom-http-errors': { kind: ValueKind.INTEGER_LIST },
  'debug-connections': { kind: ValueKind.CIDR_LIST },
  'default-type': { kind: ValueKind.TEXT },
  'denylist-source-range': { kind: ValueKind.CIDR_LIST },
  'disable-access-log': { kind: ValueKind.BOOLEAN },
  'disable-http-access-log': { kind: ValueKind.BOOLEAN },
  'disable-ipv6': { kind: ValueKind.BOOLEAN },
  'disable-ipv6-dns': { kind: ValueKind.BOOLEAN },
  'disable-proxy-intercept-errors': { kind: ValueKind.BOOLEAN },
  'disable-stream-access-log': { kind: ValueKind.BOOLEAN },
  'enable-access-log-for-default-backend': { kind: ValueKind.BOOLEAN },
  'enable-aio-write': { kind: ValueKind.BOOLEAN },
  'enable-auth-access-log': { kind: ValueKind.BOOLEAN },
  'enable-brotli': { kind: ValueKind.BOOLEAN },
  'enable-modsecurity': { kind: ValueKind.BOOLEAN },
  'enable-multi-accept': { kind: ValueKind.BOOLEAN },
  'enable-ocsp': { kind: ValueKind.BOOLEAN },
  'enable-opentelemetry': { kind: ValueKind.BOOLEAN },
  'enable-owasp-modsecurity-crs': { kind: ValueKind.BOOLEAN },
  'enable-real-ip': { kind: ValueKind.BOOLEAN },
  'enable-serial-reloads': { kind: ValueKind.BOOLEAN },
  'enable-syslog': { kind: ValueKind.BOOLEAN },
  'enable-underscores-in-headers': { kind: ValueKind.BOOLEAN },
  'error-log-level': { kind: ValueKind.ENUM, values: ['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg'] },
  'error-log-path': { kind: ValueKind.TEXT },
  'force-ssl-redirect': { kind: ValueKind.BOOLEAN },
  'forwarded-for-header': { kind: ValueKind.TEXT },
  'forwarded-for-proxy-protocol-header': { kind: ValueKind.TEXT },
  'forwarded-host-header': { kind: ValueKind.TEXT },
  'generate-request-id': { kind: ValueKind.BOOLEAN },
  'geoip2-autoreload-in-minutes': { kind: ValueKind.INTEGER },
  'global-allowed-response-headers': { kind: ValueKind.TEXT },
  'global-auth-always-set-cookie': { kind: ValueKind.BOOLEAN },
  'global-auth-cache-duration': { kind: ValueKind.TEXT },
  'global-auth-cache-key': { kind: ValueKind.TEXT },
  'global-auth-method': { kind: ValueKind.ENUM, values: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'] },
  'global-auth-request-redirect': { kind: ValueKind.TEXT },
  'global-auth-response-headers': { kind: ValueKind.TEXT },
  'global-auth-signin': { kind: ValueKind.TEXT },
  'global-auth-signin-redirect-param': { kind: ValueKind.TEXT },
  'global-auth-snippet': { kind: ValueKind.SNIPPET },
  'global-auth-url': { kind: ValueKind.TEXT },
  'grpc-buffer-size-kb': { kind: ValueKind.INTEGER },
  'gzip-disable': { kind: ValueKind.DOUBLE_QUOTED_TEXT },
  'gzip-level': { kind: ValueKind.INTEGER },
  'gzip-min-length': { kind: ValueKind.INTEGER },
  'gzip-types': { kind: ValueKind.TEXT },
  'hide-headers': { kind: ValueKind.TEXT },
  'hsts': { kind: ValueKind.BOOLEAN },
  'hsts-include-subdomains': { kind: ValueKind.BOOLEAN },
  'hsts-max-age': { kind: ValueKind.INTEGER },
  'hsts-preload': { kind: ValueKind.BOOLEAN },
  'http-access-log-path': { kind: ValueKind.TEXT },
  'http-redirect-code': { kind: ValueKind.ENUM, values: ['301', '302', '307', '308'] },
  'http-snippet': { kind: ValueKind.SNIPPET },
  'http2-max-concurrent-streams': { kind: ValueKind.INTEGER },
  'http2-max-field-size': { kind: ValueKind.SIZE },
  'http2-max-header-size': { kind: ValueKind.SIZE },
  'http2-max-requests': { kind: ValueKind.INTEGER },
  'ignore-invalid-headers': { kind: ValueKind.BOOLEAN },
  'keep-alive': { kind: ValueKind.INTEGER },
  'keep-alive-requests': { kind: ValueKind.INTEGER },
  'large-client-header-buffers': { kind: ValueKind.BUFFERS },
  'limit-conn-status-code': { kind: ValueKind.INTEGER },
  'limit-conn-zone-variable': { kind: ValueKind.TEXT },
  'limit-rate': { kind: ValueKind.INTEGER },
  'limit-rate-after': { kind: ValueKind.INTEGER },
  'limit-req-status-code': { kind: ValueKind.INTEGER },
  'load-balance': { kind: ValueKind.ENUM, values: ['round_robin', 'ewma'] },
  'location-snippet': { kind: ValueKind.SNIPPET },
  'log-format-escape-json': { kind: ValueKind.BOOLEAN },
  'log-format-escape-none': { kind: ValueKind.BOOLEAN },
  'log-format-stream': { kind: ValueKind.QUOTED_TEXT },
  'log-format-upstream': { kind: ValueKind.QUOTED_TEXT },
  'lua-shared-dicts': { kind: ValueKind.LUA_SHARED_DICTS },
  'main-snippet': { kind: ValueKind.SNIPPET },
  'map-hash-bucket-size': { kind: ValueKind.INTEGER },
  'max-worker-connections': { kind: ValueKind.INTEGER },
  'max-worker-open-files': { kind: ValueKind.INTEGER },
  'modsecurity-snippet': { kind: ValueKind.SNIPPET },
  'nginx-status-ipv4-whitelist': { kind: ValueKind.CIDR_LIST },
  'nginx-status-ipv6-whitelist': { kind: ValueKind.CIDR_LIST },
  'no-auth-locations': { kind: ValueKind.TEXT },
  'no-tls-redirect-locations': { kind: ValueKind.TEXT },
  'opentelemetry-config': { kind: ValueKind.TEXT },
  'opentelemetry-operation-name': { kind: ValueKind.TEXT },
  'opentelemetry-trust-incoming-span': { kind: ValueKind.BOOLEAN },
  'otel-max-export-batch-size': { kind: ValueKind.INTEGER },
  'otel-max-queuesize': { kind: ValueKind.INTEGER },
  'otel-sampler': { kind: ValueKind.ENUM, values: ['AlwaysOn', 'AlwaysOff', 'TraceIdRatioBased'] },
  'otel-sampler-parent-based': { kind: ValueKind.BOOLEAN },
  'otel-sampler-ratio': { kind: ValueKind.FLOAT },
  'otel-schedule-delay-millis': { kind: ValueKind.INTEGER },
  'otel-service-name': { kind: ValueKind.TEXT },
  'otlp-collector-host': { kind: ValueKind.TEXT },
  'otlp-collector-port': { kind: ValueKind.INTEGER },
  'preserve-trailing-slash': { kind: ValueKind.BOOLEAN },
  'proxy-add-original-uri-header': { kind: ValueKind.BOOLEAN },
  'proxy-body-size': { kind: ValueKind.SIZE },
  'proxy-buffer-size': { kind: ValueKind.SIZE },
  'proxy-buffering': { kind: ValueKind.ENUM, values: ['on', 'off'] },
  'proxy-buffers-number': { kind: ValueKind.INTEGER },
  'proxy-busy-buffers-size': { kind: ValueKind.SIZE },
  'proxy-connect-timeout': { kind: ValueKind.INTEGER },
  'proxy-cookie-domain': { kind: ValueKind.TEXT },
  'proxy-cookie-path': { kind: ValueKind.TEXT },
  'proxy-headers-hash-bucket-size': { kind: ValueKind.INTEGER },
  'proxy-headers-hash-max-size': { kind: ValueKind.INTEGER },
  'proxy-http-version': { kind: ValueKind.ENUM, values: ['1.0', '1.1'] },
  'proxy-max-temp-file-size': { kind: ValueKind.SIZE },
  'proxy-next-upstream': { kind: ValueKind.TEXT },
  'proxy-next-upstream-timeout': { kind: ValueKind.INTEGER },
  'proxy-next-upstream-tries': { kind: ValueKind.INTEGER },
  'proxy-protocol-header-timeout': { kind: ValueKind.GO_DURATION },
  'proxy-read-timeout': { kind: ValueKind.INTEGER },
  'proxy-real-ip-cidr': { kind: ValueKind.CIDR_LIST },
  'proxy-redirect-from': { kind: ValueKind.TEXT },
  'proxy-redirect-to': { kind: ValueKind.TEXT },
  'proxy-request-buffering': { kind: ValueKind.ENUM, values: ['on', 'off'] },
  'proxy-send-timeout': { kind: ValueKind.INTEGER },
  'proxy-set-headers': { kind: ValueKind.TEXT },
  'proxy-ssl-location-only': { kind: ValueKind.BOOLEAN },
  'proxy-stream-next-upstream': { kind: ValueKind.BOOLEAN },
  'proxy-stream-next-upstream-timeout': { kind: ValueKind.NGINX_TIME },
  'proxy-stream-next-upstream-tries': { kind: ValueKind.INTEGER },
  'proxy-stream-responses': { kind: ValueKind.INTEGER },
  'proxy-stream-timeout': { kind: ValueKind.NGINX_TIME },
  'relative-redirects': { kind: ValueKind.BOOLEAN },
  'retry-non-idempotent': { kind: ValueKind.BOOLEAN },
  'reuse-port': { kind: ValueKind.BOOLEAN },
  'server-name-hash-bucket-size': { kind: ValueKind.INTEGER },
  'server-name-hash-max-size': { kind: ValueKind.INTEGER },
  'server-snippet': { kind: ValueKind.SNIPPET },
  'server-tokens': { kind: ValueKind.BOOLEAN },
  'service-upstream': { kind: ValueKind.BOOLEAN },
  'skip-access-log-urls': { kind: ValueKind.TEXT },
  'ssl-buffer-size': { kind: ValueKind.SIZE },
  'ssl-ciphers': { kind: ValueKind.QUOTED_TEXT },
  'ssl-dh-param': { kind: ValueKind.TEXT },
  'ssl-early-data': { kind: ValueKind.BOOLEAN },
  'ssl-ecdh-curve': { kind: ValueKind.TEXT },
  'ssl-protocols': { kind: ValueKind.TLS_PROTOCOLS },
  'ssl-redirect': { kind: ValueKind.BOOLEAN },
  'ssl-reject-handshake': { kind: ValueKind.BOOLEAN },
  'ssl-session-cache': { kind: ValueKind.BOOLEAN },
  'ssl-session-cache-size': { kind: ValueKind.SIZE },
  'ssl-session-ticket-key': { kind: ValueKind.TEXT },
  'ssl-session-tickets': { kind: ValueKind.BOOLEAN },
  'ssl-session-timeout': { kind: ValueKind.NGINX_TIME },
  'stream-access-log-path': { kind: ValueKind.TEXT },
  'stream-snippet': { kind: ValueKind.SNIPPET },
  'strict-validate-path-type': { kind: ValueKind.BOOLEAN },
  'syslog-host': { kind: ValueKind.TEXT },
  'syslog-port': { kind: ValueKind.INTEGER },
  'upstream-hash-by': { kind: ValueKind.TEXT },
  'upstream-hash-by-subset': { kind: ValueKind.BOOLEAN },
  'upstream-hash-by-subset-size': { kind: ValueKind.INTEGER },
  'upstream-keepalive-connections': { kind: ValueKind.INTEGER },
  'upstream-keepalive-requests': { kind: ValueKind.INTEGER },
  'upstream-keepalive-time': { kind: ValueKind.NGINX_TIME },
  'upstream-keepalive-timeout': { kind: ValueKind.INTEGER },
  'use-forwarded-headers': { kind: ValueKind.BOOLEAN },
  'use-geoip2': { kind: ValueKind.BOOLEAN },
  'use-gzip': { kind: ValueKind.BOOLEAN },
  'use-http2': { kind: ValueKind.BOOLEAN },
  'use-port-in-redirects': { kind: ValueKind.BOOLEAN },
  'use-proxy-protocol': { kind: ValueKind.BOOLEAN },
  'variables-hash-bucket-size': { kind: ValueKind.INTEGER },
  'variables-hash-max-size': { kind: ValueKind.INTEGER },
  'whitelist-source-range': { kind: ValueKind.CIDR_LIST },
  'worker-cpu-affinity': { kind: ValueKind.TEXT },
  'worker-processes': { kind: ValueKind.WORKER_PROCESSES },
  'worker-shutdown-timeout': { kind: ValueKind.NGINX_TIME },
};

const SIZE = /^\d+[kKmMgG]?$/;
const NGINX_TIME = /^\d+(ms|s|m|h|d|w|M|y)?( *\d+(ms|s|m|h|d|w|M|y))*$/;
const GO_DURATION = /^(0|([0-9]*\.?[0-9]+(ns|us|µs|ms|s|m|h))+)$/;
const INTEGER = /^[+-]?\d+$/;
const TLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
/** strconv.ParseBool, which mapstructure's weakly typed decoding uses. */
const BOOLEANS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];
/** ReadConfig's limit on one Lua shared dict (kilobytes). */
const MAX_LUA_DICT_KB = 204800;

const items = (value: string, sep: string | RegExp) => value.split(sep).map((s) => s.trim()).filter((s) => s !== '');
const isCidrOrIp = (s: string) => {
  const [ip, bits, more] = s.split('/');
  if (more !== undefined || isIP(ip) === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(ip) === 4 ? 32 : 128);
};
const luaDictKb = (size: string) => {
  const m = /^(\d+)([kKmM])?$/.exec(size);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'm' || m[2] === 'M' ? 1024 : 1);
};

/**
 * What ends a directive or a block in unquoted nginx text: `;`, braces, a line break, a quote (it
 * would open a string running into the next directives), a `#` that starts a token (a comment
 * swallowing the `;` the template writes), and a `\` at the end of a token (it would escape that `;`).
 */
function isSafeUnquoted(value: string): boolean {
  return !/[;{}\r\n'"]/.test(value) && !/(^|\s)#/.test(value) && !/\\($|[\s,])/.test(value);
}

/** Whether `value` has the syntax of `spec`; undefined when it does, else what is expected. */
export function checkValue(spec: ConfigKeySpec, value: string): string | undefined {
  const ok = (test: boolean, expected: string) => (test ? undefined : expected);
  switch (spec.kind) {
    case ValueKind.BOOLEAN: return ok(BOOLEANS.includes(value), 'must be "true" or "false"');
    case ValueKind.INTEGER: return ok(INTEGER.test(value), 'must be an integer');
    case ValueKind.FLOAT: return ok(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value), 'must be a number such as "0.5"');
    case ValueKind.SIZE: return ok(SIZE.test(value), 'must be an nginx size such as "8m", "512k" or "0"');
    case ValueKind.NGINX_TIME: return ok(NGINX_TIME.test(value), 'must be an nginx time such as "60s", "10m" or "1h"');
    case ValueKind.GO_DURATION: return ok(GO_DURATION.test(value), 'must be a Go duration such as "5s" or "500ms"');
    case ValueKind.ENUM: return ok(spec.values!.includes(value), `must be one of ${spec.values!.join(', ')}`);
    case ValueKind.CIDR_LIST: return ok(items(value, ',').every(isCidrOrIp), 'must be a comma-separated list of IP addresses or CIDRs');
    case ValueKind.IP_LIST: return ok(items(value, ',').every((s) => isIP(s) !== 0), 'must be a comma-separated list of IP addresses');
    case ValueKind.INTEGER_LIST:
      return ok(items(value, ',').every((s) => /^\d{3}$/.test(s) && Number(s) >= 100 && Number(s) <= 599), 'must be a comma-separated list of HTTP status codes');
    case ValueKind.TLS_PROTOCOLS: {
      const list = items(value, / +/);
      return ok(list.length > 0 && list.every((s) => TLS.includes(s)), `must be a space-separated list of ${TLS.join(', ')}`);
    }
    case ValueKind.WORKER_PROCESSES: return ok(value === 'auto' || (/^\d+$/.test(value) && Number(value) >= 1), 'must be "auto" or a number of processes >= 1');
    case ValueKind.BUFFERS: return ok(/^\d+ +\d+[kKmM]?$/.test(value), 'must be "<number> <size>" such as "4 8k"');
    case ValueKind.LUA_SHARED_DICTS:
      return ok(items(value, ',').every((d) => {
        const [name, size, more] = d.replace(/ /g, '').split(':');
        const kb = size === undefined ? undefined : luaDictKb(size);
        return more === undefined && /^\w+$/.test(name) && kb !== undefined && kb <= MAX_LUA_DICT_KB;
      }), 'must be "<name>: <size>" pairs separated by commas, each at most 200m');
    case ValueKind.QUOTED_TEXT:
      return ok(!/['\\\r\n]/.test(value), 'must not contain "\'", "\\" or a line break: the controller writes it between single quotes in nginx.conf');
    case ValueKind.DOUBLE_QUOTED_TEXT:
      return ok(!/["\\\r\n]/.test(value), 'must not contain "\\"", "\\" or a line break: the controller writes it between double quotes in nginx.conf');
    case ValueKind.SNIPPET:
    case ValueKind.TEXT:
    default:
      return ok(isSafeUnquoted(value), 'must not contain ";", "{", "}", quotes, a line break, a "#" comment or a "\\" ending a word: '
        + 'the controller writes it unquoted into nginx.conf, where they would end the directive');
  }
}

/** The known name nearest to `name`, when one is close enough to be a typo. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  return closest(name, known, Math.max(2, Math.floor(name.length / 4)));
}

/** How the ConfigMap checks treat keys. */
export interface ConfigCheckOptions {
  /** Keys accepted without name or type check (still held to the free-text rule). */
  readonly uncheckedKeys: readonly string[];
  /** Whether `*-snippet` keys may be set. */
  readonly allowSnippets: boolean;
  /** Field name of each key in messages (where the user wrote it); `config["key"]` when absent. */
  readonly fields: Readonly<Record<string, string>>;
  /** Keys whose value a typed check already reported. */
  readonly reported: ReadonlySet<string>;
}

/** Checks every key and value of the rendered ConfigMap data. */
export function checkConfigData(v: Problems, data: Readonly<Record<string, unknown>>, o: ConfigCheckOptions): void {
  const known = Object.keys(CONFIG_KEYS);
  for (const [key, value] of Object.entries(data)) {
    const field = o.fields[key] ?? `config[${show(key)}]`;
    if (o.reported.has(key)) continue;
    if (typeof value !== 'string') {
      v.add(field, 'must be a string', value);
      continue;
    }
    if (key.endsWith('-snippet')) {
      // Raw nginx configuration: no syntax to check, so only an explicit opt-in lets it through.
      v.check(o.allowSnippets, field, 'is raw nginx configuration: set allowConfigSnippets to use *-snippet keys', value);
      continue;
    }
    const unchecked = o.uncheckedKeys.includes(key);
    const spec = unchecked ? { kind: ValueKind.TEXT } : (Object.prototype.hasOwnProperty.call(CONFIG_KEYS, key) ? CONFIG_KEYS[key] : undefined);
    if (spec === undefined) {
      const near = nearest(key, known);
      v.add(field, `must be a ConfigMap key of ingress-nginx ${CONFIG_KEYS_VERSION}${near ? `; did you mean ${show(near)}?` : ''} `
        + '(list a newer key in uncheckedConfigKeys)', key);
      continue;
    }
    const problem = checkValue(spec, value);
    if (problem) v.add(field, problem, value);
  }
}
