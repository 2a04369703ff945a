import type { FastifyInstance } from 'fastify';

/** Route patterns of the server by method, so that a known path asked with an unknown method answers 405. */
export class KnownRoutes {
  private readonly routes: { method: string; pattern: RegExp }[] = [];

  /** Records every route the server registers from now on (call before the routes are registered). */
  watch(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const pattern = new RegExp(`^${route.url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+').replace(/\*/g, '.*')}/?$`);
      for (const method of methods) this.routes.push({ method: method.toUpperCase(), pattern });
    });
  }

  /** The methods a path is served with; empty when no route matches the path. */
  allowed(path: string): string[] {
    const bare = path.split('?')[0];
    return [...new Set(this.routes.filter((r) => r.pattern.test(bare)).map((r) => r.method))].sort();
  }
}
