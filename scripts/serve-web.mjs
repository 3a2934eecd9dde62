#!/usr/bin/env node
// A small static file server for the browser checker (web/dist), with no dependencies.
//
//   node scripts/serve-web.mjs [DIR] [--port N] [--host H]
//
// It serves files only (no directory listings, nothing outside DIR), with the MIME types the
// page needs (`application/wasm` lets the browser compile the module while it downloads) and
// the same Content-Security-Policy the page states in its <meta> tag, sent as a header too so
// that it also covers the Web Worker and can forbid framing.
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.tf': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

/** Starts serving `root`; resolves to the listening server. */
export function serve(root, { port = 8080, host = '127.0.0.1', log = () => {} } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { ...HEADERS, 'Content-Type': type });
      res.end(req.method === 'HEAD' ? undefined : body);
      log(`${status} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return send(404, 'not found\n');
    try {
      let stat = await fs.stat(file);
      if (stat.isDirectory()) {
        if (!path.endsWith('/')) {
          res.writeHead(301, { ...HEADERS, Location: `${path}/` });
          return res.end();
        }
        file = join(file, 'index.html');
        stat = await fs.stat(file);
      }
      res.writeHead(200, {
        ...HEADERS,
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': stat.size,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
      log(`200 ${req.method} ${req.url}`);
    } catch {
      send(404, 'not found\n');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  let dir = fileURLToPath(new URL('../web/dist', import.meta.url));
  let port = Number(process.env.PORT ?? 8080);
  let host = '127.0.0.1';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '--host') host = args[++i];
    else dir = args[i];
  }
  try {
    await fs.access(join(dir, 'index.html'));
  } catch {
    console.error(`error: \`${dir}/index.html\` not found; build the page first: scripts/build-web.sh`);
    process.exit(2);
  }
  const server = await serve(dir, { port, host }).catch((e) => {
    console.error(`error: cannot listen on ${host}:${port}: ${e.message}`);
    process.exit(2);
  });
  const { port: bound } = server.address();
  console.log(`serving ${dir} at http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}/  (Ctrl-C to stop)`);
}
