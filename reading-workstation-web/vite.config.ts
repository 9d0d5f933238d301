import { defineConfig } from 'vite';

// `npm run dev` serves the sources with hot reload and forwards the centre's paths to a running centre
// (RDC_CENTRE, default http://127.0.0.1:8080), so the session cookie stays same-origin as in production.
const centre = process.env.RDC_CENTRE ?? 'http://127.0.0.1:8080';
const proxied = ['/api', '/dicomweb', '/wado', '/fhir', '/verify', '/v3'];

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Cornerstone3D's DICOM image loader starts its decoders as module workers (new Worker(new URL(...),
  // { type: 'module' })) that import the WASM codecs: workers are bundled as ES modules, and the loader is kept
  // out of the dev server's pre-bundling, which would break those worker URLs (its documentation's Vite set-up).
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@cornerstonejs/dicom-image-loader'], include: ['dicom-parser'] },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: centre, changeOrigin: false }])),
  },
});
