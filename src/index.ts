// Controller: the ingress-nginx chart as constructs
export * from './controller/types';
export * from './controller/names';
export * from './controller/config';
export * from './controller/webhook-certificates';
export * from './controller/nginx-ingress';
