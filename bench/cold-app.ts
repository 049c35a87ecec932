/**
 * The cold-start subject of `npm run bench`: a one-gateway `main.ts` as a user writes it, run as
 * compiled JavaScript (`node .bench/js/bench/cold-app.js <outdir>`), from process start to exit.
 */
import { App, Chart } from 'cdk8s';
import { FastSynth, KsGateway } from '../src';

const app = new App({ outdir: process.argv[2] ?? 'dist' });
new KsGateway(new Chart(app, 'cluster'), 'cluster', {});
FastSynth.synth(app);
