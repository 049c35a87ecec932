/** The ingress-nginx view of a route's gateway: class, served namespace, ConfigMap and setting names. */
import { IConstruct } from 'constructs';
import { RouteGateway } from './route-gateway';
import { IngressSelection, RenderMode } from '../gateway/ks-gateway';

/** What the Ingress renderer needs to know of an ingress-nginx gateway. @internal */
export interface NginxTarget {
  readonly construct: IConstruct;
  /** The class an Ingress names, or undefined when Ingresses are class-less (NAMESPACE mode). */
  readonly ingressClassName?: string;
  /** The only namespace served, or undefined for every namespace. */
  readonly watchNamespace?: string;
  /** The nginx ConfigMap data as the controller reads it. */
  readonly config: { readonly [key: string]: string };
  /** How a user writes the ConfigMap key `key` on this gateway's props. */
  setting(key: string): string;
}

const CAMEL: { readonly [key: string]: string } = {
  'annotations-risk-level': 'annotationsRiskLevel',
  'allow-snippet-annotations': 'allowSnippetAnnotations',
  'annotation-value-word-blocklist': 'annotationValueWordBlocklist',
  'hsts': 'hsts.enabled',
};

/** The ingress-nginx view of a RouteGateway. @internal */
export function nginxTarget(g: RouteGateway): NginxTarget | undefined {
  if (g.nginx) {
    const n = g.nginx;
    return {
      construct: n,
      ingressClassName: n.ingressClassName ?? n.ingressClass,
      watchNamespace: n.watchNamespace,
      config: n.configData,
      setting: (key) => `config.${CAMEL[key] ?? `extra[${JSON.stringify(key)}]`}`,
    };
  }
  if (g.ks) {
    const k = g.ks;
    const operatorConfig = { 'allow-snippet-annotations': 'false', 'annotations-risk-level': 'High', ...(k.gatewaySpec().controller?.config ?? {}) };
    return {
      construct: k,
      ingressClassName: k.ingressSelection === IngressSelection.INGRESS_CLASS ? (k.ingressClassName ?? k.ingressClass) : undefined,
      watchNamespace: k.watchNamespace,
      config: k.renderMode === RenderMode.STANDALONE && k.controller ? k.controller.configData : operatorConfig,
      setting: (key) => `controller.config[${JSON.stringify(key)}]`,
    };
  }
  return undefined;
}
