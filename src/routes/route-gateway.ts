import { NginxIngress } from '../controller/nginx-ingress';
import { KsGateway } from '../gateway/ks-gateway';

/** Which data plane a route is rendered for. */
export enum RouteDataPlane {
  /** An ingress-nginx controller: the route becomes Ingresses with annotations. */
  INGRESS_NGINX = 'IngressNginx',
  /** A Gateway API gateway: the route becomes an HTTPRoute. */
  GATEWAY_API = 'GatewayApi',
}

/** Options of {@link RouteGateway.gatewayApi}. */
export interface GatewayApiParentOptions {
  /** Name of the `gateway.networking.k8s.io` Gateway. */
  readonly name: string;
  /** Namespace of the Gateway. @default - the route's namespace */
  readonly namespace?: string;
  /** Listener (`sectionName`) serving the route's traffic. @default - every listener of the Gateway */
  readonly sectionName?: string;
  /**
   * Listener serving plain HTTP, for the https redirect of `sslRedirect` (a second HTTPRoute).
   * @default "http"
   */
  readonly httpSectionName?: string;
}

/**
 * The gateway a route attaches to. The gateway decides the rendering: an ingress-nginx gateway
 * ({@link NginxIngress}, {@link KsGateway}) gets Ingresses, a Gateway API gateway an HTTPRoute.
 *
 * @example
 * RouteGateway.ksGateway(demoGateway);
 * RouteGateway.gatewayApi({ name: 'public', namespace: 'gateways' });
 */
export class RouteGateway {
  /** An ingress-nginx controller declared with {@link NginxIngress}. */
  public static nginxIngress(gateway: NginxIngress): RouteGateway {
    return new RouteGateway(RouteDataPlane.INGRESS_NGINX, gateway, undefined, undefined);
  }

  /** A KubeSphere gateway declared with {@link KsGateway}. */
  public static ksGateway(gateway: KsGateway): RouteGateway {
    return new RouteGateway(RouteDataPlane.INGRESS_NGINX, undefined, gateway, undefined);
  }

  /** A Gateway API Gateway, named (it is not declared by this library). */
  public static gatewayApi(options: GatewayApiParentOptions): RouteGateway {
    return new RouteGateway(RouteDataPlane.GATEWAY_API, undefined, undefined, options);
  }

  /** The data plane the route is rendered for. */
  public readonly dataPlane: RouteDataPlane;
  /** The NginxIngress, when the route attaches to one. */
  public readonly nginx?: NginxIngress;
  /** The KsGateway, when the route attaches to one. */
  public readonly ks?: KsGateway;
  /** The Gateway API parent, when the route attaches to one. */
  public readonly parent?: GatewayApiParentOptions;

  private constructor(dataPlane: RouteDataPlane, nginx?: NginxIngress, ks?: KsGateway, parent?: GatewayApiParentOptions) {
    this.dataPlane = dataPlane;
    this.nginx = nginx;
    this.ks = ks;
    this.parent = parent;
  }

  /** A stable key naming this gateway in whole-app rules and messages. */
  public get key(): string {
    if (this.nginx) return `NginxIngress ${this.nginx.node.path}`;
    if (this.ks) return `KsGateway ${this.ks.node.path}`;
    return `Gateway ${this.parent?.namespace ?? '(route namespace)'}/${this.parent?.name}${this.parent?.sectionName ? `:${this.parent.sectionName}` : ''}`;
  }
}
