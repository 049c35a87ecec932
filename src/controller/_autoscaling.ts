/**
 * Autoscaling and disruption budgets: the chart's `templates/controller-hpa.yaml` and
 * `templates/controller-poddisruptionbudget.yaml`.
 */
import { k8s } from 'cdk8s-plus-27';
import { ControllerContext, meta, obj } from './_context';
import { Component } from './names';
import { WorkloadKind } from './types';
import { Problems, isIntOrPercent, show } from '../common/_validation';

/** HorizontalPodAutoscaler settings. @see values.yaml controller.autoscaling */
export interface AutoscalingProps {
  /** Minimum replicas. @default 1 @see values.yaml controller.autoscaling.minReplicas */
  readonly minReplicas?: number;
  /** Maximum replicas. @default 11 @see values.yaml controller.autoscaling.maxReplicas */
  readonly maxReplicas?: number;
  /** Target average CPU utilization in percent; 0 leaves the metric out. @default 50 */
  readonly targetCpuUtilizationPercentage?: number;
  /** Target average memory utilization in percent; 0 leaves the metric out. @default 50 */
  readonly targetMemoryUtilizationPercentage?: number;
  /** Scaling behavior. @default - the Kubernetes defaults @see values.yaml controller.autoscaling.behavior */
  readonly behavior?: k8s.HorizontalPodAutoscalerBehaviorV2;
  /** Annotations on the HPA. @see values.yaml controller.autoscaling.annotations */
  readonly annotations?: Record<string, string>;
}

/**
 * PodDisruptionBudget settings. The chart's rule decides whether one exists: only for a
 * Deployment whose effective replicas (replicas, or the HPA minimum) exceed 1.
 */
export interface PodDisruptionBudgetProps {
  /** Pods that must stay available. @default 1 (unless maxUnavailable is set) @see values.yaml controller.minAvailable */
  readonly minAvailable?: number | string;
  /** Set instead of minAvailable. @see values.yaml controller.maxUnavailable */
  readonly maxUnavailable?: number | string;
  /** `IfHealthyBudget` or `AlwaysAllow`. @see values.yaml controller.unhealthyPodEvictionPolicy */
  readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

export function renderHpa(c: ControllerContext): void {
  const a = c.props.autoscaling!;
  const metric = (name: string, target: number) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: target } } });
  const mem = a.targetMemoryUtilizationPercentage ?? 50;
  const cpu = a.targetCpuUtilizationPercentage ?? 50;
  obj(c, 'HorizontalPodAutoscaler', 'autoscaling/v2', 'HorizontalPodAutoscaler',
    meta(c, c.names.controller, Component.CONTROLLER, { annotations: a.annotations }), {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: c.workloadName },
        minReplicas: a.minReplicas ?? 1,
        maxReplicas: a.maxReplicas ?? 11,
        metrics: [...(mem ? [metric('memory', mem)] : []), ...(cpu ? [metric('cpu', cpu)] : [])],
        ...(a.behavior ? { behavior: k8s.toJson_HorizontalPodAutoscalerBehaviorV2(a.behavior) } : {}),
      },
    });
}

/** A PDB's spec: minAvailable (default 1) unless maxUnavailable is set, as the chart's templates write it. */
export function pdbSpec(pdb: PodDisruptionBudgetProps, matchLabels: Record<string, string>): Record<string, any> {
  return {
    selector: { matchLabels },
    ...(pdb.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : { minAvailable: pdb.minAvailable ?? 1 }),
    ...(pdb.unhealthyPodEvictionPolicy ? { unhealthyPodEvictionPolicy: pdb.unhealthyPodEvictionPolicy } : {}),
  };
}

export function renderPdb(c: ControllerContext): void {
  obj(c, 'PodDisruptionBudget', 'policy/v1', 'PodDisruptionBudget', meta(c, c.names.controller, Component.CONTROLLER), {
    spec: pdbSpec(c.props.podDisruptionBudget ?? {}, c.selectorLabels),
  });
}

/** Replicas, the HPA and the PDB: what a DaemonSet refuses, the HPA bounds, the PDB's rule. */
export function validateScaling(c: ControllerContext, v: Problems): void {
  const p = c.props;
  const daemonSet = c.kind === WorkloadKind.DAEMON_SET;
  if (daemonSet) {
    v.check(p.replicas === undefined, 'replicas', 'cannot be set with kind DaemonSet (one pod per node)', p.replicas);
    v.check(p.autoscaling === undefined, 'autoscaling', 'cannot be used with kind DaemonSet (a DaemonSet is not scalable)', p.autoscaling);
    v.check(p.podDisruptionBudget === undefined, 'podDisruptionBudget', 'cannot be used with kind DaemonSet (the chart renders none; use updateStrategy.maxUnavailable)', p.podDisruptionBudget);
  }
  const a = p.autoscaling;
  if (a) {
    v.integer('autoscaling.minReplicas', a.minReplicas, 1);
    v.integer('autoscaling.maxReplicas', a.maxReplicas, 1);
    const min = a.minReplicas ?? 1;
    const max = a.maxReplicas ?? 11;
    v.check(min <= max, 'autoscaling.minReplicas', `must be <= autoscaling.maxReplicas (${max})`, min);
    v.integer('autoscaling.targetCpuUtilizationPercentage', a.targetCpuUtilizationPercentage, 0);
    v.integer('autoscaling.targetMemoryUtilizationPercentage', a.targetMemoryUtilizationPercentage, 0);
    v.check((a.targetCpuUtilizationPercentage ?? 50) > 0 || (a.targetMemoryUtilizationPercentage ?? 50) > 0,
      'autoscaling', 'needs a CPU or memory target (both are 0)');
    v.check(p.replicas === undefined, 'replicas', 'cannot be set with autoscaling (the HPA owns the replica count); set autoscaling.minReplicas', p.replicas);
    v.check(p.manageReplicas !== true, 'manageReplicas', 'cannot be true with autoscaling: every apply would reset the count the HPA set', p.manageReplicas);
  }
  validatePdb(v, 'podDisruptionBudget', p.podDisruptionBudget, c.kind === WorkloadKind.DEPLOYMENT ? c.effectiveReplicas : 0);
}

/**
 * A PDB's fields, and that it leaves a pod to evict: one that allows none blocks every node drain.
 * `replicas` is how many pods it guards when it renders (0 or 1: none renders).
 */
export function validatePdb(v: Problems, field: string, pdb: PodDisruptionBudgetProps | undefined, replicas: number): void {
  if (!pdb) return;
  v.check(!(pdb.minAvailable !== undefined && pdb.maxUnavailable !== undefined), field,
    'sets both minAvailable and maxUnavailable; set one');
  for (const key of ['minAvailable', 'maxUnavailable'] as const) {
    const value = pdb[key];
    if (value !== undefined) v.check(isIntOrPercent(value), `${field}.${key}`, 'must be a non-negative integer or a percentage such as "50%"', value);
  }
  if (replicas <= 1) return;
  const blocks = pdb.maxUnavailable !== undefined
    ? pdb.maxUnavailable === 0 || pdb.maxUnavailable === '0%'
    : (typeof pdb.minAvailable === 'number' ? pdb.minAvailable >= replicas : pdb.minAvailable === '100%');
  const what = pdb.maxUnavailable !== undefined ? `maxUnavailable ${show(pdb.maxUnavailable)}` : `minAvailable ${show(pdb.minAvailable ?? 1)}`;
  v.check(!blocks, field, `blocks every node drain: ${what} with ${replicas} replicas leaves no pod that may be evicted (ingress-nginx#7034); allow at least one`);
}
