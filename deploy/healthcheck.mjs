#!/usr/bin/env node
// The container's HEALTHCHECK: asks the bot's health listener ([metrics], README
// "Monitoring") whether the process is alive. Plain node, no curl in the image.
// Exit 0 healthy, 1 not (Docker's convention); one line on stderr says why.
import http from 'node:http';

const url = process.env.THETICKETBOT_HEALTHCHECK_URL
  ?? `http://127.0.0.1:${process.env.THETICKETBOT_METRICS_PORT ?? '9464'}/healthz`;
const TIMEOUT_MS = 4_000;

const req = http.get(url, { timeout: TIMEOUT_MS }, (res) => {
  res.resume();
  if (res.statusCode === 200) process.exit(0);
  console.error(`${url} answered ${res.statusCode}`);
  process.exit(1);
});
req.on('timeout', () => {
  console.error(`${url} did not answer within ${TIMEOUT_MS / 1000} s`);
  req.destroy();
  process.exit(1);
});
req.on('error', (error) => {
  const hint = error.code === 'ECONNREFUSED' ? ' (is [metrics] enabled on that port?)' : '';
  console.error(`${url}: ${error.code ?? error.message}${hint}`);
  process.exit(1);
});
