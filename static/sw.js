// pidns-lab's service worker: after one visit the app loads and works with
// the network off. The build (scripts/sw-assets.mjs, a trunk post_build
// hook) fills in VERSION (a hash of every file trunk emitted) and ASSETS (the
// list of those files, relative to this script), so a new dist/ is a new
// cache and the old caches are deleted on activate. Every URL is relative to
// this script: the app works at / and under any sub-path.
const VERSION = 'unbuilt' /*VERSION*/;
const ASSETS = [/*ASSETS*/];
const PREFIX = 'pidns-lab-';
const CACHE = PREFIX + VERSION;
const INDEX = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'reload' so an old copy in the HTTP cache never enters a new version.
    await cache.addAll(ASSETS.map((a) => new Request(a, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(self.registration.scope)) return;
  if (req.mode === 'navigate') {
    // The page: the network first (a new build shows at once), the cached
    // copy when the network is off.
    event.respondWith((async () => {
      try {
        return await fetch(req);
      } catch (err) {
        const cache = await caches.open(CACHE);
        return (await cache.match(req, { ignoreSearch: true })) || (await cache.match(INDEX)) || Response.error();
      }
    })());
    return;
  }
  // Assets: their names carry a content hash, so the cached copy is right.
  event.respondWith((async () => {
    const hit = await caches.match(req, { cacheName: CACHE });
    return hit || fetch(req);
  })());
});
