import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  CertManagerIssuerKind, ExposedService, KsGateway, OrderedChart, RouteGateway, RouteOption, RouteTls,
} from '../src';

const HOST = 'shop.example.com';

/** One version of the shop: a Deployment and its Service, PSS restricted. */
function shopVersion(scope: Construct, version: string): kplus.Service {
  const deployment = new kplus.Deployment(scope, `shop-${version}`, {
    metadata: { name: `shop-${version}` },
    replicas: 2,
    podMetadata: { labels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/version': version } },
    securityContext: { ensureNonRoot: true, user: 101, group: 101 },
    containers: [{
      name: 'shop',
      image: `registry.example.com/shop:${version}`,
      portNumber: 8080,
      securityContext: {
        ensureNonRoot: true,
        user: 101,
        group: 101,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        // cdk8s-plus 27 has no `ALL` member; the API server takes the string.
        capabilities: { drop: ['ALL' as kplus.Capability] },
      },
      resources: {
        cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
      },
    }],
  });
  // cdk8s-plus 27 cannot set a seccomp profile, which PSS restricted requires.
  ApiObject.of(deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
  return deployment.exposeViaService({ name: `shop-${version}`, ports: [{ port: 80, targetPort: 8080 }] });
}

/**
 * An application exposed through a gateway, twice:
 *
 * - `routes-app-ingress`: the demo project's KubeSphere gateway serves shop.example.com with a
 *   cert-manager certificate, a rate limit and a 10% canary (a second Ingress, as ingress-nginx wants).
 * - `routes-app-gateway-api`: the same app and the same route declarations, attached to a Gateway
 *   API gateway `public` as one HTTPRoute with weighted backends; the rate limit has no standard
 *   HTTPRoute field, so it is dropped explicitly and listed in the migration report.
 */
export function build(app: App): void {
  const platform = new OrderedChart(app, 'routes-app-gateway');
  const demo = new KsGateway(platform, 'demo', { project: 'demo' });

  const declare = (chart: Chart, gateway: RouteGateway, acceptDropped: RouteOption[]) => {
    const stable = shopVersion(chart, 'v1');
    const canary = shopVersion(chart, 'v2');
    new ExposedService(chart, 'shop', {
      service: stable,
      gateway,
      hosts: [HOST],
      tls: RouteTls.certManager('letsencrypt', CertManagerIssuerKind.CLUSTER_ISSUER, 'shop-tls'),
      sslRedirect: true,
      rateLimit: { rps: 20, burstMultiplier: 3 },
      proxyBodySize: '8m',
      acceptDropped,
    });
    new ExposedService(chart, 'shop-canary', {
      service: canary,
      gateway,
      hosts: [HOST],
      canary: { weight: 10 },
    });
  };

  const ingress = new Chart(app, 'routes-app-ingress', { namespace: 'demo' });
  // The Ingresses name the gateway's IngressClass: apply the gateway first.
  ingress.addDependency(platform);
  declare(ingress, RouteGateway.ksGateway(demo), []);
  declare(new Chart(app, 'routes-app-gateway-api', { namespace: 'shop' }),
    RouteGateway.gatewayApi({ name: 'public', namespace: 'gateways', sectionName: 'https' }),
    [RouteOption.RATE_LIMIT, RouteOption.PROXY_BODY_SIZE]);
}
