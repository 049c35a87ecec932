/**
 * Renders a route as ingress-nginx Ingresses (networking.k8s.io/v1) with annotations, and checks
 * every annotation the way the controller v1.15.1 admits it: risk level against
 * `annotations-risk-level`, snippets against `allow-snippet-annotations`, values against
 * `annotation-value-word-blocklist` (store.go checkBadAnnotationValue: a plain substring match).
 */
import { ApiObject } from 'cdk8s';
import { ANNOTATION_RISK, RISK_ORDER } from './_annotation-risk';
import { AnnotationEntry, NGINX_PREFIX, RouteModel, RouteRenderer, nginxAnnotations } from './_model';
import { NginxTarget } from './_target';
import { MigrationEntry } from './route-migration-report';
import { CertManagerIssuerKind, RoutePathType } from './route-options';
import { compareStrings } from '../common/_compare';
import { show } from '../common/_validation';

/** Paths ingress-nginx admits for Prefix and Exact with strict-validate-path-type (inspector/rules.go validPathType). */
const STRICT_PATH = /^\/[A-Za-z0-9._\-/]*$/;

/** The annotation checks of one gateway, as pure messages. @internal */
export function annotationProblems(entries: readonly AnnotationEntry[], target: NginxTarget): string[] {
  const problems: string[] = [];
  const where = target.construct.node.path;
  const level = target.config['annotations-risk-level'] ?? 'High';
  const allowed = RISK_ORDER.indexOf(level) < 0 ? RISK_ORDER.indexOf('High') : RISK_ORDER.indexOf(level);
  const snippets = target.config['allow-snippet-annotations'] === 'true';
  const blocklist = (target.config['annotation-value-word-blocklist'] ?? '').trim();
  const words = blocklist === '' ? [] : blocklist.split(',');
  for (const e of entries) {
    if (!e.key.startsWith(NGINX_PREFIX)) continue;
    const name = e.key.slice(NGINX_PREFIX.length);
    const known = ANNOTATION_RISK[name];
    if (!known) {
      problems.push(`${e.option} is not an annotation of ingress-nginx v1.15.1: the controller ignores it (got ${show(e.key)})`);
      continue;
    }
    const risk = known[0];
    if (name.endsWith('-snippet') && !snippets) {
      problems.push(`${e.option} sets the snippet annotation ${e.key}, which gateway ${where} rejects: set ${target.setting('allow-snippet-annotations')} to "true" and ${target.setting('annotations-risk-level')} to "Critical" (snippets ran arbitrary nginx configuration, CVE-2025-1974)`);
    } else if (RISK_ORDER.indexOf(risk) > allowed) {
      problems.push(`${e.option} sets ${e.key} (risk ${risk}), above the annotations-risk-level ${level} of gateway ${where}: set ${target.setting('annotations-risk-level')} to "${risk}" or higher, or drop the option`);
    }
    for (const word of words) {
      if (e.value.includes(word)) {
        problems.push(`${e.option} value contains ${show(word)}, a word gateway ${where} blocks in annotation values: change the value or ${target.setting('annotation-value-word-blocklist')} (got ${show(e.value)})`);
      }
    }
  }
  return problems;
}

/** ingress-nginx: one Ingress per route; a canary route is the second Ingress ingress-nginx wants. @internal */
export class IngressRenderer implements RouteRenderer {
  constructor(private readonly target: NginxTarget) {}

  public problems(r: RouteModel): string[] {
    const problems = annotationProblems(nginxAnnotations(r), this.target);
    const watched = this.target.watchNamespace;
    if (watched !== undefined && r.namespace !== watched) {
      const where = r.namespace === undefined ? 'has no namespace (it lands in "default")' : `is in namespace ${show(r.namespace)}`;
      problems.push(`service ${where} but gateway ${this.target.construct.node.path} only serves namespace ${show(watched)}: expose the Service through the gateway of its namespace`);
    }
    if (this.target.config['strict-validate-path-type'] !== 'false' && r.pathType !== RoutePathType.IMPLEMENTATION_SPECIFIC) {
      r.paths.forEach((path, i) => {
        if (typeof path === 'string' && path.startsWith('/') && !STRICT_PATH.test(path)) {
          problems.push(`paths[${i}] cannot be used with pathType ${r.pathType}: gateway ${this.target.construct.node.path} validates paths strictly (strict-validate-path-type) `
            + `and allows only letters, digits, ".", "_", "-" and "/"; use pathType IMPLEMENTATION_SPECIFIC for a regular expression (got ${show(path)})`);
        }
      });
    }
    if (Object.keys(r.headers).length > 0) {
      problems.push('headers cannot be matched by an ingress-nginx Ingress (only a canary selects by header): use canary.header, or a Gateway API gateway');
    }
    if (r.hsts && this.target.config.hsts === 'false') {
      problems.push(`hsts needs the gateway to send Strict-Transport-Security, which gateway ${this.target.construct.node.path} turns off: set ${this.target.setting('hsts')} to true`);
    }
    return problems;
  }

  public render(r: RouteModel): void {
    const annotations: { [key: string]: string } = {};
    for (const e of nginxAnnotations(r)) annotations[e.key] = e.value;
    if (r.tls?.issuer) {
      annotations[r.tls.issuerKind === CertManagerIssuerKind.ISSUER ? 'cert-manager.io/issuer' : 'cert-manager.io/cluster-issuer'] = r.tls.issuer;
    }
    const sorted = Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => compareStrings(a, b)));
    new ApiObject(r.scope, 'Ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: r.name,
        ...(r.namespace ? { namespace: r.namespace } : {}),
        ...(Object.keys(sorted).length > 0 ? { annotations: sorted } : {}),
      },
      spec: {
        ...(this.target.ingressClassName ? { ingressClassName: this.target.ingressClassName } : {}),
        ...(r.tls ? { tls: [{ hosts: r.hosts, secretName: r.tls.secretName }] } : {}),
        rules: r.hosts.map((host) => ({
          host,
          http: {
            paths: r.paths.map((path) => ({
              path,
              pathType: r.pathType,
              backend: { service: { name: r.serviceName, port: { number: r.port } } },
            })),
          },
        })),
      },
    });
  }

  public report(_r: RouteModel): MigrationEntry[] {
    return [];
  }
}
