/**
 * The IngressClass: the chart's `templates/controller-ingressclass.yaml`.
 */
import { ControllerContext, meta, obj } from './_context';
import { Component } from './names';
import { Problems } from '../common/_validation';

/** The IngressClass resource. @see values.yaml controller.ingressClassResource */
export interface IngressClassProps {
  /** Render the IngressClass. @default true */
  readonly enabled?: boolean;
  /** Name. @default "nginx" */
  readonly name?: string;
  /** `spec.controller`, also `--controller-class`. @default "k8s.io/ingress-nginx" */
  readonly controllerValue?: string;
  /** Mark it as the cluster's default class. @default false */
  readonly default?: boolean;
  /** Annotations. @see values.yaml controller.ingressClassResource.annotations */
  readonly annotations?: Record<string, string>;
}

export function renderIngressClass(c: ControllerContext, name: string): void {
  const p = c.props;
  obj(c, 'IngressClass', 'networking.k8s.io/v1', 'IngressClass',
    meta(c, name, Component.CONTROLLER, {
      namespaced: false,
      annotations: {
        ...(p.ingressClassResource?.default ? { 'ingressclass.kubernetes.io/is-default-class': 'true' } : {}),
        ...(p.ingressClassResource?.annotations ?? {}),
      },
    }),
    { spec: { controller: c.controllerClass } });
}

/** `spec.controller` is a domain-prefixed path, as the API server checks it. */
export function validateIngressClass(c: ControllerContext, v: Problems): void {
  const p = c.props;
  if (p.ingressClassResource?.controllerValue !== undefined) {
    const value = p.ingressClassResource.controllerValue;
    v.check(value.length <= 250 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(value), 'ingressClassResource.controllerValue',
      'must be a domain-prefixed path such as "example.com/ingress-nginx" (at most 250 characters)', value);
  }
}
