/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic compiler, flat routes (the v2 default convention).
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}', '**/*.server.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // MikroORM, Temporal and friends stay external (node_modules are not bundled by default).
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
