/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic compiler, flat routes (the v2 default convention).
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}', '**/*.server.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // The project's own modules (package.json "imports": #app/*, #core/* …) are bundled like relative
  // imports, so the build is self-contained and each module has one instance.
  serverDependenciesToBundle: [/^#/],
  // MikroORM, Temporal and friends stay external (node_modules are not bundled by default).
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
