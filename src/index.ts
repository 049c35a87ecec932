// Common: shared settings
export * from './common/pod-security';

// Controller: the ingress-nginx chart as constructs
export * from './controller/types';
export * from './controller/names';
export * from './controller/config';
export * from './controller/webhook-certificates';
export * from './controller/nginx-ingress';
export * from './controller/parity';

// Gateway: KubeSphere's Gateway model
export * from './gateway/gateway-spec.generated';
export * from './gateway/kubesphere';
export * from './gateway/ks-gateway';
export * from './gateway/serving-report';

// Delivery: GitOps output
export * from './delivery/ordered-chart';
