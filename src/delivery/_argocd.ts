/**
 * Argo CD settings of a fleet's output: per-object annotations and the Application /
 * ApplicationSet objects (argo-cd docs: sync-options, sync-waves, resource hooks, diffing).
 */
import { addAnnotation } from './_hooks';
import { isCustomResource, layerOf } from './_layers';
import { ArgoCdOptions } from './gitops';

export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const HOOK = 'argocd.argoproj.io/hook';
export const FLEET_LABEL = 'gateway.cdk8s.io/fleet';

/** Annotates one object for Argo CD. */
export function annotateForArgoCd(o: any, options: ArgoCdOptions): void {
  // The dry run of a whole sync fails when one CRD is missing (argo-cd#6489); waves do not help.
  if (isCustomResource(o)) addAnnotation(o, SYNC_OPTIONS, 'SkipDryRunOnMissingResource=true', ',');
  // A Namespace may hold other apps' objects (argo-cd#22607): never prune or delete it.
  if (o.kind === 'Namespace') {
    addAnnotation(o, SYNC_OPTIONS, 'Prune=false', ',');
    addAnnotation(o, SYNC_OPTIONS, 'Delete=false', ',');
  }
  if (options.syncWaves && o.metadata?.annotations?.[HOOK] === undefined) addAnnotation(o, SYNC_WAVE, String(layerOf(o)));
}

/** The caBundle fields other controllers fill in (certgen patch Job, cainjector). */
export function ignoreDifferences(): any[] {
  return [
    { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
    { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
    { group: 'apiregistration.k8s.io', kind: 'APIService', jsonPointers: ['/spec/caBundle'] },
  ];
}

/** `spec.syncPolicy` of an Application. */
export function syncPolicy(options: ArgoCdOptions): any {
  return {
    automated: { prune: options.prune ?? true, selfHeal: options.selfHeal ?? true },
    // RespectIgnoreDifferences: a sync must not write back the caBundle it was told to ignore.
    syncOptions: ['RespectIgnoreDifferences=true', 'PruneLast=true'],
    retry: { limit: options.retryLimit ?? 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
  };
}

/** The Application `spec.source` for a path. */
export function source(options: ArgoCdOptions, path: string): any {
  return { repoURL: options.repoUrl, targetRevision: options.targetRevision ?? 'HEAD', path: joinPath(options.repoPath, path) };
}

export function joinPath(root: string | undefined, path: string): string {
  const r = (root ?? '.').replace(/^\.\/?/, '').replace(/\/+$/, '');
  return r === '' ? path : `${r}/${path}`;
}
