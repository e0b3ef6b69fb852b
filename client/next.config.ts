import path from 'node:path';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The Docker build sets NEXT_OUTPUT=standalone and runs .next/standalone/client/server.js; a plain
  // `next build && next start` (npm start, CI) stays on the default output, which `next start` expects.
  ...(process.env.NEXT_OUTPUT === 'standalone' && {
    output: 'standalone',
    // next, react and friends are hoisted to the repo root by npm workspaces, so tracing starts there.
    outputFileTracingRoot: path.join(__dirname, '..'),
  }),
  poweredByHeader: false,
  // The repo-wide `npm run lint` covers this workspace; next build must not need eslint-config-next.
  eslint: { ignoreDuringBuilds: true },
};

export default nextConfig;
