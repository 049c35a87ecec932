// Common: shared settings
export * from './common/pod-security';

// Controller: the ingress-nginx chart as constructs
export * from './controller/types';
export * from './controller/names';
export * from './controller/config';
export * from './controller/webhook-certificates';
export * from './controller/nginx-ingress';
export * from './controller/images';
export * from './controller/parity';

// Gateway: KubeSphere's Gateway model
export * from './gateway/gateway-spec.generated';
export * from './gateway/kubesphere';
export * from './gateway/ks-gateway';
export * from './gateway/serving-report';

// Monitoring: scraping, recording rules, alerts, dashboard
export * from './monitoring/gateway-metrics';
export * from './monitoring/scrape-config';

// Logging: structured access logs through the Fluent Bit operator
export * from './logging/access-log';
export * from './logging/outputs';
export * from './logging/log-pipeline';

// Routes: expose Services through a gateway (Ingress or Gateway API HTTPRoute)
export * from './routes/route-options';
export * from './routes/route-gateway';
export * from './routes/route-migration-report';
export * from './routes/exposed-service';

// Delivery: GitOps output, fleets, the cluster-gateway hub, the fast synth path
export * from './delivery/ordered-chart';
export * from './delivery/fast-synth';
export * from './delivery/kustomize-folder';
export * from './delivery/gitops';
export * from './delivery/fleet';
export * from './delivery/cluster-gateway-hub';
